"""The German pipeline: `spacy.blank("de")` + geokg's components, and `extract()` over documents."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

# the components register themselves on import
from extract import entities, sentences, statements, statistical, tagger  # noqa: F401
from extract.statistical import default_model
from extract.model import Document
from extract.statements import entity_refs

MAX_CHUNK = 100_000  # characters per spaCy Doc; longer texts are cut at paragraph breaks


def build_pipeline(base: str | Path | None = None, ner: str | Path | None | bool = None) -> Language:
    """The extraction pipeline.

    With `base`, a trained German spaCy pipeline (a package name or path) supplies tokens,
    tags, lemmas and entities, and geokg adds its gazetteer entities and statements on top:
    that is the seam for a better tagger than HanTa. `ner` is the statistical recognizer's
    model: None for the packaged GermEval model (left out if it is not installed), False for
    none, or a path.
    """
    if base is not None:
        nlp = spacy.load(base)
        if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
            nlp.add_pipe("geokg_sentences", first=True)
    else:
        nlp = spacy.blank("de")
        nlp.add_pipe("geokg_sentences")
        nlp.add_pipe("geokg_hanta")
        if ner is not False and (ner is not None or (default_model() / "meta.json").is_file()):
            nlp.add_pipe("geokg_ner", config={"model": str(ner) if ner else None})
    nlp.add_pipe("geokg_entities")
    nlp.add_pipe("geokg_statements")
    return nlp


@lru_cache(maxsize=2)
def default_pipeline() -> Language:
    """The default pipeline, built once per process."""
    return build_pipeline()


def chunks(text: str, start: int = 0, limit: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece) of text cut at line breaks into pieces of at most `limit` characters."""
    pos = start
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            cut = text.rfind("\n", pos, end)
            end = cut + 1 if cut > pos else end
        yield pos, text[pos:end]
        pos = end


def extract_document(document: Document, nlp: Language | None = None, body_start: int = 0) -> Document:
    """Fill `document.statements` and `document.entities` from its text (from `body_start` on)."""
    nlp = nlp or default_pipeline()
    persons: dict[str, str] = {}
    named = dict.fromkeys(document.entities)  # each entity once: a 50 MB text names some a million times
    for offset, piece in chunks(document.text, body_start):
        doc = nlp.make_doc(piece)
        doc._.issued = document.issued.date()
        doc._.persons = persons  # surnames seen so far in the document resolve to full names
        doc = nlp(doc)
        for st in doc._.statements:
            st.char_start += offset
            st.char_end += offset
            st.document = document.id
            document.statements.append(st)
        named.update(dict.fromkeys(entity_refs(doc)))
    document.entities[:] = named
    return document


def extract(documents: Iterable[Document], nlp: Language | None = None) -> Iterator[Document]:
    """Extract every document, one after another (streaming: nothing but the current Doc is held)."""
    for document in documents:
        yield extract_document(document, nlp, document_body(document))


def document_body(document: Document) -> int:
    """Where the text proper starts: after a liveblog's header lines."""
    from extract.reader import body_start

    return body_start(document.text)
