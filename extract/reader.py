"""Reading input: text files and folders of them → Documents with date, title and source.

Text comes as news sites and editors deliver it: UTF-8 with a stray cp1252 byte, cp1252 or Latin-1
throughout, UTF-16 with a byte order mark, a NUL from a broken export. What can be read is read, and
what was repaired is said (a logging warning naming the file and the lines); what is no text (an
image, an archive, a named pipe) is refused with a message saying what it is.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Collection, Iterator
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from geokg.extract.html import SUFFIXES as HTML_SUFFIXES
from geokg.extract.html import article
from geokg.extract.model import Document
from geokg.extract.normalize import normalize
from geokg.errors import Errors, GeokgError

BERLIN = ZoneInfo("Europe/Berlin")
STAND = re.compile(r"^\s*Stand:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})\s*Uhr)?", re.M)
HEADER_WORDS = frozenset({"liveblog", "live", "ticker", "newsticker"})
SUFFIXES = frozenset({".txt", ".text", ".md", ""}) | HTML_SUFFIXES
# Control characters (but tab and line break) become spaces: RDF, XML and JSON writers choke on
# them, and one character for one keeps every offset into the text valid.
CONTROLS = {c: " " for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
BINARY_SHARE = 0.05  # more control bytes than this in the first 8 KiB: not text
HEAD = 8192
#: Byte order marks and the codec they name (UTF-32 first: its little-endian mark starts as UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))
UTF8_BOM = b"\xef\xbb\xbf"
#: The first bytes of files that are often named as input by mistake, and what they are.
MAGIC = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
         (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
         (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"),
         (b"\x1f\x8b", "gzip-compressed data"), (b"\xfd7zXZ\x00", "xz-compressed data"),
         (b"(\xb5/\xfd", "zstd-compressed data"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
         (b"\x7fELF", "a program (ELF)"), (b"SQLite format 3\x00", "an SQLite database"))
#: Bytes that are not valid UTF-8 come out of surrogateescape as U+DC80-U+DCFF; each is read as cp1252.
STRAY = re.compile("[\udc80-\udcff]")
REPAIR = {0xDC00 + b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0x100)}
KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
log = logging.getLogger(__name__)


def document_id(text: str) -> str:
    """A stable id from the content as the pipeline reads it (normalized): 16 hex digits of its SHA-256.

    >>> document_id("Russ\\u00adland greift an.") == document_id("Russland greift an.")
    True
    """
    return _digest(normalize(text).text)


def _digest(plain: str) -> str:
    """The id of a normalized text."""
    return hashlib.sha256(plain.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


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
    """The text of a file (see the module's docstring); a GeokgError if it is not text."""
    _check_regular(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
    text = decode(raw, path)
    if "\x00" in text:
        found = [m.start() for m in re.finditer("\x00", text)]
        _warn(GeokgError(Errors.E112, path=path, bytes=_count(len(found), "NUL byte"),
                         lines=_lines(text, found)))
    return clean(text)


def decode(raw: bytes, path: Path | str = "input") -> str:
    """The text of the bytes of a file.

    A byte order mark names the codec (UTF-8, UTF-16, UTF-32); else UTF-8, where a few bytes that
    are not UTF-8 (a cp1252 "ü" pasted into UTF-8) are read as cp1252 with a warning, and a text
    with more such bytes than UTF-8 sequences is cp1252 throughout. Bytes that are no text (an image,
    an archive, mostly control bytes) are a GeokgError (E103) saying what they are.

    >>> decode("Müller".encode("utf-16"))
    'Müller'
    >>> decode("Präsident Müller".encode("utf-8").replace(b"\\xc3\\xbc", b"\\xfc"))
    'Präsident Müller'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    geokg.errors.GeokgError: [E103] input is not a text file (binary data: a PNG image)
    """
    for bom, codec in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                text = raw.decode(codec, errors="replace")
                bad = [m.start() for m in re.finditer("\ufffd", text)]
                _warn(GeokgError(Errors.E113, path=path, bytes=_count(len(bad), "character"),
                                 codec=codec.upper(), lines=_lines(text, bad)))
                return text
    raw = raw.removeprefix(UTF8_BOM)
    found = _binary(raw[:HEAD])
    if found:
        raise GeokgError(Errors.E103, path=path, found=found)
    utf16 = _utf16_without_bom(raw[:HEAD])
    if utf16:
        return raw.decode(utf16, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")
    stray = [m.start() for m in STRAY.finditer(text)]
    if len(stray) > len(raw) - len(text):  # more odd bytes than bytes in UTF-8 sequences: not UTF-8
        return raw.decode("cp1252", errors="replace")
    _warn(GeokgError(Errors.E111, path=path, bytes=_count(len(stray), "byte"), lines=_lines(text, stray)))
    return STRAY.sub(lambda m: REPAIR[ord(m.group())], text)


def clean(text: str) -> str:
    """Line breaks as \\n, other control characters as spaces (offsets stay valid).

    >>> clean("a\\r\\nb\\x00c\\x85d\\te")
    'a\\nb c d\\te'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROLS)


def _binary(head: bytes) -> str | None:
    """What the first bytes of a file are if they are no text ("a PNG image"), else None."""
    for magic, what in MAGIC:
        if head.startswith(magic):
            return f"binary data: {what}"
    if _utf16_without_bom(head):
        return None
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    if controls > BINARY_SHARE * len(head):
        size = "8 KiB" if len(head) == HEAD else f"{len(head)} bytes"
        return f"binary data: {controls} control bytes in the first {size}"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16-LE or -BE if the bytes look like it without a byte order mark (every other byte NUL)."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    if odd > 0.4 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.4 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def _check_regular(path: Path) -> os.stat_result:
    """The file's status; a GeokgError if it cannot be read or is no regular file (a named pipe would hang)."""
    try:
        status = path.stat()
    except OSError as exc:
        raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
    if not stat.S_ISREG(status.st_mode):
        kind = next((what for test, what in KINDS if test(status.st_mode)), "not a file")
        raise GeokgError(Errors.E109, path=path, kind=kind)
    return status


def _warn(problem: GeokgError) -> None:
    """Log a problem the reader got over (its message is in the table of geokg/errors.py) as a warning."""
    log.warning("%s", problem.message)


def _count(n: int, noun: str) -> str:
    """ "1 byte", "3 bytes"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _lines(text: str, positions: list[int], most: int = 5) -> str:
    """The line numbers of these (sorted) offsets: "line 3", "lines 3, 7, 12, 15, 20, …"."""
    lines: list[int] = []
    line, last = 1, 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        if not lines or lines[-1] != line:
            lines.append(line)
        if len(lines) > most:
            break
    if len(lines) == 1:
        return f"line {lines[0]}"
    shown = ", ".join(map(str, lines[:most]))
    return f"lines {shown}" if len(lines) <= most else f"lines {shown}, …"


def read_document(path: Path, source: str | None = None) -> Document:
    """One Document from one file (the article of an HTML page); a GeokgError if there is no text.

    `source` names the document within its collection (see `sources`); the file name by default.
    The document's text is the text as read; its id, title and date come from the text normalized
    (extract/normalize.py), as its statements do.
    """
    source = source or path.name
    mtime = datetime.fromtimestamp(_check_regular(path).st_mtime, tz=timezone.utc)
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = path.read_bytes()
        except OSError as exc:
            raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
        found = article(page, str(path))
        text = clean(found.text)
        plain = normalize(text).text
        return Document(_digest(plain), text, found.title or title_of(plain, path), source,
                        issued_of(plain, found.issued or mtime))
    text = read_text(path)
    if not text.strip():
        raise GeokgError(Errors.E104, path=path)
    plain = normalize(text).text
    return Document(_digest(plain), text, title_of(plain, path), source, issued_of(plain, mtime))


def sources(inputs: list[Path], out: Path | None = None,
            outputs: Collection[str] = ()) -> Iterator[tuple[Path, str]]:
    """Files named, and text files found in folders named (in a stable order), with source names.

    A file named is its name; a file found in a folder is its path within that folder
    (2025-09-23/liveblog.txt), so two liveblog.txt in two subfolders stay two documents, while a
    rebuild of the same folder replaces each file's earlier version in a store.

    A build's own files are never its input: nothing in a hidden folder (a build's `.geokg-*` work
    folder, `.git`) is read, nor, with `out` (the build's output folder), any of `outputs` (the
    names of the files and folders a build writes) in it. A warning says so once if `out` lies in
    an input folder. A named pipe or device named is a GeokgError (E109): reading it would hang.
    """
    told = False
    own = out.resolve() if out is not None else None
    for item in inputs:
        if item.is_dir():
            skip = _outputs_in(item, own, outputs)
            if skip and not told:
                _warn(GeokgError(Errors.E116, out=out, folder=item))
                told = True
            found = sorted(p for p in _walk(item, skip) if p.suffix.lower() in SUFFIXES)
            yield from ((p, p.relative_to(item).as_posix()) for p in found)
        elif item.is_file():
            if own is not None and item.name in outputs and item.resolve().parent == own:
                _warn(GeokgError(Errors.E117, path=item, out=out))
                continue
            yield item, item.name
        elif item.exists():
            _check_regular(item)
        else:
            raise GeokgError(Errors.E102, path=item)


def _outputs_in(folder: Path, out: Path | None, outputs: Collection[str]) -> set[Path]:
    """The paths within `folder` (relative) of the outputs a build into `out` writes, if `out` lies in it."""
    if out is None or not outputs:
        return set()
    try:
        inside = out.relative_to(folder.resolve())
    except ValueError:
        return set()
    return {inside / name for name in outputs}


def _walk(folder: Path, skip: set[Path]) -> Iterator[Path]:
    """The regular files in a folder and its subfolders, but hidden ones, those in hidden folders and `skip`."""
    for top, folders, files in os.walk(folder):
        here = Path(top)
        rel = here.relative_to(folder)
        folders[:] = [f for f in folders if not f.startswith(".") and rel / f not in skip]
        for name in files:
            path = here / name
            if not name.startswith(".") and rel / name not in skip and path.is_file():
                yield path
