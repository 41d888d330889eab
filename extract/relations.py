"""Relations from clauses: verb frames, event nouns and attributive participles ("die von Kiew geforderten …")."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from geokg.extract.chunks import ANY_CASE, TIME_NOUNS, Phrase, genitive_name, next_to
from geokg.extract.clauses import COORDINATORS, QUOTE_MARKS, Clause
from geokg.extract.entities import role_info
from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import (NO_EVENT, NOUN_RULES, STANCES, NounFrame, VerbFrame, compound_tail, contests,
                                          evaluative_words, judging_verbs, noun_frames, org_nouns, participle_verbs,
                                          predicate_nouns, relation_args, state_acts, transparent_kind, verb_frames,
                                          weapon_nouns)
from geokg.extract.mentions import antecedent, demonym_country, plural_verb, referents
from geokg.extract.model import EntityRef
from geokg.extract.tagger import FINITE_TAGS

# Relations whose object may be an event that did not (yet) happen.
NON_FACTIVE = frozenset({"discusses", "demands", "proposes", "rejects", "threatens", "agrees_on",
                         "participates_in", "states"})
# Relations whose actor object is the subject of their infinitive complement ("wirft X vor, … zu liefern").
CONTROLLING = frozenset({"criticizes"})
# Relations whose infinitive complement states no fact: "forderte X auf, … abzuziehen".
UNREALIZED = frozenset({"demands", "proposes", "threatens"})
# Nominal relations that stay facts whatever the clause does with them ("lehnte den Vorschlag X ab").
SPEECH_ACTS = frozenset({"proposes", "demands", "criticizes", "threatens", "states"})
EVALUATION = "@evaluation"  # criticizes, supports or states, by the words of the "als" complement
EVENT = "@event"  # a frame whose relation is that of the event noun in its object
SYMMETRIC = frozenset({"meets", "talks_with", "cooperates_with"})
INSTRUMENT_RELATIONS = frozenset({"attacks", "threatens", "provides_aid", "deploys"})
# Relations whose moved troops are the actor's own: "nordkoreanische Soldaten wurden nach Kursk
# verlegt" → Nordkorea deploys; "russische Truppen wurden aus Cherson abgezogen" → withdraws_from.
SELF_MOVED = frozenset({"deploys", "withdraws_from"})


@dataclass
class Found:
    """A relation found in a clause, before attribution and dating."""

    subject: EntityRef
    relation: str
    object: EntityRef
    rule: str
    clause: Clause
    negated: bool = False
    confidence: float = 0.7
    location: EntityRef | None = None
    instrument: EntityRef | None = None
    object_phrases: tuple[Phrase, ...] = ()
    claimed_by: EntityRef | None = None  # the accuser whose claim it is ("X wirft Y vor, Z zu beschießen")


Args = tuple[list[Phrase], list[Phrase]]  # the phrases naming the subject(s) and object(s)


def _members(phrase: Phrase | None) -> list[Phrase]:
    return phrase.members if phrase is not None else []


def referents_of(doc: Doc, phrases: list[Phrase]) -> list[EntityRef]:
    """All referents of some phrases, in order."""
    return [r for p in phrases for r in referents(doc, p)]


MOBILE = frozenset({"Person", "Organization"})  # who can travel: not a place, nor a state ("Flüchtlinge aus Syrien")
PLACES = frozenset({"Country", "Location", "Organization"})  # where one travels to (a body: its seat, "die Hofburg")


def _refs(doc: Doc, phrases: list[Phrase], kind: str = "any") -> list[EntityRef]:
    """The referents of phrases; only entities if kind is `entity`, only persons and organizations if `mobile`,
    no persons if `place`."""
    refs = referents_of(doc, phrases)
    if kind == "mobile":
        return [r for r in refs if r.type in MOBILE]
    if kind == "place":
        return [r for r in refs if r.type in PLACES]
    return [r for r in refs if kind == "any" or r.type != "Concept"]


def _copula(clause: Clause) -> str:
    """ "sein" for a clause whose only verb is a form of it ("ist in Warschau zu Besuch"), else ""."""
    return "sein" if clause.finite is not None and clause.finite.lemma_ == "sein" else ""


def _predicate_noun(clause: Clause, subject: Phrase | None) -> bool:
    """True for a copula clause whose predicate is a bare noun phrase with a prepositional phrase after
    it: "X ist ein Gegner der Sanktionen gegen Y", "X ist der Motor im Kampf gegen Y"."""
    doc = clause.sent.doc
    return any(p is not subject and p.prep is None and not p.time and "nom" in p.cases
               and doc[p.head].pos_ == "NOUN" and any(q.prep is not None and q.start >= p.end for q in clause.phrases)
               for p in clause.phrases)


def subject_phrase(clause: Clause) -> Phrase | None:
    """The grammatical subject: the nominative phrase in the first position or after the finite verb."""
    if clause.infinitive:
        return None  # "…, die Ukraine zu unterstützen": the subject is the governing clause's
    bare = [p for p in clause.phrases if p.prep is None and "nom" in p.cases and not p.time]
    if not bare:
        return None
    if clause.elliptic:  # "… und Positionen erobert": the subject is the first conjunct's, unless two stand
        return bare[0] if len([p for p in clause.phrases if p.prep is None and not p.time]) > 1 else None
    fin = clause.finite
    if fin is None:
        return bare[0]
    if clause.subordinate:  # "Viele, die X kritisiert hatten": the relative pronoun, not the singular X
        return next((p for p in bare if _agrees(clause.sent.doc, fin, p)), None)
    # the first constituent, not the "von X" inside "der von X vorgelegte Plan"
    first = next((p for p in clause.phrases if not p.attributive), clause.phrases[0])
    after = [p for p in bare if p.start > fin.i]
    if first.end <= fin.i and first.prep is None and "nom" in first.cases and not first.time:
        # "Neue Sanktionen lehnte der Republikaner ab": an actor after the verb beats a thing before it
        doc = clause.sent.doc
        # (not a title without a name that may be the accusative: "Die Opposition kritisierte die Ministerin")
        # (a bare name shows no case; a person's name after the verb is the actor: "Aufklärung fordert X")
        if after and (_is_thing(doc, first) or _owned_thing(doc, first)) and not _is_thing(doc, after[0]) \
                and (after[0].cases != ANY_CASE or _fronted_object(doc, first, after[0])) \
                and not (after[0].entity is None and "acc" in after[0].cases) and _agrees(doc, fin, after[0]):
            return after[0]
        if after and _masculine_after_verb(doc, fin, after[0]) and doc[first.start].lower_ in ("die", "das") \
                and "acc" in first.cases and _agrees(doc, fin, after[0]):
            return after[0]  # "Die katholische Kirche lobte der Papst": the fronted phrase is the object
        return first
    # "…, drohen Demirtaş bis zu 24 Jahre Haft": one person after a plural verb is no subject
    if plural_verb(fin.text):
        after = [p for p in after if not _one_person(clause, p)]
    return next((p for p in after if _agrees(clause.sent.doc, fin, p)), after[0]) if after else None


def _sole_object_after_verb(clause: Clause, subject: Phrase | None) -> bool:
    """True for a conjunct opening with its finite verb ("… und traf in Kiew Selenskyj") whose one bare
    phrase stands after the verb: the object, the subject being the first conjunct's."""
    fin = clause.finite
    if subject is None or fin is None or clause.passive or subject.start < fin.i:
        return False
    first = next((t for t in clause.tokens if t.text not in COORDINATORS), None)
    bare = [p for p in clause.phrases if p.prep is None and not p.time and not p.attributive]
    return first is not None and first.i == fin.i and bare == [subject] and "acc" in subject.cases


def _one_person(clause: Clause, phrase: Phrase) -> bool:
    """True for a phrase that names one person, with no "und" after it in the clause that may join another."""
    return phrase.entity is not None and phrase.entity.type == "Person" and not phrase.conjuncts and \
        not any(t.lower_ in COORDINATORS for t in clause.sent.doc[phrase.end:clause.end])


def _masculine_after_verb(doc: Doc, fin: Token, phrase: Phrase) -> bool:
    """True for "der" and a masculine role noun in the singular right after the finite verb: only a
    nominative ("lobte der Papst"; a dative or genitive "der" belongs to a feminine noun or a plural)."""
    head = doc[phrase.head]
    role = role_info(head)
    return phrase.start == fin.i + 1 and doc[phrase.start].lower_ == "der" and phrase.prep is None and \
        role is not None and role.gender == "m" and head.text == head.lemma_ and not phrase.conjuncts


def _fronted_object(doc: Doc, first: Phrase, person: Phrase) -> bool:
    """True if a thing in the first position is the object of the person named after the verb
    ("Umfassende Aufklärung fordert auch X", "Der Bezirksvertretung spricht X Lob aus"); not an
    indefinite one ("Ein Leitartikel forderte X auf") nor across a comma, dash or colon."""
    return person.entity is not None and person.entity.type == "Person" and bool(first.cases & {"acc", "dat"}) \
        and not doc[first.start].lower_.startswith("ein") \
        and not any(t.text in (",", "–", ":") for t in doc[first.start:person.start])


def _number(doc: Doc, phrase: Phrase) -> str | None:
    """ "pl" or "sg" where a phrase shows its number (coordination, a noun's form against its lemma), else None."""
    if phrase.conjuncts:
        return "pl"
    if phrase.antecedent is not None:
        return None  # a relative pronoun: its antecedent may be one of several ("Republikaner wie X, die …")
    if phrase.entity is not None and phrase.entity.type == "Person":
        return "sg"  # "Umfragen sehen Sarkozy vorne"
    head = doc[phrase.head]
    if head.tag_ != "NN":  # a name: the noun before it shows the number ("die Stadt Charkiw")
        noun = next((t for t in reversed(doc[phrase.start:phrase.head]) if t.tag_ == "NN"), None)
        if noun is None:
            return None
        head = noun
    form, lemma = head.text.lower(), head.lemma_.lower()
    if form == lemma:  # (-er, -el, -en nouns look the same in the plural: "die Politiker")
        return None if form.endswith(("er", "el", "en", "chen", "lein")) else "sg"
    # "den Präsidenten" is a singular too
    return None if doc[phrase.start].lower_ in ("den", "dem", "des", "einen", "einem", "eines") else "pl"


def _agrees(doc: Doc, finite: Token, phrase: Phrase) -> bool:
    """Whether a phrase's number, where it shows, is the finite verb's ("Die Proteste hatten die
    Regierung überrascht": the singular after the plural verb is no subject)."""
    return _number(doc, phrase) in (None, "pl" if plural_verb(finite.text) else "sg")


def doc_lemma(clause: Clause, phrase: Phrase) -> str:
    """The lemma of a phrase's head."""
    return clause.sent.doc[phrase.head].lemma_


def _is_thing(doc: Doc, phrase: Phrase) -> bool:
    """True if a phrase names no actor: no entity, no pronoun, no description of a person (a role
    noun: "den russischen Botschafter"; a group's: "zwei Diplomaten")."""
    if phrase.pronoun or _person_noun(doc[phrase.head]):
        return False
    return all(r.type == "Concept" for r in referents(doc, phrase))


def _person_noun(token: Token) -> bool:
    """True for a noun that describes persons: an office ("Botschafter") or a group's ("Diplomaten")."""
    return role_info(token) is not None or token.text in gazetteer.groups()


def _owned_thing(doc: Doc, phrase: Phrase) -> bool:
    """True for a thing a name in the genitive before it owns ("Putins Krieg", "Orbáns Vorschlag"): the
    phrase names the name, but is no actor; not a body, office or group of it ("Russlands Armee")."""
    head = doc[phrase.head]
    if head.tag_ != "NN" or head.ent_type_ or phrase.start == phrase.head or not genitive_name(doc[phrase.head - 1]):
        return False
    lemma = head.lemma_
    return lemma not in org_nouns() and transparent_kind(lemma) is None and not _person_noun(head)


def _is_person(doc: Doc, phrase: Phrase) -> bool:
    """True if a phrase names persons only."""
    found = referents(doc, phrase)
    return bool(found) and all(r.type == "Person" for r in found)


def _light_noun(clause: Clause, frame: VerbFrame) -> Phrase | None:
    """The phrase holding a light verb's noun ("zur Verfügung"), if the clause has it."""
    for p in clause.phrases:
        if _names_light_noun(clause.sent.doc[p.head].lemma_, frame) and p.prep == frame.with_prep:
            return p
    if frame.with_noun.islower():  # a predicative adjective: "machte X für Y verantwortlich"
        word = next((t for t in clause.tokens if t.lower_ == frame.with_noun
                     and t.tag_ in ("ADJD", "ADV", "PIS", "PRF")),
                    None)  # (PIS: "hält nichts von X"; PRF: the reflexive of "setzt sich für X ein")
        if word is not None:
            return Phrase(word.i, word.i + 1, word.i)
    return None


def _names_light_noun(lemma: str, frame: VerbFrame) -> bool:
    """True if a noun lemma is a light verb's noun, also as the end of a compound (Regierungskritik)."""
    return lemma == frame.with_noun or lemma.endswith(frame.with_noun.lower())


def _object(clause: Clause, slot: str, subject: Phrase | None, exclude: Phrase | None = None,
            following: Clause | None = None, actor: bool = False, speech: Phrase | None = None,
            relation: str | None = None) -> Phrase | None:
    """The phrase filling a frame slot: acc, dat, nom (the subject; the other nominative when the
    subject is the light verb's noun), pp:<prep>, with (the light verb's noun), dass (the subject
    of a following dass-clause, or of the reported speech right after the verb's comma) or speech
    (what the speech before the verb is about, see `speech_object`). `relation`: the frame's."""
    if slot == "speech":
        return speech
    if slot == "nom":
        if subject is not None and subject is exclude:  # "Rückendeckung erhielt X von Y": X, not the noun
            return next((p for p in clause.phrases if p is not exclude and p.prep is None and "nom" in p.cases
                         and not p.time and not p.attributive), None)
        return subject
    if slot == "with":
        return exclude
    if slot == "dass":
        if following is not None and (_reported_after(clause, following) or (
                following.subordinate and following.tokens[0].lower_ == "dass")):
            return subject_phrase(following)
        return None
    others = [p for p in clause.phrases if p is not subject and p is not exclude and not p.time
              and not p.attributive and not (actor and _is_thing(clause.sent.doc, p))]
    if slot.startswith("pp:"):
        prep = slot[3:]
        return next((p for p in others if p.prep == prep and not _event_attribute(clause, p, exclude, relation) and (
            not _inside_prefield(clause, p) or (exclude is not None and p.begin == exclude.end))), None)
    return next((p for p in others if p.prep is None and slot in p.cases), None)


def _event_attribute(clause: Clause, phrase: Phrase, exclude: Phrase | None, relation: str | None = None) -> bool:
    """True for a prepositional phrase right after an event noun that takes it ("für eine Fortsetzung der
    Sanktionen gegen Russland"): the noun's object, not the verb's (but a light verb's own noun keeps it,
    and so does a verb of the noun's relation: "sich am Rande des Gipfels mit X treffen")."""
    doc = clause.sent.doc
    for host in clause.phrases:
        if host is phrase or host is exclude:
            continue
        if host.genitive is not None and host.genitive.end == phrase.begin:
            host = host.genitive
        if host.end == phrase.begin:
            frame = _phrase_frame(doc, host)
            if frame is not None and f"pp:{phrase.prep}" in frame.object and frame.relation != relation:
                return True
    return False


def _inside_prefield(clause: Clause, phrase: Phrase) -> bool:
    """True for a phrase before a main clause's finite verb that another phrase opens: the prefield holds
    one constituent, so it is that one's attribute ("Der Unterstützer des Widerstandes gegen X ist …"; a
    light verb's noun keeps its own: "Kritik an X kam von Y")."""
    fin = clause.finite
    if fin is None or clause.subordinate or phrase.end > fin.i:
        return False
    return any(p.begin < phrase.begin for p in clause.phrases if p is not phrase)


def _verb_after_comma(clauses: Sequence[Clause], n: int) -> bool:
    """True for a main clause that opens with its finite verb right after a comma: the first
    place of the sentence is taken by what stands before ("…, verlangte Y")."""
    clause = clauses[n]
    words = [t for t in clause.tokens if t.text not in QUOTE_MARKS]
    comma = bool(words) and words[0].text == ","  # "… – , wies X zurück": the comma after a dash opens it
    words = words[1:] if comma else words
    if n == 0 or clause.subordinate or clause.infinitive or not words or words[0] is not clause.finite:
        return False
    before = [t for t in clauses[n - 1].tokens if t.text not in QUOTE_MARKS]
    return comma or bool(before) and before[-1].text == "," and clauses[n - 1].end == clause.start


def _opening(clause: Clause) -> Token | None:
    """The clause's first word that is no quote mark."""
    return next((t for t in clause.tokens if t.text not in QUOTE_MARKS), None)


def speech_before(clauses: Sequence[Clause], n: int) -> Clause | None:
    """The main clause of the speech a reporting clause follows: "Man müsse X im Auge behalten,
    verlangte Y" (clause n opens with its finite verb right after the speech's comma; clauses
    depending on the speech are passed over to its main clause)."""
    if not _verb_after_comma(clauses, n):
        return None
    for earlier in reversed(clauses[:n]):
        if earlier.finite is not None and not earlier.subordinate and not earlier.infinitive:
            # (not one that opens with its verb after a clause of its own: "Wenn …, müssten X …")
            return earlier if _opening(earlier) is not earlier.finite else None
    return None


def speech_object(clauses: Sequence[Clause], n: int) -> Phrase | None:
    """What the speech before reporting clause n is about (see `_topic`), the object of its verb's
    speech frame: "Die Regierung habe versagt, kritisierte X" → die Regierung; None after no speech."""
    speech = speech_before(clauses, n)
    return _topic(speech) if speech is not None else None


def _speech_subject(speech: Clause) -> Phrase | None:
    """The subject of a speech; none beside "man", which is no phrase of its own: the nominative
    beside it is its object ("man müsse die Kontrollen verstärken")."""
    return None if any(t.lower_ == "man" for t in speech.tokens) else subject_phrase(speech)


def _topic(speech: Clause) -> Phrase | None:
    """What a speech is about: its subject where that opens it ("Die EU müsse handeln, verlangte X":
    the EU), its accusative object after an empty subject ("Man müsse den Grundsatz wahren,
    verlangte X": the Grundsatz). None for a speech that is passive or opens with something else:
    what "Eine Sterblichkeit wird nicht toleriert, kritisierte X" or "Von X würden vor allem Y
    profitieren, kritisierte Z" is against is no phrase of it."""
    if speech.passive:
        return None
    subject = _speech_subject(speech)
    if subject is not None and not subject.pronoun:
        first = next((p for p in speech.phrases if not p.attributive), None)
        return subject if subject is first else None
    # the last such phrase: of two bare objects the dative comes first ("den Bürgern Hoffnung geben")
    return next((p for p in reversed(speech.phrases) if p.prep is None and "acc" in p.cases and p is not subject
                 and not p.pronoun and not p.time and not p.attributive), None)


SPEECH_RULES = "speech:"  # the rule ids of what a speaker does by speaking (relation_verbs.tsv, from_speech)
# Forms of "müssen" that state a need now, not one that was ("musste"): a speaker's demand.
DEMANDING = frozenset({"muss", "müsse", "müssen", "müssten", "müsste", "musst", "müsst"})


def from_speech(doc: Doc, clauses: list[Clause], speaker: EntityRef, reporting: Clause | None) -> list[Found]:
    """What a speaker demands by saying who must act: "Die EU muss besser kooperieren, sagte X" →
    X demands EU (the actor opening the speech is the addressee). Only in present speech that is not
    denied, and not where "müssen" guesses ("Es muss X gewesen sein"), judges ("X müssen Y dankbar
    sein") or foresees ("Man muss sich auf X einstellen"). A thing that must do something is no
    demand of it ("Das Querschießen muss ein Ende haben"), nor is what "man" or "wir" must do
    something with: "Wir müssen einen Abwärtstrend verhindern" (in 10kGNAD a third of those
    readings were wrong; a demanding verb says more: see the speech slot of relation_verbs.tsv)."""
    found: list[Found] = []
    for clause in clauses:
        if clause is reporting or clause.subordinate or clause.infinitive or clause.negated or \
                clause.finite is None or clause.finite.lower_ not in DEMANDING or _perfect_infinitive(clause) or \
                _copula_only(clause):
            # (a copula's "X müssen Y dankbar sein" judges; a reflexive verb demands too: "Die Regierung muss
            # sich am Riemen reißen"; after "man" the topic is no subject and so no one is demanded)
            continue
        topic = _topic(clause) if _opening(clause) is not clause.finite else None
        if topic is None or topic is not _speech_subject(clause) or _is_thing(doc, topic):
            continue
        for obj in _refs(doc, topic.members, relation_args().get("demands", ("entity", "any"))[1]):
            if obj.ident != speaker.ident:
                found.append(Found(speaker, "demands", obj, "speech:müssen", reporting or clause,
                                   confidence=0.6, object_phrases=(topic,)))
    return found


def from_judgements(doc: Doc, clauses: list[Clause], speaker: EntityRef, reporting: Clause | None) -> list[Found]:
    """What a speaker does by judging in their speech what its subject is or does: "Der Einsatz sei ein
    Skandal, sagte X" → X criticizes Einsatz; "Die Einigung ist ein Erfolg, sagte X" → X supports it
    (by evaluative_words.tsv, in the predicate of a "sein" clause that is not denied); "Die Aktion
    verstoße gegen die Verfassung" (judging_verbs.tsv). "Das ist eine Schande" judges what the
    reporting clause names ("…, sagte X über den Plan"), else nothing."""
    found: list[Found] = []
    if speaker.type not in MOBILE:
        return found  # a place a speech is given in ("warnte in Genf: …") judges nothing
    for clause in clauses:
        judgement = _judgement(clause, reporting) if clause is not reporting else None
        if judgement is None:
            continue
        relation, judged, refusing = judgement
        # a person's doing is the person judged: "Schändlich sei das Benehmen des Ministers X" → X
        # (a body's is not: "Der Einsatz der Polizei sei ein Skandal" → the Einsatz)
        owners = _persons(doc, judged.genitive) if judged.genitive is not None else []
        for obj in owners or _refs(doc, judged.members, relation_args().get(relation, ("entity", "any"))[1]):
            if obj.ident != speaker.ident:  # what is unacceptable is rejected; who is, criticized
                found.append(Found(speaker, "rejects" if refusing and obj.type == "Concept" else relation, obj,
                                   "speech:judgement", clause, confidence=0.6, object_phrases=(judged,)))
    return found


def _judgement(clause: Clause, reporting: Clause | None) -> tuple[str, Phrase, bool] | None:
    """(criticizes or supports, the phrase judged, whether the word refuses it) of a clause of a speech
    that judges its subject, or None: a "sein" clause with an evaluative predicate or a judging verb,
    asserted, not denied nor unreal ("wäre"), its subject a name or noun before the verb (or right after
    "sein": "Schändlich sei X") or a pointing "das"/"dies"."""
    judging = judging_verbs().get(clause.lemma) if clause.verb is not None and not clause.passive and \
        not any(t.tag_ == "PRF" for t in clause.tokens) else None  # not "hat sich verbessert"
    if clause.infinitive or clause.elliptic or clause.negated or clause.finite is None or \
            clause.modality != "Asserted" or clause.finite.lower_ in UNREAL or \
            (judging is None and (clause.verb is not None or clause.finite.lemma_ != "sein")):
        return None
    pointing = _pointing(clause)
    subject = None if pointing else subject_phrase(clause)
    if not pointing and (subject is None or subject.pronoun or subject.prep is not None or
                         subject.antecedent is not None or subject.start > clause.finite.i + (not judging)):
        return None
    # the predicate's own words: not the subject's, nor those of a phrase after a preposition
    # ("sei essenziell im Kampf gegen den Terrorismus")
    words = _words_outside(clause, [*([subject] if subject is not None else []),
                                    *(p for p in clause.phrases if p.prep is not None)])
    relation = judging or _polarity(words)
    judged = None if relation is None else subject if subject is not None else _pointed_at(clause, reporting)
    if relation is None or judged is None:
        return None
    return relation, judged, relation == "criticizes" and not judging and "!" in _polarities(words)


#: A demonstrative opening a judgement that points at what is judged without naming it: "Das ist eine Schande".
POINTING = frozenset({"das", "dies"})


def _pointing(clause: Clause) -> bool:
    """True for a clause opened by "das" or "dies" standing alone as its subject: "Das ist eine Schande"."""
    opening = _opening(clause)
    return opening is not None and opening.lower_ in POINTING and opening.tag_ == "PDS"


def _pointed_at(clause: Clause, reporting: Clause | None) -> Phrase | None:
    """What "das"/"dies" judges: what the reporting clause says the speech is about ("Das ist eine
    Schande, sagte X über den Plan"), or else the predicate noun with a person in its genitive ("Dies sei
    Propaganda Erdogans"); not a predicate noun alone, which is the judgement ("Dies sei schmutzige Propaganda")."""
    about = next((p for p in reporting.phrases if p.prep == "über"), None) if reporting is not None else None
    if about is not None:
        return about
    predicate = next((p for p in clause.phrases if p.prep is None and p.genitive is not None), None)
    genitive = predicate.genitive if predicate is not None else None
    return predicate if genitive is not None and _persons(clause.sent.doc, genitive) else None


def _persons(doc: Doc, phrase: Phrase) -> list[EntityRef]:
    """The persons a phrase names."""
    return [r for r in _refs(doc, [phrase], "entity") if r.type == "Person"]


UNREAL = frozenset({"wäre", "wären"})  # "Die EU wäre eine großartige Idee – wenn wir sie hätten"


def _copula_only(clause: Clause) -> bool:
    """True for a clause whose only verbs are a modal and a copula: "X müssen Y dankbar sein"."""
    return clause.verb is None and any(t.tag_ == "VAINF" and t.lemma_ in ("sein", "bleiben", "werden")
                                       for t in clause.tokens)


def _perfect_infinitive(clause: Clause) -> bool:
    """True for a participle with the infinitive "sein" or "haben": "muss … gewesen sein", "müsse … gewusst
    haben"."""
    return any(t.tag_ == "VVPP" or t.tag_ == "VAPP" for t in clause.tokens) and \
        any(t.tag_ == "VAINF" and t.lemma_ in ("sein", "haben") for t in clause.tokens)


def _reported_after(clause: Clause, following: Clause) -> bool:
    """True for a main clause in the Konjunktiv I right after the verb and its comma, what a
    dass-clause says in reported speech: "kritisierte, die Maßnahmen seien kosmetisch"."""
    return (not following.subordinate and following.subjunctive and following.start == clause.end
            and len(clause.tokens) > 1 and clause.tokens[-1].text == "," and clause.verb is not None
            and clause.tokens[-2].i == clause.verb.i)


#: Among a frame's object slots: its object must be an actor or a place, not a thing ("die Armee nahm die
#: Stadt X ein" attacks X; "eine Position einnehmen" attacks nothing).
ENTITY_ONLY = "entity"
#: Among a frame's object slots: its object must be a thing, not an actor ("sich gegen Vorwürfe
#: verteidigen" rejects them; "sich gegen die Hamas verteidigen" rejects no one).
THING_ONLY = "thing"
#: Among a frame's object slots: its object must be a person ("Wir wählen X": a candidate, not "den Landtag").
PERSON_ONLY = "person"
QUALIFIERS = frozenset({ENTITY_ONLY, THING_ONLY, PERSON_ONLY})


def _frame_match(clause: Clause, frame: VerbFrame, subject: Phrase | None,
                 following: Clause | None, speech: Phrase | None = None) -> Args | None:
    """The relation's subject and object phrases for a frame, or None if it does not fit."""
    light = None
    if frame.with_noun:
        light = _light_noun(clause, frame)
        if light is None:
            return None
    kind = relation_args().get(frame.relation, ("entity", "any"))[1]
    actor = kind in ("entity", "place") or bool({ENTITY_ONLY, PERSON_ONLY} & set(frame.objects))
    if clause.passive:  # the grammatical subject is the patient; the agent is "von X" / "durch X"
        agent = next((p for p in clause.phrases if p.prep in ("von", "durch") and not p.attributive
                      and not _noun_attribute(clause, p)), None)
        if agent is not None and agent.genitive is not None and _noun_frame(doc_lemma(clause, agent)):
            agent = agent.genitive  # "unterstützt durch die Luftangriffe Russlands": Russland
        if agent is None and frame.relation in SELF_MOVED and subject is not None:
            places = (_object(clause, s, subject, light, actor=actor) for s in frame.objects if s.startswith("pp:"))
            obj = next((o for o in places if o is not None), None)
            return (_members(subject), _members(obj)) if obj is not None else None
        if agent is None and clause.lemma in state_acts():  # "In der Türkei wurden 50 Journalisten festgenommen"
            agent = next((p for p in clause.phrases if p.prep == "in" and p.entity is not None
                          and p.entity.type == "Country"), None)
        if agent is None:
            return None
        if any(s in ("acc", "nom") for s in frame.objects):
            obj = subject if not (ENTITY_ONLY in frame.objects and subject is not None
                                  and _is_thing(clause.sent.doc, subject)) else None
            if obj is not None and PERSON_ONLY in frame.objects and not _is_person(clause.sent.doc, obj):
                obj = None
        else:  # "Der Ukraine wurden Panzer geliefert": the dative stays the object
            obj = next((o for o in (_object(clause, s, None, light, actor=actor) for s in frame.objects
                                    if s != "with") if o is not None and o is not agent), None)
        return (_members(agent), _members(obj)) if obj is not None else None
    if frame.converse:
        # "X erhielt Kritik von Y": the recipient (nom) is the object; "Kritik an X kam von Y": the noun's X
        obj = next((o for o in (_object(clause, s, subject, light, following) for s in frame.objects) if o), None)
        found = [o for o in (_object(clause, s, subject, light) for s in frame.agent) if o]
        agent = next((o for o in found if o is not obj and not _is_thing(clause.sent.doc, o)
                      and not _attribute_of(clause, o, obj)), None)
        return (_members(agent), _members(obj)) if agent and obj else None
    fronted = light is not None and subject is light
    if fronted:  # "Unterstützung für X äußerte Y": the noun is no subject, Y is
        subject = _object(clause, "nom", subject, light)
    for slot in frame.objects:
        if fronted and not (slot.startswith("pp:") or slot == "with"):
            continue  # a bare name after the verb may be in any case: a case slot cannot tell the object
        if slot in QUALIFIERS:
            continue
        obj = None if slot == "each" else _object(clause, slot, subject, light, following, actor, speech,
                                                  frame.relation)
        if obj is not None and THING_ONLY in frame.objects and not _is_thing(clause.sent.doc, obj):
            continue
        if obj is not None and PERSON_ONLY in frame.objects and not _is_person(clause.sent.doc, obj):
            continue
        if obj is not None:
            return _members(subject), _members(obj)
    if (frame.relation in SYMMETRIC or "each" in frame.objects) and subject is not None and \
            len(referents_of(clause.sent.doc, subject.members)) > 1 and _reciprocal(clause, frame):
        # "Deutschland und Frankreich arbeiten zusammen", "A und B liefern sich Gefechte"
        return subject.members, subject.members
    return None


RECIPROCALS = frozenset({"sich", "einander", "uns", "euch"})


def _reciprocal(clause: Clause, frame: VerbFrame) -> bool:
    """True if the subject's conjuncts may act on one another without an object: a verb that takes
    an accusative does so only with a reflexive ("A und B trafen sich"; "A und B trafen für Bayer"
    scored goals)."""
    return "acc" not in frame.objects or any(t.lower_ in RECIPROCALS for t in clause.tokens)


COMPASS = ("nördlich", "südlich", "östlich", "westlich")  # also nordöstlich, südwestlich …


def _noun_attribute(clause: Clause, phrase: Phrase) -> bool:
    """True for "von X" right after the noun of a prepositional phrase, its attribute and no agent:
    "zu den Attentätern von Paris", "in der Nähe von Casablanca", "vor X vom FC Y" (after a person's name
    only); or after any noun, where X is a
    place that is no state: "Der Attentäter von Tel Aviv wurde erschossen" (but "am Montag von der
    Polizei" and "die Kampfjets von Dänemark … geliefert" are agents); or after a point of the compass
    ("westlich von Trient")."""
    doc = clause.sent.doc
    before = doc[phrase.begin - 1] if phrase.begin > 0 else None
    if phrase.prep == "durch" and before is not None and before.tag_ in ("NN", "NE"):
        # "Die Annexion der Krim durch Russland wird nicht anerkannt": the event noun's agent (but "Bei
        # dem Beschuss durch X wurden Zivilisten getötet": X's shelling killed them)
        host = next((p for p in clause.phrases if p.end == phrase.begin
                     or (p.genitive is not None and p.genitive.end == phrase.begin)), None)
        return host is not None and host.prep is None and _noun_frame(doc_lemma(clause, host)) is not None
    if phrase.prep == "von" and before is not None and before.lower_.endswith(COMPASS):
        return True  # "westlich von Trient von einem Bären angegriffen": where, not by whom
    if phrase.prep != "von" or before is None or before.tag_ not in ("NN", "NE") or before.lemma_ in TIME_NOUNS:
        return False
    # (the host of "von X" after a genitive is the phrase the genitive belongs to: "zu den Verantwortlichen
    # der Anschläge von Brüssel und Paris")
    host = next((p for p in clause.phrases if p.end == phrase.begin
                 or (p.genitive is not None and p.genitive.last == phrase.begin)), None)
    if host is None or before.tag_ == "NE" and (host.entity is None or host.entity.type != "Person"):
        return False  # after a name, only a person's: "vor X vom FC Y", not "in Baku von Aserbaidschan"
    found = referents(doc, phrase)
    return host.prep is not None or (bool(found) and all(r.type == "Location" for r in found))


def _attribute_of(clause: Clause, phrase: Phrase, host: Phrase | None) -> bool:
    """True for "von X" right after the noun of `host`, its attribute: "Kritik an der Politik von X"."""
    return host is not None and phrase.prep == "von" and phrase.begin == host.end and \
        clause.sent.doc[phrase.begin - 1].tag_ == "NN"


def _noun_infinitive(doc: Doc, clauses: list[Clause], n: int) -> bool:
    """True for an infinitive inside the first position of a clause that goes on after it, after a noun
    and before the clause's finite verb: it says what the noun is ("Den Vorschlag des Ministeriums,
    Hubschrauber nach Tirol zu entsenden, lehnte X ab"), and the clause's subject is not its subject."""
    clause = clauses[n]
    start, end = clause.parts[0][0], clause.parts[-1][1]
    if not clause.infinitive:
        return False
    for other in clauses:
        if other is not clause and other.parts[0][0] < start and other.parts[-1][1] > end:
            before = [t for t in other.tokens if t.i < start]
            return any(t.tag_ in ("NN", "NE") for t in before) and not any(t.tag_ in FINITE_TAGS for t in before)
    return False


def from_verbs(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Statements from the verb frames of each clause (subject inherited across "und" and "zu").

    Frames of different relations may all fire ("verhandeln mit X über Y": talks_with and discusses).
    """
    found: list[Found] = []
    previous_subject: Phrase | None = None
    governing: set[str] = set()  # relations the previous clause stated
    controller: Phrase | None = None  # an accused actor who is the subject of the infinitive after
    accuser: EntityRef | None = None  # who accuses them
    for n, clause in enumerate(clauses):
        complement = clause.infinitive or (clause.subordinate and len(clause.tokens) > 0
                                           and clause.tokens[0].lower_ == "dass")
        if complement and governing & UNREALIZED:
            continue  # "rief Israel auf, die Pläne aufzugeben", "forderte, dass X …": the demand is the statement
        subject = subject_phrase(clause)
        first_word = clause.tokens[0] if len(clause.tokens) else None
        # "Merkel traf Macron und dankte ihm": a clause opening with its verb after "und" shares the subject
        starts_coordinated = first_word is not None and (first_word.text in COORDINATORS or (
            clause.finite is not None and first_word.i == clause.finite.i > 0
            and doc[first_word.i - 1].text in COORDINATORS))
        claimed = None
        if starts_coordinated and previous_subject is not None and _sole_object_after_verb(clause, subject):
            subject = None  # "Merkel besuchte die Ukraine und traf in Kiew Selenskyj": Merkel meets him
        if subject is None and (clause.infinitive or starts_coordinated) and not _noun_infinitive(doc, clauses, n):
            subject = previous_subject
            if clause.infinitive and not clause.subordinate and controller is not None:
                subject, claimed = controller, accuser  # "werfen Russland vor, … zu beliefern": Russland supplies
        if subject is None and clause.reduced:
            subject = _host_subject(clauses, n)
        following = clauses[n + 1] if n + 1 < len(clauses) else None
        frames = verb_frames().get(clause.lemma if clause.verb is not None else _copula(clause), ())
        if clause.verb is None and _predicate_noun(clause, subject):
            frames = ()  # "X ist ein Gegner der Sanktionen gegen Y": the phrases are the noun's, not the copula's
        speech = speech_object(clauses, n) if any("speech" in f.objects for f in frames) else None
        done: set[str] = set()
        taken: set[int] = set()  # object phrases a plain reading of this verb made statements of
        for frame in sorted(frames, key=lambda f: not f.with_noun):  # light verb readings first
            if frame.relation in done or (done and not frame.with_noun and _has_light(frames, done)):
                continue
            match = _frame_match(clause, frame, subject, following, speech)
            if match is None:
                continue
            if not frame.with_noun and match[1] and all(id(p) in taken for p in match[1]):
                continue  # one object, one reading: Lawrow "begrüßt" is met, not also supported
            negated = (clause.negated != frame.negative) != _hedged(clause, frame)
            if frame.relation == EVENT:
                made = _event_statements(doc, clause, frame, match, negated)
            elif frame.relation == EVALUATION:
                # the "als" complement is what the object is called, not the object ("sah Sparen als falschen Weg")
                match = (match[0], [p for p in match[1] if p.begin == 0 or doc[p.begin - 1].lower_ != "als"])
                evaluation = _evaluation(doc, clause, match) if match[1] else None
                made = _statements(doc, clause, evaluation, frame.id, match, negated, 0.7) if evaluation else []
            else:
                made = _statements(doc, clause, frame.relation, frame.id, match, negated, 0.8)
            if made and not frame.with_noun:
                taken.update(id(p) for p in match[1])
            if frame.converse and frame.with_noun:
                _govern_light_noun(made, _light_noun(clause, frame))
            for f in made:
                f.claimed_by = claimed
            found += made
            done.add(frame.relation)
        if subject is not None:
            previous_subject = subject
        governing = done
        # what one accuses someone of, they did: the accused is the infinitive's subject (object control)
        # (a thing or an unnamed one too: "wirft dem Prediger vor, die Justiz unterwandert zu haben"
        # says nothing the subject did; "kritisierte den Plan, Truppen zu schicken" neither)
        accusing = next((f for f in found if f.clause is clause and f.relation in CONTROLLING and f.object_phrases),
                        None)
        controller = accusing.object_phrases[0] if accusing is not None else None
        accuser = accusing.subject if accusing is not None else None
    return found


HEDGES = frozenset({"wenig", "kaum"})  # "war wenig erfreut": not pleased


def _hedged(clause: Clause, frame: VerbFrame) -> bool:
    """True if a light frame's predicative adjective is denied by the word before it ("wenig erfreut")."""
    if not frame.with_noun.islower():
        return False
    word = _light_noun(clause, frame)
    doc = clause.sent.doc
    return word is not None and word.start > 0 and doc[word.start - 1].lower_ in HEDGES


def _govern_light_noun(found: list[Found], noun: Phrase | None) -> None:
    """Mark a converse light verb's noun as governed: its agent is the frame's, not the clause's
    subject ("X erntete von Y Kritik an seinem Plan": Y criticizes the plan, not X)."""
    if noun is not None:
        for f in found:
            f.object_phrases = (*f.object_phrases, noun)


def _host_subject(clauses: list[Clause], n: int) -> Phrase | None:
    """The subject of the clause a reduced participle clause leans on: the next one with a finite
    verb in the sentence ("Bewaffnet von X, rückten die Kurden vor"), else the one before."""
    later = [c for c in clauses[n + 1:] if c.finite is not None and not c.subordinate]
    earlier = [c for c in reversed(clauses[:n]) if c.finite is not None and not c.subordinate]
    for clause in later[:1] + earlier[:1]:
        subject = subject_phrase(clause)
        if subject is not None:
            return subject
    return None


def _event_statements(doc: Doc, clause: Clause, frame: VerbFrame, match: Args,
                      negated: bool) -> list[Found]:
    """A verb about an event noun ("sagte seine Teilnahme an X ab"): the noun's relation, its object."""
    if not match[1]:
        return []
    event = match[1][0]
    noun = _noun_frame(doc[event.head].lemma_)
    if noun is None:
        return []
    after = [p for p in clause.phrases if p.start >= event.end]
    obj = next((p for p in after if f"pp:{p.prep}" in noun.object), None)
    if obj is None:
        return []
    found = _statements(doc, clause, noun.relation, f"{frame.id}+{noun.id}", (match[0], obj.members),
                        negated, 0.7)
    for f in found:
        f.object_phrases = (event, *f.object_phrases)  # the event itself is not stated either
    return found


def _evaluation(doc: Doc, clause: Clause, match: Args) -> str | None:
    """criticizes, supports or states: what "bezeichnete X als …" or "hält X für …" does, by the
    words of the complement (a quoted label with no evaluative word is taken as critical: "als
    „Diebstahl“"); None without a complement. "nennen" takes its complement bare, before or after
    ("nannte den Vergleich schockierend"), and, like "sehen … als", states nothing without an
    evaluative word in it."""
    if clause.lemma == "nennen":  # not its arguments, nor a phrase after a preposition ("als Grund")
        if any(doc[p.head].lower_ == "es" for p in match[1]):
            return None  # "nannte es geschmacklos, … zu …": a correlate of the clause, not a referent
        prepositional = [p for p in clause.phrases if p.prep is not None]
        return _polarity(_words_outside(clause, [*match[0], *match[1], *prepositional]))
    marker = next((t.i for t in clause.tokens if t.lower_ == "als"), None)
    if clause.lemma == "sehen":  # "sieht X als Bedrohung": only with an evaluative word, and only "als"
        return _polarity(list(doc[marker + 1:clause.end])) if marker is not None else None
    if marker is None:
        marker = next((t.i for t in clause.tokens if t.lower_ == "für"), None)
    if marker is None:
        return None
    after = doc[marker + 1:clause.end]
    quoted = any(t.text in ("„", "»", "\"") for t in after)
    return _polarity(list(after)) or ("criticizes" if quoted else "states")  # a label in quotes keeps its distance


def _words_outside(clause: Clause, phrases: list[Phrase]) -> list[Token]:
    """The clause's words outside these phrases (each with its genitive and conjuncts)."""
    outside = {i for p in phrases for i in range(p.begin, p.last)}
    return [t for t in clause.tokens if t.i not in outside]


def _polarity(words: list[Token]) -> str | None:
    """criticizes or supports by the evaluative words among `words` (a negative one wins), else None."""
    polarities = _polarities(words)
    if "-" in polarities or "!" in polarities:
        return "criticizes"
    return "supports" if "+" in polarities else None


def _polarities(words: list[Token]) -> set[str]:
    """The polarities (evaluative_words.tsv) of the evaluative words among `words`."""
    return {pol for t in words for prefix, pol in evaluative_words() if t.lower_.startswith(prefix)}


def from_predicates(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Relations stated by a predicate noun and its genitive: "Die Ukraine ist kein Mitglied der NATO",
    "Als Mitglied der EU ist Irland …", "Zu den Mitgliedern der BRICS gehören A, B und C"."""
    found: list[Found] = []
    for clause in clauses:
        subject = subject_phrase(clause)
        for phrase in clause.phrases:
            if phrase is subject or subject is None or phrase.prep not in (None, "als", "zu") or \
                    (phrase.prep is None and clause.lemma and clause.lemma not in COPULA_VERBS):
                continue  # without als/zu only a copula's predicate: an apposition is the roles' business
            relation = predicate_nouns().get(doc[phrase.head].lemma_)
            of = phrase.genitive or _von_attribute(clause, phrase)
            if relation is not None and of is not None:
                found += _statements(doc, clause, relation, f"predicate:{doc[phrase.head].lemma_}",
                                     (subject.members, of.members), clause.negated, 0.7)
            elif of is None:  # "Polen ist NATO-Mitglied": the body is the first part of the noun
                found += _compound_predicate(doc, clause, subject, phrase)
    return found


COPULA_VERBS = frozenset({"bleiben"})  # full verbs whose bare noun is a predicate: "bleibt EU-Mitglied"
#: Verbs whose noun after them says what their subject is: its stance is the subject's (`from_predicates`).
PREDICATING_VERBS = frozenset({"sein", "werden", "bleiben", "gelten", "gehören"})
#: Words before a noun that make it one person: "der Kritiker der Hisbollah", "ein Anhänger des Lkw" ("den" only
#: before an unchanged form: `_plural_person_noun`).
SINGULAR_WORDS = frozenset({"der", "dem", "des", "ein", "einem", "eines", "einen", "dieser", "diesem", "dieses"})


def from_stance_groups(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """A group named by a stance noun with its genitive: "Die Befürworter eines Brexit warnen …" → Befürworter
    supports Brexit, "von Kritikern der Reform" → Kritiker criticizes Reform (the stance nouns of
    predicate_nouns.tsv; not one person: "der Kritiker der Hisbollah, X" is the roles' apposition)."""
    found: list[Found] = []
    for clause in clauses:
        subject = subject_phrase(clause)
        for phrase in clause.phrases:
            head = doc[phrase.head]
            relation = predicate_nouns().get(head.lemma_)
            if relation not in STANCES or phrase.genitive is None or phrase.entity is not None or \
                    head.tag_ != "NN" or not _plural_person_noun(doc, phrase):
                continue
            predicate = phrase.prep == "zu" or (phrase.prep == "als" and doc[phrase.start].lower_ != "auch")
            if predicate or (phrase is not subject and clause.lemma in PREDICATING_VERBS):
                continue  # the noun says what the subject is ("gilt als Kritiker der X", "gehört zu den Kritikern")
            group = EntityRef(head.lemma_, "Organization", doc[phrase.start:phrase.end].text, f"group:{head.lemma_}")
            for obj in (r for member in phrase.genitive.members for r in referents(doc, member)):
                if obj.ident != group.ident:
                    found.append(Found(group, relation, obj, f"predicate:{head.lemma_}:group", clause, False, 0.6))
    return found


def _plural_person_noun(doc: Doc, phrase: Phrase) -> bool:
    """True for a stance noun in the plural: no singular article or demonstrative before it ("die Befürworter",
    "von Kritikern", "Anhänger"), and not a feminine singular (Kritikerin)."""
    head = doc[phrase.head]
    if head.lemma_.endswith("in") and head.text == head.lemma_:
        return False
    words = [t.lower_ for t in doc[phrase.start:phrase.head]]
    if head.text == head.lemma_ and words[:1] == ["den"]:
        return False  # "den Kritiker": one, in the accusative ("den Kritikern" is the dative plural)
    return not any(w in SINGULAR_WORDS for w in words)


def _compound_predicate(doc: Doc, clause: Clause, subject: Phrase, phrase: Phrase) -> list[Found]:
    """The relation of a predicate noun whose first part names the body: "bleibt EU-Mitglied"."""
    head = doc[phrase.head].text
    tail = head.rpartition("-")[2]
    noun = tail[:1].upper() + tail[1:]
    relation = predicate_nouns().get(noun)
    owner = _prefix_actor(head) if relation is not None else None
    if relation is None or owner is None:
        return []
    return [Found(s, relation, owner, f"predicate:{noun}", clause, clause.negated, 0.7)
            for s in _refs(doc, subject.members, "entity") if s.ident != owner.ident]


def _von_attribute(clause: Clause, phrase: Phrase) -> Phrase | None:
    """The "von" phrase right after a predicate noun, its genitive's stand-in ("Verbündeter von Orbán")."""
    return next((p for p in clause.phrases if p.begin == phrase.end and p.prep == "von"), None)


def from_contests(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """A person or party put "bei"/"in" a contest by any verb takes part in it: "Die PP hatte bei der
    Parlamentswahl 119 Mandate gewonnen", "… geht als Führender in die Stichwahl" (contests.tsv)."""
    found: list[Found] = []
    for clause in clauses:
        # (not "Unregelmäßigkeiten bei der Wahl": the noun's attribute)
        # (but "geht als Herausforderer in die Stichwahl": the noun before is the als-phrase's)
        als = {p.head for p in clause.phrases if p.prep == "als"}
        contest = next((named for p in clause.phrases if (named := _contest(doc, p)) is not None
                        and not (p.begin > 0 and doc[p.begin - 1].tag_ in ("NN", "NE") and p.begin - 1 not in als)),
                       None)
        subject = subject_phrase(clause) if contest is not None and not clause.passive else None
        if contest is None or subject is None:
            continue
        actors = [p for p in subject.members if all(_contestant(r) for r in referents_of(doc, [p]))]
        if actors:  # not negated with the verb: "siegte bei der Stichwahl in keiner Region" took part in it
            found += _statements(doc, clause, "participates_in", "cue:contest", (actors, [contest]), False, 0.7)
    return found


CONTEST_ROUNDS = frozenset({"runde", "wahlgang", "durchgang"})  # a round of a contest is the contest


def _contest(doc: Doc, phrase: Phrase) -> Phrase | None:
    """The phrase naming the contest a phrase puts one in after one of its prepositions: the phrase itself
    ("bei der Landtagswahl"), or a round's genitive ("in der ersten Runde der Präsidentschaftswahl"); else None."""
    named = phrase.genitive if phrase.genitive is not None and doc[phrase.head].lemma_.lower() in CONTEST_ROUNDS \
        else phrase
    lemma = doc[named.head].lemma_.lower()
    is_contest = phrase.prep is not None and any(
        lemma.endswith(tail) and phrase.prep in preps and not lemma.endswith(other)
        for tail, (preps, other) in contests().items())
    return named if is_contest else None


def _contestant(ref: EntityRef) -> bool:
    """A person, or a party (a known one, or an organization nobody lists)."""
    if ref.type == "Person":
        return True
    entry = knowledge_base().by_key.get(ref.key or "")
    return ref.type == "Organization" and (entry is None or entry.kind == "party") \
        and not ref.key.startswith(("body:", "group:"))


def _has_light(frames: tuple[VerbFrame, ...], done: set[str]) -> bool:
    """True if a light-verb reading already fired (then the plain readings of the verb do not)."""
    return any(f.with_noun and f.relation in done for f in frames)


def _statements(doc: Doc, clause: Clause, relation: str, rule: str, match: Args,
                negated: bool, confidence: float) -> list[Found]:
    """One statement per subject and object referent, with place and instrument from the clause."""
    s_kind, o_kind = relation_args().get(relation, ("entity", "any"))
    subjects, objects = _refs(doc, match[0], s_kind), _refs(doc, match[1], o_kind)
    if relation == "attacks":  # "Russische Drohnen griffen Kiew an": the state that fires them
        subjects += [c for c in (_firing_state(doc, p) for p in match[0]) if c is not None and c not in subjects]
    if relation in SELF_MOVED and all(s.key.startswith("group:") for s in subjects):
        # "amerikanische Soldaten wurden verlegt": the state that sends them
        subjects = [c for c in (demonym_country(doc, p) for p in match[0]) if c is not None] or subjects
    used = {id(p) for p in match[0] + match[1]}
    rest = [p for p in clause.phrases if id(p) not in used]
    location = next((r for r in _refs(doc, [p for p in rest if p.prep == "in"], "entity")
                     if r.type in ("Location", "Country")), None)
    instrument = None
    if relation in INSTRUMENT_RELATIONS:
        instrument = next((r for r in _refs(doc, [p for p in rest if p.prep == "mit"])
                           if r.type == "Concept"), None)
    out = []
    pairs: set[frozenset[str]] = set()
    for s in subjects:
        for o in objects:
            if relation in SYMMETRIC:  # one statement per pair: A meets B is B meets A
                pair = frozenset((s.ident, o.ident))
                if pair in pairs:
                    continue
                pairs.add(pair)
            if s.ident != o.ident:
                conf = confidence if o.type != "Concept" else confidence - 0.1
                out.append(Found(s, relation, o, rule, clause, negated, round(conf, 2),
                                 location, instrument, tuple(match[1])))
    return out


def _firing_state(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The state a demonym names before a weapon ("israelische Kampfjets", weapon_nouns.tsv), else None."""
    head = doc[phrase.head]
    if phrase.entity is not None or head.tag_ != "NN" or not compound_tail(head.lemma_, weapon_nouns()):
        return None
    return demonym_country(doc, phrase)


def _noun_frame(lemma: str) -> NounFrame | None:
    """The frame of an event noun, also as the last part of a compound (Friedensverhandlung)."""
    frames = noun_frames()
    key = compound_tail(lemma, frames)
    return frames[key] if key and frames[key].relation != NO_EVENT else None


def _phrase_frame(doc: Doc, phrase: Phrase) -> NounFrame | None:
    """The event-noun frame of a phrase's head: by its lemma, or its text where the tagger gave a lower-case lemma."""
    head = doc[phrase.head]
    return _noun_frame(head.lemma_ if head.lemma_[:1].isupper() else head.text)


def from_nouns(doc: Doc, clauses: list[Clause], verb_found: Sequence[Found] = ()) -> list[Found]:
    """Statements from event nouns: "ein Treffen des X mit Y", "Verhandlungen zwischen X und Y".

    An event that a clause only discusses, demands, proposes or rejects is not stated as having happened.
    """
    hypothetical = {id(p) for f in verb_found if f.relation in NON_FACTIVE or f"+{NOUN_RULES}" in f.rule
                    for p in f.object_phrases}
    # objects of another relation's verb: their agent is not the clause's subject ("X unterstützt die
    # Sanktionen gegen Y nicht" says nothing of who imposes them)
    governed = {id(p) for f in verb_found for p in f.object_phrases}
    # the accused of "wirft X vor, Angriffe … zu planen": the subject of the infinitive after
    accusing = {id(f.clause): f for f in verb_found if f.relation in CONTROLLING and f.object_phrases}
    found: list[Found] = []
    for n, clause in enumerate(clauses):
        for k, phrase in enumerate(clause.phrases):
            frame = _phrase_frame(doc, phrase)
            owner = _genitive_owner(doc, phrase) or _compound_owner(doc, phrase)
            if frame is None or (phrase.entity is not None and owner is None) or phrase.antecedent is not None:
                continue
            if id(phrase) in hypothetical and frame.relation not in SPEECH_ACTS:
                continue  # a proposal rejected was still made; sanctions discussed are not yet imposed
            negated = _noun_negated(clause, phrase, frame.relation, id(phrase) in governed)
            rest = clause.phrases[k + 1:k + 3]
            between = next((p for p in rest if p.prep == "zwischen" and p.conjuncts), None)
            if frame.subject == ("between",) or (between is not None and frame.relation in SYMMETRIC):
                if between is None:  # "ein Treffen zwischen X und Y": any symmetric event takes it
                    continue
                match: Args = (between.members, [phrase]) if frame.object == ("self",) else \
                    ([between], between.conjuncts)
                found += _statements(doc, clause, frame.relation, frame.id, match, negated, 0.6)
                if frame.object == ("between",) and frame.relation not in SYMMETRIC:
                    # "Gefechte zwischen A und B": each side fights the other
                    found += _statements(doc, clause, frame.relation, frame.id, (between.conjuncts, [between]),
                                         negated, 0.6)
                continue
            accusation = accusing.get(id(clauses[n - 1])) if n > 0 and clause.infinitive else None
            controller = accusation.object_phrases[0] if accusation is not None else None
            own_agent = id(phrase) in governed or _participle_agent(clause, phrase)
            args = _noun_args(doc, clauses, n, phrase, frame, rest, own_agent, controller, owner)
            if args is None:
                continue
            subject, obj = args
            kind = relation_args().get(frame.relation, ("entity", "any"))[1]
            if isinstance(subject, EntityRef):  # a state named by a demonym or a possessive
                found += _statements_refs(clause, frame, [subject], _refs(doc, obj.members, kind), negated)
                continue
            made = _statements(doc, clause, frame.relation, frame.id, (_members(subject), obj.members), negated, 0.6)
            if accusation is not None and subject is controller:
                for f in made:
                    f.claimed_by = accusation.subject
            found += made
    return found


def _participle_agent(clause: Clause, phrase: Phrase) -> bool:
    """True if a noun's participle has its own von-agent ("die von X geübte Kritik"): then the
    clause's subject is not the noun's agent."""
    return clause.sent.doc[phrase.start].tag_ == "ADJA" and \
        any(p.prep == "von" and p.end == phrase.start for p in clause.phrases)


def _genitive_owner(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The name in the genitive before a phrase's head noun: Russland in "Russlands Krieg", Iglesias in
    "Iglesias' Forderung"."""
    head = doc[phrase.head]
    if phrase.entity is None or head.tag_ != "NN" or phrase.head == phrase.start:
        return None
    before = doc[phrase.head - 1]
    endings: tuple[str, ...] = ("s",)
    if before.text in ("'", "’") and phrase.head - 2 >= phrase.start:
        before, endings = doc[phrase.head - 2], ("s", "x", "z", "ß")  # "Iglesias' Forderung"
    return phrase.entity if before.ent_type_ and before.text.endswith(endings) else None


def _compound_owner(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """A state or organization named as the first part of the head noun: the USA in "ein US-Luftangriff",
    the IS in "der IS-Anschlag" (not a place: "der Paris-Anschlag" was one in Paris)."""
    return _prefix_actor(doc[phrase.head].text) if phrase.entity is None else None


def _prefix_actor(word: str) -> EntityRef | None:
    """The state or organization the part of a hyphenated word before its last hyphen names ("EU-Mitglied")."""
    prefix, dash, _ = word.rpartition("-")
    entry = knowledge_base().actor(prefix) if dash else None
    return entry.ref(prefix) if entry is not None else None


# Relations of fights and quarrels: a verb of which such a noun is the subject says what becomes of it.
HOSTILE = frozenset({"attacks", "criticizes"})
# Verbs that only say an event took place: the clause's negation is the event's ("fand nicht statt").
EXISTENCE_VERBS = frozenset({"stattfinden", "geben", "erfolgen", "kommen", "sein", "werden"})


def _noun_negated(clause: Clause, phrase: Phrase, relation: str, governed: bool = False) -> bool:
    """Whether an event noun is denied: by "kein" in it, or by the clause's negation when the noun is
    the clause's subject or the verb only says it took place. The negation of a verb with a frame of its
    own is that verb's ("hat den Angriff auf X nicht verurteilt": the attack still happened), and so is
    that of a verb about a fight or quarrel ("Der Streit … kann nicht gelöst werden": it goes on)."""
    if phrase.negated:
        return True
    if governed or not clause.negated:
        return False  # (`governed`: the object of a verb statement, whose negation that is)
    if clause.verb is None or clause.lemma in EXISTENCE_VERBS:
        return True
    if clause.passive and clause.lemma in verb_frames():
        return False  # the patient of a verb with a frame of its own: "Die Annexion … wird nicht anerkannt"
    return phrase is subject_phrase(clause) and relation not in HOSTILE


def _possessor(doc: Doc, clauses: list[Clause], n: int, phrase: Phrase) -> Phrase | EntityRef | None:
    """Who "seine Begegnung", "ihr Besuch" belongs to: the subject of the clause the phrase stands in
    ("Nach seiner Begegnung mit X trat Y zurück" → Y), else the last person named before."""
    det = next((t for t in doc[phrase.start:phrase.head] if t.tag_ == "PPOSAT"), None)
    if det is None or not det.lower_.startswith(("sein", "ihr")):
        return None
    own = subject_phrase(clauses[n])
    if own is None and clauses[n].infinitive and n > 0:
        own = subject_phrase(clauses[n - 1])
    if own is not None and own is not phrase and not _is_thing(doc, own):
        return own
    types = ("Person",) if det.lower_.startswith("sein") else ("Person", "Organization", "Country")
    return antecedent(doc, phrase.start, types)


# Prepositions that put an event beside the clause as its time or cause: the clause's subject reacts to it
# ("Nach dem Angriff auf Kiew verurteilte die EU Russland"), unless it took part ("Nach dem Treffen mit X …").
CIRCUMSTANCES = frozenset({"nach", "seit", "wegen", "trotz", "angesichts", "infolge", "aufgrund", "vor"})
TAKING_PART = frozenset({"meets", "talks_with", "visits", "participates_in", "agrees_on"})


def _noun_args(doc: Doc, clauses: list[Clause], n: int, phrase: Phrase, frame: NounFrame,
               rest: list[Phrase], governed: bool, controller: Phrase | None = None,
               owner: EntityRef | None = None) -> tuple[Phrase | EntityRef | None, Phrase] | None:
    """The subject and object of an event noun that is not symmetric "zwischen X und Y".

    The agent is the `owner` named in the genitive before the noun ("Russlands Krieg gegen X"), a
    genitive after it ("Einmarsch Russlands"), a von- or durch-phrase after the noun ("Annexion
    der Krim durch Russland", where the genitive is then the object), a demonym ("ein russischer
    Angriff"), a possessive ("seine Begegnung mit X") or, failing all, the clause's subject
    ("setzt die Offensive auf Gaza fort") unless the noun is the object of a verb's own relation
    (`governed`)."""
    clause = clauses[n]
    obj = next((p for p in rest if f"pp:{p.prep}" in frame.object), None)
    agent = next((p for p in rest if p.prep == "durch" or (p.prep == "von" and "gen" in frame.subject
                                                            and not _attribute_of(clause, p, obj))), None)
    if owner is not None:  # "Russlands Krieg gegen die Ukraine": the name before the noun
        return (owner, obj) if obj is not None else None
    genitive = phrase.genitive
    if genitive is not None and "gen" in frame.object and (agent is not None or obj is None):
        obj, genitive = genitive, None  # "die Annexion der Krim durch Russland", "die Evakuierung Gazas"
    if obj is None:
        return None
    named = genitive or agent
    if named is None or all(r.type == "Concept" for r in referents(doc, named)):
        # a state named only by a demonym: "Verlegung deutscher Soldaten", "ein russischer Angriff"
        country = demonym_country(doc, phrase if named is None else named)
        if country is not None:
            return country, obj
    subject: Phrase | EntityRef | None = named
    if subject is None:
        subject = _possessor(doc, clauses, n, phrase)
    if subject is None and not governed and not (_circumstance(clause, phrase) and frame.relation not in TAKING_PART):
        own = subject_phrase(clause)
        if own is None and clause.infinitive and n > 0:  # "kündigte an, die Hilfe für X zu …"
            own = controller or subject_phrase(clauses[n - 1])  # (but "wirft X vor, … zu": X)
        if own is not None and own is not phrase:  # "setzt die Offensive auf Gaza fort"
            subject = own
        elif frame.relation in ("meets", "talks_with"):  # "…, darauf folgte ein Gipfel mit X"
            subject = _earlier_subject(clauses, n)
    return subject, obj


def _circumstance(clause: Clause, phrase: Phrase) -> bool:
    """True for a phrase that says when or why ("nach dem Angriff", "wegen X"), or the von-attribute or
    genitive of one ("nach der Genehmigung von Granatenlieferungen an die Saudis", "nach Beginn einer
    Offensive"): its event is not the subject's doing."""
    if phrase.prep in CIRCUMSTANCES:
        return True
    attribute = phrase.prep == "von" or (phrase.prep is None and "gen" in phrase.cases)
    host = next((p for p in clause.phrases if p.end == phrase.begin), None) if attribute else None
    return host is not None and host.prep in CIRCUMSTANCES


def _statements_refs(clause: Clause, frame: NounFrame, subjects: list[EntityRef],
                     objects: list[EntityRef], negated: bool) -> list[Found]:
    """Statements of an event noun whose subject is known as an entity already (a concept object
    less sure, as in `_statements`)."""
    return [Found(s, frame.relation, o, frame.id, clause, negated, 0.5 if o.type == "Concept" else 0.6)
            for s in subjects for o in objects if s.ident != o.ident]


def _earlier_subject(clauses: list[Clause], n: int) -> Phrase | None:
    """The subject of the nearest earlier clause of the same sentence, for a noun with none of its own."""
    for clause in reversed(clauses[:n]):
        if clause.sent.start != clauses[n].sent.start:
            break
        subject = subject_phrase(clause)
        if subject is not None and subject.entity is not None:
            return subject
    return None


def _participle_event(doc: Doc, clause: Clause, noun: Phrase, verb: str) -> tuple[NounFrame, Phrase] | None:
    """An event noun after "von X" and the participle of a verb that carries it out, with the noun's own
    object: "die von Russland verhängten Sanktionen gegen die Ukraine", "die von X erhobene Forderung
    nach Y". The verb must mean the noun's relation, alone (verhängen) or as its light verb (erheben a
    Forderung): "die von X abgelehnte Forderung" is X's rejection, "die befürchteten Angriffe" no attack."""
    frame = _phrase_frame(doc, noun)
    if frame is None or frame.subject != ("gen",) or not any(
            f.relation == frame.relation and not f.converse and not f.negative and f.with_noun in ("", frame.lemma)
            for f in verb_frames().get(verb, ())):
        return None
    after = [p for p in clause.phrases if p.begin >= noun.end][:2]
    for slot in frame.object:
        if slot.startswith("pp:"):
            obj = next((p for p in after if p.prep == slot[3:]), None)
        else:
            obj = noun.genitive if slot == "gen" else None
        if obj is not None:
            return frame, obj
    return None


def from_participles(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Statements from "die von X geforderten Y": von-phrase, participle of a frame verb, noun."""
    found: list[Found] = []
    for clause in clauses:
        nested = [q for p in clause.phrases for q in (p, *_members(p.genitive))]  # also "Kämpfer der [von X] …"
        for agent in clause.phrases:
            if agent.prep != "von":
                continue
            noun = next((q for q in nested if next_to(doc, agent.end, q.start)), None)
            if noun is None:
                continue
            first = doc[noun.start]
            lemma = first._.verb_lemma if first.tag_ == "ADJA" else None
            if not lemma:
                continue
            light = _light_participle(clause, lemma, noun)
            if light is not None:  # "die von X geübte Kritik an Y": the participle's own light noun
                found += _statements(doc, clause, light[0].relation, light[0].id + ":participle",
                                     ([agent], _members(light[1])), light[0].negative, 0.6)
                continue
            event = _participle_event(doc, clause, noun, lemma)
            if event is not None:  # "die von X verhängten Sanktionen gegen Y": X is the noun's agent
                frame_of, obj = event
                found += _statements(doc, clause, frame_of.relation, frame_of.id + ":participle", ([agent], [obj]),
                                     False, 0.6)
                continue
            # a light verb means the relation only with its noun ("Vorwürfe erhoben"), which a participle lacks
            frame = next((f for f in verb_frames().get(lemma, ()) if not f.with_noun), None)
            if frame is None and lemma in participle_verbs():  # "die von Riad geführte Allianz"
                found += _statements(doc, clause, participle_verbs()[lemma], f"participle:{lemma}",
                                     ([agent], [noun]), False, 0.6)
                continue
            if frame is None or frame.converse or frame.relation in (EVENT, EVALUATION):
                # ("die von X als Bedrohung eingestufte Y": what it does depends on words a participle lacks)
                continue
            found += _statements(doc, clause, frame.relation, frame.id + ":participle",
                                 ([agent], [noun]), frame.negative, 0.6)
    return found


def _light_participle(clause: Clause, lemma: str, noun: Phrase) -> tuple[VerbFrame, Phrase] | None:
    """The light verb frame whose noun a participle of `lemma` qualifies, and the relation's object: the
    phrase right after the noun, by the frame's prepositions or the noun's own ("die von X erhobene
    Forderung nach Y" → Y), else the noun itself where the frame takes it ("der von X gemachte Vorschlag")."""
    head = clause.sent.doc[noun.head].lemma_
    after = next((p for p in clause.phrases if p.start >= noun.last), None)
    nominal = _noun_frame(head)
    for frame in verb_frames().get(lemma, ()):
        if not frame.with_noun or frame.with_prep or frame.converse or not _names_light_noun(head, frame):
            continue
        slots = (*frame.objects, *(nominal.object if nominal else ()))
        if after is not None and f"pp:{after.prep}" in slots:
            return frame, after
        if "with" in frame.objects:
            return frame, noun
    return None

