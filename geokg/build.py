"""The top-level flow as one straight chain: read → extract → assemble → export."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from exports import DEFAULT_FORMATS, Bundle, check, export
from extract.model import Document
from extract.pipeline import extract
from extract.reader import input_files, read_document
from geokg.errors import GeokgError
from graph import assemble, to_networkx


def read_inputs(inputs: Iterable[Path]) -> list[Document]:
    """Documents for every input file (folders searched for text files)."""
    documents = [read_document(p) for p in input_files(list(inputs))]
    if not documents:
        raise GeokgError("E007", "no text files found in the input")
    return documents


def build(inputs: Iterable[Path], out: Path, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Build the graph of the inputs and write the chosen formats into `out`; return the files."""
    formats = check(formats)
    documents = list(extract(read_inputs(inputs)))
    bundle = Bundle(assemble(documents), to_networkx(documents), documents,
                    title=documents[0].title if len(documents) == 1 else f"{len(documents)} documents")
    return export(bundle, formats, out)
