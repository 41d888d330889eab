"""The workbench index: a store read once, answering search, neighbourhood, filters, timeline and paths like the store."""
from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from geokg.extract.model import Document
from geokg.graph.network import from_rdf
from geokg.graph.store import GraphStore
from geokg.graph.workbench import Filters, Index, Live, Row, fold, load_index, store_stamp

ID = "https://w3id.org/geokg/id/"


@pytest.fixture(scope="module")
def index(workbench_store: Path) -> Index:
    """The workbench store's index."""
    return load_index(workbench_store)


@pytest.fixture(scope="module")
def union(workbench_store: Path) -> Graph:
    """The store's default graph as an rdflib Graph."""
    graph = Graph()
    with GraphStore(workbench_store, read_only=True) as kg:
        for triple in kg.union():
            graph.add(triple)
    return graph


def test_workbench_index_holds_what_from_rdf_makes_of_the_store(index: Index, union: Graph) -> None:
    """Every statement and entity, with the attributes the static page draws from graph.ttl."""
    expected = from_rdf(union)
    assert len(index.rows) == expected.number_of_edges() and set(index.nodes) == set(expected.nodes)
    for node, attrs in expected.nodes(data=True):
        mine = index.nodes[node]
        assert {k: mine[k] for k in ("label", "type", "alt_labels", "wikidata", "role")} == \
               {k: attrs[k] for k in ("label", "type", "alt_labels", "wikidata", "role")}, node
    for u, v, key, attrs in expected.edges(keys=True, data=True):
        row = next(r for r in index.rows if r.id == key)
        doc = index.docs[row.document or ""]
        assert (row.subject, row.object, row.relation, row.family, row.negated, row.modality, row.evidence,
                row.date, doc.published, doc.title or "", row.rule, row.confidence) == \
               (u, v, attrs["relation"], attrs["family"], attrs["negated"], attrs["modality"], attrs["evidence"],
                attrs["date"], attrs["published"], attrs["document_title"], attrs["rule"], attrs["confidence"])


def test_workbench_rows_are_in_the_static_pages_display_order(index: Index) -> None:
    keys = [(r.date or index.day_of_published(r) or "", r.document or "", r.evidence, r.id) for r in index.rows]
    assert keys == sorted(keys) and len({r.id for r in index.rows}) == len(index.rows)


def test_workbench_neighbours_count_every_statement_between_two_entities(index: Index) -> None:
    for entity, around in index.neighbours.items():
        expected = Counter(r.object if r.subject == entity else r.subject for r in index.rows
                           if entity in (r.subject, r.object) and r.subject != r.object)
        assert dict(around) == dict(expected), entity
        assert [n for _, n in around] == sorted((n for _, n in around), reverse=True)


@pytest.mark.parametrize("query, label, matched", [
    ("Putin", "Wladimir Putin", "Putin"),               # an other name (alt label) finds the entity
    ("putin", "Wladimir Putin", "Putin"),               # case does not matter
    ("WLADIMIR", "Wladimir Putin", "Wladimir Putin"),
    ("foderation", "Russland", "Russische Föderation"),  # nor accents
    ("Russland", "Russland", "Russland"),
    ("ussla", "Russland", "Russland"),                  # anywhere inside
])
def test_workbench_search_finds_by_any_name(index: Index, query: str, label: str, matched: str) -> None:
    found = [(index.nodes[e]["label"], name) for e, name in index.search(query)]
    assert (label, matched) in found


def test_workbench_search_ranks_exact_then_prefix_then_inside(index: Index) -> None:
    found = index.search("ukrain")
    grades = []
    for entity, name in found:
        folded = fold(name)
        grades.append(0 if folded == "ukrain" else 1 if folded.startswith("ukrain") else
                      2 if any(w.startswith("ukrain") for w in folded.replace("-", " ").split()) else 3)
    assert found and grades == sorted(grades)
    assert index.nodes[index.search("Russland")[0][0]]["label"] == "Russland"
    assert index.search("zzzzqqq") == []


def test_workbench_search_matches_each_entity_once(index: Index) -> None:
    found = [e for e, _ in index.search("e")]
    assert len(found) == len(set(found)) > 10


FILTERS = {
    "families": (Filters(families=frozenset({"conflict"})), lambda r, ix: r.family == "conflict"),
    "relations": (Filters(relations=frozenset({"meets", "leads"})), lambda r, ix: r.relation in ("meets", "leads")),
    "modality": (Filters(modalities=frozenset({"Reported"})), lambda r, ix: r.modality == "Reported"),
    "confidence": (Filters(min_confidence=0.75), lambda r, ix: (r.confidence or 0) >= 0.75),
    "negated": (Filters(negated=True), lambda r, ix: r.negated),
    "types": (Filters(types=frozenset({"Country"})),
              lambda r, ix: ix.nodes[r.subject]["type"] == ix.nodes[r.object]["type"] == "Country"),
    "event-from": (Filters(start="2025-09-01"), lambda r, ix: r.date is not None and r.date >= "2025-09-01"),
    "event-to-undated": (Filters(end="2025-08-31", undated=True), lambda r, ix: r.date is None or r.date <= "2025-08-31"),
    "published": (Filters(start="2025-09-04", end="2025-09-04", date="published"),
                  lambda r, ix: ix.day_of_published(r) == "2025-09-04"),
    "dated-only": (Filters(undated=False), lambda r, ix: r.date is not None),
    "source": (Filters(source="NAHOST"), lambda r, ix: "nahost" in (ix.docs[r.document].source or "")),
    "combined": (Filters(families=frozenset({"diplomacy"}), negated=False),
                 lambda r, ix: r.family == "diplomacy" and not r.negated),
}


@pytest.mark.parametrize("name", FILTERS)
def test_workbench_filters_keep_exactly_the_matching_statements(index: Index, name: str) -> None:
    filters, keeps = FILTERS[name]
    chosen = index.select(range(len(index.rows)), filters)
    assert chosen == [i for i, r in enumerate(index.rows) if keeps(r, index)]
    assert 0 < len(chosen) < len(index.rows), f"the store should have statements either side of {name}"


def test_workbench_attributed_to_and_document_filters(index: Index) -> None:
    attributed = Counter(r.attributed_to for r in index.rows if r.attributed_to)
    who, n = attributed.most_common(1)[0]
    assert len(index.select(range(len(index.rows)), Filters(attributed_to=who))) == n
    assert len(index.select(range(len(index.rows)), Filters(attributed_to=index.label(who).upper()))) == n
    assert index.select(range(len(index.rows)), Filters(attributed_to="nobody at all")) == []
    doc = next(iter(index.by_document))
    assert index.select(range(len(index.rows)), Filters(document=doc)) == index.by_document[doc]


def test_workbench_filtered_neighbourhood_counts_only_kept_statements(index: Index) -> None:
    russia = ID + "russland"
    filters = Filters(families=frozenset({"conflict"}))
    around = index.neighbourhood(russia, filters)
    assert around and sum(n for _, n in around) == sum(
        1 for r in index.rows if r.family == "conflict" and russia in (r.subject, r.object) and r.subject != r.object)


def test_workbench_timeline_keeps_event_and_publication_days_apart(index: Index) -> None:
    event, published, undated, no_event = index.timeline(range(len(index.rows)))
    assert sum(event.values()) + no_event == len(index.rows)
    assert sum(published.values()) == sum(1 for r in index.rows if index.day_of_published(r))
    assert undated == sum(1 for r in index.rows if not r.date and not index.day_of_published(r))
    assert event != published


def test_workbench_paths_are_shortest_and_follow_links(index: Index) -> None:
    graph = index.graph
    source, target = ID + "russland", ID + "donald-trump"
    paths, total = index.paths(source, target, 3)
    length = nx.shortest_path_length(graph, source, target)
    assert paths and total >= len(paths) and len(paths) <= 3
    for path in paths:
        assert (path[0], path[-1], len(path) - 1) == (source, target, length)
        assert all(index.links_between(a, b) for a, b in zip(path, path[1:]))


def test_workbench_paths_under_filters_use_only_kept_statements(index: Index) -> None:
    filters = Filters(families=frozenset({"diplomacy", "static"}))
    paths, _ = index.paths(ID + "russland", ID + "donald-trump", 5, filters)
    kept = {frozenset((index.rows[i].subject, index.rows[i].object)) for i in index.select(range(len(index.rows)), filters)}
    assert paths and all(frozenset(step) in kept for path in paths for step in zip(path, path[1:]))
    assert index.paths(ID + "russland", ID + "donald-trump", 5, Filters(relations=frozenset({"evacuates"}))) == ([], 0)


def test_workbench_no_path_between_parts_that_do_not_touch(index: Index, markup_name: str) -> None:
    markup = next(e for e, attrs in index.nodes.items() if attrs["label"] == markup_name)
    assert index.paths(markup, ID + "russland", 5) == ([], 0)


def test_workbench_store_keeps_the_text_the_offsets_index(workbench_store: Path, index: Index) -> None:
    """store:text (docs/store.md): each statement's sentence is text[charStart:charEnd]."""
    with GraphStore(workbench_store, read_only=True) as kg:
        texts = {ID + "document/" + d.id: kg.text(d.id) for d in kg.documents()}
    kept = {doc: text for doc, text in texts.items() if text is not None}
    assert len(kept) == 3 and len(texts) == 4, "the three texts kept, the hand-made one stored without"
    rows = [r for r in index.rows if r.document in kept]
    assert rows and all(kept[r.document][r.char_start:r.char_end] == r.evidence for r in rows)  # type: ignore[index]


def test_workbench_live_makes_a_new_index_when_the_store_changes(growing_store: tuple[Path, Document]) -> None:
    """A document added under a live index is in the next one; the old one answers meanwhile."""
    path, second = growing_store
    live = Live(path, every=0.0)
    before = live.load_now()
    assert live.index() is before and store_stamp(path) == before.stamp
    with GraphStore(path) as kg:
        kg.add(second)
    deadline = time.monotonic() + 120
    while (now := live.index()) is before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert now is not None and now is not before
    assert {r.document for r in now.rows} > {r.document for r in before.rows}
    assert len(now.rows) == len(before.rows) + len(second.statements)


def test_workbench_live_keeps_the_old_index_when_the_store_cannot_be_read(workbench_store: Path,
                                                                          tmp_path: Path) -> None:
    path = tmp_path / "kg"
    shutil.copytree(workbench_store, path)
    live = Live(path, every=0.0)
    before = live.load_now()
    for table in path.glob("*.sst"):
        table.write_bytes(b"garbage")
    deadline = time.monotonic() + 60
    while live.error is None and time.monotonic() < deadline:
        assert live.index() is before
        time.sleep(0.05)
    assert live.error is not None and live.index() is before


def test_workbench_row_is_compact() -> None:
    assert not hasattr(Row("s", "a", "b", "r", "f", False, None, None, "", None, None, None, None, None, None),
                       "__dict__")
