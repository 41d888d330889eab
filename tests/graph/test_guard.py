"""graph/guard.py: what a query may not do, found however it is written, and what it may."""
from __future__ import annotations

import pytest

from geokg.errors import GeokgError
from geokg.graph.guard import check, decoded, tokens
from geokg.graph.library import library
from geokg.graph.names import PREFIXES

#: (query, the code it is refused with): every way of writing what reaches beyond the dataset.
REFUSED = [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "E414"),
    ("SELECT * WHERE { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }", "E414"),
    ("PREFIX ex: <http://127.0.0.1:9/>\nSELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }", "E414"),
    ("SELECT * WHERE {SERVICE<http://127.0.0.1:9/>{?s ?p ?o}}", "E414"),
    ("SELECT * WHERE { ?s ?p ?o . \\u0053ERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }", "E414"),
    ("SELECT * WHERE { ?s ?p 'x' } # a comment\nSELECT * WHERE { SERVICE <x:y> {} }", "E414"),
    # an engine that decodes escapes before parsing (SPARQL 1.1 §19.2) ends the string early
    ('SELECT * WHERE { ?s ?p "\\u0022 } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #" }', "E414"),
    ("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "E415"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "E415"),
    ("DELETE WHERE { ?s ?p ?o }", "E415"),
    ("WITH <http://a/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "E415"),
    ("CLEAR ALL", "E415"),
    ("drop silent graph <http://a/g>", "E415"),
    ("SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }", "E416"),
    ("SELECT * FROM NAMED <http://127.0.0.1:9/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "E416"),
    ("PREFIX ex: <http://127.0.0.1:9/>\nSELECT * FROM ex:g WHERE { ?s ?p ?o }", "E416"),
    ("BASE <http://127.0.0.1:9/>\nSELECT * FROM <g.ttl> WHERE { ?s ?p ?o }", "E416"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "E416"),
    ("SELECT * FROM id:x WHERE { ?s ?p ?o }", "E416"),
]

#: Queries that only read, though they hold the words above as names, strings, IRIs or comments.
ALLOWED = [
    "SELECT ?s WHERE { ?s rdfs:label 'Secret Service' }",
    'SELECT ?s WHERE { ?s rdfs:label """INSERT the LOAD\nof DELETE""" }',
    "SELECT ?s WHERE { ?s <http://example.org/service> ?o } # SERVICE <http://x/> in a comment",
    "PREFIX service: <http://example.org/>\nSELECT ?s WHERE { ?s service:load ?o }",
    "SELECT ?service ?from WHERE { ?service ?from ?load }",
    "SELECT * FROM <https://w3id.org/geokg/id/graph/background> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <https://w3id.org/geokg/id/graph/abc> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX g: <https://w3id.org/geokg/id/graph/>\nSELECT * FROM g:background WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER (?o < 3 && ?o > 1) }",
]


@pytest.mark.parametrize("query, code", REFUSED, ids=[f"{c}-{i}" for i, (_, c) in enumerate(REFUSED)])
def test_guard_refuses_what_reaches_beyond_the_dataset(query: str, code: str) -> None:
    with pytest.raises(GeokgError) as found:
        check(query, prefixes=PREFIXES)
    assert found.value.code == code and "\n" not in found.value.message


@pytest.mark.parametrize("query", ALLOWED, ids=range(len(ALLOWED)))
def test_guard_lets_reading_queries_through(query: str) -> None:
    check(query, prefixes=PREFIXES)


def test_guard_allow_service_lets_federation_through() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check(query, allow_service=True)
    with pytest.raises(GeokgError, match="INSERT is an update"):
        check("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", allow_service=True)


@pytest.mark.parametrize("name", sorted(library()))
def test_guard_lets_every_library_query_through(name: str) -> None:
    check(library()[name].text, prefixes=PREFIXES)


def test_guard_tokens_skip_strings_iris_and_comments() -> None:
    found = [(t.kind, t.text) for t in tokens("SELECT ?x { ?x ex:p 'a # b', <http://x/#y> } # c")]
    assert found == [("word", "SELECT"), ("variable", "?x"), ("other", "{"), ("variable", "?x"),
                     ("pname", "ex:p"), ("string", "'a # b'"), ("other", ","), ("iri", "<http://x/#y>"),
                     ("other", "}")]
    assert decoded("\\u0046ROM \\U0001F600") == "FROM \U0001F600"
