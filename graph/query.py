"""SPARQL over exported graphs: load a file, run a query (text or .rq file), format the answer."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.query import Result

from geokg.errors import Errors, GeokgError
from geokg.graph.assemble import PREFIXES

FORMATS_BY_SUFFIX = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}


def load_graph(path: Path) -> Graph:
    """Parse an exported graph; named-graph formats become a Dataset queried as their union."""
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise GeokgError(Errors.E401, path=path)
    if not path.is_file():
        raise GeokgError(Errors.E402, path=path)
    g: Graph = Dataset(default_union=True) if fmt in ("trig", "nquads") else Graph()
    try:
        g.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GeokgError(Errors.E403, path=path, reason=exc) from exc
    return g


def query_text(sparql: str) -> str:
    """The query text: read from a .rq file if one is named, with geokg's prefixes declared."""
    if sparql.endswith(".rq") and Path(sparql).is_file():
        sparql = Path(sparql).read_text(encoding="utf-8")
    declared = {line.split()[1].rstrip(":").lower() for line in sparql.splitlines()
                if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return header + sparql


def run_query(path: Path, sparql: str) -> Result:
    """Run SPARQL over an exported graph file."""
    g = load_graph(path)
    try:
        return g.query(query_text(sparql))
    except Exception as exc:
        raise GeokgError(Errors.E404, reason=exc) from exc


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def format_result(result: Result, fmt: str = "table") -> str:
    """The answer as an aligned text table, CSV or JSON (ASK → true/false, CONSTRUCT → Turtle)."""
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars or []]
    rows = [[_cell(row[i]) for i in range(len(names))] for row in result]  # type: ignore[index]
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
