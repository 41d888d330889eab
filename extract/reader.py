"""Reading input: text files and folders of them → Documents with date, title and source.

Text comes as news sites and editors deliver it: UTF-8 with a stray cp1252 byte, cp1252 or Latin-1
throughout, UTF-16 with a byte order mark, a NUL from a broken export. What can be read is read, and
what was repaired is said (a logging warning naming the file and the lines); what is no text (an
image, an archive, a named pipe) is refused with a message saying what it is.

A JSON Lines or CSV file holds one article per record, as news crawlers write them (`read_documents`).

A document's date is what the document says (`issued_of`: a `Stand:` line, the page's or record's
metadata, an agency or ticker stamp) or what the user says (`--date`), never the file's modification
time or the clock: the same text gives the same graph whenever and wherever it is read. A document
with none is undated (`Document.issued` is None).
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path

from geokg.extract import stamps
from geokg.extract.html import SUFFIXES as HTML_SUFFIXES
from geokg.extract.html import article
from geokg.extract.model import Document
from geokg.extract.normalize import normalize
from geokg.extract.stamps import BERLIN, STAND
from geokg.errors import Errors, GeokgError

HEADER_WORDS = frozenset({"liveblog", "live", "ticker", "newsticker"})
#: Files of articles as news crawlers write them (trafilatura, news-please): one record per article.
RECORD_SUFFIXES = frozenset({".jsonl", ".csv"})
SUFFIXES = frozenset({".txt", ".text", ".md", ""}) | HTML_SUFFIXES | RECORD_SUFFIXES
#: The fields of a record, each under the names crawlers give it (the first found is taken).
FIELDS = {"text": ("text", "maintext"), "date": ("date", "date_publish", "published"), "title": ("title",),
          "url": ("url",), "source": ("source",), "id": ("id",)}
MAX_TOLD = 5  # skipped records of a file told one by one; the rest in one line
MAX_FIELD = 1 << 26  # characters of one CSV field
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
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


def issued_of(text: str, given: datetime | None = None) -> datetime | None:
    """The date a text gives itself, or None (undated): never the file's time or the clock.

    In this order: the `Stand:` line of a liveblog; `given`, the date the page's or record's
    metadata gives; an agency stamp "(APA, 11.9.2015)"; the latest ticker entry's stamp
    (extract/stamps.py).

    >>> issued_of("Wien – Die Regierung berät. (APA, 11.9.2015)").date().isoformat()
    '2015-09-11'
    >>> issued_of("Wien – Die Regierung berät.") is None
    True
    """
    return stamps.stand(text) or given or stamps.agency(text) or stamps.latest_entry(text)


def parse_date(value: str) -> datetime:
    """A date as records and users give it (2015-09-11, 2015-09-11 10:00:00, …+02:00, 11.9.2015);
    a time without a zone is Berlin's, a date alone midnight. A ValueError if it is no date.

    >>> parse_date("2015-09-11").isoformat(), parse_date("2015-09-11T08:00:00Z").isoformat()
    ('2015-09-11T00:00:00+02:00', '2015-09-11T08:00:00+00:00')
    """
    value = value.strip()
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    if m:
        value = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.combine(date.fromisoformat(value), time(0, 0), tzinfo=BERLIN)
    when = datetime.fromisoformat(value)
    return when if when.tzinfo is not None else when.replace(tzinfo=BERLIN)


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


def title_of(text: str, path: Path | str) -> str:
    """The first line of the body (not a ticker entry's stamp), shortened, or the file name."""
    rest = [line for line in text[body_start(text):].strip().splitlines()
            if line.strip() and not stamps.is_stamp_line(line)]
    line = rest[0].strip() if rest else Path(path).stem
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


def read_document(path: Path, source: str | None = None, default_date: datetime | None = None) -> Document:
    """One Document from one file (the article of an HTML page); a GeokgError if there is no text.

    `source` names the document within its collection (see `sources`); the file name by default.
    The document's text is the text as read; its id, title and date come from the text normalized
    (extract/normalize.py), as its statements do. Its date is the one the text gives (`issued_of`),
    else `default_date` (the user's `--date`), else none: never the file's modification time.
    """
    source = source or path.name
    _check_regular(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = path.read_bytes()
        except OSError as exc:
            raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
        found = article(page, str(path))
        return _document(clean(found.text), source, path, found.title, found.issued, default_date)
    text = read_text(path)
    if not text.strip():
        raise GeokgError(Errors.E104, path=path)
    return _document(text, source, path, None, None, default_date)


def _document(text: str, source: str, name: Path | str, title: str | None, given: datetime | None,
              default_date: datetime | None, url: str | None = None) -> Document:
    """A Document of a text as read, its id, title and date taken from the text normalized: the title
    given, else the text's first line (else `name`); the text's own date, else `given`, else `default_date`."""
    plain = normalize(text).text
    return Document(_digest(plain), text, title or title_of(plain, name), source,
                    issued_of(plain, given) or default_date, url=url)


def read_documents(path: Path, source: str | None = None, default_date: datetime | None = None) -> Iterator[Document]:
    """The Documents of one file: one per record of a JSON Lines or CSV file, else the one `read_document` reads.

    A record (a JSON object a line; a CSV row under a header) holds an article as news crawlers
    write it: `text` (news-please: `maintext`) and optionally `date` (`date_publish`), `url`,
    `title`, `source`, `id`. Each is its own Document, named by its `source`, else its `url`, else
    its `id`, else `<file>:<line>`; dated by its text (`issued_of`), else its `date`, else
    `default_date`. A record that cannot be read (no text, not JSON, a date that is none) is
    skipped with a warning naming the file and the line; a file without one readable record is
    a GeokgError (E120).
    """
    if path.suffix.lower() not in RECORD_SUFFIXES:
        yield read_document(path, source, default_date)
        return
    source = source or path.name
    _check_regular(path)
    read = skipped = 0
    for line, record in _records(path):
        try:
            yield _record_document(record, line, source, default_date)
            read += 1
        except ValueError as exc:
            skipped += 1
            if skipped <= MAX_TOLD:
                _warn(GeokgError(Errors.E118, path=path, line=line, reason=exc))
    if skipped > MAX_TOLD:
        _warn(GeokgError(Errors.E121, path=path, count=skipped - MAX_TOLD))
    if not read:
        raise GeokgError(Errors.E120, path=path)


def _records(path: Path) -> Iterator[tuple[int, dict[str, object] | ValueError]]:
    """(line, record) of a JSON Lines or CSV file, read as it streams; a record that is no object is a ValueError."""
    try:
        with path.open("rb") as fh:
            found = _binary(fh.read(HEAD))
        if found:
            raise GeokgError(Errors.E103, path=path, found=found)
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            if path.suffix.lower() == ".csv":
                yield from _csv_records(fh)
            else:
                yield from _json_records(fh)
    except OSError as exc:
        raise GeokgError(Errors.E101, path=path, reason=exc.strerror or exc) from exc
    except csv.Error as exc:
        raise GeokgError(Errors.E119, path=path, reason=exc) from exc


def _json_records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, object] | ValueError]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ValueError(f"not JSON ({exc.msg}, column {exc.colno})")
            continue
        yield number, record if isinstance(record, dict) else ValueError("not a JSON object")


def _csv_records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, object] | ValueError]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))  # an article is longer than csv's 128 KiB
    reader = csv.DictReader(lines)
    start = 2  # the line the next record starts on (the header is line 1)
    for row in reader:
        yield start, {k.strip().lower(): v for k, v in row.items() if isinstance(k, str)}
        start = reader.line_num + 1


def _field(record: dict[str, object], name: str) -> str | None:
    """A record's field under any of its names (FIELDS), as text; None if missing, empty or no text (a list)."""
    for key in FIELDS[name]:
        value = record.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip() if name != "text" else str(value)
    return None


def _record_document(record: dict[str, object] | ValueError, line: int, source: str,
                     default_date: datetime | None) -> Document:
    """The Document of one record; a ValueError saying why a record is none."""
    if isinstance(record, ValueError):
        raise record
    raw = _field(record, "text")
    if raw is None:
        raise ValueError("no text")
    text = clean(raw)
    given = _field(record, "date")
    try:
        dated = parse_date(given) if given is not None else None
    except ValueError:
        raise ValueError(f"date {given!r} is not a date") from None
    url = _field(record, "url")
    if url is not None and not URL.match(url):
        url = None  # no address an RDF loader takes: the record is named by its other fields
    name = _field(record, "source") or url or _field(record, "id") or f"{source}:{line}"
    return _document(text, name, name, _field(record, "title"), dated, default_date, url)


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
