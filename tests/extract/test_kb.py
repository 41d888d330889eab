"""The knowledge base's background facts: places in their countries, seats, and bodies of a state."""
from __future__ import annotations

import pytest

from geokg.extract.kb import background_facts


def _facts(keys: set[str]) -> set[tuple[str, str, str]]:
    return {(s.name, rel, o.name) for s, rel, o in background_facts(keys)}


@pytest.mark.parametrize("key, fact", [
    ("body:country:TR:Regierung", ("türkische Regierung", "affiliated_with", "Türkei")),
    ("body:country:UA:Behörden", ("ukrainische Behörden", "affiliated_with", "Ukraine")),
])
def test_kb_a_government_belongs_to_its_state_in_the_background(key: str, fact: tuple[str, str, str]) -> None:
    assert fact in _facts({key})


@pytest.mark.parametrize("key", ["body:country:TR:Polizei", "body::Polizei", "body:org:akp:Regierung"])
def test_kb_other_bodies_have_no_background_state(key: str) -> None:
    assert not any(rel == "affiliated_with" for _, rel, _ in _facts({key}))


def test_kb_a_place_lies_in_its_country_only_when_both_are_named() -> None:
    assert ("Odessa", "located_in", "Ukraine") in _facts({"place:UA:Odessa", "country:UA"})
    assert not any(rel == "located_in" for _, rel, _ in _facts({"place:UA:Odessa"}))
