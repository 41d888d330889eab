"""Clause rules on hand-built Docs (words, STTS tags, lemmas): independent of the tagger's mood."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geokg.extract.clauses import clauses
from geokg.extract.relations import from_verbs, subject_phrase

UPOS = {"NN": "NOUN", "NE": "PROPN", "ART": "DET", "APPR": "ADP", "APPRART": "ADP", "VVFIN": "VERB",
        "VVPP": "VERB", "VVINF": "VERB", "VAFIN": "AUX", "VMFIN": "AUX", "VAINF": "AUX", "PTKVZ": "ADP",
        "PTKNEG": "PART", "ADV": "ADV", "ADJA": "ADJ", "KOUS": "SCONJ", "$.": "PUNCT", "$,": "PUNCT"}


@pytest.fixture(scope="module")
def entities() -> Language:
    """A pipeline with geokg's entity recognizer only (it reads the tags we give)."""
    import geokg.extract.entities  # noqa: F401  (registers the component)

    nlp = spacy.blank("de")
    nlp.add_pipe("geokg_entities")
    return nlp


def make_doc(nlp: Language, tagged: str) -> Doc:
    """A Doc from "word/TAG/lemma" items (lemma defaults to the word)."""
    words, tags, lemmas = [], [], []
    for item in tagged.split():
        word, tag, *lemma = item.split("/")
        words.append(word)
        tags.append(tag)
        lemmas.append(lemma[0] if lemma else word)
    doc = Doc(nlp.vocab, words=words, tags=tags, lemmas=lemmas, pos=[UPOS.get(t, "X") for t in tags],
              sent_starts=[i == 0 for i in range(len(words))])
    return nlp.get_pipe("geokg_entities")(doc)


@pytest.mark.parametrize("tagged, subject", [
    ("Heute/ADV berät/VVFIN/beraten die/ART Koalition/NN über/APPR Garantien/NN/Garantie ./$.", "die Koalition"),
    ("Russland/NE hat/VAFIN/haben Odessa/NE angegriffen/VVPP/angreifen ./$.", "Russland"),
    ("In/APPR der/ART Nacht/NN hat/VAFIN/haben Russland/NE Odessa/NE angegriffen/VVPP/angreifen ./$.",
     "Russland"),
    ("Den/ART Angriff/NN verurteilte/VVFIN/verurteilen Frankreich/NE ./$.", "Frankreich"),
])
def test_clauses_subject(entities: Language, tagged: str, subject: str) -> None:
    doc = make_doc(entities, tagged)
    found = subject_phrase(clauses(doc[:])[0])
    assert found is not None and found.text(doc[:]) == subject


@pytest.mark.parametrize("tagged, lemma, flags", [
    ("Kiew/NE lehnt/VVFIN/lehnen den/ART Rückzug/NN ab/PTKVZ ./$.", "ablehnen", {}),
    ("Odessa/NE wurde/VAFIN/werden von/APPR Russland/NE angegriffen/VVPP/angreifen ./$.", "angreifen",
     {"passive": True}),
    ("Frankreich/NE schließt/VVFIN/schließen die/ART Entsendung/NN nicht/PTKNEG aus/PTKVZ ./$.",
     "ausschließen", {"negated": True}),
    ("Russland/NE will/VMFIN/wollen Kiew/NE angreifen/VVINF ./$.", "angreifen", {"modality": "Intended"}),
])
def test_clauses_verb_complex(entities: Language, tagged: str, lemma: str, flags: dict) -> None:
    clause = clauses(make_doc(entities, tagged)[:])[0]
    assert clause.lemma == lemma
    for name, value in flags.items():
        assert getattr(clause, name) == value, name


@pytest.mark.parametrize("tagged, triple", [
    ("Russland/NE hat/VAFIN/haben Odessa/NE angegriffen/VVPP/angreifen ./$.", ("Russland", "attacks", "Odessa")),
    ("Odessa/NE wurde/VAFIN/werden von/APPR Russland/NE angegriffen/VVPP/angreifen ./$.",
     ("Russland", "attacks", "Odessa")),
    ("Taiwan/NE erhielt/VVFIN/erhalten Panzer/NN aus/APPR den/ART USA/NE ./$.", ("USA", "provides_aid", "Taiwan")),
    ("Deutschland/NE liefert/VVFIN/liefern der/ART Ukraine/NE Panzer/NN ./$.",
     ("Deutschland", "provides_aid", "Ukraine")),
])
def test_clauses_frames_give_the_triple(entities: Language, tagged: str, triple: tuple[str, str, str]) -> None:
    doc = make_doc(entities, tagged)
    found = {(f.subject.name, f.relation, f.object.name) for f in from_verbs(doc, clauses(doc[:]))}
    assert triple in found, found
