"""Entity rules beyond the gazetteers: place shapes, surnames that are place names, surnames announced by a role."""
from __future__ import annotations

import pytest

from geokg.extract.statements import entity_refs


def _ents(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize("text, surface", [
    ("Die Demonstranten zogen durch die Schillerstraße.", "Schillerstraße"),
    ("Das Büro liegt in der Linienstraße 85 in Berlin.", "Linienstraße 85"),
    ("Der Zug hielt an der Karl-Marx-Allee.", "Karl-Marx-Allee"),
    ("Auf der A 7 staute sich der Verkehr bis Hamburg.", "A 7"),
    ("Die Bundesstraße 11 ist nach einem Unfall gesperrt.", "Bundesstraße 11"),
    ("Ein Stand in der Herrengasse brannte aus.", "Herrengasse"),
])
def test_entities_street_and_road_names_are_places(nlp, text: str, surface: str) -> None:  # type: ignore[no-untyped-def]
    assert (surface, "LOC") in _ents(nlp, text)


@pytest.mark.parametrize("text, word", [
    ("Die Durchgangsstraße ist seit Montag gesperrt.", "Durchgangsstraße"),
    ("Die Bundesstraße war voller Lastwagen.", "Bundesstraße"),
    ("Sie bildeten eine Rettungsgasse.", "Rettungsgasse"),
    ("Die Straße 7 Kilometer weiter war frei.", "Straße"),
])
def test_entities_common_street_nouns_are_no_places(nlp, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert all(word not in surface for surface, _ in _ents(nlp, text))


@pytest.mark.parametrize("text, person, place", [
    ("Außenminister Gideon Saar reiste an die Saar.", "Gideon Saar", "Saar"),
    ("Ministerpräsident Boris Rhein besuchte Orte am Rhein.", "Boris Rhein", "Rhein"),
    ("Václav Havel wurde an der Havel geehrt.", "Václav Havel", "Havel"),
])
def test_entities_a_river_after_a_name_is_a_surname(nlp, text: str, person: str, place: str) -> None:  # type: ignore[no-untyped-def]
    ents = _ents(nlp, text)
    assert (person, "PER") in ents and (place, "LOC") in ents


def test_entities_a_city_after_a_name_stays_a_city(nlp) -> None:  # type: ignore[no-untyped-def]
    ents = _ents(nlp, "Zuvor hatte IAEA-Chef Rafael Grossi Teheran aufgefordert, Inspektoren zuzulassen.")
    assert ("Rafael Grossi", "PER") in ents and ("Teheran", "LOC") in ents


def test_entities_a_surname_a_role_announced_is_known_later(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("NATO-Generalsekretär Rutte drohte Moskau. Rutte sagte, das Bündnis sei bereit.")
    assert [e.text for e in doc.ents if e.label_ == "PER"] == ["Rutte", "Rutte"]


def test_entities_a_model_span_does_not_swallow_a_noun_after_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    ents = _ents(nlp, "Der US-Sondergesandte Keith Kellogg führte in Kiew Gespräche mit dem Außenminister.")
    assert ("Kiew", "LOC") in ents


def test_entities_a_prefixed_description_points_back(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("US-Präsident Joe Biden sprach in Berlin mit Olaf Scholz. Der US-Präsident lobte anschließend die Ukraine.")
    assert ("Joe Biden", "supports", "Ukraine") in [(s.subject.name, s.relation, s.object.name)
                                                   for s in doc._.statements]


def _actors(nlp, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(subject, relation, object) of every statement of a text, negated ones marked."""
    return {(s.subject.name, ("not " if s.negated else "") + s.relation, s.object.name)
            for s in nlp(text)._.statements}


@pytest.mark.parametrize("text, triple", [
    ("Die Russen haben in der Nacht Charkiw angegriffen.", ("Russland", "attacks", "Charkiw")),
    ("Israelis und Palästinenser verhandeln nicht mehr.", ("Israel", "not talks_with", "Palästina")),
    ("Westliche Regierungen kritisierten Russland scharf.", ("westliche Regierungen", "criticizes", "Russland")),
    ("Die Rebellen griffen am Samstag Aleppo an.", ("Rebellen", "attacks", "Aleppo")),
])
def test_entities_peoples_and_unnamed_groups_act(nlp, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _actors(nlp, text)


@pytest.mark.parametrize("text", [
    "Zwei Russen griffen in der Nacht einen Wachmann in Charkiw an.",
    "Der Australier Peter Greste kritisierte Ägypten.",
    "Mehrere Rebellen griffen Aleppo an.",
])
def test_entities_counted_people_are_no_state(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    names = {n for t in _actors(nlp, text) for n in (t[0], t[2])}
    assert not names & {"Russland", "Australien", "Rebellen"}


@pytest.mark.parametrize("text, triple", [
    ("Das meldete die staatliche Nachrichtenagentur Sana.", ("Sana", "affiliated_with", "Syrien")),
    ("Das meldete der katarische Sender Al-Jazeera.", ("Al Jazeera", "affiliated_with", "Katar")),
    ("Kritiker werfen der AKP-Regierung Zensur vor.", ("AKP", "leads", "Türkei")),
])
def test_entities_state_media_and_governing_parties(nlp, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in _actors(nlp, text)


def _bodies(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(surface, entity name, key) of every organization span."""
    return [(e.text, e._.entity.name, e.kb_id_) for e in nlp(text).ents if e.label_ == "ORG"]


@pytest.mark.parametrize("text, body", [
    ("Ein Sprecher des Innenministeriums schwieg.", ("Innenministeriums", "Innenministerium", "body::Innenministerium")),
    ("Die Richtervereinigung protestierte.", ("Richtervereinigung", "Richtervereinigung", "body::Richtervereinigung")),
    ("Die Polizei sperrte die Straße.", ("Polizei", "Polizei", "body::Polizei")),
    ("Das ungarische Bildungsministerium schwieg.",
     ("ungarische Bildungsministerium", "ungarisches Bildungsministerium", "body:country:HU:Bildungsministerium")),
    ("Die türkische Richtervereinigung schwieg.",
     ("türkische Richtervereinigung", "türkische Richtervereinigung", "body:country:TR:Richtervereinigung")),
    ("Der SPÖ-Parteivorstand tagte.", ("SPÖ-Parteivorstand", "SPÖ-Parteivorstand", "body:org:spoe:Parteivorstand")),
    ("Die Ermittlungen führt die Staatsanwaltschaft Wien.", ("Staatsanwaltschaft Wien", "Staatsanwaltschaft Wien", "")),
    ("Das bestätigte die Landwirtschaftskammer Steiermark.",
     ("Landwirtschaftskammer Steiermark", "Landwirtschaftskammer Steiermark", "body::Landwirtschaftskammer Steiermark")),
    ("Die Ermittler des Landeskriminalamtes Niederösterreich schwiegen.",
     ("Landeskriminalamtes Niederösterreich", "Landeskriminalamt Niederösterreich",
      "body::Landeskriminalamt Niederösterreich")),
    ("Das Abkommen betrifft den Verband serbischer Gemeinden.",
     ("Verband serbischer Gemeinden", "Verband serbischer Gemeinden", "")),
    ("Die Staatsanwaltschaft Russlands schwieg.",
     ("Staatsanwaltschaft", "russische Staatsanwaltschaft", "body:country:RU:Staatsanwaltschaft")),
])
def test_entities_an_institution_named_by_its_noun(nlp, text: str, body: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert body in _bodies(nlp, text)


@pytest.mark.parametrize("text", [
    "Das Ministerium schwieg.",
    "In der Grabkammer lagen Goldmünzen.",
    "Die Gewerkschaften streikten am Montag.",
    "Nach der Wiedervereinigung wuchs die Stadt.",
    "Das Schiedsgericht tagte.",
    "Die Lehrergewerkschaft GÖD lehnte die Reform ab.",  # the name is the entity, not its title noun
    "Die Lehrer wollen eine eigene Lehrergewerkschaft gründen.",  # an indefinite one names none
    "Das Dorf hat keine Polizei.",
])
def test_entities_a_common_noun_names_no_institution(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [body for body in _bodies(nlp, text) if body[2].startswith("body:")] == []


@pytest.mark.parametrize("text, name", [
    ("Das sagte der Minister im STANDARD-Gespräch.", "derStandard"),
    ("Im ORF-Interview blieb der Kanzler vage.", "ORF"),
    ("Die UN-Kommission legte ihren Bericht vor.", "UN"),
    ("Erdogan wirft dem im US-Exil lebenden Prediger einen Putschversuch vor.", "USA"),
    ("Beim Thema Unterbringung bedient Wolff den Griechenland-Vergleich.", "Griechenland"),
])
def test_entities_a_body_before_another_noun_is_mentioned(  # type: ignore[no-untyped-def]
        nlp, text: str, name: str) -> None:
    doc = nlp(text)
    assert name in {r.name for r in entity_refs(doc)} and not any(e._.entity.name == name for e in doc.ents)


@pytest.mark.parametrize("text", [
    "Die EU-Kommission legte ihren Bericht vor.",  # a body of its own
    "Das Kanzler-Interview war kurz.",  # no body
    "Sie sprach sich für eine EU-weite Liste aus.",  # an adjective
    "Das Angebot kostet 3,4 Milliarden US-Dollar.",  # a unit named for a state (unit_nouns.tsv)
])
def test_entities_no_mention_inside_other_compounds(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert not doc._.compound_names


def test_entities_the_paper_as_news_names_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("STANDARD", "ORG") in _ents(nlp, "Auf Anfrage des STANDARD wollte sich niemand äußern.")


@pytest.mark.parametrize("text, name", [
    ("In dem Appell bittet die Organisation Privatpersonen und Unternehmen um Geld.", "Privatpersonen"),
    ("Der Gruppe warfen sie Menschenrechtsverletzungen vor.", "Menschenrechtsverletzungen"),
])
def test_entities_a_cue_that_mostly_stands_alone_takes_only_a_proper_noun(  # type: ignore[no-untyped-def]
        nlp, text: str, name: str) -> None:
    assert name not in [t for t, _ in _ents(nlp, text)]


def test_entities_such_a_cue_still_names_a_proper_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("Jamaat", "ORG") in _ents(nlp, "Die Organisation Jamaat rief zu Protesten auf.")
