"""The persistent store: incremental, order-independent, idempotent, replacing changed liveblogs, queryable."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Identifier

from geokg.extract.model import Document, EntityRef, Statement
from geokg.extract.pipeline import extract
from geokg.build import export_store, read_inputs
from geokg.errors import Errors, GeokgError
from geokg.graph.assemble import assemble, union
from geokg.graph.ids import BACKGROUND, graph_iri
from geokg.graph.library import get, library
from geokg.graph.network import from_rdf, to_networkx
from geokg.graph.engine import Answer, GraphFile, evaluate
from geokg.graph.query import format_result
from geokg.graph.resolve import resolve
from geokg.graph.store import GraphStore, document_from_json, document_to_json, from_ox, to_ox
from geokg.ontology.namespace import GKG

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "geokg" / "data" / "seed-liveblog.txt", ROOT / "examples" / "liveblog-ukraine-2.txt",
          ROOT / "examples" / "liveblog-nahost.txt"]
NORDLAND = EntityRef("Nordland", "Country", "Nordland", "country:NL")


@pytest.fixture(scope="module")
def raw(nlp: object) -> list[Document]:
    """The sample and the two example liveblogs as extracted (before resolution)."""
    return list(extract(read_inputs(INPUTS)))


def quads(store: GraphStore) -> set[str]:
    """Every quad of the store as N-Quads text (bookkeeping included)."""
    return {str(q) for q in store.store}


def canon(triples: Iterable[tuple]) -> set[str]:
    """Triples as N-Triples text (xsd:string literals plain, as in RDF 1.1)."""
    return {" ".join(str(to_ox(t)) for t in triple) for triple in triples}


def union_is_exact(store: GraphStore) -> bool:
    """Whether the default graph holds each triple of the documents' graphs, and nothing else."""
    default = {str(q.triple) for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    graphs = {str(q.triple) for d in store.documents()
              for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(d.graph))}
    return default == graphs


def canon_quads(ds: Dataset) -> set[str]:
    """The quads of a Dataset as N-Quads text (xsd:string literals plain)."""
    return {" ".join(str(to_ox(t)) for t in (s, p, o, getattr(c, "identifier", c)))  # type: ignore[arg-type]
            for s, p, o, c in ds.quads((None, None, None, None))}


def fill(path: Path, documents: Iterable[Document], background: bool = True) -> GraphStore:
    """A store at `path` with the documents added one by one."""
    store = GraphStore(path)
    if background:
        store.ensure_background()
    for document in documents:
        store.add(document)
    return store


def hand_doc(doc_id: str, names: list[str], source: str | None = None, day: int = 1) -> Document:
    """A hand-built extraction in which each named person criticizes Nordland."""
    statements = [Statement(EntityRef(n, "Person", n, f"person:{n}"), "criticizes", NORDLAND,
                            f"{n} kritisiert Nordland.", 30 * i, 30 * i + 25, "verb:kritisieren", document=doc_id)
                  for i, n in enumerate(names)]
    return Document(doc_id, "", f"Text {doc_id}", source or f"{doc_id}.txt",
                    datetime(2025, 3, day, 12, tzinfo=timezone.utc), statements, [NORDLAND])


@pytest.fixture(scope="module")
def together(raw: list[Document], tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The three texts added in input order (the state every other order must reach)."""
    return fill(tmp_path_factory.mktemp("together") / "kg", raw)


def test_store_one_by_one_in_input_order_has_an_exact_union(together: GraphStore) -> None:
    assert union_is_exact(together)


def test_store_equals_a_build_of_all_together(raw: list[Document], together: GraphStore) -> None:
    """Each document's graph is its contribution to a build of all three; the union is that build's graph.ttl."""
    resolved = resolve(raw)
    for document in resolved:
        contribution = {(s, p, o) for s, p, o, _ in assemble([document]).quads((None, None, None, None))}
        assert canon(together.graph_triples(graph_iri(document.id))) == canon(contribution), document.source
    assert canon(together.union()) == canon(union(assemble(resolved)))


def test_store_adding_again_changes_nothing(raw: list[Document], together: GraphStore) -> None:
    before = quads(together)
    results = [together.add(d) for d in raw]
    assert [r.status for r in results] == ["unchanged"] * 3
    assert not together.ensure_background()
    assert quads(together) == before


def test_store_one_iri_per_person_and_country(together: GraphStore) -> None:
    """Each person and country named in more than one document has exactly one IRI."""
    docs = {URIRef(d.graph) for d in together.documents()}
    by_label: dict[tuple[str, str], set[Identifier]] = {}
    graphs_of: dict[Identifier, set[URIRef]] = {}
    for g in docs:
        triples = list(together.graph_triples(g))
        for s, p, o in triples:
            if p == RDF.type and o in (GKG.Person, GKG.Country):
                graphs_of.setdefault(s, set()).add(g)
                for s2, p2, label in triples:
                    if s2 == s and p2 == RDFS.label:
                        by_label.setdefault((str(o), str(label)), set()).add(s)
    shared = [e for e, gs in graphs_of.items() if len(gs) > 1]
    assert len(shared) >= 8
    assert all(len(iris) == 1 for iris in by_label.values()), by_label
    rutte = URIRef("https://w3id.org/geokg/id/mark-rutte")
    assert len(graphs_of[rutte]) == 2 and URIRef("https://w3id.org/geokg/id/rutte") not in graphs_of


def test_store_full_background_with_wikidata(together: GraphStore) -> None:
    background = set(together.graph_triples(BACKGROUND))
    russland = URIRef("https://w3id.org/geokg/id/russland")
    assert (russland, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")) in background
    assert len({s for s, p, o in background if o == GKG.Country}) >= 193


def test_store_query_answers_like_the_file(file_graph: GraphFile, together: GraphStore) -> None:
    q = "SELECT ?a ?b WHERE { ?x gkg:attacks ?y . ?x rdfs:label ?a . ?y rdfs:label ?b } ORDER BY ?a ?b"
    from_store = format_result(together.query(q), "csv")
    from_file = format_result(evaluate(file_graph, q), "csv")
    assert from_store == from_file and "Russland,Odessa" in from_store
    assert format_result(together.query("ASK { ?s gkg:attacks ?o }")) == "true\n"
    assert "gkg:attacks" in format_result(together.query("CONSTRUCT { ?s gkg:attacks ?o } WHERE { ?s gkg:attacks ?o }"))
    with pytest.raises(GeokgError, match="query failed"):
        together.query("SELECT WHERE {")


@pytest.fixture(scope="module")
def file_graph(raw: list[Document], tmp_path_factory: pytest.TempPathFactory) -> GraphFile:
    """The three texts built together, written as TriG (what a user queries)."""
    path = tmp_path_factory.mktemp("trig") / "graph.trig"
    path.write_text(assemble(resolve(raw)).serialize(format="trig"), encoding="utf-8")
    return GraphFile(path)


@pytest.mark.parametrize("name", sorted(n for n in library() if n.startswith(("aggregate-", "leaders-"))))
def test_store_aggregate_and_leader_queries_match_the_file(name: str, file_graph: GraphFile,
                                                           together: GraphStore) -> None:
    """The library's aggregation queries give the same rows on the store as on a file."""
    text = get(name).text

    def rows(result: Answer) -> list[tuple[tuple[str, ...], ...]]:
        """CSV rows with the parts of each GROUP_CONCAT cell sorted (their order is the engine's)."""
        lines = list(csv.reader(io.StringIO(format_result(result, "csv"))))
        return sorted(tuple(tuple(sorted(re.split(r" \| |, ", cell))) for cell in line) for line in lines)

    from_store, from_file = rows(together.query(text)), rows(evaluate(file_graph, text))
    assert from_store == from_file and len(from_store) > 1


def test_store_aggregate_triples_counts_documents_and_dates(together: GraphStore) -> None:
    rows = {(r["subject"], r["relation"], r["object"]): r for r in _rows(together, get("aggregate-triples").text)}
    rutte = rows[("Mark Rutte", "leads", "NATO")]
    assert rutte["documents"] == "2" and int(rutte["mentions"]) >= 2
    assert (rutte["first"], rutte["last"]) == ("2025-09-04", "2025-09-23")
    assert set(rutte["in_documents"].split(" | ")) == {"seed-liveblog.txt", "liveblog-ukraine-2.txt"}


def _rows(store: GraphStore, text: str) -> list[dict[str, str]]:
    return store.query(text).records()


def test_store_rewrites_earlier_documents_when_names_change(tmp_path: Path) -> None:
    """"Kalinde" alone first, the full name later, then a second Kalinde: the first graph follows each time."""
    a, b, c = hand_doc("a1", ["Kalinde"]), hand_doc("b1", ["Mara Kalinde"]), hand_doc("c1", ["Jon Kalinde"])
    with fill(tmp_path / "kg", [], background=False) as store:
        assert store.add(a).status == "added"
        assert store.add(b).rewritten == ("a1",)
        assert _labels(store, "a1") == {"Mara Kalinde"}
        assert store.add(c).rewritten == ("a1",)
        assert _labels(store, "a1") == {"Kalinde"}
        assert union_is_exact(store)
        final = quads(store)
    with fill(tmp_path / "other", [c, a, b], background=False) as other:
        assert quads(other) == final


def test_store_relabels_earlier_documents_when_a_better_spelling_comes(tmp_path: Path) -> None:
    """"STANDARD" first, "Standard" later: one IRI, one label, whatever the order."""
    def naming(doc_id: str, name: str) -> Document:
        org = EntityRef(name, "Organization", name, f"organization:{name}")
        st = Statement(org, "criticizes", NORDLAND, f"{name} kritisiert Nordland.", 0, 20, "verb:kritisieren",
                       document=doc_id)
        return Document(doc_id, "", doc_id, f"{doc_id}.txt", datetime(2025, 3, 1, tzinfo=timezone.utc), [st])

    first, second = naming("s1", "STANDARD"), naming("s2", "Standard")
    with fill(tmp_path / "kg", [], background=False) as store:
        store.add(first)
        assert store.add(second).rewritten == ("s1",)
        labels = [str(o) for s, p, o in store.union() if p == RDFS.label and str(s).endswith("/standard")]
        assert labels == ["Standard"] and union_is_exact(store)
        final = quads(store)
    with fill(tmp_path / "other", [second, first], background=False) as other:
        assert quads(other) == final


def _labels(store: GraphStore, doc_id: str) -> set[str]:
    """The labels of the persons in one document's graph."""
    triples = set(store.graph_triples(graph_iri(doc_id)))
    persons = {s for s, p, o in triples if p == RDF.type and o == GKG.Person}
    return {str(o) for s, p, o in triples if p == RDFS.label and s in persons}


def test_store_replaces_a_changed_liveblog_and_keeps_a_newer_one(tmp_path: Path) -> None:
    old = hand_doc("v1", ["Mara Kalinde"], source="ticker.txt", day=1)
    new = hand_doc("v2", ["Mara Kalinde", "Ossi Brinck"], source="ticker.txt", day=2)
    with GraphStore(tmp_path / "kg") as store:
        store.add(old)
        result = store.add(new)
        assert (result.status, result.replaced) == ("replaced", ("v1",))
        assert [d.id for d in store.documents()] == ["v2"]
        assert not list(store.graph_triples(graph_iri("v1")))
        assert union_is_exact(store)
        assert store.add(old).status == "kept"  # an older version does not undo the newer one
        assert [d.id for d in store.documents()] == ["v2"]
        assert store.person_names() == {"Mara Kalinde", "Ossi Brinck"}


@pytest.mark.parametrize("first, second", [(None, None), (2, None), (None, 1)],
                         ids=["both-undated", "dated-then-undated", "undated-then-dated"])
def test_store_undated_versions_the_later_build_replaces(tmp_path: Path, first: int | None,
                                                         second: int | None) -> None:
    """When either version of a source is undated nothing says which is newer: the one added later wins."""
    def version(doc_id: str, names: list[str], day: int | None) -> Document:
        document = hand_doc(doc_id, names, source="ticker.txt", day=day or 1)
        document.issued = None if day is None else document.issued
        return document

    with GraphStore(tmp_path / "kg") as store:
        store.add(version("v1", ["Mara Kalinde"], first))
        result = store.add(version("v2", ["Mara Kalinde", "Ossi Brinck"], second))
        assert (result.status, result.replaced) == ("replaced", ("v1",))
        ((stored,),) = [store.documents()]
        assert (stored.id, stored.issued is None) == ("v2", second is None)
        assert store.extraction("v2").issued == version("v2", [], second).issued
        assert union_is_exact(store)


def test_store_documents_round_trip_as_json(raw: list[Document]) -> None:
    for document in raw:
        back = document_from_json(document_to_json(document))
        assert back.statements == document.statements and back.entities == document.entities
        assert back.issued == document.issued and back.text == ""


def test_store_terms_round_trip() -> None:
    for term in (URIRef("https://w3id.org/geokg/id/x"), Literal("ä \"q\"\n", lang="de"),
                 Literal("2025-03-01", datatype=XSD.date), Literal("plain")):
        assert from_ox(to_ox(term)) == term


def test_store_in_reverse_order_gives_the_same_triples_and_exports_the_build(
        raw: list[Document], together: GraphStore, tmp_path: Path) -> None:
    """Added last to first, the texts make the same store; `geokg export --store` writes what `geokg build` writes.

    Any order of persons' names resolves alike (tests/graph/test_resolve.py proves it on every
    order); this is the store's side of it: earlier graphs rewritten as later documents arrive.
    """
    with fill(tmp_path / "kg", reversed(raw)) as backwards:
        assert quads(backwards) == quads(together)
        assert union_is_exact(backwards)
    export_store(tmp_path / "kg", tmp_path / "out", ["trig", "jsonl", "html"])
    exported = Dataset()
    exported.parse(str(tmp_path / "out" / "graph.trig"), format="trig")
    assert canon_quads(exported) == canon_quads(assemble(resolve(raw)))
    lines = sorted((tmp_path / "out" / "statements.jsonl").read_text("utf-8").splitlines())
    expected = sorted(json.dumps({**st.to_json(), "document_date": d.issued.date().isoformat() if d.issued else None},
                                 ensure_ascii=False, sort_keys=True)
                      for d in resolve(raw) for st in d.statements)
    assert lines == expected
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
    export_store(tmp_path / "kg", tmp_path / "full", ["ttl"], full_background=True)
    assert (tmp_path / "full" / "graph.ttl").stat().st_size > (tmp_path / "out" / "graph.trig").stat().st_size


def test_store_network_from_rdf_has_the_build_attributes(raw: list[Document]) -> None:
    documents = resolve(raw)
    expected, rebuilt = to_networkx(documents), from_rdf(union(assemble(documents)))
    assert sorted(expected.edges(keys=True, data=True)) == sorted(rebuilt.edges(keys=True, data=True))
    for node, data in expected.nodes(data=True):  # RDF keeps every role and surface of a node, not the first
        got = rebuilt.nodes[node]
        assert {k: v for k, v in got.items() if k not in ("alt_labels", "role")} == \
            {k: v for k, v in data.items() if k not in ("alt_labels", "role")}
        assert set(data["alt_labels"]) <= set(got["alt_labels"])
        assert (got["role"] is None) == (data["role"] is None)


def test_store_locked_missing_and_foreign_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(GeokgError, match="no store at"):
        GraphStore(tmp_path / "nothing", create=False)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_text("", "utf-8")
    for path in (tmp_path / "out", tmp_path / "out" / "graph.ttl"):
        with pytest.raises(GeokgError, match="is not a store"):
            GraphStore(path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.ttl"]
    with GraphStore(tmp_path / "kg"):
        with pytest.raises(GeokgError, match="in use"):
            GraphStore(tmp_path / "kg")


def test_store_leaders_at_date_two_presidents_years_apart(nlp: object, tmp_path: Path) -> None:
    texts = {
        "usa-2021.txt": "Stand: 10.03.2021 14:00 Uhr\nUS-Präsident Joe Biden hat mit Bundeskanzlerin Angela Merkel "
                        "telefoniert. Biden sagte, die USA stünden an der Seite Europas.\n",
        "usa-2025.txt": "Stand: 12.03.2025 09:30 Uhr\nUS-Präsident Donald Trump hat Kanada mit Zöllen gedroht. "
                        "Trump kritisierte die Regierung in Ottawa.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
    docs = list(extract(read_inputs([tmp_path / n for n in texts])))
    query = get("leaders-at-date")
    with fill(tmp_path / "kg", docs) as store:
        march_2025 = _rows(store, query.bind({"country": "USA", "date": "2025-03-15"}))
        march_2021 = _rows(store, query.bind({"country": "Vereinigte Staaten", "date": "2021-03-01"}))
        april_2025 = _rows(store, query.bind({"country": "usa", "date": "2025-04-01"}))
    assert [(r["leader"], r["of"], r["documents"]) for r in march_2025] == [("Donald Trump", "USA", "usa-2025.txt")]
    assert [r["leader"] for r in march_2021] == ["Joe Biden"]
    assert april_2025 == []


def test_store_keeps_each_documents_text(raw: list[Document], tmp_path: Path) -> None:
    """store:text, the text charStart/charEnd index (docs/store.md); none for a document stored without one."""
    with fill(tmp_path / "kg", [raw[0], hand_doc("d1", ["Anna Nord"])], background=False) as store:
        assert store.text(raw[0].id) == raw[0].text
        assert all(raw[0].text[s.char_start:s.char_end] == s.evidence for s in raw[0].statements)
        assert store.text("d1") is None
        with pytest.raises(GeokgError, match="not in the store"):
            store.text("ffffffffffffffff")
        assert not any("store#text" in str(q) for q in store.store.quads_for_pattern(None, None, None,
                                                                                    ox.DefaultGraph()))


#: Persons whose names resolve into each other and apart again as documents come and go.
CROWD = [["Rutte"], ["Mark Rutte", "Biden"], ["Ruttes", "Joe Biden"], ["Hunter Biden", "Rutte"],
         ["Bidens", "Ossi Brinck"], ["Brinck", "Mara Kalinde"], ["Kalindes"], ["Hans Rutte", "Kalinde"]]


def crowd() -> list[Document]:
    """Hand-built documents with shared surnames, and two versions of one liveblog (the later one wins)."""
    docs = [hand_doc(f"crowd{i}", names) for i, names in enumerate(CROWD)]
    return docs + [hand_doc("blog1", ["Brinck", "Rutte"], source="blog.txt", day=2),
                   hand_doc("blog2", ["Ossi Brinck", "Kalinde"], source="blog.txt", day=5)]


def test_store_one_writer_equals_a_writer_per_document_in_reverse(tmp_path: Path) -> None:
    """One GraphStore adding every document (its catalog kept between adds) makes the store that
    opening the store anew for each document, in reverse order, makes; the union is graph.ttl of a build."""
    docs = crowd()
    with fill(tmp_path / "one", docs, background=False) as one:
        for document in reversed(docs):
            with GraphStore(tmp_path / "each") as each:
                each.add(document)
        with GraphStore(tmp_path / "each") as each:
            assert quads(one) == quads(each)
        kept = [d for d in docs if d.id != "blog1"]
        assert canon(one.union()) == canon(union(assemble(resolve(kept))))
        assert union_is_exact(one)


def test_store_a_failed_add_leaves_store_and_catalog_as_before(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A transaction that fails after the writer's catalog took the document in: the catalog is read
    again, and adding on gives the store a build without the failure gives."""
    docs = crowd()
    store = fill(tmp_path / "kg", docs[:3], background=False)
    store.catalog()

    def broken(self: GraphStore, operations: list[str]) -> None:
        raise GeokgError(Errors.E507, path=self.path, reason="simulated")

    with monkeypatch.context() as patch:
        patch.setattr(GraphStore, "_update", broken)
        with pytest.raises(GeokgError):
            store.add(docs[3])
    assert not store.has(docs[3].id)
    assert store.person_names() == {n for names in CROWD[:3] for n in names}
    for document in docs[3:]:
        store.add(document)
    with store, fill(tmp_path / "reference", docs, background=False) as reference:
        assert quads(store) == quads(reference)


def test_store_a_reader_beside_the_writer_sees_whole_documents(tmp_path: Path) -> None:
    """A read-only store opened after each add of a writer that keeps going holds every document
    added so far, each whole and resolved against the others, and nothing of the next one."""
    docs = [d for d in crowd() if d.id != "blog2"]
    with GraphStore(tmp_path / "kg") as writer:
        for n, document in enumerate(docs, 1):
            writer.add(document)
            with GraphStore(tmp_path / "kg", read_only=True) as reader:
                assert {d.id for d in reader.documents()} == {d.id for d in docs[:n]}
                assert union_is_exact(reader)
                assert canon(reader.union()) == canon(union(assemble(resolve(docs[:n])))), n
