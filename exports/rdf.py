"""RDF exports: Turtle (the union of all graphs), TriG and N-Quads (named graphs kept), N-Triples.

The rdflib Dataset is written through pyoxigraph's serializers (about 30 times faster than
rdflib's Turtle writer on geokg graphs, see docs/scale.md), in a sorted order so that the same
graph gives the same bytes. pyoxigraph escapes control characters (\\u0001) where rdflib would
write them raw, and writes `"x"` for `"x"^^xsd:string` (the same literal in RDF 1.1).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from exports import Bundle
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


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset as pyoxigraph quads, sorted by graph, subject, predicate, object."""
    terms: dict[Node, OxTerm] = {}  # entity IRIs recur in many quads: convert each once

    def ox_term(term: Node) -> Any:  # the position decides which kinds may occur; rdflib checked that
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_oxigraph(term)
        return found

    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else ox_term(name)
        quads.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the quads' graphs: each triple once, sorted by subject, predicate, object."""
    triples = {q.triple for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write_turtle(bundle: Bundle, path: Path) -> None:
    """graph.ttl: every named graph, background included, merged into one Turtle file."""
    ox.serialize(sorted_triples(sorted_quads(bundle.dataset)), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(bundle: Bundle, path: Path) -> None:
    """graph.trig: one named graph per document plus the background graph."""
    ox.serialize(sorted_quads(bundle.dataset), str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def write_ntriples(bundle: Bundle, path: Path) -> None:
    """graph.nt: the union as sorted N-Triples lines."""
    ox.serialize(sorted_triples(sorted_quads(bundle.dataset)), str(path), ox.RdfFormat.N_TRIPLES)


def write_nquads(bundle: Bundle, path: Path) -> None:
    """graph.nq: every quad, named graph included, as N-Quads lines sorted by subject."""
    quads = sorted(sorted_quads(bundle.dataset),
                   key=lambda q: (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)))
    ox.serialize(quads, str(path), ox.RdfFormat.N_QUADS)
