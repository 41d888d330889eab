"""The article in an HTML page: its text, title and date, found by trafilatura (menus, ads and scripts left out)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from geokg.errors import Errors, GeokgError

BERLIN = ZoneInfo("Europe/Berlin")
SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class Article:
    """What a news page says: the article's text (paragraphs as lines), its title and date if found."""

    text: str
    title: str | None = None
    issued: datetime | None = None


def article(page: bytes | str, name: str = "page") -> Article:
    """The main text of an HTML page; a GeokgError (E106) if it has none.

    >>> html = "<html><body><nav>Menü</nav><article><h1>Gipfel in Paris</h1>"
    >>> html += "<p>Die Koalition der Willigen berät heute in Paris über Sicherheitsgarantien.</p>"
    >>> html += "</article><footer>Impressum</footer></body></html>"
    >>> found = article(html)
    >>> "Sicherheitsgarantien" in found.text and "Impressum" not in found.text
    True
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every page it finds thin
    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                            include_tables=False, deduplicate=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise GeokgError(Errors.E105, path=name, reason=type(exc).__name__) from exc
    if found is None:
        raise GeokgError(Errors.E106, path=name)
    meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (meta.get("text") or "").strip()
    if not text:
        raise GeokgError(Errors.E106, path=name)
    return Article(text + "\n", meta.get("title") or None, _issued(meta.get("date")))


def _issued(value: object) -> datetime | None:
    """The page's publication date (YYYY-MM-DD, as trafilatura gives it) at midnight in Berlin."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.combine(date.fromisoformat(value[:10]), time(0, 0), tzinfo=BERLIN)
    except ValueError:
        return None
