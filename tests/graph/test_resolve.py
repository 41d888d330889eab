"""Entity resolution across documents: one full name per surname, never two people merged, any order."""
from __future__ import annotations

from datetime import datetime, timezone
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.namespace import RDF, RDFS, SKOS

from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.assemble import assemble, union
from geokg.graph.ids import entity_iri
from geokg.graph.resolve import Resolver, is_person, person_names, resolve
from geokg.ontology.namespace import GKG

NORDLAND = EntityRef("Nordland", "Country", "Nordland", "country:NL")


def person(name: str, surface: str = "") -> EntityRef:
    """A person as the extractor gives it (key person:<name>)."""
    return EntityRef(name, "Person", surface or name, f"person:{name}")


def doc(doc_id: str, *names: str) -> Document:
    """A document in which each named person criticizes Nordland."""
    statements = [Statement(person(n), "criticizes", NORDLAND, f"{n} kritisiert Nordland.", 10 * i, 10 * i + 9,
                            "verb:kritisieren", document=doc_id) for i, n in enumerate(names)]
    return Document(doc_id, "", f"Text {doc_id}", f"{doc_id}.txt", datetime(2025, 3, 1, tzinfo=timezone.utc),
                    statements, [person(n) for n in names] + [NORDLAND])


def names_in(document: Document) -> list[str]:
    return [st.subject.name for st in document.statements]


@pytest.mark.parametrize("names, name, expected", [
    (["Mara Kalinde", "Kalinde"], "Kalinde", "Mara Kalinde"),
    (["Mara Kalinde", "Kalindes"], "Kalindes", "Mara Kalinde"),  # genitive -s
    (["Mara Kalinde", "Mara Kalindes"], "Mara Kalindes", "Mara Kalinde"),
    (["Ulla von der Brinck", "von der Brinck"], "von der Brinck", "Ulla von der Brinck"),
    (["Ulla von der Brinck", "Brinck"], "Brinck", "Ulla von der Brinck"),
    (["Ulla von der Brinck", "von der Brinck", "Brinck"], "Brinck", "Ulla von der Brinck"),
    (["Mara Kalinde", "Jon Kalinde", "Kalinde"], "Kalinde", "Kalinde"),  # two people: ambiguous
    (["Mara Kalinde", "Jon Kalinde", "Kalinde", "Kalindes"], "Kalindes", "Kalinde"),
    (["Kalinde", "Kalindes"], "Kalindes", "Kalinde"),
    (["Mara Kalinde"], "Mara Kalinde", "Mara Kalinde"),
    (["Tomas Weis", "Weiss"], "Weiss", "Weiss"),  # no genitive -s to strip from a name ending in -ss
    (["Mara Kalinde", "Mara"], "Mara", "Mara"),  # a first name alone is not a surname
])
def test_resolve_canonical_names(names: list[str], name: str, expected: str) -> None:
    assert Resolver(names).canonical(name) == expected


@pytest.mark.parametrize("entities, asked, expected", [
    ([("Organization", "Standard", False), ("Person", "STANDARD", False)], ("Person", "STANDARD"), "Standard"),
    ([("Location", "St.Pölten", False), ("Location", "St. Pölten", False)], ("Location", "St.Pölten"), "St. Pölten"),
    ([("Person", "Hans Jörg Schelling", False), ("Person", "Hans-Jörg Schelling", False)],
     ("Person", "Hans Jörg Schelling"), "Hans-Jörg Schelling"),
    ([("Organization", "NATO", True), ("Organization", "Nato", False)], ("Organization", "Nato"), "NATO"),
    ([("Location", "Wien", True)], ("Location", "Wien"), "Wien"),
])
def test_resolve_one_label_per_iri(entities: list[tuple[str, str, bool]], asked: tuple[str, str],
                                   expected: str) -> None:
    for order in permutations(entities):
        assert Resolver([], order).label(*asked) == expected


def test_resolve_one_rdfs_label_per_entity_in_the_union() -> None:
    """Two texts spell a place two ways: one label, the other spelling an other name."""
    def place(name: str) -> EntityRef:
        return EntityRef(name, "Location", name, f"location:{name}")

    def visit(doc_id: str, name: str) -> Document:
        st = Statement(NORDLAND, "visits", place(name), f"Nordland besucht {name}.", 0, 20, "verb:besuchen",
                       document=doc_id)
        return Document(doc_id, "", doc_id, f"{doc_id}.txt", datetime(2025, 3, 1, tzinfo=timezone.utc), [st])

    a, b = resolve([visit("a", "St.Pölten"), visit("b", "St. Pölten")])
    g = union(assemble([a, b]))
    iri = entity_iri(place("St. Pölten"))
    assert [str(o) for o in g.objects(iri, RDFS.label)] == ["St. Pölten"]
    assert {str(o) for o in g.objects(iri, SKOS.altLabel)} == {"St.Pölten"}


def test_resolve_surname_across_documents_keeps_the_surface_as_alt_label() -> None:
    a, b = resolve([doc("a", "Kalinde"), doc("b", "Mara Kalinde")])
    assert names_in(a) == names_in(b) == ["Mara Kalinde"]
    g = union(assemble([a, b]))
    iri = entity_iri(person("Mara Kalinde"))
    assert {str(o) for o in g.objects(iri, SKOS.altLabel)} == {"Kalinde"}
    assert len(set(g.subjects(RDF.type, GKG.Person))) == 1


def test_resolve_two_people_sharing_a_surname_stay_apart() -> None:
    docs = resolve([doc("a", "Kalinde"), doc("b", "Mara Kalinde"), doc("c", "Jon Kalinde")])
    assert [names_in(d) for d in docs] == [["Kalinde"], ["Mara Kalinde"], ["Jon Kalinde"]]
    g = union(assemble(docs))
    labels = {str(g.value(p, RDFS.label)) for p in g.subjects(RDF.type, GKG.Person)}
    assert labels == {"Kalinde", "Mara Kalinde", "Jon Kalinde"}


def test_resolve_against_known_entities() -> None:
    (a,) = resolve([doc("a", "Kalindes")], known=[person("Mara Kalinde"), NORDLAND])
    assert names_in(a) == ["Mara Kalinde"]
    assert a.statements[0].subject.surface == "Kalindes"
    assert a.statements[0].subject.key == "person:Mara Kalinde"


def test_resolve_leaves_gazetteer_entities_and_inputs_alone() -> None:
    seat = EntityRef("Kalinde", "Person", "Kalinde", "org:kalinde")  # a keyed entry is canonical
    original = doc("a", "Kalinde")
    original.entities.append(seat)
    (a, _) = resolve([original, doc("b", "Mara Kalinde")])
    assert seat in a.entities and NORDLAND in a.entities
    assert names_in(original) == ["Kalinde"]  # the input is not changed
    assert not is_person(NORDLAND) and not is_person(seat) and is_person(person("X"))


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_resolve_is_order_independent(order: tuple[int, ...]) -> None:
    docs = [doc("a", "Kalinde", "Brincks"), doc("b", "Mara Kalinde"), doc("c", "Ulla von der Brinck"),
            doc("d", "Ossi", "Kalinde")]
    expected = {d.id: names_in(d) for d in resolve(docs)}
    shuffled = {d.id: names_in(d) for d in resolve([docs[i] for i in order])}
    assert shuffled == expected
    assert expected["a"] == ["Mara Kalinde", "Ulla von der Brinck"]


@pytest.mark.parametrize("names, resolved", [
    (["Ulla von der Brinck", "von der Brinck", "Brinck", "Brincks", "Mara Kalinde", "Kalindes"],
     {"von der Brinck": "Ulla von der Brinck", "Brinck": "Ulla von der Brinck", "Brincks": "Ulla von der Brinck",
      "Kalindes": "Mara Kalinde"}),
    (["Mara Kalinde", "Jon Kalinde", "Kalinde", "Kalindes", "Mara Kalindes", "Ossi"],
     {"Kalindes": "Kalinde", "Mara Kalindes": "Mara Kalinde"}),
    (["Ulla von der Brinck", "Hans Brinck", "von der Brinck", "Brinck", "Brincks", "Weiss"],
     {"von der Brinck": "Ulla von der Brinck", "Brincks": "Brinck"}),
], ids=["chains", "shared-surname", "nested-and-shared"])
def test_resolve_resolver_depends_only_on_the_set_of_names(names: list[str], resolved: dict[str, str]) -> None:
    """Every order of the names, each asked for in that order and backwards: the same canonical names.

    This is what makes a store built one document at a time equal one built from all at once
    (tests/graph/test_store.py checks one such store against the other).
    """
    expected = {name: resolved.get(name, name) for name in names}
    for order in permutations(names):
        resolver = Resolver(order)
        assert {name: resolver.canonical(name) for name in order} == expected, order
        backwards = Resolver(order)
        assert {name: backwards.canonical(name) for name in reversed(order)} == expected, order


def test_resolve_person_names_collects_every_mention() -> None:
    d = doc("a", "Kalinde")
    d.statements[0].attributed_to = person("Ossi Brinck")
    assert person_names([d]) == {"Kalinde", "Ossi Brinck"}


NAME_WORDS = ["Mark", "Rutte", "Ruttes", "Wladimir", "Putin", "Putins", "Joe", "Hunter", "Biden", "von", "der", "Leyen"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=12))
def test_resolve_longer_names_are_those_that_end_with_the_words(names: list[str]) -> None:
    """The resolver's index of name endings finds what comparing every name with every other finds."""
    resolver = Resolver(names)
    for name in names:
        words = tuple(name.split())
        k = len(words)
        expected = {n for n in resolver.names if len(n.split()) > k and tuple(n.split()[-k:]) == words}
        assert resolver._longer(words) == expected


ENTITY_NAMES = ["Mark Rutte", "Rutte", "Ruttes", "Hans", "Han", "Joe Biden", "Hunter Biden", "Biden", "Bidens",
                "STANDARD", "Standard", "St. Pölten", "St.Pölten", "Luxemburg", "Putins"]
named_entities = st.tuples(st.sampled_from(["Person", "Organization", "Location"]), st.sampled_from(ENTITY_NAMES),
                           st.booleans())


def _answers(resolver: Resolver, names: set[str], entities: set[tuple[str, str, bool]]) -> tuple[dict, dict]:
    """Every canonical name and every resolved entity name the resolver gives."""
    return ({n: resolver.canonical(n) for n in names | set(ENTITY_NAMES)},
            {e: resolver.resolved(e) for e in entities | {(k, n, False) for k in ("Person", "Location")
                                                          for n in ENTITY_NAMES}})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sets(st.sampled_from(ENTITY_NAMES), max_size=3),
                          st.sets(named_entities, max_size=3)), min_size=1, max_size=8))
def test_resolve_updated_resolver_equals_one_made_anew(steps: list[tuple[bool, set[str], set]]) -> None:
    """Adding and taking away names step by step resolves as a resolver of the final sets does, and
    `touched` covers every name and entity whose resolution a step changed."""
    resolver, names, entities = Resolver(), set(), set()
    for adding, step_names, step_entities in steps:
        before, known = _answers(resolver, names, entities), set(names)
        if adding:
            resolver = resolver.updated(step_names, (), step_entities, ())
            names, entities = names | step_names, entities | step_entities
        else:
            resolver = resolver.updated((), step_names, (), step_entities)
            names, entities = names - step_names, entities - step_entities
        fresh, known = Resolver(names, entities), known | names
        after = _answers(resolver, names, entities)
        assert after == _answers(fresh, names, entities)
        assert {n for n in known if before[0][n] != after[0][n]} <= resolver.touched[0]
        assert {e for e in entities if e in before[1] and before[1][e] != after[1][e]} <= resolver.touched[1]
