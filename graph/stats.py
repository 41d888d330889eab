"""What a graph holds, in numbers: entities by type, statements by relation and family, central actors,
strongest pairs and connected components — computed from an exported graph (graph.ttl or graph.trig).

The statements are turned back into the networkx graph of :func:`graph.network.from_rdf`. Centrality is
a PageRank computed here by power iteration (networkx's own ``pagerank`` needs scipy, which geokg does
not depend on) over the undirected graph of statements, each pair of entities weighted by the number
of statements between them, and the degree centrality of :func:`networkx.degree_centrality`.

>>> import networkx as nx
>>> star = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
>>> max(pagerank(star).items(), key=lambda kv: kv[1])[0]
'hub'
>>> components(star)
[4]
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rich.table import Table

from geokg.graph import void
from geokg.graph.network import CORE_TYPES, from_rdf, pagerank
from geokg.ontology import relations
from geokg.ontology.namespace import GKG


@dataclass(frozen=True)
class EntityCount:
    """Entities of one type: all typed in the graph, and those that take part in a statement."""

    type: str
    entities: int
    in_statements: int


@dataclass(frozen=True)
class RelationCount:
    """Statements of one relation, and how many of them are negated."""

    relation: str
    family: str
    statements: int
    negated: int


@dataclass(frozen=True)
class Central:
    """An entity's place in the graph: statements it takes part in, degree centrality, PageRank."""

    label: str
    type: str
    statements: int
    degree: float
    pagerank: float


@dataclass(frozen=True)
class Pair:
    """Two entities and the statements between them (either direction), by relation."""

    first: str
    second: str
    statements: int
    relations: dict[str, int]


@dataclass(frozen=True)
class Stats:
    """Everything `geokg stats` prints."""

    entities: list[EntityCount]
    relations: list[RelationCount]
    families: list[tuple[str, int]]
    central: list[Central]
    pairs: list[Pair]
    components: list[int]


def entity_counts(graph: Graph, net: nx.MultiDiGraph) -> list[EntityCount]:
    """Entities per core type: all typed entities of the RDF graph, and the nodes of the statement graph."""
    typed: dict[str, set[URIRef]] = defaultdict(set)
    for name in CORE_TYPES:
        typed[name] = {s for s in graph.subjects(RDF.type, getattr(GKG, name)) if isinstance(s, URIRef)}
    in_statements = Counter(data["type"] for _, data in net.nodes(data=True))
    return [EntityCount(name, len(typed[name]), in_statements.get(name, 0)) for name in CORE_TYPES]


def relation_counts(net: nx.MultiDiGraph) -> list[RelationCount]:
    """Statements per relation (most first), with the relation's family and the negated ones."""
    total: Counter[str] = Counter()
    negated: Counter[str] = Counter()
    family: dict[str, str] = {}
    for _, _, data in net.edges(data=True):
        total[data["relation"]] += 1
        negated[data["relation"]] += bool(data["negated"])
        family[data["relation"]] = data["family"]
    return [RelationCount(rel, family[rel], n, negated[rel])
            for rel, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]


def family_counts(net: nx.MultiDiGraph) -> list[tuple[str, int]]:
    """Statements per relation family, every family of the ontology listed (most first)."""
    counts = Counter(data["family"] for _, _, data in net.edges(data=True))
    for r in relations().values():
        counts.setdefault(r.family, 0)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def central_actors(net: nx.MultiDiGraph, top: int = 10) -> list[Central]:
    """The `top` entities by PageRank (concepts left out), with their statements and degree centrality."""
    ranks = pagerank(net)
    degree = nx.degree_centrality(nx.Graph(net.to_undirected())) if len(net) > 1 else dict.fromkeys(net, 0.0)
    actors = [node for node, data in net.nodes(data=True) if data["type"] != "Concept"]
    actors.sort(key=lambda node: (-ranks[node], -net.degree(node), net.nodes[node]["label"]))
    return [Central(net.nodes[node]["label"], net.nodes[node]["type"], net.degree(node),
                    degree[node], ranks[node]) for node in actors[:top]]


def strongest_pairs(net: nx.MultiDiGraph, top: int = 10) -> list[Pair]:
    """The `top` pairs of entities with the most statements between them, either direction."""
    pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for u, v, data in net.edges(data=True):
        a, b = sorted((net.nodes[u]["label"], net.nodes[v]["label"]))
        pairs[(a, b)][data["relation"]] += 1
    ranked = sorted(pairs.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return [Pair(a, b, sum(rels.values()), dict(sorted(rels.items(), key=lambda kv: (-kv[1], kv[0]))))
            for (a, b), rels in ranked[:top]]


def components(net: nx.MultiDiGraph) -> list[int]:
    """The sizes of the (weakly) connected components, largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(net)), reverse=True)


def compute(graph: Graph, top: int = 10) -> Stats:
    """All the numbers of `geokg stats` for an exported graph."""
    net = from_rdf(graph)
    return Stats(entity_counts(graph, net), relation_counts(net), family_counts(net),
                 central_actors(net, top), strongest_pairs(net, top), components(net))


def _table(title: str, columns: Iterable[str], rows: Iterable[Iterable[object]]) -> Table:
    """A rich table; columns named with a leading '>' are right-aligned."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column.lstrip(">"), justify="right" if column.startswith(">") else "left")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return table


def _sizes(sizes: list[int]) -> str:
    """Component sizes, runs of equal sizes shortened: "12, 3, 2 × 5"."""
    runs = Counter(sizes)
    return ", ".join(f"{n} × {size}" if n > 1 else str(size)
                     for size, n in sorted(runs.items(), key=lambda kv: -kv[0]))


def dataset_table(counts: void.Counts, source: str) -> Table:
    """The VoID description (graph/void.py) as a table: what the dataset holds, made by which geokg."""
    dates = f"{counts.first} – {counts.last}" if counts.first and counts.last else "–"
    return _table(f"Dataset ({source})", ["", ">"], [
        ("triples", counts.triples), ("entities", counts.entities), ("documents", counts.documents),
        ("statements", counts.statements), ("relations", len(counts.relations)), ("dates", dates),
        ("made by", f"geokg {counts.version}" if counts.version else "–"),
        ("licence of the texts", ", ".join(sorted(counts.licenses)) or "not known")])


def tables(stats: Stats) -> list[Table]:
    """The statistics as rich tables, in the order `geokg stats` prints them."""
    statements = sum(r.statements for r in stats.relations)
    return [
        _table("Entities by type", ["type", ">entities", ">in statements"],
               [(e.type, e.entities, e.in_statements) for e in stats.entities]
               + [("all", sum(e.entities for e in stats.entities),
                   sum(e.in_statements for e in stats.entities))]),
        _table("Statements by family", ["family", ">statements"], stats.families + [("all", statements)]),
        _table("Statements by relation", ["relation", "family", ">statements", ">negated"],
               [(r.relation, r.family, r.statements, r.negated) for r in stats.relations]),
        _table("Most central actors", ["actor", "type", ">statements", ">degree", ">PageRank"],
               [(c.label, c.type, c.statements, f"{c.degree:.3f}", f"{c.pagerank:.3f}")
                for c in stats.central]),
        _table("Strongest pairs", ["entity", "entity", ">statements", "relations"],
               [(p.first, p.second, p.statements, ", ".join(f"{r} × {n}" if n > 1 else r
                                                            for r, n in p.relations.items()))
                for p in stats.pairs]),
        _table("Connected components", [">components", "sizes"],
               [(len(stats.components), _sizes(stats.components) or "–")]),
    ]
