"""Noun phrases: close appositions of a person's name, and what is no apposition."""
from __future__ import annotations

import pytest

from geokg.extract.chunks import chunk, genitive_name


def _entity_of(nlp, text: str, word: str) -> str | None:  # type: ignore[no-untyped-def]
    """The entity name of the phrase whose words contain `word`."""
    doc = nlp(text)
    sent = next(iter(doc.sents))
    for phrase in chunk(sent):
        if word in phrase.text(sent).split():
            return phrase.entity.name if phrase.entity else None
    raise AssertionError(f"no phrase holds {word!r}")


@pytest.mark.parametrize("text, noun, name", [
    ("Die Behörden haben den Franzosen Luc Morel festgenommen.", "Franzosen", "Luc Morel"),
    ("Russland hat den Journalisten Evan Gershkovich verurteilt.", "Journalisten", "Evan Gershkovich"),
    ("Die Ölkonzerne Rosneft und Lukoil wurden sanktioniert.", "Ölkonzerne", "Rosneft"),
])
def test_chunks_a_name_after_its_noun_is_one_phrase(nlp, text: str, noun: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert _entity_of(nlp, text, noun) == name


@pytest.mark.parametrize("text, noun", [
    ("Die Rede Boris Johnsons wurde kritisiert.", "Rede"),  # a genitive after the noun
    ("Am Montag traf Friedrich Merz in Paris ein.", "Montag"),  # a time noun
])
def test_chunks_a_noun_keeps_its_own_phrase(nlp, text: str, noun: str) -> None:  # type: ignore[no-untyped-def]
    assert _entity_of(nlp, text, noun) is None


@pytest.mark.parametrize("text, first, second", [
    ("Die Armee hat nach eigenen Angaben Stellungen der Hisbollah angegriffen.", "Angaben", "Stellungen"),
    ("Am Abend beschossen Truppen Dörfer im Osten.", "Truppen", "Dörfer"),
])
def test_chunks_two_nouns_in_a_row_are_two_phrases(nlp, text: str, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    holding = [p for p in chunk(sent) if first in p.text(sent).split()]
    assert holding and second not in holding[0].text(sent).split()


@pytest.mark.parametrize("text, words", [
    ("Deutschland stellt 30 Millionen Euro bereit.", "30 Millionen Euro"),
    ("In Belgrad protestierten Zehntausende Studierende.", "Zehntausende Studierende"),
    ("Der Gipfel findet Anfang Oktober statt.", "Anfang Oktober"),
])
def test_chunks_a_quantity_and_its_noun_are_one_phrase(nlp, text: str, words: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    assert words in [p.text(sent) for p in chunk(sent)]


def test_chunks_a_comparison_is_no_bare_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Jaalon gehört wie Netanjahu der Likud-Partei an.")
    sent = next(iter(doc.sents))
    holding = [p for p in chunk(sent) if "Netanjahu" in p.text(sent)]
    assert holding and holding[0].prep == "wie"


def test_chunks_an_attributive_agent_sits_inside_the_genitive(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Kämpfer der von Iran unterstützten Hisbollah griffen Israel an.")
    sent = next(iter(doc.sents))
    fighters = next(p for p in chunk(sent) if p.text(sent) == "Kämpfer")
    assert fighters.genitive is not None and fighters.genitive.entity is not None
    assert fighters.genitive.entity.name == "Hisbollah"


@pytest.mark.parametrize("text, word, genitive", [
    ("Sánchez lehnte Iglesias Forderung ab.", "Iglesias", True),  # a bare singular count noun after it
    ("Er sagte, dass Alexis Tsipras Zugeständnisse machte.", "Tsipras", False),  # an object after the subject
    ("Die EU kritisierte Merkels Politik.", "Merkels", True),
])
def test_chunks_a_name_ending_in_s_is_a_genitive_only_before_a_bare_count_noun(  # type: ignore[no-untyped-def]
        nlp, text: str, word: str, genitive: bool) -> None:
    doc = nlp(text)
    assert genitive_name(next(t for t in doc if t.text == word)) is genitive
