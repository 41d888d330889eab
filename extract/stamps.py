"""The dates a text gives itself: a liveblog's `Stand:` line, an agency stamp, ticker entry stamps.

A document is dated only by what it says (or what its page, its record or the user says, see
extract/reader.py), never by a file's modification time or the clock. This module finds what it says:

- `Stand: 04.09.2025 11:21 Uhr` in the header of a liveblog;
- an agency stamp that opens or ends an article: `(APA, 11.9.2015)`, `(APA/Reuters, 2.8.2015)`,
  `(red, 12.1.2016)` — a stamp without a date (`(dpa)`, `RND/fw/AP/dpa`) dates nothing;
- the stamps of ticker entries, each at the start of a line: `22.12.2023, 15:00 Uhr`,
  `Update vom 22. März, 9.38 Uhr` (a stamp without a year takes it from the document's date or the
  nearest full stamp). Each dates the entry that follows it (see `entries`).

Times are in Europe/Berlin; a stamp with a date only stands at midnight.

>>> stand("liveblog\\nStand: 04.09.2025 11:21 Uhr\\nRussland greift an.").isoformat()
'2025-09-04T11:21:00+02:00'
>>> agency("Kairo – Kerry trifft Sisi. (APA/Reuters, 2.8.2015)").isoformat()
'2015-08-02T00:00:00+02:00'
>>> [(start, when.isoformat()) for start, when in entries("22.12.2023, 15:00 Uhr\\nA.\\n22.12.2023, 9:00 Uhr\\nB.")]
[(0, '2023-12-22T15:00:00+01:00'), (25, '2023-12-22T09:00:00+01:00')]
"""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
#: Where header and closing stamps are looked for: so many characters at the start and the end of a text.
EDGE = 2000
STAND = re.compile(r"^\s*Stand:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})\s*Uhr)?", re.M)
#: "(APA, 11.9.2015)", "(APA/Reuters, 2.8.2015)", "(bau, APA, 3.4.16)": short agency or author tokens, then a date.
AGENCY = re.compile(r"\(\s*(?:[^\W\d_][\w.&-]{0,19}\s*[,/]\s*){1,4}(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\s*\)")
MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "dezember")
_LEAD = r"^[ \t]*(?:\+\+\+[ \t]*)?"
_TIME = r"(?:,|[ \t]+um)?[ \t]+(\d{1,2})[:.](\d{2})[ \t]*Uhr"
#: A ticker entry's stamp with the full date: "22.12.2023, 15:00 Uhr", "+++ 22.12.2023 15.00 Uhr +++".
TICKER = re.compile(_LEAD + r"(?:(?:Update|Aktualisiert)(?:[ \t]+(?:vom|am))?:?[ \t]+)?"
                    r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME, re.M | re.I)
#: A stamp with the month's name, the year optional: "Update vom 22. März, 9.38 Uhr", "22. März 2024, 9:38 Uhr".
TICKER_NAMED = re.compile(_LEAD + r"(?:(?:Update|Aktualisiert)(?:[ \t]+(?:vom|am))?:?[ \t]+)?"
                          r"(\d{1,2})\.[ \t]*(" + "|".join(MONTHS) + r")(?:[ \t]+(\d{4}))?" + _TIME, re.M | re.I)


def stand(text: str) -> datetime | None:
    """The date and time of a liveblog's `Stand:` line near the top of the text, if any."""
    m = STAND.search(text[:EDGE])
    if not m:
        return None
    return _at(int(m.group(3)), int(m.group(2)), int(m.group(1)), int(m.group(4) or 0), int(m.group(5) or 0))


def agency(text: str) -> datetime | None:
    """The latest date of the agency stamps that open or end the text ("(APA, 11.9.2015)"), if any.

    >>> agency("Berlin (dpa) – Die Regierung berät.") is None
    True
    >>> agency("(red, 12.1.16) Wien – Die Regierung berät.").date().isoformat()
    '2016-01-12'
    """
    edges = text if len(text) <= 2 * EDGE else text[:EDGE] + "\n" + text[-EDGE:]
    found = []
    for m in AGENCY.finditer(edges):
        year = int(m.group(3))
        when = _at(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
        if when is not None:
            found.append(when)
    return max(found, default=None)


def entries(text: str, issued: datetime | None = None) -> list[tuple[int, datetime]]:
    """Where each ticker entry starts (the offset of its stamp's line) and the date its stamp gives.

    In text order. A stamp without a year takes the one that puts it nearest to the document's
    date (`issued`), else to the nearest stamp with a year; with neither it is left out.

    >>> [w.isoformat() for _, w in entries("Update vom 22. März, 9.38 Uhr\\nA.", datetime(2024, 3, 25))]
    ['2024-03-22T09:38:00+01:00']
    >>> entries("Update vom 22. März, 9.38 Uhr\\nA.")
    []
    """
    full: list[tuple[int, datetime]] = []
    for m in TICKER.finditer(text):
        when = _at(int(m.group(3)), int(m.group(2)), int(m.group(1)), int(m.group(4)), int(m.group(5)))
        if when is not None:
            full.append((_line_start(text, m.start()), when))
    named: list[tuple[int, datetime]] = []
    for m in TICKER_NAMED.finditer(text):
        start = _line_start(text, m.start())
        day, month = int(m.group(1)), MONTHS.index(m.group(2).lower()) + 1
        hour, minute = int(m.group(4)), int(m.group(5))
        if m.group(3):
            when = _at(int(m.group(3)), month, day, hour, minute)
        else:
            near = issued or min(full, key=lambda f: abs(f[0] - start), default=(0, None))[1]
            when = _nearest_year(near.date(), month, day, hour, minute) if near is not None else None
        if when is not None:
            named.append((start, when))
    return sorted(full + named, key=lambda f: f[0])


def latest_entry(text: str) -> datetime | None:
    """The date of the latest ticker entry with a full date (the version of the ticker), if any."""
    return max((when for _, when in entries(text)), default=None)


def is_stamp_line(line: str) -> bool:
    """Whether a line is a ticker stamp and nothing else ("22.12.2023, 15:00 Uhr").

    >>> is_stamp_line("22.12.2023, 15:00 Uhr"), is_stamp_line("22.12.2023, 15:00 Uhr: Russland greift an.")
    (True, False)
    """
    line = line.strip().strip("+").strip()
    m = TICKER.match(line) or TICKER_NAMED.match(line)
    return m is not None and not line[m.end():].strip(" +:–-")


#: An agency or author credit in brackets, dated or not: "(Reuters, APA, red)", "(APA/dpa)", "(bau, 3.4.2016)".
CREDIT = re.compile(r"\(\s*[^\W\d_][\w.&-]{0,19}(?:\s*[,/]\s*[^\W\d_][\w.&-]{0,19}){0,5}"
                    r"(?:\s*,\s*\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2}))?\s*\)")


def is_credit(text: str) -> bool:
    """Whether a sentence is an agency or author credit and nothing else: it states nothing.

    >>> is_credit("(Reuters, APA, red)"), is_credit("(APA, 11.9.2015)"), is_credit("(Das sagte Kurz.)")
    (True, True, False)
    """
    return CREDIT.fullmatch(text.strip()) is not None


def _line_start(text: str, pos: int) -> int:
    """The offset of the first non-blank character of the line at `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    while start < pos and text[start] in " \t":
        start += 1
    return start


def _nearest_year(near: date, month: int, day: int, hour: int, minute: int) -> datetime | None:
    """The date of this day and month in the year around `near` that puts it nearest to `near`."""
    found = [when for year in (near.year - 1, near.year, near.year + 1)
             if (when := _at(year, month, day, hour, minute)) is not None]
    return min(found, key=lambda w: abs(w.date() - near), default=None)


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    """The time in Berlin, or None if there is no such day or time (31.2., 25:00)."""
    try:
        return datetime(year, month, day, hour, minute, tzinfo=BERLIN)
    except ValueError:
        return None

