"""Every lexicon table loads, and every entry in it is well formed."""
from __future__ import annotations

import re

import pytest

from geokg.extract.lang_de import frames
from geokg.ontology import relations

SLOT = re.compile(r"^(acc|dat|nom|dass|speech|with|each|entity|thing|person|pp:[a-zäöü]+)$")
SPECIAL = {"@event", "@evaluation"}


@pytest.mark.parametrize("loader", [
    frames.verb_frames, frames.noun_frames, frames.reporting_verbs, frames.attribution_cues,
    frames.modality_cues, frames.complement_cues, frames.negation_cues, frames.entity_cues,
    frames.org_nouns, frames.relation_args, frames.transparent_nouns, frames.descriptions,
    frames.negative_verbs, frames.predicate_nouns, frames.evaluative_words, frames.org_patterns,
    frames.place_patterns, frames.pair_nouns, frames.chamber_titles, frames.candidacies, frames.institution_nouns,
    frames.contests, frames.proper_cues, frames.state_acts, frames.participle_verbs,
    frames.stance_adjectives, frames.judging_verbs, frames.weapon_nouns,
], ids=lambda f: f.__name__)
def test_lexicons_table_loads_and_is_not_empty(loader) -> None:  # type: ignore[no-untyped-def]
    assert len(loader()) > 0


def test_lexicons_verb_frames_are_well_formed() -> None:
    known = set(relations())
    ids = [f.id for fs in frames.verb_frames().values() for f in fs]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for lemma, fs in frames.verb_frames().items():
        assert lemma == lemma.lower() or " " in lemma, lemma
        for f in fs:
            assert f.relation in known | SPECIAL, f
            assert f.objects and all(SLOT.match(s) for s in f.objects), f
            assert all(SLOT.match(s) for s in f.agent), f
            assert ("with" not in f.objects) or f.with_noun, f"{f.id}: 'with' needs a light noun"


def test_lexicons_noun_frames_are_well_formed() -> None:
    known = set(relations())
    for lemma, f in frames.noun_frames().items():
        assert lemma[:1].isupper(), lemma
        if f.relation == frames.NO_EVENT:  # a compound that names no event: nothing else to say
            assert f.subject == f.object == ("-",), f
            continue
        assert f.relation in known, f
        assert all(s in ("gen", "between") or SLOT.match(s) for s in f.subject), f
        assert all(s in ("gen", "between", "self") or SLOT.match(s) for s in f.object), f


def test_lexicons_relation_args_cover_the_catalogue() -> None:
    args = frames.relation_args()
    assert set(args) == set(relations())
    assert all(kinds[0] in ("entity", "mobile", "any") and kinds[1] in ("entity", "place", "any")
               for kinds in args.values())


@pytest.mark.parametrize("table, allowed", [
    (frames.modality_cues, {"Required", "Possible", "Intended"}),
    (frames.entity_cues, {"PER", "ORG", "LOC"}),
    (frames.org_nouns, {"m", "f", "n", "p"}),
    (frames.transparent_nouns, {"part", "group", "person"}),
    (frames.reporting_verbs, {"say", "report"}),
    (frames.org_patterns, {"suffix", "head"}),
    (frames.place_patterns, {"street", "road", "common"}),
    (frames.predicate_nouns, set(relations())),
    (frames.judging_verbs, {"criticizes", "supports"}),
], ids=lambda x: getattr(x, "__name__", "values"))
def test_lexicons_values_are_from_their_closed_set(table, allowed) -> None:  # type: ignore[no-untyped-def]
    assert set(table().values()) <= allowed


def test_lexicons_attribution_cues_have_a_position() -> None:
    assert set(frames.attribution_cues().values()) <= {"before", "after"}
    assert ("laut",) in frames.attribution_cues() and ("zufolge",) in frames.attribution_cues()


@pytest.mark.parametrize("word, table, expected", [
    ("Versorgungsschiff", "transparent", "Schiff"),
    ("Friedensverhandlung", "nouns", "Verhandlung"),
    ("Drohnenangriff", "nouns", "Drohnenangriff"),
    ("Box-Kampf", "nouns", "Boxkampf"),  # a hyphenated compound is its closed form, which names no event
    ("Häuserkampf", "nouns", "Kampf"),
    ("Abend", "nouns", None),
])
def test_lexicons_compound_tail(word: str, table: str, expected: str | None) -> None:
    lookup = frames.transparent_nouns() if table == "transparent" else frames.noun_frames()
    assert frames.compound_tail(word, lookup) == expected


def test_lexicons_light_verb_nouns_are_nouns() -> None:
    """The word a light verb needs is a capitalised noun ("zur Rede stellen", "die Schuld geben") or,
    without a preposition, an adjective in lower case ("verantwortlich machen")."""
    for fs in frames.verb_frames().values():
        for f in fs:
            assert not f.with_noun or f.with_noun[:1].isupper() or (f.with_noun.islower() and not f.with_prep), f.id
            assert f.with_prep is None or f.with_prep == f.with_prep.lower(), f.id


@pytest.mark.parametrize("lemma, first, then", [
    ("begrüßen", "meets", "supports"),  # a person greeted is met, a decision greeted is supported
    ("verurteilen", "coerces", "criticizes"),  # "zu drei Jahren Haft verurteilen" before "scharf verurteilen"
    ("erhalten", "supports", "provides_aid"),  # "Rückendeckung erhalten" before the plain "erhalten"
    ("bekommen", "rejects", "provides_aid"),  # "eine Absage bekommen" before the plain "bekommen"
])
def test_lexicons_frames_by_object_come_in_order(lemma: str, first: str, then: str) -> None:
    relations_in_order = [f.relation for f in sorted(frames.verb_frames()[lemma], key=lambda f: not f.with_noun)]
    assert relations_in_order.index(first) < relations_in_order.index(then)


def test_lexicons_pair_nouns_name_entity_types() -> None:
    assert all(types and types <= {"Person", "Country", "Organization"} for types in frames.pair_nouns().values())


@pytest.mark.parametrize("role", sorted(frames.candidacies()))
def test_lexicons_a_candidacy_is_of_a_role_noun(role: str) -> None:
    from geokg.extract.lang_de import gazetteer

    assert role in gazetteer.role_nouns(), role


def test_lexicons_institution_nouns_are_well_formed() -> None:
    """A tail is lower case (it ends a compound), a word or an exception capitalised; kinds and genders closed."""
    for word, (kind, gender) in frames.institution_nouns().items():
        assert kind in ("tail", "word", "not") and gender in ("m", "f", "n"), word
        assert word.islower() if kind == "tail" else word[:1].isupper(), word


@pytest.mark.parametrize("word, name", [
    ("Innenministeriums", "Innenministerium"),  # tail ministerium, genitive of a neuter
    ("Richtervereinigung", "Richtervereinigung"),
    ("Rechtsanwaltskammertages", "Rechtsanwaltskammertag"),
    ("Zahnärztekammer", "Zahnärztekammer"),
    ("Ärztekammer", "Ärztekammer"),  # a word of the table
    ("Rechtsanwaltskammer", "Rechtsanwaltskammer"),
    ("Landwirtschaftskammer", "Landwirtschaftskammer"),
    ("Verwaltungsgerichtshofs", "Verwaltungsgerichtshof"),
    ("Korruptionsstaatsanwaltschaft", "Korruptionsstaatsanwaltschaft"),
    ("Staatsanwaltschaft", "Staatsanwaltschaft"),
    ("UN-Flüchtlingshochkommissariat", "UN-Flüchtlingshochkommissariat"),
    ("Eisenbahnergewerkschaft", "Eisenbahnergewerkschaft"),
    ("Privatangestellten-Gewerkschaft", "Privatangestellten-Gewerkschaft"),
    ("Bundesparteivorstands", "Bundesparteivorstand"),
    ("Landeskriminalamts", "Landeskriminalamt"),
    ("Polizei", "Polizei"),
    ("Landtages", "Landtag"),
])
def test_lexicons_institution_names_itself(word: str, name: str) -> None:
    found = frames.institution(word)
    assert found is not None and found[0] == name


@pytest.mark.parametrize("word", [
    "Ministerium", "Vereinigung", "Gewerkschaft", "Gerichtshof",  # a tail alone
    "Ministerien", "Vereinigungen", "Ärztekammern",  # plurals
    "Richtervereinigungs", "Polizeis",  # no genitive -s on a feminine
    "Grabkammer", "Wiedervereinigung", "Kammermusik", "Kammer",  # not institutions
    "Schiedsgericht", "Zollbehörde", "Landesrat", "Regierung", "Landesjagdverband",  # left out (see the table)
    "ministerium",
])
def test_lexicons_institution_not_a_name_by_itself(word: str) -> None:
    assert frames.institution(word) is None


def test_lexicons_institution_tail_alone_after_a_prefix() -> None:
    assert frames.institution("Parteivorstand") is None
    assert frames.institution("Parteivorstand", before=0) == ("Parteivorstand", "m")


def test_lexicons_contests_are_lower_case_tails_with_prepositions() -> None:
    for tail, (preps, other) in frames.contests().items():
        assert tail == tail.lower() and preps and preps <= {"bei", "in", "an"}, tail
        assert all(o.endswith(tail) and o == o.lower() for o in other), tail


def test_lexicons_proper_cues_are_cues_of_organizations() -> None:
    assert frames.proper_cues() and all(frames.entity_cues()[cue] == "ORG" for cue in frames.proper_cues())


def test_lexicons_state_acts_have_a_coercive_frame() -> None:
    for lemma in frames.state_acts():
        assert any(f.relation == "coerces" for f in frames.verb_frames().get(lemma, ())), lemma


def test_lexicons_participle_verbs_have_no_plain_frame() -> None:
    """A participle-only relation is for verbs whose finite uses mean something else: no verb frame shadows it."""
    catalogue = set(relations())
    for lemma, relation in frames.participle_verbs().items():
        assert relation in catalogue, lemma
        assert not any(not f.with_noun for f in frames.verb_frames().get(lemma, ())), lemma


def test_lexicons_stance_adjectives_relate_actors() -> None:
    """A stance adjective's relation takes an actor as its object (it names one in its first part)."""
    for suffix, relation in frames.stance_adjectives().items():
        assert suffix.islower() and frames.relation_args()[relation][1] in ("entity", "any"), suffix


def test_lexicons_evaluative_words_have_a_polarity() -> None:
    polarities = {polarity for _, polarity in frames.evaluative_words()}
    assert polarities == {"+", "-", "!"}  # "!": negative, and a refusal of what it is said of
