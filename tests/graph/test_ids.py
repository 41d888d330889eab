"""IRIs are stable and safe for strict parsers whatever the name."""
from __future__ import annotations

import re

import pytest

from geokg.extract.model import EntityRef
from geokg.graph.ids import entity_iri, slug

SAFE = re.compile(r"^https://w3id\.org/geokg/id/[a-z0-9/-]+$")


@pytest.mark.parametrize("name, expected", [
    ("Mark Rutte", "mark-rutte"), ("Jean-Noël Barrot", "jean-noel-barrot"),
    ("Außenministerium", "aussenministerium"), ("Élysée-Palast", "elysee-palast"),
])
def test_ids_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize("name", ['<script>"x"</script>', "🙂", "a\\b\nc", "   ", "Ω"])
def test_ids_entity_iri_is_safe(name: str) -> None:
    iri = str(entity_iri(EntityRef(name, "Person")))
    assert SAFE.match(iri), iri
    assert iri == str(entity_iri(EntityRef(name, "Person")))


def test_ids_concepts_live_apart() -> None:
    assert "/concept/" in entity_iri(EntityRef("Waffenruhe", "Concept"))
    assert entity_iri(EntityRef("Waffenruhe", "Concept")) != entity_iri(EntityRef("Waffenruhe", "Location"))
