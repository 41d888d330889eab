"""Sentence boundaries for German news: terminal punctuation, closing quotes and line breaks."""
from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = frozenset({".", "!", "?", "…", "?!", "!?"})
CLOSERS = frozenset({"“", "”", "\"", "»", "«", "'", "’", ")", "]"})


def _starts_sentence(doc: Doc, i: int) -> bool:
    """True if token i may open a sentence: not a comma, not a lower-case continuation."""
    tok = doc[i]
    if tok.is_punct and tok.text in {",", ";", ":", ")", "]"}:
        return False
    return not tok.text[:1].islower()


@Language.component("geokg_sentences", assigns=["token.is_sent_start"])
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after . ! ? (and closing quotes) before a capital, and at line breaks.

    A question inside a quote that the sentence goes on after („…?“, fragte er) stays one sentence.
    """
    n = len(doc)
    if n == 0:
        return doc
    starts = [False] * n
    starts[0] = True
    i = 0
    while i < n:
        tok = doc[i]
        if tok.is_space and "\n" in tok.text:
            if i + 1 < n:
                starts[i + 1] = True
        elif tok.text in TERMINALS:
            j = i + 1
            while j < n and doc[j].text in CLOSERS:
                j += 1
            if j < n and _starts_sentence(doc, j):
                starts[j] = True
            i = j - 1
        elif "\n" in tok.whitespace_ and i + 1 < n:
            starts[i + 1] = True
        i += 1
    # One array write: setting tok.is_sent_start token by token rescans the doc each time (quadratic).
    flags = numpy.array([1 if start else -1 for start in starts], dtype="int64").view("uint64")
    doc.from_array([SENT_START], cast(Any, flags.reshape(-1, 1)))
    return doc
