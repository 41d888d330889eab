"""Clause rules on hand-built Docs (words, STTS tags, lemmas): independent of the tagger's mood."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geokg.extract.clauses import clauses
from geokg.extract.ents import frozen_ents
from geokg.extract.model import EntityRef
from geokg.extract.relations import from_speech, from_verbs, speech_object, subject_phrase

UPOS = {"NN": "NOUN", "NE": "PROPN", "ART": "DET", "APPR": "ADP", "APPRART": "ADP", "VVFIN": "VERB",
        "VVPP": "VERB", "VVINF": "VERB", "VAFIN": "AUX", "VMFIN": "AUX", "VAINF": "AUX", "PTKVZ": "ADP",
        "PTKNEG": "PART", "PPER": "PRON", "PIS": "PRON", "PRF": "PRON", "VAPP": "AUX", "ADV": "ADV", "ADJD": "ADJ",
        "ADJA": "ADJ", "KOUS": "SCONJ", "PRELS": "PRON", "PTKZU": "PART", "VVIZU": "VERB", "$.": "PUNCT", "$,": "PUNCT"}


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
    # an adverb the tagger took for a finite verb does not take the separated particle
    ("Kiew/NE lehnt/VVFIN/lehnen den/ART Plan/NN entschieden/VVFIN/entscheiden ab/PTKVZ ./$.", "ablehnen", {}),
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


@pytest.mark.parametrize("tagged, triple", [
    # "und" inside an open bracket: the tagger's "finite" beschossen closes it, no second clause
    ("Russland/NE hatte/VAFIN/haben Stellungen/NN/Stellung der/ART Ukraine/NE und/KON der/ART "
     "Republik/NN/Republik Moldau/NE beschossen/VVFIN/beschießen ./$.", ("Russland", "attacks", "Moldau")),
    # a relative clause between the fronted subject and the finite verb
    ("Russland/NE ,/$, das/PRELS Kiew/NE bedroht/VVFIN/bedrohen ,/$, hat/VAFIN/haben Odessa/NE "
     "angegriffen/VVPP/angreifen ./$.", ("Russland", "attacks", "Odessa")),
    # a parenthetical wie-clause between the finite verb and its particle
    ("Russland/NE griff/VVFIN/greifen ,/$, wie/PWAV Kiew/NE mitteilte/VVFIN/mitteilen ,/$, Odessa/NE an/PTKVZ ./$.",
     ("Russland", "attacks", "Odessa")),
    # the relative pronoun stands for the phrase before its comma
    ("Kiew/NE kritisierte/VVFIN/kritisieren Moldau/NE ,/$, das/PRELS von/APPR Russland/NE "
     "unterstützt/VVPP/unterstützen wird/VAFIN/werden ./$.", ("Russland", "supports", "Moldau")),
    # a reduced participle clause: its patient is the subject of the clause it leans on
    ("Unterstützt/VVPP/unterstützen von/APPR Russland/NE ,/$, griff/VVFIN/greifen Belarus/NE Litauen/NE "
     "an/PTKVZ ./$.", ("Russland", "supports", "Belarus")),
])
def test_clauses_interrupted_and_reduced_clauses(entities: Language, tagged: str,
                                                  triple: tuple[str, str, str]) -> None:
    doc = make_doc(entities, tagged)
    found = {(f.subject.name, f.relation, f.object.name) for f in from_verbs(doc, clauses(doc[:]))}
    assert triple in found, found


def test_clauses_an_interrupted_clause_keeps_both_parts(entities: Language) -> None:
    doc = make_doc(entities, "Russland/NE hat/VAFIN/haben ,/$, wie/PWAV Kiew/NE mitteilte/VVFIN/mitteilen ,/$, "
                             "Odessa/NE angegriffen/VVPP/angreifen ./$.")
    main, embedded = clauses(doc[:])
    assert main.lemma == "angreifen" and main.parts == ((0, 3), (7, 10))
    assert embedded.subordinate and embedded.lemma == "mitteilen"


@pytest.mark.parametrize("tagged, negated", [
    # the negation of a verb with a frame of its own is not the event noun's
    ("Ungarn/NE hat/VAFIN/haben den/ART Angriff/NN/Angriff Russlands/NE auf/APPR die/ART Ukraine/NE "
     "nicht/PTKNEG verurteilt/VVPP/verurteilen ./$.", False),
    # a verb that only says the event took place passes its negation on
    ("Ein/ART Angriff/NN/Angriff Russlands/NE auf/APPR Kiew/NE fand/VVFIN/finden nicht/PTKNEG statt/PTKVZ ./$.",
     True),
])
def test_clauses_negation_scope_of_event_nouns(entities: Language, tagged: str, negated: bool) -> None:
    from geokg.extract.relations import from_nouns

    doc = make_doc(entities, tagged)
    cls = clauses(doc[:])
    found = [f for f in from_nouns(doc, cls, from_verbs(doc, cls)) if f.relation == "attacks"]
    assert found and all(f.negated == negated for f in found), found


@pytest.mark.parametrize("tagged, topic", [
    # the subject opening the speech before the reporting verb
    ("Die/ART Regierung/NN habe/VAFIN/haben versagt/VVPP/versagen ,/$, kritisierte/VVFIN/kritisieren Huber/NE ./$.",
     "Die Regierung"),
    # after an empty subject, the accusative object
    ("Man/PIS müsse/VMFIN/müssen den/ART Grundsatz/NN wahren/VVINF ,/$, verlangte/VVFIN/verlangen Huber/NE ./$.",
     "den Grundsatz"),
    # of two bare objects the second is the accusative
    ("Man/PIS müsse/VMFIN/müssen den/ART Bürgern/NN/Bürger Hoffnung/NN geben/VVINF ,/$, "
     "verlangte/VVFIN/verlangen Huber/NE ./$.", "Hoffnung"),
    # a passive speech: what it is against is none of its phrases
    ("Die/ART Sterblichkeit/NN wird/VAFIN/werden nicht/PTKNEG toleriert/VVPP/tolerieren ,/$, "
     "kritisierte/VVFIN/kritisieren Huber/NE ./$.", None),
    # the subject does not open the speech
    ("Von/APPR der/ART Reform/NN würden/VAFIN/werden Konzerne/NN/Konzern profitieren/VVINF/profitieren ,/$, "
     "kritisierte/VVFIN/kritisieren Huber/NE ./$.", None),
    # the speech's main clause opens with its verb after a clause of its own
    ("Wenn/KOUS Geschenke/NN/Geschenk verteilt/VVPP/verteilen würden/VAFIN/werden ,/$, müssten/VMFIN/müssen "
     "die/ART Schüler/NN Werbung/NN sehen/VVINF ,/$, kritisierte/VVFIN/kritisieren Huber/NE ./$.", None),
    # no speech before the verb
    ("Huber/NE kritisierte/VVFIN/kritisieren die/ART Regierung/NN ./$.", None),
])
def test_clauses_speech_object(entities: Language, tagged: str, topic: str | None) -> None:
    doc = make_doc(entities, tagged)
    cls = clauses(doc[:])
    n = next(k for k, c in enumerate(cls) if c.lemma in ("kritisieren", "verlangen"))
    found = speech_object(cls, n)
    assert (found.text(doc[:]) if found is not None else None) == topic


SPEAKER = EntityRef("Anna Huber", "Person", "Anna Huber", "person:anna-huber")


@pytest.mark.parametrize("tagged, objects", [
    ("Die/ART EU/NE muss/VMFIN/müssen handeln/VVINF ,/$, sagte/VVFIN/sagen Huber/NE ./$.", ["EU"]),
    # what "man" or "wir" must do something with is no demand of its own
    ("Man/PIS müsse/VMFIN/müssen die/ART Grenzkontrollen/NN/Grenzkontrolle verstärken/VVINF ,/$, "
     "sagte/VVFIN/sagen Huber/NE ./$.", []),
    ("Wir/PPER müssen/VMFIN/müssen einen/ART Abwärtstrend/NN verhindern/VVINF ,/$, "
     "sagte/VVFIN/sagen Huber/NE ./$.", []),
    # a reflexive foresees, a copula judges
    ("Man/PIS muss/VMFIN/müssen sich/PRF auf/APPR eine/ART Zeit/NN harter/ADJA/hart Repressionen/NN/Repression "
     "einstellen/VVINF ,/$, "
     "sagte/VVFIN/sagen Huber/NE ./$.", []),
    ("Die/ART EU/NE muss/VMFIN/müssen dankbar/ADJD sein/VAINF/sein ,/$, sagte/VVFIN/sagen Huber/NE ./$.", []),
    # a need that was, a denied one, a guess and a thing that must do something are no demands
    ("Die/ART EU/NE musste/VMFIN/müssen handeln/VVINF ,/$, sagte/VVFIN/sagen Huber/NE ./$.", []),
    ("Die/ART EU/NE muss/VMFIN/müssen nicht/PTKNEG handeln/VVINF ,/$, sagte/VVFIN/sagen Huber/NE ./$.", []),
    ("Es/PPER müssen/VMFIN/müssen Jäger/NN gewesen/VAPP/sein sein/VAINF/sein ,/$, sagte/VVFIN/sagen Huber/NE ./$.",
     []),
    ("Der/ART Streit/NN muss/VMFIN/müssen ein/ART Ende/NN haben/VAINF/haben ,/$, sagte/VVFIN/sagen Huber/NE ./$.",
     []),
])
def test_clauses_speech_demands(entities: Language, tagged: str, objects: list[str]) -> None:
    doc = make_doc(entities, tagged)
    cls = clauses(doc[:])
    reporting = next(c for c in cls if c.lemma == "sagen")
    found = from_speech(doc, cls, SPEAKER, reporting)
    assert [f.object.name for f in found] == objects and all(f.rule == "speech:müssen" for f in found)


@pytest.mark.parametrize("tagged, speaker", [
    ("Das/PDS sei/VAFIN/sein ein/ART Fehler/NN ,/$, so/ADV Kanzler/NN Karl/NE Huber/NE ./$.", "Karl Huber"),
    ("Russland/NE habe/VAFIN/haben Kiew/NE angegriffen/VVPP/angreifen ,/$, so/ADV Selenskyj/NE ./$.",
     "Wolodymyr Selenskyj"),
    # "so" before a verb, or with no name after it, names no speaker
    ("Russland/NE habe/VAFIN/haben Kiew/NE angegriffen/VVPP/angreifen ,/$, so/ADV hieß/VVFIN/heißen es/PPER "
     "in/APPR Moskau/NE ./$.", None),
    ("Die/ART Armee/NN zog/VVFIN/ziehen ab/PTKVZ ,/$, so/ADV dass/KOUS Kiew/NE fiel/VVFIN/fallen ./$.", None),
])
def test_clauses_so_names_the_speaker(entities: Language, tagged: str, speaker: str | None) -> None:
    from geokg.extract.attribution import attribution

    doc = make_doc(entities, tagged)
    with frozen_ents(doc):
        found = attribution(doc, doc[:], clauses(doc[:]))
    assert (found.source.name if found.speaks and found.source is not None else None) == speaker


def test_clauses_so_speaker_is_no_apposition(entities: Language) -> None:
    """ "Die Regierung muss handeln, so Karl Huber": Huber is not what "die Regierung" names."""
    doc = make_doc(entities, "Die/ART Regierung/NN muss/VMFIN/müssen handeln/VVINF ,/$, so/ADV Karl/NE Huber/NE ./$.")
    with frozen_ents(doc):
        first = clauses(doc[:])[0].phrases[0]
    assert first.text(doc[:]) == "Die Regierung" and first.entity is None

