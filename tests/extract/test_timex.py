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


@pytest.mark.parametrize("text, expected", [
    ("Am 3. September 2015 traf Merkel Hollande.", date(2015, 9, 3)),
    ("Das Treffen fand am 11.9.2015 statt.", date(2015, 9, 11)),
    ("Heute berät die Koalition.", None),
    ("Am Montag reiste Wadephul nach Kiew.", None),
    ("Am 3. September traf Merkel Hollande.", None),  # no year, no document date to take it from
    ("Trump hatte Putin vor rund drei Wochen getroffen.", None),
], ids=["named-month", "numeric", "heute", "weekday", "no-year", "weeks-ago"])
def test_timex_undated_document_resolves_only_absolute_dates(text: str, expected: date | None) -> None:
    assert resolve(spacy.blank("de")(text)[:], None) == expected


def test_timex_ticker_entry_anchor_beats_the_document_date() -> None:
    doc = spacy.blank("de")("Heute griff Russland an. Heute tagt die NATO.")
    second = len("Heute griff Russland an. ")
    doc._.anchors = [(0, None), (second, date(2023, 12, 22))]
    first_sent, second_sent = doc[0:5], doc[5:]
    assert resolve(first_sent, ISSUED) == ISSUED  # an entry without a date: the document's
    assert resolve(second_sent, ISSUED) == date(2023, 12, 22)
    assert resolve(second_sent, None) == date(2023, 12, 22)  # an undated ticker's entries are dated still
