"""The gazetteer's phrase index: the tokens spaCy's tokenizer makes of each name, PhraseMatcher's matches."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from geokg.extract.entities import name_forms
from geokg.extract.kb import knowledge_base
from geokg.extract.phrases import PhraseIndex, plain

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [ROOT / "geokg" / "data" / "seed-liveblog.txt", ROOT / "examples" / "liveblog-nahost.txt",
         ROOT / "examples" / "liveblog-ukraine-2.txt"]


@pytest.fixture(scope="module")
def german() -> Language:
    return spacy.blank("de")


@pytest.fixture(scope="module")
def gazetteer_names() -> list[tuple[str, list[str]]]:
    """(key, names) of every gazetteer entry, as the entity recognizer adds them."""
    return list(name_forms(knowledge_base()))


def test_phrases_every_gazetteer_name_has_the_tokens_of_the_tokenizer(gazetteer_names: list[tuple[str, list[str]]],
                                                                      german: Language) -> None:
    index = PhraseIndex(german.tokenizer)
    assert index.plain
    names = [name for _, forms in gazetteer_names for name in forms]
    split = [name for name in names if plain(name)]
    assert len(names) > 15_000 and len(split) > 0.9 * len(names)  # the split, not the tokenizer, does most
    wrong = [name for name in names if index.words(name) != [t.text for t in german.make_doc(name)]]
    assert wrong == []


#: Names of letters (any script), inner hyphens and single spaces: what the index splits itself.
PLAIN_NAMES = st.lists(st.lists(st.text(st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo"]), min_size=1,
                                        max_size=8), min_size=1, max_size=3).map("-".join),
                       min_size=1, max_size=4).map(" ".join)
GERMAN = spacy.blank("de").tokenizer  # one for every example hypothesis draws


@settings(max_examples=200, deadline=None)
@given(PLAIN_NAMES)
def test_phrases_a_plain_name_is_split_as_the_german_tokenizer_splits_it(name: str) -> None:
    assert plain(name)
    assert PhraseIndex(GERMAN).words(name) == [t.text for t in GERMAN(name)]


def test_phrases_the_pipelines_tokenizer_lets_the_index_split_names(nlp: Language) -> None:
    """The pipeline's own suffix rule (a trailing dash) keeps names plain: else every start tokenizes 20,000 names."""
    index = nlp.get_pipe("geokg_entities").names
    assert index.plain
    assert [t.text for t in nlp.make_doc("Belgrad– Bei")] == ["Belgrad", "–", "Bei"]


def test_phrases_another_tokenizer_splits_every_name_itself() -> None:
    """An English tokenizer splits at hyphens: the index asks it rather than splitting at spaces."""
    index = PhraseIndex(spacy.blank("en").tokenizer)
    assert not index.plain
    assert index.words("Baden-Württemberg") == ["Baden", "-", "Württemberg"]


def test_phrases_a_special_case_of_the_tokenizer_is_asked(german: Language) -> None:
    german.tokenizer.add_special_case("Kölle", [{"ORTH": "Köl"}, {"ORTH": "le"}])
    try:
        assert PhraseIndex(german.tokenizer).words("Stadt Kölle") == ["Stadt", "Köl", "le"]
    finally:
        german.tokenizer.rules = {k: v for k, v in german.tokenizer.rules.items() if k != "Kölle"}


def test_phrases_matches_by_start_then_length_each_pattern_once(german: Language) -> None:
    index = PhraseIndex(german.tokenizer)
    index.add("a", ["Neu Delhi", "Neu", "Neu Delhi"])
    index.add("b", ["Delhi"])
    index.add("c", ["Neu Delhi"])
    doc = german("Neu Delhi und Neu")
    assert index(doc) == [("a", 0, 1), ("a", 0, 2), ("c", 0, 2), ("b", 1, 2), ("a", 3, 4)]
    assert index(german("")) == []


def test_phrases_a_name_spelt_as_a_spacy_symbol_is_found(german: Language) -> None:
    """spaCy gives "ORG", "LOC", "NOUN" a symbol id, not their hash: the index compares the ids the Doc has."""
    index = PhraseIndex(german.tokenizer)
    index.add("org:org", ["ORG"])
    index.add("place:loc", ["LOC Kiew"])
    assert index(german("Die ORG und LOC Kiew")) == [("org:org", 1, 2), ("place:loc", 3, 5)]


def test_phrases_the_gazetteer_finds_what_spacys_phrase_matcher_finds(
        gazetteer_names: list[tuple[str, list[str]]], nlp: Language) -> None:
    """On the liveblogs, every gazetteer match the PhraseMatcher makes of tokenized names, in its order."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, forms in gazetteer_names:
        matcher.add(key, [nlp.make_doc(name) for name in forms])
    index = nlp.get_pipe("geokg_entities").names
    for path in TEXTS:
        doc = nlp.make_doc(path.read_text("utf-8"))
        expected = [(nlp.vocab.strings[m], start, end) for m, start, end in matcher(doc)]
        assert len(expected) > 50
        assert index(doc) == expected
