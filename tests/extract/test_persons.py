"""The gazetteer of well-known persons: the table loads, its persons are found under their full name,
a surname alone resolves to it (also in the genitive), and ordinary words stay no persons."""
from __future__ import annotations

import pytest

from geokg.extract.entities import NOT_NAME, TIME_WORDS
from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import entity_cues, org_nouns, transparent_nouns
from geokg.errors import GeokgError

HEADER = "key\tname\taliases\tsurname\tcountry\twikidata\n"


def _persons(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(surface, name, key) of every person the pipeline finds in `text`."""
    return [(e.text, e._.entity.name, e._.entity.key) for e in nlp(text).ents if e.label_ == "PER"]


def test_persons_table_loads_with_full_names_and_known_countries() -> None:
    persons = gazetteer.persons()
    assert 250 <= len(persons) <= 500
    countries = gazetteer.countries()
    for key, p in persons.items():
        assert p.key == key and " " in p.name
        assert not p.country or p.country in countries
    erdogan = persons["recep-tayyip-erdogan"]
    assert erdogan.name == "Recep Tayyip Erdoğan" and erdogan.surnames == ("Erdoğan", "Erdogan")
    assert erdogan.country == "TR" and erdogan.wikidata == "Q39259"
    assert persons["wolodymyr-selenskyj"].country == "UA"
    assert "Selenskyj" in persons["wolodymyr-selenskyj"].surnames


def test_persons_share_no_name_with_countries_organizations_places_or_each_other() -> None:
    others = {n for c in gazetteer.countries().values() for n in c.names}
    others |= {n for o in gazetteer.organizations().values() for n in o.names}
    others |= {n for p in gazetteer.places() for n in p.names}
    forms = [f for p in gazetteer.persons().values() for f in {*p.names, *p.surnames}]
    assert not others & set(forms)
    assert len(forms) == len(set(forms))


@pytest.mark.parametrize("row, where", [
    ("Wladimir Putin\tWladimir Putin\t\tPutin\tRU\t\n", "persons.tsv:2: key 'Wladimir Putin' is not"),
    ("putin\tPutin\t\t\tRU\t\n", "persons.tsv:2: name 'Putin' is not a full name"),
    ("wladimir-putin\tWladimir Putin\tPutin\t\tRU\t\n", "persons.tsv:2: alias 'Putin' is one word"),
    ("wladimir-putin\tWladimir Putin\t\tBoris\tRU\t\n", "persons.tsv:2: surname 'Boris' is a first name"),
    ("boris-rhein\tBoris Rhein\t\tRhein\tDE\t\n", "persons.tsv:2: 'Rhein' is the name of place Rhein"),
    ("wladimir-putin\tWladimir Putin\t\tPutin\tZZ\t\n", "persons.tsv:2: unknown country 'ZZ'"),
    ("wladimir-putin\tWladimir Putin\t\tPutin\tRU\t7747\n", "persons.tsv:2: bad Wikidata id"),
    ("wladimir-putin\tWladimir Putin\t\tPutin\tRU\t\nputin-2\tW. Putin\t\tPutin\tRU\t\n",
     "persons.tsv:3: 'Putin' is a name of wladimir-putin"),
])
def test_persons_malformed_row_names_file_and_line(swapped_table, row: str, where: str) -> None:  # type: ignore[no-untyped-def]
    for loader in (gazetteer.countries, gazetteer.organizations, gazetteer.places, gazetteer.first_names):
        loader()  # the other tables, read before the package's files are swapped for tmp_path
    with pytest.raises(GeokgError, match=where):
        swapped_table(gazetteer.persons, "persons.tsv", HEADER + row)


def test_persons_are_kb_entries_under_the_person_key() -> None:
    kb = knowledge_base()
    putin = kb.by_key["person:Wladimir Putin"]
    assert (putin.type, putin.wikidata, putin.country) == ("Person", "Q7747", "country:RU")
    assert kb.by_name["Vladimir Putin"] is putin
    assert kb.by_name["von der Leyen"].key == "person:Ursula von der Leyen"  # a surname of several words
    assert kb.surnames["Xi"] == "person:Xi Jinping"
    assert "Putin" not in kb.by_name  # a one-word surname is a default of the person rules, not a name
    assert kb.lookup("Putins") is None


@pytest.mark.parametrize("text, expected", [
    ("Xi Jinping traf Wladimir Putin.", [("Xi Jinping", "Xi Jinping"), ("Wladimir Putin", "Wladimir Putin")]),
    ("Erdogan kritisierte Israel.", [("Erdogan", "Recep Tayyip Erdoğan")]),
    ("Recep Tayyip Erdogan reiste nach Ankara.", [("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan")]),
    ("Kim Jong Un feuerte Raketen ab.", [("Kim Jong Un", "Kim Jong Un")]),
    ("Lula reiste nach Peking.", [("Lula", "Luiz Inácio Lula da Silva")]),
    ("Die Kommission unter von der Leyen legte einen Plan vor.",
     [("von der Leyen", "Ursula von der Leyen")]),
    ("Der spanische Ministerpräsident Pedro Sanchez sagte ab. Sanchez blieb in Madrid.",
     [("Pedro Sanchez", "Pedro Sánchez"), ("Sanchez", "Pedro Sánchez")]),
])
def test_persons_found_under_their_full_name(nlp, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    found = _persons(nlp, text)
    assert [(surface, name) for surface, name, _ in found] == expected
    assert all(key == f"person:{name}" for _, name, key in found)


def test_persons_carry_their_wikidata_id(nlp) -> None:  # type: ignore[no-untyped-def]
    ents = [e for e in nlp("Erdogan kritisierte Israel.").ents if e.label_ == "PER"]
    assert ents[0]._.entity.wikidata == "http://www.wikidata.org/entity/Q39259"


@pytest.mark.parametrize("text, surface, name", [
    ("Selenskyj sagte, die Ukraine brauche mehr Luftabwehr.", "Selenskyj", "Wolodymyr Selenskyj"),
    ("Merz warb im Bundestag für das Paket.", "Merz", "Friedrich Merz"),
    ("Am Abend sprach Xi mit Vertretern der Armee.", "Xi", "Xi Jinping"),
    ("Lawrow wies die Vorwürfe zurück.", "Lawrow", "Sergej Lawrow"),
    ("Putins Krieg geht weiter.", "Putins", "Wladimir Putin"),
    ("Das sagte ein Berater Selenskyjs am Morgen.", "Selenskyjs", "Wolodymyr Selenskyj"),
])
def test_persons_a_surname_alone_is_the_well_known_person(nlp, text: str, surface: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert (surface, name, f"person:{name}") in _persons(nlp, text)


def test_persons_a_surname_after_a_full_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _persons(nlp, "Präsident Wladimir Putin empfing Xi Jinping. Danach sagte Xi, Putin sei ein Freund.")
    assert [name for _, name, _ in found] == ["Wladimir Putin", "Xi Jinping", "Xi Jinping", "Wladimir Putin"]


def test_persons_the_documents_own_full_name_wins_over_the_default(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _persons(nlp, "Hunter Biden erschien vor Gericht. Biden sagte nichts.")
    assert [name for _, name, _ in found] == ["Hunter Biden", "Hunter Biden"]


def test_persons_a_known_surname_ending_another_name_is_not_the_well_known_person(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _persons(nlp, "Bundesrat Hans-Rudolf Merz und UBS-CEO Oswald Grübel sollen gegen diese Lösung sein.")
    assert "person:Friedrich Merz" not in {key for _, _, key in found}


ORDINARY_WORDS = ("Reiche", "Frei", "Heil", "Bär", "Kurz", "Lies", "Weil", "Frieden", "Rhein", "Saar",
                  "Havel", "Magyar", "Herzog", "Schneider", "Weber", "Nagel", "Sieg", "Kim", "Dan", "Martin")


def test_persons_no_surname_is_an_ordinary_word_or_another_entity() -> None:
    kb = knowledge_base()
    words = set(ORDINARY_WORDS) | set(entity_cues()) | set(org_nouns()) | set(transparent_nouns())
    words |= set(gazetteer.role_nouns()) | NOT_NAME | TIME_WORDS
    assert not words & set(kb.surnames)
    assert all(kb.by_name.get(s) is None for s in kb.surnames)  # no country, organization, place or seat
    assert all(s[:1].isupper() for s in kb.surnames if "-" not in s)


@pytest.mark.parametrize("text", [
    "Die Reiche und die Armen leben in verschiedenen Vierteln.",
    "Kurz danach war die Straße wieder frei.",
    "Der Bär lief in den Wald.",
    "Im Frieden wollen alle leben.",
    "Das Schiff fuhr den Rhein hinauf bis zur Saar.",
    "Der Herzog von Edinburgh besuchte Schottland.",
])
def test_persons_common_words_are_no_persons(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    well_known = {f"person:{p.name}" for p in gazetteer.persons().values()}
    assert not {key for _, _, key in _persons(nlp, text)} & well_known


def _offices(nlp, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(person, relation, state or body) of every office a text states."""
    return {(s.subject.name, s.relation, s.object.name) for s in nlp(text)._.statements
            if s.relation in ("leads", "affiliated_with")}


@pytest.mark.parametrize("text, office", [
    ("Bundespräsident Heinz Fischer empfing den Gast.", ("Heinz Fischer", "leads", "Österreich")),
    ("Bundeskanzler Friedrich Merz empfing den Gast.", ("Friedrich Merz", "leads", "Deutschland")),
    ("Präsident Abdel Fattah al-Sisi empfing den Gast.", ("Abdel Fattah al-Sisi", "leads", "Ägypten")),
    ("Verteidigungsminister Ashton Carter empfing den Gast.", ("Ashton Carter", "affiliated_with", "USA")),
])
def test_persons_a_bare_title_takes_the_known_persons_state(nlp, text: str, office: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    offices = _offices(nlp, text)
    assert office in offices and not any(o[0] == office[0] and o[2] != office[2] for o in offices)


def test_persons_a_title_of_several_states_takes_the_documents_state(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Wien – Österreich hat gewählt. Bundespräsident Thomas Klestil gratulierte den Siegern in Wien."
    assert ("Thomas Klestil", "leads", "Österreich") in _offices(nlp, text)
    assert ("Thomas Klestil", "leads", "Deutschland") in _offices(nlp, "Bundespräsident Thomas Klestil gratulierte.")


def test_persons_an_unknown_person_with_a_bare_state_title_and_no_clear_state_gets_no_office(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _offices(nlp, "Präsident Otto Pérez Molina trat in Guatemala und Mexiko auf.") == set()


def test_persons_a_party_chief_with_a_demonym_serves_the_state_but_does_not_lead_it(nlp) -> None:  # type: ignore[no-untyped-def]
    offices = _offices(nlp, "Der polnische Parteichef Jarosław Kaczyński warnte.")
    assert offices == {("Jarosław Kaczyński", "affiliated_with", "Polen")}
