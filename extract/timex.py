"""Resolving a sentence's time expressions against the document date (heute, gestern, vor drei Wochen, am Montag).

Relative expressions need an anchor: the date of the ticker entry the sentence stands in (the pipeline
sets `doc._.anchors` from the entries' stamps, extract/stamps.py), else the document's date. An undated
document has none: only absolute dates ("am 3. September 2015", "11.9.2015") resolve then.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from geokg.extract.ents import doc_tokens

if not Doc.has_extension("anchors"):
    # [(char offset, date or None)] in text order: from each offset on, relative dates resolve against that date
    Doc.set_extension("anchors", default=None)

WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "dezember")
NUMBERS = {"einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12}
UNITS = {"tag": 1, "tage": 1, "tagen": 1, "woche": 7, "wochen": 7, "monat": 30, "monaten": 30,
         "jahr": 365, "jahren": 365}
RELATIVE = {"heute": 0, "heutigen": 0, "heutige": 0, "gestern": -1, "gestrigen": -1,
            "vorgestern": -2, "morgen": 1}
DAYTIMES = frozenset({"morgen", "vormittag", "mittag", "nachmittag", "abend"})
NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def resolve(sent: Span, issued: date | None) -> date | None:
    """The date a sentence's own time expression points to, or None if it gives none.

    Relative expressions resolve against `anchor(sent, issued)`; without one (an undated document)
    only absolute dates do.

    >>> import spacy
    >>> nlp = spacy.blank("de")
    >>> resolve(nlp("Russland griff am 3. September 2015 an.")[:], None)
    datetime.date(2015, 9, 3)
    >>> resolve(nlp("Russland griff gestern an.")[:], None) is None
    True
    """
    words = [t.lower_ for t in doc_tokens(sent.doc)[sent.start:sent.end]]
    issued = anchor(sent, issued)
    if issued is None:
        return _absolute(words)
    for k, w in enumerate(words):
        if w in RELATIVE and not (w == "morgen" and k and words[k - 1] in ("am", "heute")):
            return issued + timedelta(days=RELATIVE[w])
        if w == "nacht" and k >= 2 and words[k - 2] == "in" and words[k - 1] == "der":
            nxt = words[k + 1:k + 3]
            if nxt[:1] in (["zu"], ["zum"]) and len(nxt) > 1 and nxt[1] in WEEKDAYS:
                return _weekday(issued, nxt[1])
            return issued
        if w in ("am", "vergangenen", "letzten") and k + 1 < len(words) and words[k + 1] in WEEKDAYS:
            return _weekday(issued, words[k + 1])
        if w == "am" and k + 1 < len(words) and words[k + 1] in DAYTIMES and words[k + 2:k + 3] != ["danach"]:
            return issued  # "am Abend": the day of the entry
        if w == "vor" and k + 2 < len(words):
            amount = _amount(words[k + 1:k + 4])
            if amount is not None and amount <= (issued - date.min).days:  # "vor 5000 Jahren" is history
                return issued - timedelta(days=amount)
        m = NUMERIC.match(w)
        if m:
            return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if w.endswith(".") and w[:-1].isdigit() and k + 1 < len(words) and words[k + 1] in MONTHS:
            year = int(words[k + 2]) if k + 2 < len(words) and words[k + 2].isdigit() else issued.year
            return _safe_date(year, MONTHS.index(words[k + 1]) + 1, int(w[:-1]))
    return None


def anchor(sent: Span, issued: date | None) -> date | None:
    """The date relative expressions in a sentence resolve against: its ticker entry's, else `issued`."""
    anchors: list[tuple[int, date | None]] | None = sent.doc._.anchors
    if anchors:
        k = bisect_right([start for start, _ in anchors], sent.start_char) - 1
        if k >= 0 and anchors[k][1] is not None:
            return anchors[k][1]
    return issued


def _absolute(words: list[str]) -> date | None:
    """The first date a sentence gives in full: "11.9.2015", "3. September 2015"."""
    for k, w in enumerate(words):
        m = NUMERIC.match(w)
        if m:
            return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if (w.endswith(".") and w[:-1].isdigit() and words[k + 1:k + 2] and words[k + 1] in MONTHS
                and words[k + 2:k + 3] and words[k + 2].isdigit()):
            return _safe_date(int(words[k + 2]), MONTHS.index(words[k + 1]) + 1, int(w[:-1]))
    return None


def _amount(words: list[str]) -> int | None:
    """Days in "drei Wochen", "rund zwei Monaten", "einem Jahr"."""
    if words and words[0] in ("rund", "etwa", "knapp", "gut", "über", "mehr"):
        words = words[1:]
    if len(words) < 2 or words[1] not in UNITS:
        return None
    n = NUMBERS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
    return n * UNITS[words[1]] if n else None


def _weekday(issued: date, name: str) -> date:
    """The most recent such weekday on or before the document date."""
    return issued - timedelta(days=(issued.weekday() - WEEKDAYS.index(name)) % 7)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
