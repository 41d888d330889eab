"""Where a query runs: Oxigraph (pyoxigraph), in a child process that a timeout can stop.

rdflib's SPARQL engine needs minutes and gigabytes for the library's joins on a graph of a few
hundred articles; Oxigraph answers them in milliseconds. Oxigraph's Python binding evaluates a
query in Rust, where nothing can interrupt it, so every query runs in a child process (a fresh
``python -m geokg.graph.engine``, about a tenth of a second to start) that is killed at its
timeout. The child loads the dataset, runs the query and sends the answer back as bytes in a
standard format, which `geokg serve` passes on as it is and `geokg query` prints.

What a query sees (the same in every case, and the same as in `oxigraph serve` over a store):

- a graph file: ``.ttl``, ``.nt`` and ``.jsonld`` as they are; ``.trig`` and ``.nq`` with their
  named graphs, and as default graph their union, each triple once — what ``graph.ttl`` holds;
- a store (graph/store.py), opened read-only: its default graph is that union too; ``GRAPH ?g``
  reaches the documents' graphs and the background graph, not the bookkeeping.

Before it runs, a query passes graph/guard.py (no SERVICE, updates or foreign FROM). JSON-LD is
read by Oxigraph, which never fetches a remote ``@context``.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "g.ttl"
...     _ = path.write_text("<https://w3id.org/geokg/id/a> a <https://w3id.org/geokg/ontology#Country> .")
...     execute(GraphFile(path), "SELECT ?c WHERE { ?c a gkg:Country }").rows()
[['https://w3id.org/geokg/id/a']]
"""
from __future__ import annotations

import json
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from geokg.errors import Errors, GeokgError
from geokg.graph import guard
from geokg.graph.names import PREFIXES, RECORDS

#: Seconds a query may run unless told otherwise (`--timeout`).
DEFAULT_TIMEOUT = 60.0

#: The RDF syntax of a graph file, by suffix.
SYNTAX = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
          ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}

#: Reading a store that a build is writing: RocksDB may replace a file between listing and reading it,
#: so a read that fails is tried this many times in all, after pauses of RETRY_PAUSE seconds, doubling.
READ_ATTEMPTS = 5
RETRY_PAUSE = 0.1


@dataclass(frozen=True)
class GraphFile:
    """An exported graph file (``graph.ttl``, ``graph.trig``, …), loaded into memory for each query."""

    path: Path

    def syntax(self) -> ox.RdfFormat:
        """The file's RDF syntax, from its suffix; E401 for another, E402 if there is no such file."""
        found = SYNTAX.get(self.path.suffix.lower())
        if found is None:
            raise GeokgError(Errors.E401, path=self.path)
        if not self.path.is_file():
            raise GeokgError(Errors.E402, path=self.path)
        return found

    def open(self) -> tuple[ox.Store, dict[str, Any]]:
        """An in-memory store with the file's quads (a dataset's union as default graph), and query options."""
        syntax = self.syntax()
        store = ox.Store()
        try:
            store.bulk_load(path=str(self.path), format=syntax)
        except (SyntaxError, ValueError, OSError) as exc:
            raise GeokgError(Errors.E403, path=self.path, reason=one_line(exc)) from exc
        if syntax in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store, {}


@dataclass(frozen=True)
class StoreFolder:
    """A geokg store (``geokg build --store``), opened read-only, so any number of queries run beside a build."""

    path: Path

    def open(self) -> tuple[ox.Store, dict[str, Any]]:
        """The store, read-only, and the query options that hide its bookkeeping graph from ``GRAPH ?g``."""
        if not self.path.is_dir():
            raise GeokgError(Errors.E501, path=self.path)
        if not (self.path / "CURRENT").is_file():
            raise GeokgError(Errors.E502, path=self.path)
        store = open_read_only(self.path)
        try:
            graphs = [g for g in store.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value == RECORDS)]
        except (OSError, RuntimeError) as exc:
            raise GeokgError(Errors.E512, path=self.path, reason=store_reason(exc)) from exc
        return store, {"named_graphs": graphs}


def open_read_only(path: Path, attempts: int = READ_ATTEMPTS) -> ox.Store:
    """A store opened read-only, beside a writer and other readers; E511 if RocksDB finds it damaged.

    A build that writes meanwhile may replace a file between the moment RocksDB lists it and the
    moment it opens it, so an open that fails is tried again, a little later, `attempts` times in
    all before the store is called damaged. Opening read-only writes nothing into the folder, so a
    damaged store is left as it was.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if attempt + 1 < attempts:
                time.sleep(RETRY_PAUSE * 2 ** attempt)
                continue
            reason = store_reason(exc)
            if isinstance(exc, (RuntimeError, FileNotFoundError)) or "Corruption" in reason:
                raise GeokgError(Errors.E511, path=path, reason=reason) from exc
            raise GeokgError(Errors.E504, path=path, reason=reason) from exc
    raise AssertionError("unreachable")


def store_reason(exc: BaseException) -> str:
    """What pyoxigraph (RocksDB) says went wrong, on one line.

    >>> store_reason(RuntimeError("Corruption: Corruption: IO error: gone  The file kg/MANIFEST-5 may be corrupted."))
    'Corruption: IO error: gone The file kg/MANIFEST-5 may be corrupted.'
    """
    text = one_line(exc)
    while text.startswith("Corruption: Corruption: "):
        text = text[len("Corruption: "):]
    return text


Dataset = GraphFile | StoreFolder


@dataclass(frozen=True)
class Answer:
    """A query's answer as bytes: SPARQL results (SELECT, ASK) or RDF (CONSTRUCT, DESCRIBE).

    `kind` is "SELECT", "ASK" or "CONSTRUCT" (DESCRIBE answers as CONSTRUCT does); `media_type` names
    the format of `data`.
    """

    kind: str
    data: bytes
    media_type: str
    seconds: float = field(default=0.0, compare=False)

    def rows(self) -> list[list[str | None]]:
        """A SELECT answer's rows as lexical forms (None where a variable is unbound)."""
        return self.solutions()[1]

    def records(self) -> list[dict[str, str]]:
        """A SELECT answer's rows as {variable: lexical form} ("" where unbound), as ``--format json`` prints them."""
        names, rows = self.solutions()
        return [{n: "" if v is None else v for n, v in zip(names, row)} for row in rows]

    def solutions(self) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT answer's variable names and rows of lexical forms (None where unbound).

        SPARQL results JSON is read with the json module; other formats with pyoxigraph, whose
        result objects must not outlive the thread that made them (a server answers in many).
        """
        if self.media_type == RESULTS:
            data = json.loads(self.data)
            if "results" not in data:
                raise ValueError(f"a {self.kind} answer has no rows")
            names = list(data["head"].get("vars", []))
            return names, [[_json_value(b.get(n)) for n in names] for b in data["results"]["bindings"]]
        parsed = ox.parse_query_results(self.data, format=results_format(self.media_type))
        if not isinstance(parsed, ox.QuerySolutions):
            raise ValueError(f"a {self.kind} answer has no rows")
        names = [v.value for v in parsed.variables]
        rows = [[None if s[n] is None else str(getattr(s[n], "value", s[n])) for n in names] for s in parsed]
        del parsed
        return names, rows

    def boolean(self) -> bool:
        """An ASK answer."""
        if self.media_type == RESULTS:
            return bool(json.loads(self.data)["boolean"])
        return bool(ox.parse_query_results(self.data, format=results_format(self.media_type)))

    def triples(self) -> list[ox.Triple]:
        """A CONSTRUCT or DESCRIBE answer's triples."""
        return [quad.triple for quad in ox.parse(self.data, format=rdf_format(self.media_type))]


def _json_value(binding: dict[str, Any] | None) -> str | None:
    """The lexical form of one value of SPARQL results JSON (an RDF-star triple as its JSON text)."""
    if binding is None:
        return None
    value = binding.get("value")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """The SPARQL results format of a media type (JSON, XML, CSV, TSV)."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media_type}")
    return fmt


def rdf_format(media_type: str) -> ox.RdfFormat:
    """The RDF format of a media type (N-Triples, Turtle, RDF/XML, …)."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {media_type}")
    return fmt


#: The media types answers come in unless asked otherwise: SPARQL results JSON, N-Triples.
RESULTS = ox.QueryResultsFormat.JSON.media_type
TRIPLES = ox.RdfFormat.N_TRIPLES.media_type


def execute(dataset: Dataset, query: str, *, timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False,
            results: str = RESULTS, graphs: str = TRIPLES) -> Answer:
    """Run a query over a dataset in a child process; GeokgError if it is refused, fails or hits `timeout`.

    `results` is the media type of a SELECT or ASK answer (JSON, XML, CSV, TSV), `graphs` that of a
    CONSTRUCT or DESCRIBE one (N-Triples, Turtle, RDF/XML, …).
    """
    if timeout <= 0:
        raise GeokgError(Errors.E419, value=timeout)
    guard.check(query, allow_service, PREFIXES)
    return in_child(evaluate, (dataset, query, results, graphs), timeout)


def evaluate(dataset: Dataset, query: str, results: str = RESULTS, graphs: str = TRIPLES) -> Answer:
    """Open the dataset and run the query in this process (the child's work; `execute` guards it first)."""
    started = time.perf_counter()
    for attempt in range(READ_ATTEMPTS):
        store, options = dataset.open()
        try:
            return answer_of(store.query(query, prefixes=PREFIXES, **options), results, graphs, started)
        except (OSError, RuntimeError) as exc:  # a file a concurrent build removed, or an evaluation error
            on_disk = isinstance(dataset, StoreFolder)
            if on_disk and "Corruption" in str(exc):
                raise GeokgError(Errors.E512, path=dataset.path, reason=store_reason(exc)) from None
            if attempt + 1 == READ_ATTEMPTS or not on_disk or "No such file" not in str(exc):
                raise GeokgError(Errors.E404, reason=one_line(exc)) from None
            time.sleep(RETRY_PAUSE * 2 ** attempt)
        except (SyntaxError, ValueError) as exc:
            raise GeokgError(Errors.E404, reason=one_line(exc)) from None
    raise AssertionError("unreachable")


def answer_of(found: Any, results: str = RESULTS, graphs: str = TRIPLES, started: float | None = None) -> Answer:
    """A pyoxigraph query answer serialized as an `Answer` (results in `results`, triples in `graphs`)."""
    if isinstance(found, ox.QueryTriples):
        kind, data, media_type = "CONSTRUCT", found.serialize(format=rdf_format(graphs)), graphs
    else:
        kind = "ASK" if isinstance(found, ox.QueryBoolean) else "SELECT"
        data, media_type = found.serialize(format=results_format(results)), results
    return Answer(kind, data or b"", media_type, time.perf_counter() - started if started is not None else 0.0)


def one_line(exc: BaseException) -> str:
    """What an exception says, on one line (its type's name if it says nothing).

    >>> one_line(SyntaxError("error at 1:7: expected WHERE\\n  SELECT ?x {"))
    'error at 1:7: expected WHERE SELECT ?x {'
    """
    return " ".join(str(exc).split()) or type(exc).__name__


def in_child(function: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
    """`function(*args)` in a fresh Python process: its result, or its GeokgError; E417 once `timeout` seconds pass.

    The child is ``python -m geokg.graph.engine``: it reads the pickled call on stdin and writes the
    pickled outcome on stdout. A fresh interpreter (not a fork) is safe in a threaded server and
    does not run the parent's main module again, and killing it frees all it held.
    """
    payload = pickle.dumps((function, args))
    with subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as child:
        try:
            out, err = child.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise GeokgError(Errors.E417, seconds=timeout) from None
        except BaseException:
            child.kill()
            raise
    if child.returncode != 0 or not out:
        last = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()][-1:]
        raise GeokgError(Errors.E418, reason=f"exit status {child.returncode}" + "".join(f": {ln}" for ln in last))
    ok, value = pickle.loads(out)
    if not ok:
        raise value
    return value


def child_main() -> None:
    """The child of `in_child`: run the pickled call from stdin, write (True, result) or (False, error) to stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops the child
    function, args = pickle.loads(sys.stdin.buffer.read())
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except GeokgError as exc:
        outcome = (False, exc)
    except Exception as exc:  # noqa: BLE001 - a bug in the child: one line for the parent to print
        outcome = (False, GeokgError(Errors.E418, reason=f"{type(exc).__name__}: {one_line(exc)}"))
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    from geokg.graph.engine import child_main as main  # this module under its own name, so results unpickle

    main()
