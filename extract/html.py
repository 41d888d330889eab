"""The article in an HTML page: its text, title and date, found by trafilatura (menus, ads and scripts left out)."""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from geokg.errors import Errors, GeokgError

BERLIN = ZoneInfo("Europe/Berlin")
SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: libxml2's HTML parser drops whatever is nested deeper than this (and trafilatura reads what it keeps).
MAX_DEPTH = 255
#: Tags that make up a page's deep nesting (as many times as this among the ancestors of its deepest
#: element) are taken out of the markup, their text kept, so that the parser reaches the article.
NESTING_TAGS = 16
log = logging.getLogger(__name__)


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
    deep = _nesting(page)
    if deep:
        page = _flattened(page, deep)
        log.warning("%s", GeokgError(Errors.E114, path=name, limit=MAX_DEPTH,
                                     tags=", ".join(f"<{t}>" for t in sorted(deep))).message)
    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                            include_tables=False, deduplicate=False)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise GeokgError(Errors.E105, path=name, reason=type(exc).__name__) from exc
    meta = {} if found is None else found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (meta.get("text") or "").strip()
    if not text and deep:
        raise GeokgError(Errors.E115, path=name, limit=MAX_DEPTH)
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


def _nesting(page: bytes | str) -> set[str]:
    """The tags nested past the parser's depth limit in the page (none for a page that fits in it)."""
    from lxml import etree, html

    parser = html.HTMLParser()
    try:
        tree = html.document_fromstring(page, parser=parser)
    except (etree.LxmlError, ValueError):
        return set()  # trafilatura says what is wrong with the page
    if not any("depth" in e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"):
        return set()
    deepest, depth = tree, 0
    stack = [(tree, 0)]
    while stack:  # not recursion: the tree is deeper than Python's stack
        element, level = stack.pop()
        if level > depth:
            deepest, depth = element, level
        stack.extend((child, level + 1) for child in element)
    counts = Counter(a.tag for a in deepest.iterancestors() if isinstance(a.tag, str))
    return {tag for tag, n in counts.items() if n >= NESTING_TAGS} or {"div"}


def _flattened(page: bytes | str, tags: set[str]) -> bytes | str:
    """The page without the opening and closing tags of `tags` (their content kept)."""
    pattern = rf"</?(?:{'|'.join(map(re.escape, sorted(tags)))})\b[^>]*>"
    if isinstance(page, bytes):
        return re.sub(pattern.encode("ascii"), b" ", page, flags=re.I)
    return re.sub(pattern, " ", page, flags=re.I)
