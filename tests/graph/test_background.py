"""The shipped background graph: up to date, reproducible, Wikidata ids, ISO codes, capitals, seats, same IRIs."""
from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.graph.background import background_turtle
from geokg.graph.ids import BACKGROUND, entity_iri
from geokg.graph import build_background
from geokg.ontology.namespace import GKG

WD = "http://www.wikidata.org/entity/"
CORE = {GKG.Person, GKG.Organization, GKG.Country, GKG.Location, GKG.Concept}


@pytest.fixture(scope="module")
def shipped() -> Graph:
    """ontology/background.ttl as shipped, parsed."""
    text = resources.files("geokg.ontology").joinpath("background.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def iri(key: str) -> URIRef:
    """The IRI documents give the knowledge-base entry `key`."""
    return entity_iri(knowledge_base().by_key[key].ref())


def test_background_file_is_up_to_date_and_reproducible(background_text: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = resources.files("geokg.ontology").joinpath("background.ttl").read_text("utf-8")
    assert background_text == text, "out of date with the gazetteers: run `make background`"
    assert background_turtle() == text  # a second rebuild: the same bytes
    monkeypatch.setattr(build_background, "background_turtle", lambda: background_text)  # not a third
    assert build_background.main(["--check"]) == 0


def test_background_build_script_writes_the_file(background_text: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_background, "background_turtle", lambda: background_text)  # built once a run
    out = tmp_path / "background.ttl"
    assert build_background.main([str(out)]) == 0
    assert out.read_bytes() == resources.files("geokg.ontology").joinpath("background.ttl").read_bytes()
    out.write_text("stale", "utf-8")
    assert build_background.main(["--check", str(out)]) == 1


@pytest.mark.parametrize("key, label, qid", [
    ("country:RU", "Russland", "Q159"), ("country:UA", "Ukraine", "Q212"), ("country:US", "USA", "Q30"),
    ("country:DE", "Deutschland", "Q183"), ("country:FR", "Frankreich", "Q142"),
    ("country:CN", "China", "Q148"), ("org:nato", "NATO", "Q7184"), ("org:eu", "EU", "Q458"),
    ("place:UA:Kiew", "Kiew", "Q1899"), ("place:RU:Moskau", "Moskau", "Q649"),
])
def test_background_wikidata_ids(shipped: Graph, key: str, label: str, qid: str) -> None:
    node = iri(key)
    assert shipped.value(node, RDFS.label) == Literal(label, lang="de")
    assert shipped.value(node, OWL.sameAs) == URIRef(WD + qid)


def test_background_every_country_with_iso_codes(shipped: Graph) -> None:
    countries = set(shipped.subjects(RDF.type, GKG.Country))
    assert len(countries) == len(gazetteer.countries()) >= 193
    ru = iri("country:RU")
    assert set(shipped.objects(ru, SKOS.notation)) == {Literal("RU", datatype=DCTERMS.ISO3166),
                                                       Literal("RUS", datatype=DCTERMS.ISO3166)}
    assert Literal("Russische Föderation", lang="de") in set(shipped.objects(ru, SKOS.altLabel))
    assert all(shipped.value(c, OWL.sameAs) is not None for c in countries)


def test_background_capitals_and_seats(shipped: Graph) -> None:
    ru, us, ua = iri("country:RU"), iri("country:US"), iri("country:UA")
    moskau = shipped.value(ru, GKG.capital)
    assert moskau == iri("place:RU:Moskau")
    assert (moskau, RDF.type, GKG.Location) in shipped
    assert (moskau, GKG.standsFor, ru) in shipped and (moskau, GKG.located_in, ru) in shipped
    assert (iri("place:RU:Kreml"), GKG.standsFor, ru) in shipped
    assert (iri("place:US:Weißes Haus"), GKG.standsFor, us) in shipped
    assert (iri("place:UA:Odessa"), GKG.located_in, ua) in shipped
    capitals = {c for c in shipped.objects(None, GKG.capital)}
    assert len(capitals) >= 180
    # a city-state: its capital is a place of its own, not the country
    assert shipped.value(iri("country:LU"), GKG.capital) == URIRef("https://w3id.org/geokg/id/luxemburg-location")


def test_background_one_class_and_one_label_per_entity(shipped: Graph) -> None:
    entities = {s for s, o in shipped.subject_objects(RDF.type)}
    classes = Counter(s for s, o in shipped.subject_objects(RDF.type) if o in CORE)
    labels = Counter(s for s in shipped.subjects(RDFS.label))
    assert entities and all(classes[e] == 1 and labels[e] == 1 for e in entities)
    assert all(s in entities for s in shipped.subjects())  # no dangling subject


def test_background_iris_are_the_documents_iris(shipped: Graph) -> None:
    kb = knowledge_base()
    entities = set(shipped.subjects(RDF.type))
    missing = [key for key, entry in kb.by_key.items() if entity_iri(entry.ref()) not in entities]
    assert missing == []


def test_background_holds_what_a_build_exports(demo_out: Path, shipped: Graph) -> None:
    """The lexicon facts a file export writes (beside the descriptions of what the texts name) are part of the
    full background: the two join."""
    ds = Dataset()
    ds.parse(str(demo_out / "graph.trig"), format="trig")
    facts = {(s, p, o) for s, p, o in ds.graph(BACKGROUND) if p in (OWL.sameAs, GKG.located_in, GKG.standsFor)}
    assert facts and facts <= set(shipped)


def test_background_graph_matches_the_file(background: Graph, shipped: Graph) -> None:
    assert set(background) == set(shipped)
