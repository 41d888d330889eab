"""The statement component: clauses → relations, roles, attribution, modality and dates → `doc._.statements`."""
from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from geokg.extract.attribution import Attribution, attribution
from geokg.extract.clauses import clauses
from geokg.extract.ents import frozen_ents
from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de.frames import NOUN_RULES
from geokg.extract.model import EntityRef, Statement
from geokg.extract.relations import (SPEECH_RULES, Found, from_contests, from_judgements, from_nouns, from_participles,
                                     from_predicates, from_speech, from_stance_groups, from_verbs)
from geokg.extract.roles import PAST, role_facts
from geokg.extract.stamps import is_credit
from geokg.extract.timex import resolve

if not Doc.has_extension("statements"):
    Doc.set_extension("statements", default=None)
if not Doc.has_extension("issued"):
    Doc.set_extension("issued", default=None)  # the document date, for resolving "gestern"


def _modality(found: Found, attr: Attribution) -> str:
    """The clause's own modality; else Reported for reported speech (Konjunktiv I, "sagte X")."""
    if found.clause.modality != "Asserted":
        return found.clause.modality
    if attr.reported or attr.source is not None or found.clause.subjunctive:
        return "Reported"
    return "Asserted"


def sentence_statements(doc: Doc, sent: Span) -> list[Statement]:
    """Every statement one sentence makes."""
    cls = clauses(sent)
    attr = attribution(doc, sent, cls)
    if attr.phrase is not None:  # "…, so X": X speaks, and is no argument of the speech's verb
        for clause in cls:
            clause.phrases = [p for p in clause.phrases if p is not attr.phrase]
    doc._.speaker = attr.speaker
    if doc._.speakers is not None:
        doc._.speakers[sent.start] = doc._.speaker  # for a pronoun that continues the speaker next
    found = []
    if sent[-1].text != "?":  # a question asserts no event ("STANDARD: Die Franzosen unterstützen Ihren Kurs?")
        found = from_verbs(doc, cls)
        found += from_nouns(doc, cls, found)
        found += from_participles(doc, cls)
        found += from_predicates(doc, cls)
        found += from_stance_groups(doc, cls)
        found += from_contests(doc, cls)
        if attr.speaker is not None and attr.speaker.type != "Concept":
            found += from_speech(doc, cls, attr.speaker, attr.clause)
            found += from_judgements(doc, cls, attr.speaker, attr.clause)
    issued: date | None = doc._.issued
    when = resolve(sent, issued)  # absolute dates resolve without a document date too
    text = sent.text  # a span joins its tokens' texts anew at each access
    evidence = text.strip()
    offset = sent.start_char + (len(text) - len(text.lstrip()))
    out = []
    for f in found:
        own = attr.clause is f.clause  # the reporting clause itself (but not an event noun in it: "Nach dem
        # Treffen mit X sagte Y, …" states the meeting)
        if (own and not f.rule.startswith(NOUN_RULES) and all(f.clause.start <= p.start < f.clause.end
                                                             for p in f.object_phrases)) or (
                f.relation == "states" and attr.clause is not None):
            continue  # the reporting clause names the source; it is no statement of its own
        # ... unless its object is the complement's subject ("X kritisierte, dass Y …", asserted) or
        # what the speech before it is about ("Y habe versagt, kritisierte X")
        said = f.rule.startswith(SPEECH_RULES)  # a speaker's own act of speaking: "…, forderte X"
        source = None if own or said else attr.source  # also the speaker of their own words: „Ich …“, sagte X
        modality = f.clause.modality if own else "Asserted" if said else _modality(f, attr)
        if f.claimed_by is not None:  # the accuser's claim: "Kiew wirft Moskau vor, … zu beschießen"
            source = f.claimed_by
            modality = "Reported" if modality == "Asserted" else modality
        out.append(Statement(f.subject, f.relation, f.object, evidence, offset, offset + len(evidence),
                             f.rule, f.negated, modality, source, when, f.location,
                             f.instrument, f.confidence))
    offices = doc._.offices if doc._.offices is not None else {}
    for subj, rel, obj, rule in role_facts(doc, sent):
        out.append(Statement(subj, rel, obj, evidence, offset, offset + len(evidence), rule,
                             confidence=0.9))
        if rel in ("leads", "affiliated_with") and obj.type == "Country" and not rule.endswith(PAST):
            offices.setdefault(subj.ident, obj.ident)
    doc._.offices = offices
    out += [Statement(group, "affiliated_with", owner, evidence, offset, offset + len(evidence),
                      "group:country" if owner.type == "Country" else "group:alliance", confidence=0.9)
            for group, owner in _group_states(out)]
    return _unique(out)


def _group_states(statements: list[Statement]) -> list[tuple[EntityRef, EntityRef]]:
    """The state or alliance of each group the statements name by a demonym or compound ("malische Soldaten"
    → Mali, "UN-Soldaten" → UN): the group is theirs; its key carries it (`group:country:ML:Soldaten`)."""
    pairs = []
    owned = ("group:country:", "group:org:")
    for ref in (r for s in statements for r in (s.subject, s.object) if r.key.startswith(owned)):
        entry = knowledge_base().by_key.get(ref.key[len("group:"):].rsplit(":", 1)[0])
        if entry is not None and entry.type in ("Country", "Organization"):
            pairs.append((ref, entry.ref()))
    return pairs


def _unique(statements: list[Statement]) -> list[Statement]:
    """Drop repeats of the same triple from the same sentence (kept: the first rule)."""
    seen: set[tuple[str, str, str, bool]] = set()
    out = []
    for s in statements:
        key = (s.subject.ident, s.relation, s.object.ident, s.negated)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


@Language.component("geokg_statements", assigns=["doc._.statements"],
                    requires=["doc.ents", "token.tag", "token.lemma"])
def extract_statements(doc: Doc) -> Doc:
    """Set `doc._.statements` to the statements of all sentences, in text order."""
    statements: list[Statement] = []
    doc._.speakers = {}
    with frozen_ents(doc):  # doc.ents is rebuilt on every access; the rules read it per phrase
        for sent in doc.sents:
            if all(t.is_space for t in sent):  # white space alone (its text is made once, later)
                continue
            if sent[0].text == "(" and is_credit(sent.text):
                continue  # "(Reuters, APA, red)" credits the text, it states nothing
            statements += sentence_statements(doc, sent)
    doc._.statements = statements
    return doc


def entity_refs(doc: Doc) -> list[EntityRef]:
    """Every entity the document names, in text order (also those in no statement)."""
    return [e._.entity for e in doc.ents if e._.entity is not None] + (doc._.compound_names or [])
