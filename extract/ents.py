"""`doc.ents` and the tokens read once per pass: spaCy rebuilds the entity tuple from every token
on each access (O(len(doc))) and makes a new Token object on each `doc[i]`.

The statement rules look up entities per sentence and per phrase; over a long text that made
extraction quadratic. Inside `frozen_ents(doc)` the entities are computed once, indexed by
start token, and `doc_ents` / `ents_from` answer from that index; `doc_tokens` gives the doc's
Token objects made once (the rules read each token some twenty times).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Doc, Span, Token

KEY = "geokg.frozen_ents"
TOKENS = "geokg.tokens"


@contextmanager
def frozen_ents(doc: Doc) -> Iterator[tuple[Span, ...]]:
    """Within the block, `doc_ents(doc)` is one tuple computed on entry (nothing may set doc.ents meanwhile)."""
    ents = tuple(doc.ents)
    doc.user_data[KEY] = (ents, [e.start for e in ents])
    try:
        with frozen_tokens(doc):
            yield ents
    finally:
        doc.user_data.pop(KEY, None)


@contextmanager
def frozen_tokens(doc: Doc) -> Iterator[list[Token]]:
    """Within the block, `doc_tokens(doc)` is one list made on entry (nothing may retokenize the doc meanwhile)."""
    before = doc.user_data.get(TOKENS)
    doc.user_data[TOKENS] = found = list(doc)
    try:
        yield found
    finally:
        if before is None:
            doc.user_data.pop(TOKENS, None)
        else:
            doc.user_data[TOKENS] = before


def doc_tokens(doc: Doc) -> list[Token]:
    """The doc's tokens as a list (`doc_tokens(doc)[i]` is `doc[i]`): made once inside `frozen_tokens`
    (and `frozen_ents`), where nothing retokenizes the doc, else afresh.

    >>> import spacy
    >>> doc = spacy.blank("de")("Rutte trifft Selenskyj.")
    >>> with frozen_ents(doc):
    ...     doc_tokens(doc) is doc_tokens(doc), [t.text for t in doc_tokens(doc)[1:3]]
    (True, ['trifft', 'Selenskyj'])
    """
    frozen = doc.user_data.get(TOKENS)
    return list(doc) if frozen is None else frozen


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`: the frozen tuple inside `frozen_ents`, else computed afresh.

    >>> import spacy
    >>> doc = spacy.blank("de")("Rutte trifft Selenskyj.")
    >>> with frozen_ents(doc):
    ...     doc_ents(doc) == doc.ents
    True
    """
    frozen = doc.user_data.get(KEY)
    return tuple(doc.ents) if frozen is None else frozen[0]


def ents_from(doc: Doc, start: int, stop: int) -> tuple[Span, ...]:
    """The entities whose first token lies in [start, stop), in text order.

    >>> import spacy
    >>> from spacy.tokens import Span
    >>> doc = spacy.blank("de")("Rutte trifft Selenskyj in Kiew.")
    >>> doc.ents = [Span(doc, 0, 1, "PER"), Span(doc, 2, 3, "PER"), Span(doc, 4, 5, "LOC")]
    >>> with frozen_ents(doc):
    ...     [e.text for e in ents_from(doc, 1, 5)]
    ['Selenskyj', 'Kiew']
    >>> [e.text for e in ents_from(doc, 1, 5)]
    ['Selenskyj', 'Kiew']
    """
    frozen = doc.user_data.get(KEY)
    if frozen is None:
        return tuple(e for e in doc.ents if start <= e.start < stop)
    ents, starts = frozen
    return ents[bisect_left(starts, start):bisect_left(starts, stop)]
