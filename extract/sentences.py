"""Sentence boundaries for German news: terminal punctuation, closing quotes and line breaks."""
from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = frozenset({".", "!", "?", "…", "?!", "!?"})
CLOSERS = frozenset({"“", "”", "\"", "»", "«", "'", "’", ")", "]"})
# Capitalised function words: in running German text they open a sentence. After a word the
# tokenizer kept its period on ("Rossija 24.", "Iris-T.", "Abdullah II.") they show the period ends
# the sentence; a noun after an ordinal does not ("am 24. Februar", "der 2. Weltkrieg").
OPENERS = frozenset("""Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Man Am Im Ins
Auf Aus Nach Bei Mit Von Vom Zum Zur Beim Für Gegen Auch Doch Aber Dies Diese Dieser Dieses Damit
Dabei Dann Danach Daraufhin Zuvor Zudem Außerdem Laut Wie Als Nachdem Während Seit Bis Trotz Unter
Vor Über Noch Nun Jetzt So Demnach Dort Hier Heute Gestern Sein Seine Ihr Ihre Jedoch Allerdings
Bereits Schon Erst Inzwischen Unterdessen Gleichzeitig Zugleich Insgesamt Mindestens Rund Etwa
Bislang Bisher Zunächst Später Anschließend Kurz Wegen Nachdem Obwohl Weil Wenn Dass""".split())


def _starts_sentence(doc: Doc, i: int) -> bool:
    """True if token i may open a sentence: not a comma, not a lower-case continuation."""
    tok = doc[i]
    if tok.is_punct and tok.text in {",", ";", ":", ")", "]"}:
        return False
    return not tok.text[:1].islower()


def _split_glued_periods(doc: Doc) -> None:
    """Split the period off a word that ends a sentence but kept it ("Rossija 24.", "Iris-T.",
    "Abdullah II."): where the next word is a capitalised function word (see OPENERS)."""
    glued = [t for t in doc[:-1] if len(t.text) > 2 and t.text.endswith(".") and not t.text.endswith("..")
             and t.whitespace_ and doc[t.i + 1].text in OPENERS]
    if not glued:
        return
    with doc.retokenize() as retokenizer:
        for tok in glued:
            retokenizer.split(tok, [tok.text[:-1], "."], heads=[(tok, 1), (tok, 1)])


@Language.component("geokg_sentences", assigns=["token.is_sent_start"])
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after . ! ? (and closing quotes) before a capital, and at line breaks.

    A question inside a quote that the sentence goes on after („…?“, fragte er) stays one sentence.
    """
    _split_glued_periods(doc)
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
