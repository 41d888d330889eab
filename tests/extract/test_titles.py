"""Titles beside a person's name: a role noun's whole compound, and which role noun names a title again."""
from __future__ import annotations

import pytest

from geokg.extract.titles import may_describe, names_role, title_word


@pytest.mark.parametrize("title, noun", [
    ("Finanzminister", "Minister"),  # a compound by its tail
    ("Finanzminister", "Finanzminister"),
    ("Außenministerin", "Ministerin"),
    ("Bundeskanzler", "Kanzler"),
    ("ÖGB-Präsident", "Präsident"),  # a prefix
    ("Oberbürgermeister", "Bürgermeister"),
])
def test_titles_a_role_noun_names_its_title_and_its_compounds(title: str, noun: str) -> None:
    assert names_role(title, noun)


@pytest.mark.parametrize("title, noun", [
    ("Außenministerin", "Minister"),  # the other gender
    ("Finanzminister", "Ministerin"),
    ("Vizekanzler", "Kanzler"),  # a deputy
    ("Expräsident", "Präsident"),  # a former office
    ("Premierminister", "Minister"),  # another office's compound
    ("Ministerpräsident", "Präsident"),
    ("Innenminister", "Finanzminister"),
    ("Präsident", "ÖGB-Präsident"),  # the noun says more than the title
])
def test_titles_a_role_noun_names_no_other_office(title: str, noun: str) -> None:
    assert not names_role(title, noun)


@pytest.mark.parametrize("title, noun, expected", [
    ("Parteichef", "Vorsitzende", True),  # two leading offices
    ("Bürgermeisterin", "Politikerin", True),  # a generic noun
    ("Vizekanzler", "Kanzler", False),  # a deputy leads nothing
    ("Außenminister", "Kanzlerin", False),  # a minister leads no government, and he is no she
    ("Bundeskanzler", "Kanzlerin", False),
    ("Verteidigungsminister", "Außenminister", False),  # another office of a state
])
def test_titles_a_role_noun_may_describe_a_person_titled_alike(title: str, noun: str, expected: bool) -> None:
    assert may_describe(title, noun) is expected


@pytest.mark.parametrize("text, word, expected", [
    ("Die Kritik des Finanzministers blieb.", "Finanzministers", "Finanzminister"),
    ("Er traf den ÖGB-Präsidenten.", "ÖGB-Präsidenten", "ÖGB-Präsident"),
    ("Er traf den Wirtschaftskammerpräsidenten.", "Wirtschaftskammerpräsidenten", "Wirtschaftskammerpräsident"),
])
def test_titles_a_title_word_keeps_the_whole_compound(nlp, text: str, word: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    token = next(t for t in nlp(text) if t.text == word)
    assert title_word(token) == expected
