"""Reading input: UTF-8 text files and folders of them → Documents with date, title and source."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from geokg.extract.html import SUFFIXES as HTML_SUFFIXES
from geokg.extract.html import article
from geokg.extract.model import Document
from geokg.errors import Errors, GeokgError

BERLIN = ZoneInfo("Europe/Berlin")
STAND = re.compile(r"^\s*Stand:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})\s*Uhr)?", re.M)
HEADER_WORDS = frozenset({"liveblog", "live", "ticker", "newsticker"})
SUFFIXES = frozenset({".txt", ".text", ".md", ""}) | HTML_SUFFIXES
# Control characters (but tab and line break) become spaces: RDF, XML and JSON writers choke on
# them, and one character for one keeps every offset into the text valid.
CONTROLS = {c: " " for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
BINARY_SHARE = 0.05  # more control bytes than this in the first 8 KiB: not text


def document_id(text: str) -> str:
    """A stable id from the content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def issued_of(text: str, fallback: datetime) -> datetime:
    """The date and time of a liveblog's `Stand:` line (Europe/Berlin), else the fallback."""
    m = STAND.search(text[:2000])
    if not m:
        return fallback
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    hour, minute = int(m.group(4) or 0), int(m.group(5) or 0)
    try:
        return datetime(year, month, day, hour, minute, tzinfo=BERLIN)
    except ValueError:
        return fallback


def body_start(text: str) -> int:
    """Offset after the header lines ("liveblog", "Stand: …") at the top of a text."""
    pos = 0
    for line in text.splitlines(keepends=True)[:3]:
        words = line.strip().lower()
        if words in HEADER_WORDS or STAND.match(line) or not words:
            pos += len(line)
        else:
            break
    return pos


def title_of(text: str, path: Path) -> str:
    """The first line of the body, shortened, or the file name."""
    rest = text[body_start(text):].strip().splitlines()
    line = rest[0].strip() if rest else path.stem
    return line if len(line) <= 120 else line[:117].rstrip() + "…"


def read_text(path: Path) -> str:
    """The text of a file: UTF-8, else cp1252; a clear error if it is not text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
    if _binary(raw[:8192]):
        raise GeokgError(Errors.E103, path=path, found="binary content")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return clean(text)


def clean(text: str) -> str:
    """Line breaks as \\n, other control characters as spaces (offsets stay valid).

    >>> clean("a\\r\\nb\\x00c\\x85d\\te")
    'a\\nb c d\\te'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROLS)


def _binary(head: bytes) -> bool:
    """True for bytes that are no text: a NUL, or many control bytes."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls > BINARY_SHARE * len(head)


def read_document(path: Path, source: str | None = None) -> Document:
    """One Document from one file (the article of an HTML page); a GeokgError if there is no text.

    `source` names the document within its collection (see `sources`); the file name by default.
    """
    source = source or path.name
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    except OSError as exc:
        raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = path.read_bytes()
        except OSError as exc:
            raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
        found = article(page, str(path))
        text = clean(found.text)
        return Document(document_id(text), text, found.title or title_of(text, path), source,
                        issued_of(text, found.issued or mtime))
    text = read_text(path)
    if not text.strip():
        raise GeokgError(Errors.E104, path=path)
    return Document(document_id(text), text, title_of(text, path), source, issued_of(text, mtime))


def sources(inputs: list[Path]) -> Iterator[tuple[Path, str]]:
    """Files named, and text files found in folders named (in a stable order), with source names.

    A file named is its name; a file found in a folder is its path within that folder
    (2025-09-23/liveblog.txt), so two liveblog.txt in two subfolders stay two documents, while a
    rebuild of the same folder replaces each file's earlier version in a store.
    """
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not p.name.startswith("."))
            yield from ((p, p.relative_to(item).as_posix()) for p in found)
        elif item.exists():
            yield item, item.name
        else:
            raise GeokgError(Errors.E102, path=item)
