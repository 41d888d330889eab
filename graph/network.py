"""The same statements as a networkx MultiDiGraph: entities as nodes, statements as keyed edges."""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from geokg.extract.kb import background_facts
from geokg.extract.model import Document, EntityRef
from geokg.graph.ids import document_iri, entity_iri, statement_iri
from geokg.graph.resolve import entity_mentions
from geokg.ontology import relations
from geokg.ontology.namespace import GKG

N = TypeVar("N", bound=Hashable)

#: The core classes of SPEC §2; an entity's `type` is the first of them it carries.
CORE_TYPES = ("Person", "Organization", "Country", "Location", "Concept")


def _new_node(ref: EntityRef) -> dict[str, Any]:
    """The attributes an entity's node starts with when it is first seen.

    `type` is the class it was first seen with; `types` every class any mention gave it (the
    extractor may type one name a Person here and an Organization there), in CORE_TYPES order.
    """
    return {"label": ref.name, "type": ref.type, "types": [ref.type], "alt_labels": [], "wikidata": ref.wikidata,
            "role": None}


def _merge_node(data: dict[str, Any], ref: EntityRef) -> None:
    """Add another mention's surface form (as an other name), its class and, if none yet, its role."""
    if ref.surface and ref.surface != ref.name and ref.surface not in data["alt_labels"]:
        data["alt_labels"].append(ref.surface)
    if ref.type not in data["types"]:
        data["types"] = sorted([*data["types"], ref.type], key=_class_order)
    if ref.role and not data["role"]:
        data["role"] = ref.role


def _class_order(name: str) -> tuple[int, str]:
    """Core classes in CORE_TYPES order, any other after them by name."""
    return (CORE_TYPES.index(name), "") if name in CORE_TYPES else (len(CORE_TYPES), name)


def _add_node(g: nx.MultiDiGraph, ref: EntityRef) -> str:
    node = str(entity_iri(ref))
    if node not in g:
        g.add_node(node, **_new_node(ref))
    _merge_node(g.nodes[node], ref)
    return node


def _families() -> dict[str, str]:
    """The family of each relation of the catalogue."""
    return {name: r.family for name, r in relations().items()}


def edge_records(documents: Iterable[Document]) -> Iterator[tuple[EntityRef, EntityRef, str, dict[str, Any]]]:
    """Yield (subject, object, statement IRI, edge attributes) for each statement, as to_networkx adds it.

    `date` is the statement's event date (gkg:eventDate) and `published` its document's date
    (dcterms:issued), each an ISO date or None: the two are kept apart.
    """
    families = _families()
    for document in documents:
        published = document.issued.date().isoformat() if document.issued is not None else None
        for st in document.statements:
            yield st.subject, st.object, str(statement_iri(st)), {
                "relation": st.relation, "family": families.get(st.relation, "other"), "negated": st.negated,
                "modality": st.modality, "evidence": st.evidence,
                "document": str(document_iri(document.id)), "document_title": document.title,
                "date": st.event_date.isoformat() if st.event_date else None, "published": published,
                "attributed_to": st.attributed_to.name if st.attributed_to else None,
                "rule": st.rule, "confidence": st.confidence}


def to_networkx(documents: Iterable[Document]) -> nx.MultiDiGraph:
    """Nodes carry label, type, alt_labels, wikidata, role; edges (keyed by statement IRI) the statement."""
    g = nx.MultiDiGraph()
    for subject, obj, key, attrs in edge_records(documents):
        s, o = _add_node(g, subject), _add_node(g, obj)
        g.add_edge(s, o, key=key, **attrs)
    for data in g.nodes.values():
        data["alt_labels"].sort()
    return g


def background_links(documents: Iterable[Document]) -> list[tuple[EntityRef, str, EntityRef]]:
    """The lexicons' facts about what each document names (located_in, stands_for), each once, sorted.

    The same facts as the background graph holds (graph/assemble.py `add_background`), for the
    exports that draw a property graph: a place lies in a country, a capital stands for it.
    """
    found: set[tuple[EntityRef, str, EntityRef]] = set()
    for document in documents:
        found.update(background_facts({ref.key for ref in entity_mentions(document) if ref.key}))
    return sorted(found, key=lambda f: (str(entity_iri(f[0])), f[1], str(entity_iri(f[2]))))


#: A statement's link in the explorer: (subject IRI, object IRI, relation, negated, family).
Link = tuple[str, str, str, bool, str]


def link_counts(documents: Iterable[Document]) -> tuple[dict[str, dict[str, Any]], Counter[Link]]:
    """Return to_networkx's nodes with their attributes and its number of edges per link.

    Enough for `weighted_pagerank` (see `per_pair`) without holding a single statement.

    Examples
    --------
    >>> from datetime import datetime
    >>> from geokg.extract.model import Document, EntityRef, Statement
    >>> a, b = EntityRef("A", "Person"), EntityRef("B", "Country")
    >>> st = Statement(a, "visits", b, "A besucht B.", 0, 12, "verb:visits", document="d")
    >>> nodes, links = link_counts([Document("d", "A besucht B.", "t", "s", datetime(2025, 9, 4), [st, st])])
    >>> sorted(n["label"] for n in nodes.values()), [(link[2:], n) for link, n in links.items()]
    (['A', 'B'], [(('visits', False, 'diplomacy'), 2)])
    """
    families = _families()
    nodes: dict[str, dict[str, Any]] = {}
    links: Counter[Link] = Counter()
    for document in documents:
        for st in document.statements:
            ends = []
            for ref in (st.subject, st.object):
                node = sys.intern(str(entity_iri(ref)))  # one string a node, however many links name it
                _merge_node(nodes.setdefault(node, _new_node(ref)), ref)
                ends.append(node)
            links[(ends[0], ends[1], st.relation, st.negated, families.get(st.relation, "other"))] += 1
    for data in nodes.values():
        data["alt_labels"].sort()
    return nodes, links


def per_pair(links: Mapping[Link, int]) -> Counter[tuple[str, str]]:
    """The number of statements per (subject, object) pair, from the number per link."""
    pairs: Counter[tuple[str, str]] = Counter()
    for (u, v, *_), n in links.items():
        pairs[(u, v)] += n
    return pairs


def _local(iri: object) -> str:
    """The local name of a gkg: IRI ("https://…ontology#attacks" → "attacks")."""
    text = str(iri)
    return text[len(str(GKG)):] if text.startswith(str(GKG)) else text.rsplit("/", 1)[-1]


def _text(graph: Graph, node: Node | None, prop: URIRef) -> str | None:
    """The lexical form of one value of `prop` on `node`, or None."""
    value = graph.value(node, prop) if node is not None else None
    return None if value is None else str(value)


def _add_rdf_node(g: nx.MultiDiGraph, graph: Graph, iri: URIRef) -> str:
    """Add an entity of an exported graph as a node with to_networkx's attributes; return its id."""
    node = str(iri)
    if node not in g:
        types = {_local(t) for t in graph.objects(iri, RDF.type)}
        wikidata = sorted(str(o) for o in graph.objects(iri, OWL.sameAs) if "wikidata.org/" in str(o))
        core = [t for t in CORE_TYPES if t in types] or ["Concept"]
        g.add_node(node, label=_text(graph, iri, RDFS.label) or _local(iri), type=core[0], types=core,
                   alt_labels=sorted({str(a) for a in graph.objects(iri, SKOS.altLabel)}),
                   wikidata=wikidata[0] if wikidata else None, role=None)
    return node


def _first_role(roles: set[str], sentences: list[str]) -> str | None:
    """The role named in the earliest sentence about the entity (as to_networkx keeps the first seen)."""
    for sentence in sentences:
        named = [role for role in roles if role in sentence]
        if named:
            return max(named, key=lambda role: (len(role), role))
    return min(roles) if roles else None


def from_rdf(graph: Graph) -> nx.MultiDiGraph:
    """The networkx graph of an exported RDF graph (graph.ttl/trig): what to_networkx builds, from gkg:Statements."""
    families = {name: r.family for name, r in relations().items()}
    order = {st: (_text(graph, st, PROV.wasDerivedFrom) or "", int(_text(graph, st, GKG.charStart) or 0), str(st))
             for st in set(graph.subjects(RDF.type, GKG.Statement))}
    g = nx.MultiDiGraph()
    sentences: dict[str, list[str]] = {}
    for st in sorted(order, key=order.__getitem__):
        s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        if not isinstance(s, URIRef) or not isinstance(o, URIRef) or p is None:
            continue
        doc = graph.value(st, PROV.wasDerivedFrom)
        source = graph.value(st, GKG.attributedTo)
        relation = _local(p)
        evidence = _text(graph, st, GKG.evidence) or ""
        for node in (_add_rdf_node(g, graph, s), _add_rdf_node(g, graph, o)):
            sentences.setdefault(node, []).append(evidence)
        g.add_edge(str(s), str(o), key=str(st), relation=relation,
                   family=families.get(relation, "other"),
                   negated=_text(graph, st, GKG.negated) == "true",
                   modality=_local(graph.value(st, GKG.modality) or GKG.Asserted),
                   evidence=evidence,
                   document=str(doc) if doc is not None else "",
                   document_title=_text(graph, doc, DCTERMS.title) or "",
                   date=_text(graph, st, GKG.eventDate),
                   published=(_text(graph, doc, DCTERMS.issued) or "")[:10] or None,
                   attributed_to=_text(graph, source, RDFS.label),
                   rule=_text(graph, st, GKG.rule) or "",
                   confidence=float(_text(graph, st, GKG.confidence) or 1.0))
    for node, data in g.nodes(data=True):
        data["role"] = _first_role({str(r) for r in graph.objects(URIRef(node), GKG.role)}, sentences[node])
    return g


def pagerank(graph: nx.MultiDiGraph, *, alpha: float = 0.85, max_iter: int = 500,
             tol: float = 1.0e-10) -> dict[Hashable, float]:
    """Return PageRank over the undirected graph, each pair weighted by its number of statements.

    The explorer sizes nodes by it and `geokg stats` ranks actors by it.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "b")])
    >>> r = pagerank(g)
    >>> max(r, key=r.get)
    'b'
    """
    counts = Counter((u, v) for u, v, _ in graph.edges(keys=True))
    return weighted_pagerank(graph.nodes, counts, alpha=alpha, max_iter=max_iter, tol=tol)


def weighted_pagerank(nodes: Iterable[N], counts: Mapping[tuple[N, N], int], *,
                      alpha: float = 0.85, max_iter: int = 500, tol: float = 1.0e-10) -> dict[N, float]:
    """Return `pagerank` of a graph given as its nodes and its number of statements per (from, to) pair.

    A plain power iteration in sorted node order, so that the result does not
    depend on insertion order or on SciPy being installed (networkx needs it).

    Examples
    --------
    >>> r = weighted_pagerank("abc", {("a", "b"): 2, ("c", "b"): 1})
    >>> r == pagerank(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "b")]))
    True
    """
    order = sorted(nodes, key=str)
    count = len(order)
    if not count:
        return {}
    weights: dict[N, dict[N, float]] = {n: defaultdict(float) for n in order}
    for (u, v), statements in sorted(counts.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        if u == v:  # a loop counts once, as networkx counts it
            weights[u][u] += statements
            continue
        weights[u][v] += statements
        weights[v][u] += statements
    neighbours = {n: sorted(weights[n].items(), key=lambda item: str(item[0])) for n in order}
    strength = {n: sum(w for _, w in neighbours[n]) for n in order}
    rank = {n: 1.0 / count for n in order}
    for _ in range(max_iter):
        dangling = sum(rank[n] for n in order if not strength[n])
        base = (1.0 - alpha) / count + alpha * dangling / count
        new = {n: base for n in order}
        for n in order:
            if strength[n]:
                share = alpha * rank[n] / strength[n]
                for m, w in neighbours[n]:
                    new[m] += share * w
        change = sum(abs(new[n] - rank[n]) for n in order)
        rank = new
        if change < count * tol:
            break
    return rank
