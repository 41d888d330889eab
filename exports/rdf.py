"""RDF exports: Turtle (the union of all graphs), TriG and N-Quads (named graphs kept), N-Triples.

The graph reaches the writers as quads in N-Quads syntax (`Bundle.quads`, made by the build
without rdflib, or derived here from `Bundle.dataset`), read back sorted from a `QuadSpool`
(graph/spool.py, on disk for large graphs), so that the same graph gives the same bytes. They
write through pyoxigraph's serializers (about 30 times faster than rdflib's Turtle writer on
geokg graphs, see docs/scale.md). pyoxigraph escapes control characters (\\u0001) where rdflib
would write them raw, and writes `"x"` for `"x"^^xsd:string` (the same literal in RDF 1.1).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from geokg.exports import Bundle
from geokg.graph.assemble import PREFIXES
from geokg.graph.shards import quads_of
from geokg.graph.spool import QuadSpool

def bundle_quads(bundle: Bundle) -> QuadSpool:
    """The bundle's quads: as the build made them, else from its dataset (kept for the next writer)."""
    if bundle.quads is None:
        bundle.quads = QuadSpool(limit=sys.maxsize)  # the dataset is in memory anyway
        bundle.quads.update(quads_of(bundle.dataset))
    return bundle.quads


def parsed_lines(lines: Iterable[str], fmt: ox.RdfFormat, chunk: int = 20_000) -> Iterator[Any]:
    """The terms of N-Triples/N-Quads lines, parsed a chunk at a time (memory stays flat)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == chunk:
            yield from ox.parse("".join(batch), format=fmt)
            batch = []
    if batch:
        yield from ox.parse("".join(batch), format=fmt)


def write_turtle(bundle: Bundle, path: Path) -> None:
    """graph.ttl: every named graph, background included, merged into one Turtle file."""
    lines = (f"{t} .\n" for t in bundle_quads(bundle).triples())
    ox.serialize(parsed_lines(lines, ox.RdfFormat.N_TRIPLES), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(bundle: Bundle, path: Path) -> None:
    """graph.trig: one named graph per document plus the background graph."""
    ox.serialize(parsed_lines(_nquads(bundle), ox.RdfFormat.N_QUADS), str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def write_ntriples(bundle: Bundle, path: Path) -> None:
    """graph.nt: the union as sorted N-Triples lines."""
    with path.open("w", encoding="utf-8") as out:
        out.writelines(f"{t} .\n" for t in bundle_quads(bundle).triples())


def write_nquads(bundle: Bundle, path: Path) -> None:
    """graph.nq: every quad, named graph included, as N-Quads lines sorted by graph, then triple."""
    with path.open("w", encoding="utf-8") as out:
        out.writelines(_nquads(bundle))


def _nquads(bundle: Bundle) -> Iterator[str]:
    """The bundle's quads as N-Quads lines, sorted by graph, then triple."""
    return (f"{t} {g} .\n" if g else f"{t} .\n" for g, t in bundle_quads(bundle).quads())
