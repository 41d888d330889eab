"""Normalizing text as news sites deliver it: invisible characters out, NFC, offsets back into the text as read."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geokg.extract.normalize import DELETED_CHARS, normalize

#: What normalize must give, the slow way: odd spaces plain, invisible characters deleted, NFC.
PLAIN = {**{c: " " for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)},
         0x2028: "\n", 0x2029: "\n", **{ord(c): None for c in DELETED_CHARS}}
ODD = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066",
       "\u2069", "\ufeff", "\u061c", "\u00a0", "\u202f", "\u2009", "\u2028", "\u0308", "\u0301", "\u0323",
       "\u212b", "\u1100", "\u1161", "\u11a8", "\uac00", "\u0958", "\U0001d15e", "😀"]
texts = st.lists(st.one_of(st.sampled_from(ODD), st.sampled_from(list("auoAUOß .\n")), st.text(max_size=3)),
                 max_size=20).map("".join)


def reference(text: str) -> str:
    """The normalized text the slow way."""
    return re.sub(" +(?= )", "", unicodedata.normalize("NFC", text.translate(PLAIN)))


@pytest.mark.parametrize("text, plain", [
    ("Russ\u00adland", "Russland"),
    ("Wla\u200bdi\u200dmir\u2060 Putin\ufeff", "Wladimir Putin"),
    ("\u202bSelenskyj\u202c \u2066sagte\u2069 \u200ees\u200f", "Selenskyj sagte es"),
    ("Mu\u0308ller und Pra\u0308sident", "Müller und Präsident"),
    ("10\u00a0000 Soldaten\u202fund\u2009mehr", "10 000 Soldaten und mehr"),
    ("warnt Rupert  Wolff", "warnt Rupert Wolff"),
    ("a \u200b  b\u00a0 c", "a b c"),
    ("Zeile\u2028Absatz\u2029", "Zeile\nAbsatz\n"),
    ("u\u00ad\u0308", "ü"),  # a deletion that lets two characters compose
])
def test_normalize_removes_what_a_reader_does_not_see(text: str, plain: str) -> None:
    assert normalize(text).text == plain == reference(text)


def test_normalize_leaves_a_clean_text_alone() -> None:
    text = "Russland hat die ukrainische Stadt Odessa angegriffen. „Nein“, sagte Müller.\n"
    found = normalize(text)
    assert found.text is text and not found.changed
    assert found.to_original(3, 12) == (3, 12) and found.from_original(7) == 7


def test_normalize_offsets_point_into_the_text_as_read() -> None:
    text = "Der Präsident Wla\u00addi\u00admir Pu\u200btin besuchte Mu\u0308nchen\u200b."
    found = normalize(text)
    for word in ("Der", "Präsident", "Wladimir", "Putin", "besuchte", "München", "."):
        start = found.text.index(word)
        a, b = found.to_original(start, start + len(word))
        assert reference(text[a:b]) == word, word
        assert text[a] not in DELETED_CHARS and text[b - 1] not in DELETED_CHARS, word
        assert found.from_original(a) == start


def test_normalize_maps_a_long_text() -> None:
    """The common case (nothing to change) gives the text back as it is (bench/run.py --limits times it)."""
    text = "Die NATO kritisierte den Angriff auf Odessa scharf, sagte Müller. " * 120_000
    assert normalize(text).text is text


@given(text=texts)
def test_normalize_is_nfc_without_invisible_characters(text: str) -> None:
    found = normalize(text)
    assert found.text == reference(text)
    assert normalize(found.text).text == found.text  # idempotent


@given(text=texts, data=st.data())
def test_normalize_spans_map_to_what_they_came_from(text: str, data: st.DataObject) -> None:
    found = normalize(text)
    n = len(found.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = found.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    if start < end:
        assert found.text[start:end] in reference(text[a:b])  # a composed character is mapped whole
        assert text[b - 1] not in DELETED_CHARS
    assert found.from_original(a) <= start
