"""geokg stats: RDF back to networkx, PageRank without scipy, and the numbers on the demo graph."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from rdflib import Graph
from rich.console import Console
from typer.testing import CliRunner

from geokg.extract.pipeline import extract
from geokg.extract.reader import read_document
from geokg.cli import app
from geokg.graph.assemble import assemble, union
from geokg.graph.network import from_rdf, to_networkx
from geokg.graph.query import load_graph
from geokg.graph.stats import (
    central_actors,
    components,
    compute,
    entity_counts,
    family_counts,
    pagerank,
    relation_counts,
    strongest_pairs,
    tables,
)


@pytest.fixture(scope="module")
def demo_graph(demo_out: Path) -> Graph:
    """The demo build's graph.ttl, parsed once."""
    return load_graph(demo_out / "graph.ttl")


def test_stats_from_rdf_rebuilds_the_network(sample: Path, nlp: Any) -> None:
    documents = list(extract([read_document(sample)], nlp))
    expected = to_networkx(documents)
    turtle = union(assemble(documents)).serialize(format="turtle")
    got = from_rdf(Graph().parse(data=turtle, format="turtle"))
    assert sorted(got.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    assert set(got.nodes) == set(expected.nodes)
    for node, data in expected.nodes(data=True):
        mine = got.nodes[node]
        assert {k: mine[k] for k in ("label", "type", "wikidata", "role")} == \
               {k: data[k] for k in ("label", "type", "wikidata", "role")}
        assert set(data["alt_labels"]) <= set(mine["alt_labels"])  # the RDF also has names seen elsewhere


def test_stats_from_rdf_of_trig_equals_ttl(demo_out: Path, demo_graph: Graph) -> None:
    a, b = from_rdf(demo_graph), from_rdf(load_graph(demo_out / "graph.trig"))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_stats_pagerank_agrees_with_networkx() -> None:
    net = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "e")])
    net.add_node("lonely")
    weighted = nx.Graph()
    weighted.add_nodes_from(net)
    for u, v in net.edges():
        w = weighted.get_edge_data(u, v, {"weight": 0})["weight"]
        weighted.add_edge(u, v, weight=w + 1)
    reference = _pagerank_python(weighted.to_directed(), weight="weight", tol=1e-12)
    mine = pagerank(net, tol=1e-12)
    assert mine.keys() == reference.keys()
    assert all(abs(mine[n] - reference[n]) < 1e-6 for n in mine), (mine, reference)
    assert abs(sum(mine.values()) - 1) < 1e-9 and pagerank(nx.MultiDiGraph()) == {}


def test_stats_numbers_of_the_demo_graph(demo_graph: Graph) -> None:
    net = from_rdf(demo_graph)
    counts = {e.type: e for e in entity_counts(demo_graph, net)}
    assert list(counts) == ["Person", "Organization", "Country", "Location", "Concept"]
    assert sum(e.in_statements for e in counts.values()) == net.number_of_nodes()
    assert all(e.entities >= e.in_statements for e in counts.values())
    assert counts["Organization"].entities > counts["Organization"].in_statements  # AFP only reports

    by_relation = {r.relation: r for r in relation_counts(net)}
    assert by_relation["attacks"].family == "conflict" and by_relation["attacks"].statements >= 1
    assert by_relation["talks_with"].negated >= 1
    assert sum(r.statements for r in by_relation.values()) == net.number_of_edges()
    families = dict(family_counts(net))
    assert set(families) == {"conflict", "cooperation", "diplomacy", "communication", "static"}

    central = central_actors(net, top=5)
    assert len(central) == 5 and all(c.type != "Concept" for c in central)
    assert "Donald Trump" in [c.label for c in central[:3]]
    assert [c.pagerank for c in central] == sorted((c.pagerank for c in central), reverse=True)

    pairs = strongest_pairs(net, top=3)
    assert (pairs[0].first, pairs[0].second) == ("Donald Trump", "USA") and "leads" in pairs[0].relations
    assert pairs[0].statements >= pairs[1].statements >= pairs[2].statements

    sizes = components(net)
    assert sum(sizes) == net.number_of_nodes() and sizes == sorted(sizes, reverse=True)


def test_stats_tables_render(demo_graph: Graph) -> None:
    console = Console(file=io.StringIO(), width=120, record=True)
    for table in tables(compute(demo_graph, top=3)):
        console.print(table)
    text = console.export_text()
    for title in ("Entities by type", "Statements by family", "Statements by relation",
                  "Most central actors", "Strongest pairs", "Connected components"):
        assert title in text
    assert "leads × " in text


def test_stats_cli(demo_out: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(demo_out / "graph.ttl"), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "Most central actors" in result.output and "Donald Trump" in result.output
    missing = CliRunner().invoke(app, ["stats", str(demo_out / "nope.ttl")])
    assert missing.exit_code == 2 and missing.output.strip().splitlines() == [
        f"geokg: error: graph not found: {demo_out / 'nope.ttl'}"]
