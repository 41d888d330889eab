"""SPARQL over exported graphs: run a query (text or .rq file) in the engine, format the answer; read a file.

Queries run in Oxigraph (graph/engine.py). rdflib keeps what it is best at here: `load_graph` gives
`geokg stats` an rdflib Graph to walk, read by Oxigraph's parsers (which never fetch a remote
JSON-LD ``@context``).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from geokg.errors import Errors, GeokgError
from geokg.graph.engine import DEFAULT_TIMEOUT, Answer, GraphFile, execute, one_line
from geokg.graph.names import PREFIXES
from geokg.graph.protocol import declared

if TYPE_CHECKING:  # the query path runs without rdflib; load_graph imports it
    from rdflib import Graph


def read_quads(path: Path) -> list[ox.Quad]:
    """The quads of an exported graph file (.ttl, .trig, .nt, .nq, .jsonld), read by Oxigraph."""
    syntax = GraphFile(path).syntax()
    try:
        return list(ox.parse(path=str(path), format=syntax))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GeokgError(Errors.E403, path=path, reason=one_line(exc)) from exc


def load_graph(path: Path) -> Graph:
    """An exported graph as one rdflib Graph: the union of its named graphs, each triple once."""
    from rdflib import Graph

    from geokg.graph.store import from_ox

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for quad in read_quads(path):
        g.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return g


def query_text(sparql: str) -> str:
    """The query text: read from a .rq file if one is named, with the geokg prefixes it uses declared."""
    if sparql.endswith(".rq") and Path(sparql).is_file():
        sparql = Path(sparql).read_text(encoding="utf-8")
    return declared(sparql)


def run_query(path: Path, sparql: str, timeout: float = DEFAULT_TIMEOUT, allow_service: bool = False) -> Answer:
    """Run SPARQL over an exported graph file (in the engine, stopped at `timeout` seconds)."""
    return execute(GraphFile(path), sparql, timeout=timeout, allow_service=allow_service)


def _cell(value: str | None) -> str:
    return "" if value is None else value


def format_result(answer: Answer, fmt: str = "table") -> str:
    """The answer as an aligned text table, CSV or JSON (ASK → true/false, CONSTRUCT → Turtle)."""
    if answer.kind == "ASK":
        return ("true" if answer.boolean() else "false") + "\n"
    if answer.kind == "CONSTRUCT":
        data = ox.serialize(answer.triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return data.decode("utf-8") if data else ""
    names, values = answer.solutions()
    rows = [[_cell(v) for v in row] for row in values]
    if fmt == "json":
        return json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue()
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
