"""Exporters that turn the assembled graph into files, looked up by format name in one table.

>>> sorted(FORMATS)[:3]
['graphml', 'html', 'jsonl']
"""
from __future__ import annotations

import errno
import importlib
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from geokg.extract.model import Document
from geokg.errors import Errors, GeokgError

if TYPE_CHECKING:  # the table is read by the CLI at start-up: no networkx or rdflib then
    import networkx as nx
    from rdflib import Dataset

    from geokg.graph.spool import QuadSpool


@dataclass
class Bundle:
    """Everything an exporter may draw from: the RDF dataset, the networkx graph, the documents."""

    dataset: Dataset
    #: The entity graph; None to have it made from `documents` when a writer needs it (`entity_graph`).
    network: nx.MultiDiGraph | None
    #: A list, or a spool on disk (graph/spool.py) read again by each writer that needs it.
    documents: Iterable[Document]
    title: str = "geokg"
    #: The same graph as (graph term or "", triple) in N-Quads syntax, when the build made it without
    #: rdflib (graph/shards.py); the RDF writers derive it from `dataset` otherwise (exports/rdf.py).
    quads: QuadSpool | None = None

    def entity_graph(self) -> nx.MultiDiGraph:
        """The entity graph, made from the documents the first time a writer asks for it."""
        if self.network is None:
            from geokg.graph.network import to_networkx

            self.network = to_networkx(self.documents)
        return self.network


Writer = Callable[[Bundle, Path], None]


@dataclass(frozen=True)
class Exporter:
    """A format: the file it writes, the function (module:name) that writes it, and what it reads.

    Most writers read the graph as quads (`Bundle.quads`) or the documents; one that reads the rdflib
    Dataset says so with `needs_dataset`, and only then does a build make one (slow and large at scale).
    """

    name: str
    filename: str
    target: str
    description: str
    needs_dataset: bool = False

    def load(self) -> Writer:
        """Import and return the writer function."""
        module, func = self.target.split(":")
        writer: Writer = getattr(importlib.import_module(module), func)
        return writer


FORMATS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("ttl", "graph.ttl", "geokg.exports.rdf:write_turtle", "the union of all graphs as Turtle"),
    Exporter("trig", "graph.trig", "geokg.exports.rdf:write_trig", "one named graph per document, TriG"),
    Exporter("nt", "graph.nt", "geokg.exports.rdf:write_ntriples", "the union as N-Triples"),
    Exporter("nq", "graph.nq", "geokg.exports.rdf:write_nquads", "named graphs as N-Quads, for bulk loaders"),
    Exporter("jsonld", "graph.jsonld", "geokg.exports.jsonld:write_jsonld", "named graphs as JSON-LD, context inline",
             needs_dataset=True),
    Exporter("graphml", "graph.graphml", "geokg.exports.graphml:write_graphml", "the entity graph for Gephi/yEd"),
    Exporter("neo4j", "neo4j/", "geokg.exports.neo4j:write_neo4j", "a folder of neo4j-admin import CSVs"),
    Exporter("jsonl", "statements.jsonl", "geokg.exports.jsonl:write_jsonl", "one JSON object per statement"),
    Exporter("html", "graph.html", "geokg.exports.html:write_bundle", "the interactive offline explorer"),
    Exporter("void", "void.ttl", "geokg.exports.void:write_void", "the VoID description: counts, dates, version"),
)}
DEFAULT_FORMATS = ("ttl", "trig", "jsonl", "html", "void")


def get(name: str) -> Writer:
    """The writer for a format name; a GeokgError lists the known ones."""
    if name not in FORMATS:
        raise GeokgError(Errors.E303, name=name, known=", ".join(sorted(FORMATS)))
    return FORMATS[name].load()


def needs_dataset(formats: Iterable[str]) -> bool:
    """True if a writer of these formats reads the rdflib Dataset (see `Exporter.needs_dataset`).

    >>> needs_dataset(["ttl", "html"]), needs_dataset(["ttl", "jsonld"])
    (False, True)
    """
    return any(FORMATS[name].needs_dataset for name in check(formats))


def check(formats: Iterable[str]) -> list[str]:
    """The format names, without repeats; a GeokgError for an unknown one (before any work is done)."""
    names = list(dict.fromkeys(formats))
    for name in names:
        get(name)
    return names


TMP_PREFIX = ".geokg-"  # a build writes into DIR/.geokg-<pid>@<host>-<random>/, then renames


def export(bundle: Bundle, formats: Iterable[str], out: Path) -> list[Path]:
    """Write each format into `out`, all or nothing: files are written aside, then renamed in place.

    Interrupted while writing, it leaves the previous files as they were; interrupted while the
    files are renamed (microseconds), it finishes the renames first. Either way the KeyboardInterrupt
    says which. A killed build may leave its hidden temporary folder, which the next build into
    `out` removes.
    """
    writers = [(FORMATS[n].filename, get(n)) for n in check(formats)]
    tmp = work_folder(out)
    try:
        try:
            for filename, write in writers:
                _write(write, bundle, out, tmp, filename)
        except KeyboardInterrupt as exc:
            raise KeyboardInterrupt(str(exc) or "the previous output is unchanged") from None
        with interrupts_held("the new output is complete"):
            written = _put_in_place(tmp, out, [filename for filename, _ in writers])
            shutil.rmtree(tmp, ignore_errors=True)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write(write: Writer, bundle: Bundle, out: Path, tmp: Path, filename: str) -> None:
    """Write one file into `tmp`; a failure is told of the file in `out`, not of its temporary copy."""
    try:
        write(bundle, tmp / filename)
    except (OSError, GeokgError) as exc:
        cause = exc if isinstance(exc, OSError) else exc.__cause__  # a writer's own E301 names `tmp`
        if not isinstance(cause, OSError):
            raise
        raise cannot_write(cause, out, filename) from cause


def _put_in_place(tmp: Path, out: Path, filenames: list[str]) -> list[Path]:
    """Rename the finished files from `tmp` into `out`; return them."""
    written = []
    for filename in filenames:
        target = out / filename
        if target.exists() and (target.is_dir() or (tmp / filename).is_dir()):
            # a folder format (neo4j/) cannot be renamed over a non-empty folder: the old one goes aside first
            os.replace(target, Path(tempfile.mkdtemp(prefix="old-", dir=tmp)) / target.name)
        os.replace(tmp / filename, target)
        written.append(target)
    return written


def cannot_write(exc: OSError, out: Path, name: str | None = None) -> GeokgError:
    """The error for an OSError while writing `name` (a build's temporary files if None) into `out`."""
    if out_of_space(exc) and not _out_of_inodes(out):
        free = _megabytes(room(out))
        return GeokgError(Errors.E305, out=out, free=free) if name is None else \
            GeokgError(Errors.E304, name=name, out=out, free=free)
    reason = "its file system has no room for another file (no free inodes)" if out_of_space(exc) else \
        exc.strerror or exc
    return GeokgError(Errors.E301, path=out / (name or ""), reason=reason)


def _out_of_inodes(out: Path) -> bool:
    """Whether the disk is full because no file can be made there, though bytes are free."""
    if not hasattr(os, "statvfs"):  # Windows
        return False
    found = os.statvfs(out)
    return found.f_files > 0 and found.f_favail == 0  # btrfs and others count no inodes: f_files is 0


def out_of_space(exc: OSError) -> bool:
    """Whether the error is a full disk (or quota), also from pyoxigraph, which says so only in words.

    >>> out_of_space(OSError(28, "No space left on device")), out_of_space(OSError("No space left (os error 28)"))
    (True, True)
    """
    number = exc.errno
    if number is None:
        found = re.search(r"\(os error (\d+)\)", str(exc))
        number = int(found.group(1)) if found else None
    return number in (errno.ENOSPC, errno.EDQUOT)


def room(out: Path) -> int:
    """Bytes a build has in `out`: free on its disk, and what this process's temporary folders there hold."""
    mine = f"{TMP_PREFIX}{os.getpid()}@{socket.gethostname()}-*"
    held = sum(f.lstat().st_size for folder in out.glob(mine) for f in folder.rglob("*") if f.is_file())
    return shutil.disk_usage(out).free + held


def _megabytes(size: int) -> str:
    """A size for a message.

    >>> _megabytes(614_400), _megabytes(2_500_000_000)
    ('0.6 MB', '2,500.0 MB')
    """
    return f"{size / 1e6:,.1f} MB"


_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers  # what signal.getsignal gives


class _Held:
    """SIGINT's or SIGTERM's handler while a step must not stop halfway: keeps the signal for later."""

    def __init__(self, handlers: dict[int, _Handler]) -> None:
        self.handlers = handlers
        self.came: list[int] = []
        self.holding = True

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.came.append(signum)
            return
        # after the step, before this handler is replaced: act as the one it replaced
        handler = self.handlers[signum]
        if callable(handler):
            handler(signum, frame)
        else:
            signal.signal(signum, handler)
            signal.raise_signal(signum)


@contextmanager
def interrupts_held(note: str | None) -> Iterator[None]:
    """Run the block whole, Ctrl-C and SIGTERM held off; one that came is raised after it with `note`."""
    # Python runs signal handlers in the main thread only: in another, nothing can interrupt the block.
    # With `note` None the caller already stops with an error, and a signal that came is let go.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers: dict[int, _Handler] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if handler is not None and handler != signal.SIG_IGN:
            handlers[sig] = handler
    held = _Held(handlers)
    for signum in handlers:
        signal.signal(signum, held)
    try:
        yield
    except BaseException:
        held.holding = False
        _restore(handlers)
        raise
    try:
        held.holding = False
        _restore(handlers)
        if held.came and note is not None:
            signal.raise_signal(held.came[0])  # its own handler again: KeyboardInterrupt, or the default action
    except KeyboardInterrupt:
        if note is None:
            raise
        raise KeyboardInterrupt(note) from None


def _restore(handlers: dict[int, _Handler]) -> None:
    """Put the signal handlers back."""
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def work_folder(out: Path) -> Path:
    """A new hidden folder in `out` (made if need be) for a build's temporary files; E302 if it cannot be."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}@{socket.gethostname()}-", dir=out))
    except OSError as exc:
        raise GeokgError(Errors.E302, path=out, reason=exc.strerror or exc) from exc


def remove_stale(out: Path) -> list[Path]:
    """Remove the temporary folders that killed builds on this host left in `out`; return them."""
    host = socket.gethostname()
    removed = []
    for path in out.glob(TMP_PREFIX + "*"):
        owner, _, rest = path.name[len(TMP_PREFIX):].partition("@")
        if owner.isdigit() and rest.rsplit("-", 1)[0] == host and not _alive(int(owner)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    """True if a process with this id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
