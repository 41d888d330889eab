"""Relations from clauses: verb frames, event nouns and attributive participles ("die von Kiew geforderten …")."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extract.chunks import Phrase
from extract.clauses import COORDINATORS, Clause
from extract.lang_de.frames import NounFrame, VerbFrame, noun_frames, relation_args, verb_frames
from extract.mentions import referent
from extract.model import EntityRef

INSTRUMENT_RELATIONS = frozenset({"attacks", "threatens", "provides_aid", "deploys"})


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


Args = tuple[list[Phrase], list[Phrase]]  # the phrases naming the subject(s) and object(s)


def _members(phrase: Phrase | None) -> list[Phrase]:
    return phrase.members if phrase is not None else []


def _refs(doc: Doc, phrases: list[Phrase], kind: str = "any") -> list[EntityRef]:
    """The referents of phrases; only entities if kind is `entity`."""
    refs = [referent(doc, p) for p in phrases]
    return [r for r in refs if r is not None and (kind == "any" or r.type != "Concept")]


def subject_phrase(clause: Clause) -> Phrase | None:
    """The grammatical subject: the nominative phrase in the first position or after the finite verb."""
    bare = [p for p in clause.phrases if p.prep is None and "nom" in p.cases]
    if not bare:
        return None
    fin = clause.finite
    if fin is None or clause.subordinate:
        return bare[0]
    first = clause.phrases[0]
    if first.end <= fin.i and first.prep is None and "nom" in first.cases:
        return first
    after = [p for p in bare if p.start > fin.i]
    return after[0] if after else None


def _object(clause: Clause, slot: str, subject: Phrase | None) -> Phrase | None:
    """The phrase filling a frame slot: acc, dat, nom (the subject) or pp:<prep>."""
    if slot == "nom":
        return subject
    others = [p for p in clause.phrases if p is not subject]
    if slot.startswith("pp:"):
        prep = slot[3:]
        return next((p for p in others if p.prep == prep), None)
    return next((p for p in others if p.prep is None and slot in p.cases), None)


def _frame_match(clause: Clause, frame: VerbFrame, subject: Phrase | None) -> Args | None:
    """The relation's subject and object phrases for a frame, or None if it does not fit."""
    if clause.passive:
        agent = next((p for p in clause.phrases if p.prep in ("von", "durch")), None)
        slot = next((s for s in frame.objects if s in ("acc", "nom")), None)
        obj = subject if slot else next(
            (o for o in (_object(clause, s, subject) for s in frame.objects) if o is not None), None)
        return (_members(agent), _members(obj)) if agent is not None and obj is not None else None
    if frame.converse:
        agent = next((o for o in (_object(clause, s, subject) for s in frame.agent) if o), None)
        return (_members(agent), _members(subject)) if agent and subject else None
    for slot in frame.objects:
        obj = _object(clause, slot, subject)
        if obj is not None:
            return _members(subject), _members(obj)
    return None


def from_verbs(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Statements from the verb frames of each clause (subject inherited across "und" and "zu")."""
    found: list[Found] = []
    previous_subject: Phrase | None = None
    for clause in clauses:
        subject = subject_phrase(clause)
        starts_coordinated = len(clause.tokens) and clause.tokens[0].text in COORDINATORS
        if subject is None and (clause.infinitive or starts_coordinated):
            subject = previous_subject
        frames = verb_frames().get(clause.lemma, ()) if clause.verb is not None else ()
        for frame in frames:
            match = _frame_match(clause, frame, subject)
            if match is None:
                continue
            found += _statements(doc, clause, frame.relation, frame.id, match,
                                 clause.negated != frame.negative, 0.8)
            break
        if subject is not None:
            previous_subject = subject
    return found


def _statements(doc: Doc, clause: Clause, relation: str, rule: str, match: Args,
                negated: bool, confidence: float) -> list[Found]:
    """One statement per subject and object referent, with place and instrument from the clause."""
    s_kind, o_kind = relation_args().get(relation, ("entity", "any"))
    subjects, objects = _refs(doc, match[0], s_kind), _refs(doc, match[1], o_kind)
    used = {id(p) for p in match[0] + match[1]}
    rest = [p for p in clause.phrases if id(p) not in used]
    location = next((r for r in _refs(doc, [p for p in rest if p.prep == "in"], "entity")
                     if r.type in ("Location", "Country")), None)
    instrument = None
    if relation in INSTRUMENT_RELATIONS:
        instrument = next((r for r in _refs(doc, [p for p in rest if p.prep == "mit"])
                           if r.type == "Concept"), None)
    out = []
    for s in subjects:
        for o in objects:
            if s.ident != o.ident:
                conf = confidence if o.type != "Concept" else confidence - 0.1
                out.append(Found(s, relation, o, rule, clause, negated, round(conf, 2),
                                 location, instrument))
    return out


def _noun_frame(lemma: str) -> NounFrame | None:
    """The frame of an event noun, also as the last part of a compound (Friedensverhandlung)."""
    frames = noun_frames()
    if lemma in frames:
        return frames[lemma]
    for size in range(len(lemma) - 3, 3, -1):
        tail = lemma[-size:].capitalize()
        if tail in frames:
            return frames[tail]
    return None


def from_nouns(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Statements from event nouns: "ein Treffen des X mit Y", "Verhandlungen zwischen X und Y"."""
    found: list[Found] = []
    for n, clause in enumerate(clauses):
        for k, phrase in enumerate(clause.phrases):
            head = doc[phrase.head]
            frame = _noun_frame(head.lemma_ if head.lemma_[:1].isupper() else head.text)
            if frame is None or phrase.entity is not None:
                continue
            rest = clause.phrases[k + 1:k + 3]
            if frame.subject == ("between",):
                between = next((p for p in rest if p.prep == "zwischen" and p.conjuncts), None)
                if between is None:
                    continue
                match: Args = ([between], between.conjuncts)
            else:
                subject = phrase.genitive or next((p for p in rest if p.prep == "von"), None)
                obj = next((p for p in rest if f"pp:{p.prep}" in frame.object), None)
                if obj is None:
                    continue
                if subject is None:
                    subject = _earlier_subject(clauses, n)
                match = (_members(subject), _members(obj))
            found += _statements(doc, clause, frame.relation, frame.id, match, clause.negated, 0.6)
    return found


def _earlier_subject(clauses: list[Clause], n: int) -> Phrase | None:
    """The subject of the nearest earlier clause of the same sentence, for a noun with none of its own."""
    for clause in reversed(clauses[:n]):
        if clause.sent.start != clauses[n].sent.start:
            break
        subject = subject_phrase(clause)
        if subject is not None and subject.entity is not None:
            return subject
    return None


def from_participles(doc: Doc, clauses: list[Clause]) -> list[Found]:
    """Statements from "die von X geforderten Y": von-phrase, participle of a frame verb, noun."""
    found: list[Found] = []
    for clause in clauses:
        for agent, noun in zip(clause.phrases, clause.phrases[1:]):
            first = doc[noun.start]
            lemma = first._.verb_lemma if first.tag_ == "ADJA" else None
            if agent.prep != "von" or noun.start != agent.end or not lemma:
                continue
            frames = verb_frames().get(lemma, ())
            if not frames or frames[0].converse:
                continue
            frame = frames[0]
            found += _statements(doc, clause, frame.relation, frame.id + ":participle",
                                 ([agent], [noun]), frame.negative, 0.6)
    return found
