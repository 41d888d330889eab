"""Exporters that turn the assembled graph into files, looked up by format name in one table.

>>> sorted(FORMATS)[:3]
['graphml', 'html', 'jsonl']
"""
from __future__ import annotations

import importlib
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Dataset

from geokg.extract.model import Document
from geokg.errors import Errors, GeokgError

if TYPE_CHECKING:
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
    Exporter("nq", "graph.nq", "geokg.exports.rdf:write_nquads", "named graphs as N-Quads (bulk loaders)"),
    Exporter("jsonld", "graph.jsonld", "geokg.exports.jsonld:write_jsonld", "named graphs as JSON-LD, context inline",
             needs_dataset=True),
    Exporter("graphml", "graph.graphml", "geokg.exports.graphml:write_graphml", "the entity graph for Gephi/yEd"),
    Exporter("neo4j", "neo4j/", "geokg.exports.neo4j:write_neo4j", "a folder of neo4j-admin import CSVs"),
    Exporter("jsonl", "statements.jsonl", "geokg.exports.jsonl:write_jsonl", "one JSON object per statement"),
    Exporter("html", "graph.html", "geokg.exports.html:write_bundle", "the interactive offline explorer"),
)}
DEFAULT_FORMATS = ("ttl", "trig", "jsonl", "html")


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

    An interrupted build leaves the previous files as they were; a killed one may leave its hidden
    temporary folder, which the next build into `out` removes.
    """
    writers = [(FORMATS[n].filename, get(n)) for n in check(formats)]
    tmp = work_folder(out)
    try:
        for filename, write in writers:
            try:
                write(bundle, tmp / filename)
            except OSError as exc:
                raise GeokgError(Errors.E301, path=out / filename, reason=exc.strerror or exc) from exc
        written = []
        for filename, _ in writers:
            target = out / filename
            if target.exists() and (target.is_dir() or (tmp / filename).is_dir()):
                # a folder format (neo4j/) cannot be renamed over a non-empty folder: the old one goes aside first
                os.replace(target, Path(tempfile.mkdtemp(prefix="old-", dir=tmp)) / target.name)
            os.replace(tmp / filename, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
