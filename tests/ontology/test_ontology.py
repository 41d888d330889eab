"""Tests for ontology/: the vocabulary, the relation catalogue, the closed namespace and the shapes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from geokg import ontology
from geokg.ontology import GKG, ID, Relation, load_ontology, load_shapes, relations

VALID_STATEMENT = Path(__file__).with_name("valid_statement.ttl")

# SPEC section 3: name, PLOVER, CAMEO, family ("—" in the table is None).
CATALOGUE: list[tuple[str, str | None, str | None, str]] = [
    ("states", None, "01", "communication"),
    ("demands", "REQUEST", "02/10", "diplomacy"),
    ("proposes", None, "03", "diplomacy"),
    ("agrees_on", "AGREE", "057", "cooperation"),
    ("supports", "SUPPORT", "05", "cooperation"),
    ("cooperates_with", "COOPERATE", "06", "cooperation"),
    ("provides_aid", "AID", "07", "cooperation"),
    ("meets", "CONSULT", "04", "diplomacy"),
    ("visits", "CONSULT", "042/043", "diplomacy"),
    ("talks_with", "CONSULT", "04/046", "diplomacy"),
    ("discusses", "CONSULT", "04", "diplomacy"),
    ("participates_in", "CONSULT", "04", "diplomacy"),
    ("informs", "CONSULT", "04", "diplomacy"),
    ("withdraws_from", "RETREAT", "08", "cooperation"),
    ("criticizes", "ACCUSE", "11", "conflict"),
    ("rejects", "REJECT", "12", "conflict"),
    ("threatens", "THREATEN", "13", "conflict"),
    ("protests", "PROTEST", "14", "conflict"),
    ("deploys", "MOBILIZE", "15", "conflict"),
    ("sanctions", "SANCTION", "16", "conflict"),
    ("coerces", "COERCE", "17", "conflict"),
    ("attacks", "ASSAULT", "18–20", "conflict"),
    ("evacuates", None, None, "diplomacy"),
    ("leads", None, None, "static"),
    ("affiliated_with", None, None, "static"),
    ("member_of", None, None, "static"),
    ("located_in", None, None, "static"),
]
SYMMETRIC = {"meets", "talks_with", "cooperates_with"}

STMT = ID["stmt-0001"]
PERSON = ID["erika-beispiel"]
DOC = ID["doc-liveblog-0001"]


@pytest.fixture(scope="module")
def ontology_graph() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return load_shapes()


def _gkg_terms_defined(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(GKG))}


def _labels(graph: Graph, term: URIRef, prop: URIRef = RDFS.label) -> dict[str | None, str]:
    return {o.language: str(o) for o in graph.objects(term, prop) if isinstance(o, Literal)}


def _violation_paths(data: Graph, shapes: Graph, ont: Graph, inference: str = "none") -> set[URIRef]:
    """Validate and return the sh:resultPath of every violation (empty when the data conforms)."""
    conforms, report, text = validate(
        data, shacl_graph=shapes, ont_graph=ont, inference=inference, allow_warnings=False
    )
    assert isinstance(report, Graph)
    paths = {p for p in report.objects(None, SH.resultPath) if isinstance(p, URIRef)}
    assert conforms == (not paths), text
    return paths


def _valid_data() -> Graph:
    return Graph().parse(VALID_STATEMENT, format="turtle")


def test_ontology_ttl_parses(ontology_graph: Graph) -> None:
    assert (URIRef("https://w3id.org/geokg/ontology"), RDF.type, OWL.Ontology) in ontology_graph
    assert ontology.ONTOLOGY_PATH.is_file()
    assert ontology.SHAPES_PATH.is_file()


def test_ontology_has_no_blank_nodes(ontology_graph: Graph) -> None:
    assert not [t for t in ontology_graph if any(isinstance(n, BNode) for n in t)]


def test_ontology_every_term_labelled_en_de(ontology_graph: Graph) -> None:
    unlabelled = [
        t for t in _gkg_terms_defined(ontology_graph) if set(_labels(ontology_graph, t)) != {"en", "de"}
    ]
    assert unlabelled == []


@pytest.mark.parametrize(("name", "plover", "cameo", "family"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_ontology_relation_declared(
    ontology_graph: Graph, name: str, plover: str | None, cameo: str | None, family: str
) -> None:
    iri: URIRef = getattr(GKG, name)
    assert (iri, RDF.type, OWL.ObjectProperty) in ontology_graph
    labels = _labels(ontology_graph, iri)
    assert set(labels) == {"en", "de"} and all(labels.values())
    assert _labels(ontology_graph, iri, SKOS.definition).get("en")
    assert _optional(ontology_graph.value(iri, GKG.plover)) == plover
    assert _optional(ontology_graph.value(iri, GKG.cameo)) == cameo
    assert str(ontology_graph.value(ontology_graph.value(iri, GKG.family), SKOS.notation)) == family


def _optional(node: object) -> str | None:
    return None if node is None else str(node)


def test_ontology_relations_match_catalogue() -> None:
    table = relations()
    assert set(table) == {c[0] for c in CATALOGUE}
    for name, plover, cameo, family in CATALOGUE:
        relation = table[name]
        assert isinstance(relation, Relation)
        assert (relation.name, relation.plover, relation.cameo, relation.family) == (name, plover, cameo, family)
        assert relation.label_en and relation.label_de and relation.definition
        assert relation.iri == getattr(GKG, name)
        assert relation.symmetric == (name in SYMMETRIC)


def test_ontology_relations_returns_fresh_dict() -> None:
    first = relations()
    first.pop("meets")
    assert "meets" in relations()


def test_ontology_symmetric_and_transitive(ontology_graph: Graph) -> None:
    symmetric = {str(s).removeprefix(str(GKG)) for s in ontology_graph.subjects(RDF.type, OWL.SymmetricProperty)}
    transitive = {str(s).removeprefix(str(GKG)) for s in ontology_graph.subjects(RDF.type, OWL.TransitiveProperty)}
    assert symmetric == SYMMETRIC
    assert transitive == {"located_in"}


def test_ontology_namespace_matches_ttl(ontology_graph: Graph) -> None:
    in_namespace = set(dir(GKG))
    in_ttl = _gkg_terms_defined(ontology_graph)
    assert in_namespace - in_ttl == set(), "terms in GKG but not defined in geokg.ttl"
    assert in_ttl - in_namespace == set(), "terms defined in geokg.ttl but missing from GKG"


def test_ontology_ttl_uses_only_defined_terms(ontology_graph: Graph) -> None:
    used = {n for t in ontology_graph for n in t if isinstance(n, URIRef) and n.startswith(str(GKG))}
    assert used <= _gkg_terms_defined(ontology_graph)


def test_ontology_namespace_is_closed() -> None:
    assert GKG.provides_aid == URIRef("https://w3id.org/geokg/ontology#provides_aid")
    assert ID["mark-rutte"] == URIRef("https://w3id.org/geokg/id/mark-rutte")
    with pytest.raises(AttributeError):
        GKG.providesAid  # noqa: B018


def test_ontology_shapes_parse(shapes_graph: Graph) -> None:
    shapes = set(shapes_graph.subjects(RDF.type, SH.NodeShape))
    assert {str(s).rsplit("#", 1)[1] for s in shapes if isinstance(s, URIRef)} == {
        "StatementShape",
        "EntityShape",
        "CoreTypeShape",
        "DocumentShape",
    }


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_ontology_valid_statement_conforms(ontology_graph: Graph, shapes_graph: Graph, inference: str) -> None:
    assert _violation_paths(_valid_data(), shapes_graph, ontology_graph, inference) == set()


def test_ontology_core_type_subclass_allowed(ontology_graph: Graph, shapes_graph: Graph) -> None:
    data = _valid_data()
    diplomat = URIRef("https://example.org/Diplomat")
    data.add((diplomat, RDFS.subClassOf, GKG.Person))
    data.add((PERSON, RDF.type, diplomat))
    assert _violation_paths(data, shapes_graph, ontology_graph) == set()


def _remove_negated(g: Graph) -> None:
    g.remove((STMT, GKG.negated, None))


def _evidence_without_language(g: Graph) -> None:
    g.set((STMT, GKG.evidence, Literal("Ministerin Erika Beispiel lehnt die Forderungen ab.")))


def _confidence_above_one(g: Graph) -> None:
    g.set((STMT, GKG.confidence, Literal("1.5", datatype=XSD.decimal)))


def _confidence_as_double(g: Graph) -> None:
    g.set((STMT, GKG.confidence, Literal(0.8)))


def _two_labels(g: Graph) -> None:
    g.add((PERSON, RDFS.label, Literal("Erika B.", lang="de")))


def _person_and_country(g: Graph) -> None:
    g.add((PERSON, RDF.type, GKG.Country))


def _entity_without_core_type(g: Graph) -> None:
    g.set((PERSON, RDF.type, GKG.Entity))


def _char_start_plain_string(g: Graph) -> None:
    g.set((STMT, GKG.charStart, Literal("12")))


def _char_end_before_start(g: Graph) -> None:
    g.set((STMT, GKG.charEnd, Literal(5)))


def _modality_not_a_modality(g: Graph) -> None:
    g.set((STMT, GKG.modality, GKG.Conflict))


def _issued_without_time_zone(g: Graph) -> None:
    g.set((DOC, DCTERMS.issued, Literal("2025-09-04T08:15:00", datatype=XSD.dateTime)))


def _alt_label_english(g: Graph) -> None:
    g.add((PERSON, SKOS.altLabel, Literal("Minister Beispiel", lang="en")))


BROKEN: list[tuple[str, Callable[[Graph], None], URIRef]] = [
    ("missing-negated", _remove_negated, GKG.negated),
    ("evidence-without-language", _evidence_without_language, GKG.evidence),
    ("confidence-1.5", _confidence_above_one, GKG.confidence),
    ("confidence-as-double", _confidence_as_double, GKG.confidence),
    ("entity-two-labels", _two_labels, RDFS.label),
    ("entity-person-and-country", _person_and_country, RDF.type),
    ("entity-without-core-type", _entity_without_core_type, RDF.type),
    ("charstart-plain-string", _char_start_plain_string, GKG.charStart),
    ("charend-before-charstart", _char_end_before_start, GKG.charStart),
    ("modality-not-a-modality", _modality_not_a_modality, GKG.modality),
    ("issued-without-time-zone", _issued_without_time_zone, DCTERMS.issued),
    ("altlabel-english", _alt_label_english, SKOS.altLabel),
]


@pytest.mark.parametrize(("break_graph", "path"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_ontology_broken_statement_fails(
    ontology_graph: Graph, shapes_graph: Graph, break_graph: Callable[[Graph], None], path: URIRef
) -> None:
    data = _valid_data()
    break_graph(data)
    assert _violation_paths(data, shapes_graph, ontology_graph) == {path}
