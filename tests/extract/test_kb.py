"""The knowledge base's background facts: places in their countries and seats that stand for a state."""
from __future__ import annotations

import pytest

from geokg.extract.kb import background_facts, knowledge_base


def _facts(keys: set[str]) -> set[tuple[str, str, str]]:
    return {(s.name, rel, o.name) for s, rel, o in background_facts(keys)}


def test_kb_a_place_lies_in_its_country_only_when_both_are_named() -> None:
    assert ("Odessa", "located_in", "Ukraine") in _facts({"place:UA:Odessa", "country:UA"})
    assert not any(rel == "located_in" for _, rel, _ in _facts({"place:UA:Odessa"}))


def test_kb_a_seat_stands_for_its_state() -> None:
    assert ("Kiew", "stands_for", "Ukraine") in _facts({"place:UA:Kiew"})


def test_kb_a_body_keeps_its_name_with_its_state() -> None:
    from geokg.extract.kb import body_name, knowledge_base

    assert body_name("Regierung", knowledge_base().by_key["country:TR"]) == "türkische Regierung"
    assert body_name("Polizei", None) == "Polizei"


@pytest.mark.parametrize("word, region", [("bayerischen", "Bayern"), ("Tiroler", "Tirol"), ("steirische", "Steiermark"),
                                          ("oberösterreichischen", "Oberösterreich"), ("katalanische", "Katalonien")])
def test_kb_a_regional_adjective_names_its_region(word: str, region: str) -> None:
    entry = knowledge_base().country_of(word)
    assert entry is not None and entry.name == region and entry.type == "Location"


def test_kb_a_country_demonym_stays_the_countrys() -> None:
    entry = knowledge_base().country_of("österreichischen")
    assert entry is not None and entry.type == "Country"


@pytest.mark.parametrize("written, name", [("Diyarbakir", "Diyarbakır"), ("Bogota", "Bogotá"), ("Quebec", "Québec"),
                                           ("Gdansk", "Danzig"), ("Thessaloniki", "Thessaloníki")])
def test_kb_a_foreign_place_is_known_without_its_accents(written: str, name: str) -> None:
    entry = knowledge_base().lookup(written)
    assert entry is not None and entry.name == name and entry.type == "Location"


# a transliteration's macron (Hāpur), a short word (Tân An), an umlaut (München)
@pytest.mark.parametrize("written", ["Hapur", "Tan An", "Munchen"])
def test_kb_no_plain_spelling_where_news_keeps_the_marks(written: str) -> None:
    assert knowledge_base().lookup(written) is None


@pytest.mark.parametrize("written, name", [("Eisenstadt", "Eisenstadt"), ("Traiskirchen", "Traiskirchen"),
                                           ("Zell am See", "Zell am See"), ("St. Florian", "Sankt Florian")])
def test_kb_a_small_town_of_a_german_speaking_country_is_known(written: str, name: str) -> None:
    entry = knowledge_base().lookup(written)
    assert entry is not None and entry.name == name and entry.type == "Location" and entry.country == "country:AT"


# towns.tsv leaves out a town named as a common surname (Strobl), a known person's (Waldheim), a short word (Vomp)
@pytest.mark.parametrize("written", ["Strobl", "Vomp"])
def test_kb_no_town_where_the_name_is_a_surname_or_short(written: str) -> None:
    assert knowledge_base().lookup(written) is None


def test_kb_a_known_persons_surname_is_no_town() -> None:
    entry = knowledge_base().lookup("Kurt Waldheim")
    assert entry is not None and entry.type == "Person" and knowledge_base().lookup("Waldheim") is None


@pytest.mark.parametrize("written, key", [("Niederlanden", "country:NL"), ("Vereinigten Staaten", "country:US"),
                                          ("Philippinen", "country:PH")])
def test_kb_a_plural_country_is_known_in_its_dative(written: str, key: str) -> None:
    entry = knowledge_base().lookup(written)
    assert entry is not None and entry.key == key
