"""RDF exports: Turtle (the union of all graphs), TriG and N-Quads (named graphs kept), N-Triples.

The graph reaches the writers as quads in N-Quads syntax (`Bundle.quads`, made by the build
without rdflib, or derived here from `Bundle.dataset`), read back sorted from a `QuadSpool`
(geokg/spool.py, on disk for large graphs), so that the same graph gives the same bytes. They
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
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from exports import Bundle
from geokg.spool import Quad, QuadSpool
from graph.assemble import PREFIXES

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_oxigraph(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib IRI, blank node or literal.

    >>> to_oxigraph(Literal("0.8", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    <Literal value=0.8 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


Quads = list[Quad]


def quads_of(dataset: Dataset) -> Quads:
    """Every quad of an rdflib dataset as (graph, triple) strings in N-Quads syntax, each once.

    >>> from rdflib import Dataset, URIRef
    >>> ds = Dataset()
    >>> ds.graph(URIRef("http://e/g")).add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("x")))  # doctest: +ELLIPSIS
    <Graph identifier=http://e/g ...>
    >>> quads_of(ds)
    [('<http://e/g>', '<http://e/s> <http://e/p> "x"')]
    """
    terms: dict[Node, Any] = {}  # entity IRIs recur in many quads: convert each once

    def ox_term(term: Node) -> Any:
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_oxigraph(term)
        return found

    quads = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = "" if name is None or name == DATASET_DEFAULT_GRAPH_ID else str(ox_term(name))
        quads.add((graph, str(ox.Triple(ox_term(s), ox_term(p), ox_term(o)))))
    return list(quads)


def bundle_quads(bundle: Bundle) -> QuadSpool:
    """The bundle's quads: as the build made them, else from its dataset (kept for the next writer)."""
    if bundle.quads is None:
        bundle.quads = QuadSpool(limit=sys.maxsize)  # the dataset is in memory anyway
        bundle.quads.update(quads_of(bundle.dataset))
    return bundle.quads


def _parsed(lines: Iterable[str], fmt: ox.RdfFormat, chunk: int = 20_000) -> Iterator[Any]:
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
    ox.serialize(_parsed(lines, ox.RdfFormat.N_TRIPLES), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(bundle: Bundle, path: Path) -> None:
    """graph.trig: one named graph per document plus the background graph."""
    ox.serialize(_parsed(_nquads(bundle), ox.RdfFormat.N_QUADS), str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


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
