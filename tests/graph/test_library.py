"""The query library: every query's header, its generated blocks, parameters, and its answer on the demo graph."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from geokg.errors import GeokgError
from geokg.graph.library import (
    LibraryQuery,
    bind,
    describe,
    family_rows,
    get,
    library,
    parse,
    parse_params,
    refresh,
    resolve,
)
from geokg.graph.engine import GraphFile, evaluate
from geokg.graph.names import PREFIXES
from geokg.ontology import relations

LIBRARY = library()

#: Hand-built statements with both kinds of contradiction (and one statement that contradicts nothing).
CONTRADICTIONS_TTL = """
@prefix gkg: <https://w3id.org/geokg/ontology#> .
@prefix id: <https://w3id.org/geokg/id/> .
@prefix stmt: <https://w3id.org/geokg/id/statement/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

id:nordland a gkg:Country ; rdfs:label "Nordland"@de .
id:suedland a gkg:Country ; rdfs:label "Südland"@de .
id:plan a gkg:Concept ; rdfs:label "Friedensplan"@de .

stmt:s1 a gkg:Statement ; rdf:subject id:nordland ; rdf:predicate gkg:supports ; rdf:object id:plan ;
    gkg:negated false ; gkg:evidence "Nordland unterstützt den Friedensplan."@de .
stmt:s2 a gkg:Statement ; rdf:subject id:nordland ; rdf:predicate gkg:criticizes ; rdf:object id:plan ;
    gkg:negated false ; gkg:evidence "Nordland kritisiert den Friedensplan."@de .
stmt:s3 a gkg:Statement ; rdf:subject id:nordland ; rdf:predicate gkg:talks_with ; rdf:object id:suedland ;
    gkg:negated false ; gkg:evidence "Nordland verhandelt mit Südland."@de .
stmt:s4 a gkg:Statement ; rdf:subject id:suedland ; rdf:predicate gkg:talks_with ; rdf:object id:nordland ;
    gkg:negated true ; gkg:evidence "Südland verhandelt nicht mit Nordland."@de .
stmt:s5 a gkg:Statement ; rdf:subject id:suedland ; rdf:predicate gkg:attacks ; rdf:object id:nordland ;
    gkg:negated false ; gkg:evidence "Südland greift Nordland an."@de .
"""


def _rows(graph: GraphFile, text: str) -> list[dict[str, str]]:
    """The answer of the engine, in this process, as a list of {column: text} (unbound → "")."""
    return evaluate(graph, text).records()


def _has(rows: list[dict[str, str]], expected: dict[str, str]) -> bool:
    """Whether some row agrees with every column of `expected`."""
    return any(all(row.get(k) == v for k, v in expected.items()) for row in rows)


@pytest.fixture(scope="module")
def demo_graph(demo_out: Path) -> GraphFile:
    """The demo build's graph.ttl."""
    return GraphFile(demo_out / "graph.ttl")


def test_library_has_the_analyst_questions() -> None:
    mine = {"who-did-what", "actor-timeline", "against-country", "conflict-cooperation", "reported-by",
            "negated", "contradictions", "most-active", "document-statements", "relation-timeline",
            "who-is-who"}
    assert mine <= set(LIBRARY) and len(LIBRARY) >= 10


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_query_header_states_a_question(name: str) -> None:
    query = LIBRARY[name]
    assert query.text.startswith("# ") and len(query.question) > 10
    for param in query.params:
        assert param.description, f"{name}: parameter {param.name} is not described"
        assert param.default is not None, f"{name}: no VALUES ?{param.name} {{ … }} block to bind"


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_generated_blocks_match_the_ontology(name: str) -> None:
    assert refresh(LIBRARY[name].text) == LIBRARY[name].text, \
        "out of date with ontology/geokg.ttl: run `python -m geokg.graph.library`"


def test_library_refresh_rewrites_a_stale_block() -> None:
    fresh = LIBRARY["who-did-what"].text
    stale = fresh.replace('(gkg:attacks "conflict")', '(gkg:attacks "cooperation")')
    assert stale != fresh and refresh(stale) == fresh
    assert dict(family_rows()) == {name: r.family for name, r in relations().items()}


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_every_query_runs_on_the_demo_graph(name: str, demo_graph: GraphFile) -> None:
    rows = _rows(demo_graph, LIBRARY[name].text)
    assert isinstance(rows, list)


#: (query, parameters, rows that must be in the answer) — read off the demo graph by hand.
EXPECTED: list[tuple[str, dict[str, str], list[dict[str, str]]]] = [
    ("who-did-what", {}, [
        {"subject": "Russland", "relation": "attacks", "object": "Odessa", "family": "conflict",
         "negated": "false", "date": "2025-09-04"},
        {"subject": "Russland", "relation": "talks_with", "object": "Ukraine", "negated": "true"},
        {"subject": "Donald Trump", "relation": "meets", "object": "Wladimir Putin", "date": "2025-08-14"}]),
    ("actor-timeline", {"actor": "russland"}, [
        {"relation": "attacks", "object": "Odessa", "negated": "false", "modality": "Reported"},
        {"relation": "talks_with", "object": "Ukraine", "negated": "true"}]),
    ("actor-timeline", {"actor": "Putin"}, [  # an other name; met by Trump (meets is symmetric)
        {"relation": "meets", "object": "Donald Trump", "date": "2025-08-14"}]),
    ("against-country", {"country": "Ukraine"}, [
        {"subject": "Russland", "relation": "attacks", "target": "Odessa", "via": "a place in it",
         "family": "conflict"},
        {"subject": "Donald Trump", "relation": "meets", "target": "Wolodymyr Selenskyj", "via": "its leader"},
        {"subject": "Russland", "relation": "talks_with", "target": "Ukraine", "via": "the country",
         "negated": "true"}]),
    ("against-country", {"country": "russland"}, [
        {"subject": "Donald Trump", "relation": "meets", "target": "Wladimir Putin", "via": "its leader"}]),
    ("conflict-cooperation", {}, [
        {"actor1": "Odessa", "actor2": "Russland", "conflict": "1", "cooperation": "0"},
        {"actor1": "Donald Trump", "actor2": "Wladimir Putin", "conflict": "0", "diplomacy": "1"}]),
    ("reported-by", {}, [
        {"source": "AFP", "subject": "Steve Witkoff", "relation": "participates_in"},
        {"source": "Behörde", "subject": "Russland", "relation": "attacks", "object": "Odessa"}]),
    ("negated", {}, [
        {"subject": "Russland", "relation": "talks_with", "object": "Ukraine"}]),
    ("most-active", {}, [
        {"actor": "Donald Trump", "type": "Person", "acts": "3"},
        {"actor": "Odessa", "type": "Location", "acts": "0", "targeted": "1"}]),
    ("document-statements", {"document": "nato-chef rutte"}, [
        {"subject": "Russland", "relation": "attacks", "object": "Odessa"},
        {"subject": "Mark Rutte", "relation": "leads", "object": "NATO"}]),
    ("relation-timeline", {}, [
        {"subject": "Russland", "object": "Odessa", "date": "2025-09-04"}]),
    ("relation-timeline", {"relation": "gkg:meets"}, [
        {"subject": "Donald Trump", "object": "Wladimir Putin", "date": "2025-08-14"}]),
    ("who-is-who", {}, [
        {"type": "Person", "entity": "Wladimir Putin", "other_names": "Putin | Vladimir Putin", "role": "Kremlchef"},
        {"type": "Country", "entity": "Russland", "wikidata": "http://www.wikidata.org/entity/Q159"}]),
]


@pytest.mark.parametrize("name, params, expected", EXPECTED,
                         ids=[f"{n}-{'-'.join(p.values()) or 'default'}" for n, p, _ in EXPECTED])
def test_library_answers_on_the_demo_graph(name: str, params: dict[str, str],
                                           expected: list[dict[str, str]], demo_graph: GraphFile) -> None:
    rows = _rows(demo_graph, get(name).bind(params))
    for row in expected:
        assert _has(rows, row), f"{name} {params}: no row like {row} in {rows}"


@pytest.mark.parametrize("name, absent", [
    ("who-did-what", {"relation": "leads"}),  # static facts left out
    ("negated", {"relation": "attacks"}),
    ("actor-timeline", {"relation": "leads"}),  # Russland leads nothing
    ("against-country", {"target": "Wladimir Putin"}),  # Putin leads Russland, not Ukraine
    ("conflict-cooperation", {"actor2": "Sicherheitsgarantie"}),  # concepts are not actors
])
def test_library_answers_leave_out(name: str, absent: dict[str, str], demo_graph: GraphFile) -> None:
    assert not _has(_rows(demo_graph, LIBRARY[name].text), absent)


def test_library_document_statements_in_text_order(demo_graph: GraphFile) -> None:
    rows = _rows(demo_graph, LIBRARY["document-statements"].text)
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts) and len(rows) > 10
    assert _rows(demo_graph, get("document-statements").bind({"document": "kein solcher Titel"})) == []


def test_library_contradictions_none_in_the_demo(demo_graph: GraphFile) -> None:
    assert _rows(demo_graph, LIBRARY["contradictions"].text) == []


def test_library_contradictions_both_kinds(tmp_path: Path) -> None:
    (tmp_path / "c.ttl").write_text(CONTRADICTIONS_TTL, encoding="utf-8")
    rows = _rows(GraphFile(tmp_path / "c.ttl"), LIBRARY["contradictions"].text)
    assert _has(rows, {"kind": "opposite stances", "subject": "Nordland", "claim": "supports",
                       "counterclaim": "criticizes", "object": "Friedensplan"})
    assert _has(rows, {"kind": "asserted and negated", "subject": "Nordland", "claim": "talks_with",
                       "counterclaim": "not talks_with", "object": "Südland",
                       "counterevidence": "Südland verhandelt nicht mit Nordland."})
    assert len(rows) == 2


def test_library_same_answer_from_trig(demo_out: Path, demo_graph: GraphFile) -> None:
    text = get("against-country").bind({"country": "Ukraine"})
    assert _rows(GraphFile(demo_out / "graph.trig"), text) == _rows(demo_graph, text)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_every_file_declares_its_prefixes_and_parses_as_it_stands(name: str) -> None:
    """Oxigraph and rdflib, told no prefix, parse every file unchanged; the prefixes are geokg's."""
    from rdflib.plugins.sparql import prepareQuery

    text = LIBRARY[name].text
    ox.Store().query(text)  # a SyntaxError fails the test
    prepareQuery(text)
    declared = dict(re.findall(r"^PREFIX (\w+): <([^>]*)>$", text, re.MULTILINE))
    assert declared and all(PREFIXES[p] == ns for p, ns in declared.items())


@pytest.mark.parametrize("value", ['x" } ?who ?p ?o { "', "Russland\\", "a\nb", 'VALUES ?actor { "Russland" }'])
def test_library_parameter_values_cannot_inject(value: str, demo_graph: GraphFile) -> None:
    text = get("actor-timeline").bind({"actor": value})
    assert _rows(demo_graph, text) == []


def test_library_bind_and_defaults() -> None:
    query = parse("t", '# Q?\n# param: who — an actor\n# param: when - a date\n'
                       'SELECT * WHERE { VALUES ?who { "A" } VALUES ?when { "" } }')
    assert [(p.name, p.description, p.default) for p in query.params] == [
        ("who", "an actor", "A"), ("when", "a date", "")]
    bound = query.bind({"who": 'Kiew "Nord"', "when": "2025"})
    assert 'VALUES ?who { "Kiew \\"Nord\\"" }' in bound and 'VALUES ?when { "2025" }' in bound
    assert bind("SELECT * WHERE { ?s ?p ?o }", {}) == "SELECT * WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("call, message", [
    (lambda: get("actor-timelin"), "did you mean actor-timeline"),
    (lambda: get("who-did-what").bind({"actor": "x"}), "no parameter 'actor'"),
    (lambda: parse_params(["actor"]), "name=value"),
    (lambda: parse("bad", "SELECT * WHERE { ?s ?p ?o }"), "question"),
    (lambda: resolve("missing.rq"), "query file not found"),
])
def test_library_errors_are_clear(call: Any, message: str) -> None:
    with pytest.raises(GeokgError, match=message):
        call()


def test_library_resolve_file_name_or_text(tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text('# Mine?\n# param: x — a value\nSELECT ?x WHERE { VALUES ?x { "a" } }', encoding="utf-8")
    assert 'VALUES ?x { "b" }' in resolve(str(rq), {"x": "b"})
    assert resolve("negated") == LIBRARY["negated"].text
    assert resolve("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    assert parse_params(["actor=Russland", "q=a=b"]) == {"actor": "Russland", "q": "a=b"}


def test_library_describe_lists_names_questions_and_params() -> None:
    text = describe(LIBRARY.values())
    for query in LIBRARY.values():
        assert f"{query.name}  " in text and query.question in text
    assert "--param actor=…" in text and "(default: 'Russland')" in text
    assert describe([LibraryQuery("x", "Q?", (), "")]) == "x  Q?\n"
