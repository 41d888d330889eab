"""graph/void.py: the VoID description of a build and of a store, counted from the union, read back by stats."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from geokg.cli import app
from geokg.graph import void
from geokg.graph.network import from_rdf
from geokg.graph.query import load_graph, read_quads
from geokg.graph.stats import relation_counts

runner = CliRunner()


@pytest.fixture(scope="module")
def counted(demo_out: Path) -> void.Counts:
    """The demo build's graph.ttl, counted."""
    return void.count(q.triple for q in read_quads(demo_out / "graph.ttl"))


def test_void_counts_what_graph_ttl_holds(demo_out: Path, counted: void.Counts) -> None:
    graph = load_graph(demo_out / "graph.ttl")
    net = from_rdf(graph)
    assert counted.triples == len(graph) and counted.documents == 1
    assert dict(counted.relations) == {r.relation: r.statements for r in relation_counts(net)}
    assert counted.statements == sum(counted.relations.values()) == net.number_of_edges()
    assert counted.entities == len({s for c in void.CLASSES for s in graph.subjects(None, None)
                                    if (s, None, None) in graph and str(s) in _typed(graph, c)})
    assert (counted.first, counted.last) == ("2025-08-14", "2025-09-04")
    assert counted.version and counted.licenses == set()


def _typed(graph: Graph, cls: str) -> set[str]:
    return {str(s) for s, _, o in graph if str(o) == f"https://w3id.org/geokg/ontology#{cls}"}


def test_void_file_beside_the_graph_reads_back(demo_out: Path, counted: void.Counts) -> None:
    text = (demo_out / "void.ttl").read_text("utf-8")
    triples = void.parse(text)
    assert void.read(triples) == counted
    assert not any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object))
    assert len(Graph().parse(data=text, format="turtle")) == len(triples)  # rdflib reads it too
    assert "void:triples" in text and "dcterms:temporal" in text


def test_void_same_counts_give_the_same_bytes(counted: void.Counts) -> None:
    assert void.turtle(counted) == void.turtle(void.read(void.parse(void.turtle(counted))))


def test_void_licence_of_the_texts_where_known() -> None:
    doc = ox.NamedNode("https://w3id.org/geokg/id/document/d")
    triples = [ox.Triple(doc, ox.NamedNode(void.RDF_TYPE), ox.NamedNode(void.GKG + "Document")),
               ox.Triple(doc, ox.NamedNode(void.DCTERMS + "license"),
                         ox.NamedNode("https://creativecommons.org/licenses/by-nc-sa/4.0/"))]
    counts = void.count(triples)
    assert void.read(void.parse(void.turtle(counts))).licenses == {"https://creativecommons.org/licenses/by-nc-sa/4.0/"}


def test_void_stats_prints_the_description(demo_out: Path, counted: void.Counts) -> None:
    result = runner.invoke(app, ["stats", str(demo_out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert "Dataset (its VoID description)" in result.output
    assert f"geokg {counted.version}" in result.output and "2025-08-14 – 2025-09-04" in result.output


def test_void_a_store_keeps_one_after_each_build(sample: Path, tmp_path: Path, counted: void.Counts) -> None:
    from geokg.graph.store import GraphStore

    result = runner.invoke(app, ["build", str(sample), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    with GraphStore(tmp_path / "kg", read_only=True) as kg:
        kept = kg.description()
        assert kept == void.count(kg.union_triples()) == counted
    stats = runner.invoke(app, ["stats", "--store", str(tmp_path / "kg")])
    assert stats.exit_code == 0 and "Dataset (its VoID description)" in stats.output
