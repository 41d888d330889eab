"""Text as the pipeline reads it: NFC, without invisible characters, and a map back to the text as read.

News sites deliver German with soft hyphens (``Russ\\u00adland``), zero-width spaces and joiners,
bidi marks and decomposed umlauts (``u`` + U+0308). A reader does not see them, but a tokenizer
does: ``Russ\\u00adland`` would be a new word, a new entity, a second label. `normalize` removes
them before anything reads the text, and keeps a compact map of what it changed, so that the
offsets of a statement found in the normalized text point into the text as read (SPEC §2:
``gkg:charStart``/``gkg:charEnd`` are offsets in the document text).

>>> n = normalize("Russ\\u00adland greift Odessa an.")
>>> n.text
'Russland greift Odessa an.'
>>> n.to_original(0, 8)  # "Russland" spans the soft hyphen in the text as read
(0, 9)
>>> n.to_original(9, 15)  # "greift"
(10, 16)

Most texts contain none of these characters; for them `normalize` costs two scans (4 MB in about
0.02 s) and returns the text itself. A text full of them takes about a second per 5 MB, a
hundredth of what extracting it takes.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate

#: Invisible characters that carry nothing a reader sees: the soft hyphen, zero-width space,
#: non-joiner and joiner, word joiner and invisible operators, the byte order mark used as a
#: zero-width no-break space, and the bidi marks, embeddings, overrides and isolates.
DELETED = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: Spaces of other widths (no-break, narrow, en, em, thin, hair, ideographic …) become a plain space,
#: the line and paragraph separators a line break: one character for one, offsets unchanged.
SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
LINE_SEPARATORS = "\u2028\u2029"
#: A run of spaces keeps its last: "Rupert  Wolff" is one name, not two words around a space token
#: (one in eight real derStandard articles has such runs inside a line).
EXTRA_SPACES = f" +(?=[{DELETED}]* )"  # invisible characters between the spaces go too
ODD = re.compile(f"[{DELETED}{SPACES}{LINE_SEPARATORS}]|  ")
# not `[…]+`: Python's re finds this 3× as fast
DELETED_RUNS = re.compile(f"[{DELETED}][{DELETED}]*|{EXTRA_SPACES}")
SPACE_CHARS = re.compile(f"[{SPACES}]")
LINE_SEPARATOR_CHARS = re.compile(f"[{LINE_SEPARATORS}]")
DELETED_CHARS = re.sub(r"(.)-(.)", lambda m: "".join(map(chr, range(ord(m.group(1)), ord(m.group(2)) + 1))),
                       DELETED)
DELETE = dict.fromkeys(map(ord, DELETED_CHARS))


#: The edits of a normalization as four arrays: normalized start and end, original start and end.
Edits = tuple["array[int]", "array[int]", "array[int]", "array[int]"]


class Normalized:
    """A normalized text and the map of its offsets back into the text it was made from.

    Outside the edits the two texts run in step, one character for one. Each edit replaced
    original[a:b] by normalized[p:q]: a deletion (p == q) or a composed character (NFC).
    """

    __slots__ = ("text", "_p", "_q", "_a", "_b")

    def __init__(self, text: str, edits: Edits | None = None) -> None:
        self.text = text
        self._p: array[int]
        self._q: array[int]
        self._a: array[int]
        self._b: array[int]
        self._p, self._q, self._a, self._b = edits or (array("q"), array("q"), array("q"), array("q"))

    @property
    def changed(self) -> bool:
        """True if characters were deleted or composed (offsets differ somewhere)."""
        return len(self._p) > 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as read that normalized[start:end] came from.

        Deleted characters at either edge stay outside the span; a composed character is whole.
        """
        if not self._p:
            return start, end
        i = bisect_right(self._p, start) - 1  # the last edit at or before start
        if i >= 0:
            start = self._a[i] if start < self._q[i] else self._b[i] + start - self._q[i]
        j = bisect_left(self._p, end) - 1  # the last edit that begins before end
        if j >= 0:
            end = self._b[j] + max(0, end - self._q[j])
        return start, max(start, end)  # an empty span at a deletion: after it

    def from_original(self, offset: int) -> int:
        """The normalized offset of an offset into the text as read (inside an edit: where it starts)."""
        if not self._p:
            return offset
        i = bisect_right(self._a, offset) - 1
        if i < 0:
            return offset
        return self._p[i] if offset < self._b[i] else self._q[i] + offset - self._b[i]


def normalize(text: str) -> Normalized:
    """The text in NFC, invisible characters deleted, odd spaces made plain and runs of spaces one, with its offset map.

    >>> normalize("Mu\\u0308ller\\u200b sagte\\u00a0es.").text
    'Müller sagte es.'
    >>> normalize("warnt Rupert  Wolff.").text
    'warnt Rupert Wolff.'
    """
    if ODD.search(text) is None and unicodedata.is_normalized("NFC", text):
        return Normalized(text)
    text = LINE_SEPARATOR_CHARS.sub("\n", SPACE_CHARS.sub(" ", text))
    if unicodedata.is_normalized("NFC", text):  # the common case: only deletions
        found = _deleted(text)
        if unicodedata.is_normalized("NFC", found.text):  # unless a deletion joined u and U+0308
            return found
    unstable = _unstable_chars()
    chars = f"{DELETED}{unstable.pattern[1:-1]}"
    return _edited(text, re.compile(f"[{chars}][{chars}]*|{EXTRA_SPACES}"), unstable)


def _deleted(text: str) -> Normalized:
    """The text without the characters of DELETED and extra spaces (the work done in C but for the offsets)."""
    spans = array("q", (i for m in DELETED_RUNS.finditer(text) for i in m.span()))
    if not spans:
        return Normalized(text)
    a, b = spans[0::2], spans[1::2]
    removed = accumulate(b[i] - a[i] for i in range(len(a)))
    p = array("q", (a[0], *(start - gone for start, gone in zip(a[1:], removed))))
    return Normalized(DELETED_RUNS.sub("", text), (p, p, a, b))


def _edited(text: str, runs: re.Pattern[str], unstable: re.Pattern[str]) -> Normalized:
    """The text with every run of characters `runs` finds deleted, or NFC-normalized if `unstable` finds one."""
    pieces: list[str] = []
    p, q, a, b = array("q"), array("q"), array("q"), array("q")
    done = 0  # the text as read is copied up to here
    for m in runs.finditer(text):
        edits = [(m.start(), m.end(), "")]
        if unstable.search(m.group()):
            start = max(m.start() - 1, done)  # the character before may compose with what follows (u + U+0308)
            end = m.start() + len(m.group().rstrip(DELETED_CHARS))  # deletions after it: an edit of their own
            edits = [(start, end, unicodedata.normalize("NFC", text[start:end].translate(DELETE))),
                     (end, m.end(), "")]
        for start, end, new in edits:
            if new == text[start:end]:
                continue
            pieces += (text[done:start], new)
            p.append(q[-1] + start - b[-1] if q else start)
            q.append(p[-1] + len(new))
            a.append(start)
            b.append(end)
            done = end
    if not p:
        return Normalized(text)
    pieces.append(text[done:])
    return Normalized("".join(pieces), (p, q, a, b))


@lru_cache(maxsize=1)
def _unstable_chars() -> re.Pattern[str]:
    """Characters NFC may change or compose with what precedes them (combining marks, Hangul jamo …).

    Every other character is a safe boundary: NFC of the whole text is the concatenation of NFC of
    the pieces between them, so the regions around these characters are normalized on their own.
    Built once per process, when a text first needs it (about 0.05 s).
    """
    points = [i for i in range(0x10000) if unicodedata.combining(chr(i))
              or not unicodedata.is_normalized("NFC", chr(i))]
    for i in range(0x10000):
        decomposition = unicodedata.decomposition(chr(i))
        if decomposition and not decomposition.startswith("<") and " " in decomposition:
            points.append(int(decomposition.split()[1], 16))  # composes with the character before it
    points += [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]  # Hangul vowels and finals compose too
    # All of planes 1-16 as one range: a class with ranges above U+FFFF one by one is scanned ten
    # times as slowly, and a character there that NFC leaves alone (an emoji) is a region it skips.
    return re.compile(f"[{''.join(_ranges(sorted(p for p in set(points) if p < 0x10000)))}\U00010000-\U0010ffff]")


def _ranges(points: list[int]) -> list[str]:
    """A regex character class body for sorted code points, as ranges."""
    out: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        out.append(re.escape(chr(points[i])) + (f"-{re.escape(chr(points[j]))}" if j > i else ""))
        i = j + 1
    return out
