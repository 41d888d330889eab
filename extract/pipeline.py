"""The German pipeline: `spacy.blank("de")` + geokg's components, and `extract()` over documents."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

# the components register themselves on import
from geokg.extract import entities, sentences, statements, statistical, tagger  # noqa: F401
from geokg.extract.statistical import default_model
from geokg.extract.model import Document
from geokg.extract.statements import entity_refs

MAX_CHUNK = 100_000  # characters per spaCy Doc; longer texts are cut at paragraph breaks
#: Characters of one text extracted as one map item: a build holds a part's statements, not a
#: huge document's. Parts share nothing, so a surname resolves to a full name of another part
#: only by the resolution across documents (graph/resolve.py).
MAX_PART = 10 * MAX_CHUNK
WARM_UP = "Der russische Präsident Wladimir Putin ließ am Montag die Stadt Charkiw angreifen, sagte Selenskyj."


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
    """The default pipeline, built once per process, with what it reads on first use loaded too."""
    nlp = build_pipeline()
    nlp(WARM_UP)  # lexicons, the shipped word analyses: 0.4 s, else paid by each forked worker
    return nlp


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


def extract_document(document: Document, nlp: Language | None = None, body_start: int = 0,
                     offset: int = 0) -> Document:
    """Fill `document.statements` and `document.entities` from its text (from `body_start` on).

    `offset` is where `document.text` starts in the whole text (for a part), to which the
    statements' character offsets refer.
    """
    nlp = nlp or default_pipeline()
    persons: dict[str, str] = {}
    named = dict.fromkeys(document.entities)  # each entity once: a 50 MB text names some a million times
    for start, piece in chunks(document.text, body_start):
        doc = nlp.make_doc(piece)
        doc._.issued = document.issued.date()
        doc._.persons = persons  # surnames seen so far in the document resolve to full names
        doc = nlp(doc)
        for st in doc._.statements:
            st.char_start += offset + start
            st.char_end += offset + start
            st.document = document.id
            document.statements.append(st)
        named.update(dict.fromkeys(entity_refs(doc)))
    document.entities[:] = named
    return document


def extract(documents: Iterable[Document], nlp: Language | None = None) -> Iterator[Document]:
    """Extract every document, one after another (streaming: nothing but the current Doc is held)."""
    for document in documents:
        yield extract_document(document, nlp, document_body(document))


@dataclass
class Part:
    """A piece of a document, extracted on its own: the map item of a build, of bounded size."""

    document: Document  # the whole document's id and metadata; `text` the piece
    offset: int  # where the piece starts in the whole text
    body_start: int  # where the text proper starts in the piece
    last: bool  # the document's last piece


def parts(document: Document, size: int | None = None) -> Iterator[Part]:
    """The document as pieces of at most `size` (MAX_PART) characters cut at line breaks (one if short)."""
    size = size or MAX_PART
    body = document_body(document)
    if len(document.text) - body <= size:
        yield Part(document, 0, body, True)
        return
    held: tuple[int, str] | None = None  # a piece is the last only once the next is known not to exist
    for piece in chunks(document.text, body, size):
        if held is not None:
            yield Part(replace(document, text=held[1], statements=[], entities=[]), held[0], 0, False)
        held = piece
    assert held is not None
    yield Part(replace(document, text=held[1], statements=[], entities=[]), held[0], 0, True)


def extract_part(part: Part, nlp: Language | None = None) -> Part:
    """The part extracted: its document's statements and entities filled in, its text dropped."""
    document = extract_document(part.document, nlp, part.body_start, part.offset)
    return replace(part, document=replace(document, text=""))


def document_body(document: Document) -> int:
    """Where the text proper starts: after a liveblog's header lines."""
    from geokg.extract.reader import body_start

    return body_start(document.text)
