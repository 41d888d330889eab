"""graph/network.py: the networkx graph of the documents, and what the explorer needs of it without it."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from geokg.extract.model import Document
from geokg.extract.pipeline import extract
from geokg.extract.reader import read_document
from geokg.graph.ids import entity_iri
from geokg.graph.network import (
    edge_records,
    link_counts,
    pagerank,
    per_pair,
    to_networkx,
    weighted_pagerank,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def documents(sample: Path, nlp: Any) -> list[Document]:
    """The sample liveblog and the two example liveblogs, extracted."""
    return list(extract([read_document(p) for p in [sample, *sorted(EXAMPLES.glob("*.txt"))]], nlp))


def test_network_link_counts_are_to_networkx_nodes_and_edges(documents: list[Document]) -> None:
    graph = to_networkx(documents)
    nodes, links = link_counts(documents)
    assert list(nodes.items()) == list(graph.nodes(data=True))
    assert per_pair(links) == Counter((u, v) for u, v, _ in graph.edges(keys=True))
    assert links == Counter((u, v, a["relation"], a["negated"], a["family"]) for u, v, a in graph.edges(data=True))


def test_network_edge_records_are_to_networkx_edges(documents: list[Document]) -> None:
    mine = [(str(entity_iri(s)), str(entity_iri(o)), key, attrs) for s, o, key, attrs in edge_records(documents)]
    edges = list(to_networkx(documents).edges(keys=True, data=True))
    assert sorted(mine, key=lambda e: e[2]) == sorted(edges, key=lambda e: e[2])


def test_network_weighted_pagerank_of_documents_is_pagerank(documents: list[Document]) -> None:
    nodes, links = link_counts(documents)
    assert weighted_pagerank(nodes, per_pair(links)) == pagerank(to_networkx(documents))


@pytest.mark.parametrize("edges", [
    [("a", "b"), ("a", "b"), ("b", "a"), ("c", "b")],
    [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "e"), ("e", "e")],
    [],
], ids=["parallel", "loops", "empty"])
def test_network_weighted_pagerank_is_pagerank(edges: list[tuple[str, str]]) -> None:
    graph = nx.MultiDiGraph(edges)
    graph.add_node("lonely")
    counts = Counter((u, v) for u, v, _ in graph.edges(keys=True))
    assert weighted_pagerank(graph.nodes, counts) == pagerank(graph)
