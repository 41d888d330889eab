"""Statements name only relations of the catalogue, whichever path of the rules made them."""
from __future__ import annotations

import pytest

from geokg.ontology import relations


@pytest.mark.parametrize("text", [
    # participles of verbs whose relation is decided by a complement ("@evaluation") or an event noun
    "Die von der Regierung als Bedrohung eingestuften Manöver gehen weiter.",
    "Die von Kritikern als Eingriff gewerteten Reformen wurden verabschiedet.",
    "Die von Moskau als Provokation bezeichneten Übungen der Nato beginnen.",
    "Die von Israel abgesagte Teilnahme an der Konferenz sorgt für Kritik.",
])
def test_relations_participles_of_special_frames_state_catalogue_relations(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """A participle lacks the words that decide what "bezeichnen als …" does: no placeholder relation leaks."""
    catalogue = set(relations())
    doc = nlp(text)
    assert all(s.relation in catalogue for s in doc._.statements), [s.relation for s in doc._.statements]
