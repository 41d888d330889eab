"""Parties named without their name (parties.tsv) and a person's first name before a title noun that is a surname."""
from __future__ import annotations

import pytest

from geokg.extract.parties import party_forms, party_offices


def _ents(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.text, e.kb_id_) for e in nlp(text).ents]


def test_parties_tables_load() -> None:
    assert any(row.party == "org:spoe" and "Sozialdemokraten" in row.groups for row in party_forms())
    assert party_offices()["Parteichef"].relation == "leads"


@pytest.mark.parametrize("text, surface, key", [
    ("Wien – Die Roten verloren die Wahl.", "Roten", "org:spoe"),
    ("Wien – Dafür brauchen sie die Stimmen der Blauen.", "Blauen", "org:fpoe"),
    ("Wien – Die Sozialdemokraten sind abgesackt.", "Sozialdemokraten", "org:spoe"),
    ("Berlin – Die Sozialdemokraten sind abgesackt.", "Sozialdemokraten", "org:spd"),
    ("Wien – Kritik kam auch von den Grünen.", "Grünen", "org:gruene-at"),
    ("Berlin – Kritik kam auch von den Grünen.", "Grünen", "org:gruene"),
    ("Wien – Die schwarze Regierungsriege prescht vor.", "schwarze Regierungsriege", "org:oevp"),
])
def test_parties_forms_name_the_party_of_the_documents_country(nlp, text: str, surface: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assert (surface, key) in _ents(nlp, text)


@pytest.mark.parametrize("text, word", [
    ("Wien – Die Helfer des Roten Kreuzes waren vor Ort.", "Roten"),
    ("Wien – Nach einer Roten Karte musste er vom Platz.", "Roten"),
    ("Washington – Die Schwarzen protestierten in Ferguson.", "Schwarzen"),
    ("Die Sozialdemokraten in Schweden gewannen die Wahl.", "Sozialdemokraten"),
])
def test_parties_forms_outside_their_country_or_inside_a_name_are_no_party(nlp, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert all(surface != word for surface, _ in _ents(nlp, text))


def test_parties_a_title_noun_after_a_first_name_is_a_surname(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("Peter Kaiser", "") in _ents(nlp, "Landeshauptmann Peter Kaiser (SPÖ) besuchte Wien.")
