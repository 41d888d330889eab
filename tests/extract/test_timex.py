"""Time expressions resolved against the document date (2025-09-04 is a Thursday)."""
from __future__ import annotations

from datetime import date

import pytest
import spacy

from geokg.extract.timex import resolve

ISSUED = date(2025, 9, 4)


@pytest.mark.parametrize("text, expected", [
    ("Heute berät die Koalition.", date(2025, 9, 4)),
    ("Macron hatte gestern gesagt, es gehe voran.", date(2025, 9, 3)),
    ("Russland griff Odessa in der Nacht an.", date(2025, 9, 4)),
    ("Trump hatte Putin vor rund drei Wochen getroffen.", date(2025, 8, 14)),
    ("Am Montag reiste Wadephul nach Kiew.", date(2025, 9, 1)),
    ("Die Angriffe in der Nacht zu Mittwoch trafen Lwiw.", date(2025, 9, 3)),
    ("Am 12. August 2025 unterzeichneten beide das Abkommen.", date(2025, 8, 12)),
    ("Das Treffen fand am 01.09.2025 statt.", date(2025, 9, 1)),
    ("Vor zwei Tagen wurde Charkiw beschossen.", date(2025, 9, 2)),
])
def test_timex_resolves(text: str, expected: date) -> None:
    doc = spacy.blank("de")(text)
    assert resolve(doc[:], ISSUED) == expected


@pytest.mark.parametrize("text", ["Die Ukraine verteidigt sich.", "Am Morgen danach blieb es ruhig.",
                                  "Vor 5000 Jahren lebten hier schon Menschen."])
def test_timex_none_without_expression(text: str) -> None:
    assert resolve(spacy.blank("de")(text)[:], ISSUED) is None
