"""Stance adjectives before a name: what the adjective's first part names, and the relation its end states."""
from __future__ import annotations

import pytest

from geokg.extract.stances import stance_facts


def _stances(nlp, text: str) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {(s.name, r, o.name, rule) for e in doc.ents if e._.entity is not None
            for s, r, o, rule in stance_facts(doc, e, e._.entity)}


@pytest.mark.parametrize("text, fact", [
    ("Die regierungskritische Zeitung Cumhuriyet berichtete darüber.",
     ("Cumhuriyet", "criticizes", "Regierung", "stance:kritisch")),
    ("Die EU-feindliche Partei UKIP legte zu.", ("UKIP", "criticizes", "EU", "stance:feindlich")),
    ("Die chinafreundliche Kuomintang verlor.", ("Kuomintang", "supports", "China", "stance:freundlich")),
    ("In der FPÖ-nahen Zeitschrift Aula erschien der Artikel.", ("Aula", "affiliated_with", "FPÖ", "stance:nah")),
])
def test_stances_adjective_before_a_name(nlp, text: str, fact: tuple[str, str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert any(f[1:] == fact[1:] and fact[0] in f[0] for f in _stances(nlp, text))


@pytest.mark.parametrize("text", [
    "Die fremdenfeindliche Gruppe Pegida demonstrierte.",  # Fremde: no actor
    "Das umweltfreundliche Unternehmen Tesla wuchs.",  # Umwelt: no actor
    "Die kritische Zeitung Cumhuriyet berichtete.",  # no first part
])
def test_stances_nothing_without_an_actor(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _stances(nlp, text)
