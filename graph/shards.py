"""A document's named graph as a shard of quads, made without an rdflib store (and so in any worker).

`graph.assemble` says what the graph holds; its `add_document` and `add_background` are run here
against a sink that only collects the triples, and each quad becomes a pair of strings in N-Quads
syntax. rdflib's in-memory store costs about 20 µs and 1.4 KB a quad, which made assembly the
slowest and largest part of a build; a shard costs a few µs and the strings. The same graph,
quad for quad: tests/test_executors.py compares it with `assemble`.

>>> from datetime import datetime, timezone
>>> from geokg.extract.model import Document
>>> quads = document_quads(Document("0123456789abcdef", "", "Titel", "a.txt",
...                                 datetime(2025, 1, 1, tzinfo=timezone.utc)))
>>> len(quads), quads[0][0]
(4, '<https://w3id.org/geokg/id/graph/0123456789abcdef>')
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from geokg.extract.model import Document, EntityRef
from geokg.graph.assemble import add_background, add_document
from geokg.graph.resolve import entity_mentions
from geokg.graph.spool import Quad
from geokg.ontology import relations


BATCH = 2_000  # statements of a document turned into quads at a time

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


class _Graph:
    """Collects what `graph.assemble` adds to one named graph."""

    def __init__(self, name: URIRef, sink: _Sink) -> None:
        self.name = name
        self.sink = sink

    def add(self, triple: tuple[Node, Node, Node]) -> _Graph:
        """Keep one triple of this graph."""
        self.sink.quads.append((self.name, *triple))
        return self


class _Sink:
    """Stands in for the rdflib Dataset that `graph.assemble` fills: collects (graph, s, p, o)."""

    def __init__(self) -> None:
        self.quads: list[tuple[Node, Node, Node, Node]] = []  # repeats go when they are strings

    def graph(self, name: URIRef) -> _Graph:
        """The named graph `name`."""
        return _Graph(name, self)

    def strings(self) -> set[tuple[str, str]]:
        """The quads collected, as (graph, triple) in N-Quads syntax."""
        names: dict[Node, str] = {}  # IRIs recur in many quads: each is written once

        def text(term: Node) -> str:
            if isinstance(term, Literal):  # mostly distinct, and rdflib's Literal hashes slowly
                return str(to_oxigraph(term))
            found = names.get(term)
            if found is None:
                found = names[term] = str(to_oxigraph(term))
            return found

        return {(text(g), f"{text(s)} {text(p)} {text(o)}") for g, s, p, o in self.quads}


def document_quads(document: Document) -> Quads:
    """A document's contribution (as `graph.assemble.add_contribution` makes it) as quad strings.

    That is its named graph, and in the background graph the entities it names and what the
    lexicons know about them.
    """
    known = relations()
    bad = sorted({st.relation for st in document.statements if st.relation not in known})
    if bad:
        raise ValueError(f"relation(s) not in the ontology: {bad}")
    quads: set[tuple[str, str]] = set()
    for part in _parts(document):  # rdflib terms cost ~1 KB a quad: a huge document a batch at a time
        sink = _Sink()
        add_document(cast(Dataset, sink), part)
        quads |= sink.strings()
    quads |= set(background_quads(entity_mentions(document)))
    return list(quads)  # in no order: the spool sorts


def _parts(document: Document, size: int | None = None) -> Iterator[Document]:
    """The document in batches of `size` (default BATCH) statements (its entities with the first), the same graph in sum."""
    size = BATCH if size is None else size
    if len(document.statements) <= size:
        yield document
        return
    for k in range(0, len(document.statements), size):
        yield replace(document, statements=document.statements[k:k + size],
                      entities=document.entities if k == 0 else [])


def background_quads(refs: Iterable[EntityRef]) -> Quads:
    """The background (Wikidata links, lexicon facts) about the entities named together, as quad strings."""
    sink = _Sink()
    add_background(cast(Dataset, sink), refs)
    return list(sink.strings())  # in no order, as document_quads: the spool sorts
