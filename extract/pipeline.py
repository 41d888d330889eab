"""The German pipeline: `spacy.blank("de")` + geokg's components, and `extract()` over documents."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.lang.de.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex
from spacy.language import Language
from spacy.tokens import Doc

# the components register themselves on import
from geokg.extract import entities, sentences, statements, statistical, tagger  # noqa: F401
from geokg.collector import fewer_collections
from geokg.extract import stamps
from geokg.extract.statistical import default_model
from geokg.extract.model import Document
from geokg.extract.normalize import normalize
from geokg.extract.phrases import EXTRA_SUFFIXES
from geokg.extract.statements import entity_refs

MAX_CHUNK = 100_000  # characters per spaCy Doc; longer texts are cut where a sentence ends (see `cut`)
#: Characters of one text extracted as one map item: a build holds a part's statements, not a
#: huge document's. Parts share nothing, so a surname resolves to a full name of another part
#: only by the resolution across documents (graph/resolve.py).
MAX_PART = 10 * MAX_CHUNK
#: Where a sentence may end: terminal punctuation, closing quotes or brackets, then white space.
#: `cut` checks the words around it as the sentence splitter (extract/sentences.py) would.
SENTENCE_END = re.compile(r"[.!?…]+[\"“”»«'’)\]]*\s+")
TAIL = 2_000  # characters before the limit where `cut` looks first
CLAUSE_END = re.compile(r"[,;:]\s+")
SPACE = re.compile(r"\s+")
OPENERS = "„\"“»«‚'‘(["
#: Words a full stop belongs to ("Dr.", "bzw.", "Mio."), as the German tokenizer knows them.
ABBREVIATIONS = frozenset(word for word in TOKENIZER_EXCEPTIONS if word.endswith("."))
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
        split_trailing_dashes(nlp)
        nlp.add_pipe("geokg_sentences")
        nlp.add_pipe("geokg_hanta")
        if ner is not False and (ner is not None or (default_model() / "meta.json").is_file()):
            nlp.add_pipe("geokg_ner", config={"model": str(ner) if ner else None})
    nlp.add_pipe("geokg_entities")
    nlp.add_pipe("geokg_statements")
    return nlp


def split_trailing_dashes(nlp: Language) -> None:
    """Split an en or em dash off the end of a word, as spaCy splits it off the start: a dateline
    written "Belgrad– Bei einem …" is the place and a dash, not one word "Belgrad–"."""
    if isinstance(nlp.tokenizer, Tokenizer):
        suffixes = [*(nlp.Defaults.suffixes or ()), *EXTRA_SUFFIXES]
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@lru_cache(maxsize=2)
def default_pipeline() -> Language:
    """The default pipeline, built once per process; the NER model, the lexicons and the shipped word
    analyses are read when first needed (`warm` reads them all). Building makes a million objects
    that live as long as the process: the garbage collector does not walk them again and again meanwhile."""
    with fewer_collections():
        return build_pipeline()


def warm(nlp: Language) -> Language:
    """The pipeline with everything it reads on first use read: before a pool forks, so that its workers share it.

    The lexicons are read by running the pipeline on a sentence; a component with a `load` method
    (the tagger's word analyses, the NER model) is told to load.
    """
    nlp(WARM_UP)
    for _, component in nlp.pipeline:
        load = getattr(component, "load", None)
        if callable(load):
            load()
    return nlp


def chunks(text: str, start: int = 0, limit: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece) of text from `start` on, in pieces of at most `limit` characters cut by `cut`.

    >>> [piece for _, piece in chunks("Kiew meldet Angriffe. Die NATO tagt.", limit=30)]
    ['Kiew meldet Angriffe. ', 'Die NATO tagt.']
    """
    pos = start
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            end = cut(text, pos, end)
        yield pos, text[pos:end]
        pos = end


def cut(text: str, start: int, end: int) -> int:
    """Where a piece of text that starts at `start` and may run to `end` best ends.

    After its last line break, else after its last sentence, else (a sentence longer than the
    piece) after its last clause (, ; :), else after its last space; in the middle of a word only
    if the word is as long as the piece. The sentence splitter starts a new sentence at each of the
    first two, so a cut there takes no statement apart.

    >>> text = "Am 3. September traf Dr. Müller in Kiew ein. Er sprach mit Selenskyj, der ihn empfing."
    >>> text[:cut(text, 0, 70)]
    'Am 3. September traf Dr. Müller in Kiew ein. '
    >>> text[:cut(text, 0, 40)]
    'Am 3. September traf Dr. Müller in Kiew '
    """
    line = text.rfind("\n", start, end)
    if line >= start:
        return line + 1
    for boundary in (SENTENCE_END, CLAUSE_END, SPACE):
        for since in dict.fromkeys((max(start, end - TAIL), start)):  # the piece's end first: it is enough
            last = max((m.end() for m in boundary.finditer(text, since, end)
                        if boundary is not SENTENCE_END or _sentence_ends(text, m)), default=start)
            if last > start:
                return last
    return end


def _sentence_ends(text: str, m: re.Match[str]) -> bool:
    """True if the sentence splitter ends a sentence at this match of SENTENCE_END.

    The next word starts with a capital or a digit; a full stop does not end a number ("am 3.
    September"), an initial, or an abbreviation.
    """
    i = m.end()
    while i < len(text) and text[i] in OPENERS:
        i += 1
    if i < len(text) and not (text[i].isupper() or text[i].isdigit()):
        return False
    if not m.group().startswith(".") or m.group().startswith(".."):
        return True
    words = text[max(0, m.start() - 40):m.start()].split()
    word = words[-1].lstrip(OPENERS) if words else ""
    return len(word) > 1 and not word[-1].isdigit() and "." not in word and word + "." not in ABBREVIATIONS


def extract_document(document: Document, nlp: Language | None = None, body_start: int = 0,
                     offset: int = 0, limit: int = MAX_CHUNK, entry: date | None = None) -> Document:
    """Fill `document.statements` and `document.entities` from its text (from `body_start` on).

    The pipeline reads the text normalized (extract/normalize.py: no soft hyphens, zero-width or
    bidi characters, NFC), so evidence and names are clean; the statements' character offsets are
    mapped back into `document.text`, the text as read. `offset` is where `document.text` starts in
    the whole text (for a part), to which they refer. `limit`: characters per spaCy Doc (see `chunks`).
    `entry`: the date of the ticker entry a part starts in (its stamp lies in an earlier part).
    """
    for _ in analyse(document, nlp, body_start, offset, limit, entry):
        pass
    return document


def analyse(document: Document, nlp: Language | None = None, body_start: int = 0, offset: int = 0,
            limit: int = MAX_CHUNK, entry: date | None = None) -> Iterator[Doc]:
    """`extract_document` a piece at a time: each spaCy Doc the text is read in, its statements added to `document`.

    `document.entities` is filled once the last Doc has been given (`geokg explain` shows the Docs).
    """
    nlp = nlp or default_pipeline()
    plain = normalize(document.text)
    persons: dict[str, str] = {}
    named = dict.fromkeys(document.entities)  # each entity once: a 50 MB text names some a million times
    issued = document.issued.date() if document.issued is not None else None  # None: undated
    stamped = stamps.entries(plain.text, document.issued)  # ticker entries: each dated by its stamp
    for start, piece in chunks(plain.text, plain.from_original(body_start), limit):
        doc = nlp.make_doc(piece)
        doc._.issued = issued
        doc._.anchors = _anchors(stamped, start, len(piece), entry)
        doc._.persons = persons  # surnames seen so far in the document resolve to full names
        doc = nlp(doc)
        for st in doc._.statements:
            char_start, char_end = plain.to_original(start + st.char_start, start + st.char_end)
            st.char_start, st.char_end = offset + char_start, offset + char_end
            st.document = document.id
            document.statements.append(st)
        named.update(dict.fromkeys(entity_refs(doc)))
        yield doc
    document.entities[:] = named


def _anchors(stamped: list[tuple[int, datetime]], start: int, length: int,
             entry: date | None) -> list[tuple[int, date | None]]:
    """The dates relative times resolve against in the piece of text at `start`: (offset in the piece, date).

    From the piece's start the entry it starts in (stamped before it, else `entry`), then each entry stamped in it.
    """
    offsets = [at for at, _ in stamped]
    first, end = bisect_right(offsets, start), bisect_left(offsets, start + length)
    before = stamped[first - 1][1].date() if first else entry
    return [(0, before)] + [(at - start, when.date()) for at, when in stamped[first:end]]


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
    entry: date | None = None  # the date of the ticker entry the piece starts in, if it is stamped earlier


def parts(document: Document, size: int | None = None) -> Iterator[Part]:
    """The document as pieces of at most `size` (MAX_PART) characters cut by `cut` (one if short)."""
    size = size or MAX_PART
    body = document_body(document)
    if len(document.text) - body <= size:
        yield Part(document, 0, body, True)
        return
    stamped = stamps.entries(document.text, document.issued)  # a ticker's entries run across parts

    def entry(at: int) -> date | None:
        return max(((start, when.date()) for start, when in stamped if start <= at), default=(0, None))[1]

    held: tuple[int, str] | None = None  # a piece is the last only once the next is known not to exist
    for piece in chunks(document.text, body, size):
        if held is not None:
            yield Part(replace(document, text=held[1], statements=[], entities=[]), held[0], 0, False, entry(held[0]))
        held = piece
    assert held is not None
    yield Part(replace(document, text=held[1], statements=[], entities=[]), held[0], 0, True, entry(held[0]))


def extract_part(part: Part, nlp: Language | None = None) -> Part:
    """The part extracted: its document's statements and entities filled in, its text dropped."""
    document = extract_document(part.document, nlp, part.body_start, part.offset, entry=part.entry)
    return replace(part, document=replace(document, text=""))


def document_body(document: Document) -> int:
    """Where the text proper starts in `document.text`: after a liveblog's header lines."""
    from geokg.extract.reader import body_start

    plain = normalize(document.text)
    return plain.to_original(body_start(plain.text), len(plain.text))[0]
