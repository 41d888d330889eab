"""Who says so: the source of a sentence (laut X, X zufolge, nach Angaben X, …, sagte X) and whether it is reported."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from geokg.extract.chunks import Phrase
from geokg.extract.clauses import Clause, dateline
from geokg.extract.ents import doc_tokens, ents_from
from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de.frames import attribution_compounds, attribution_cues, reporting_verbs
from geokg.extract.mentions import referent, referents
from geokg.extract.model import EntityRef
from geokg.extract.relations import subject_phrase


@dataclass
class Attribution:
    """The source of a sentence, the clause that names it, and whether its speech is reported."""

    source: EntityRef | None = None
    clause: Clause | None = None
    reported: bool = False
    speaks: bool = False  # the source speaks the sentence's words without a clause of its own ("…, so X")
    phrase: Phrase | None = None  # the phrase naming it there, no argument of the speech's verb

    @property
    def speaker(self) -> EntityRef | None:
        """Who speaks the sentence's words ("sagte X", "…, so X", "X: …"); not a source a cue names ("laut X")."""
        return self.source if self.clause is not None or self.speaks else None


def _phrase_source(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The source a phrase names: its genitive's entity ("Bericht des Magazins Spiegel") or itself."""
    if phrase.genitive is not None:
        source = referent(doc, phrase.genitive)
        if source is not None:
            return source
    return referent(doc, phrase)


def _speaker(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """Who a reporting clause's subject is: one actor a transparent noun speaks for ("ein Sprecher des
    Kremls", "ein Vertreter der EU"), else the phrase's own referent."""
    found = referents(doc, phrase)
    return found[0] if len(found) == 1 else referent(doc, phrase)


# Endings after which a compound's first part takes a linking -s (Regierungsangaben).
LINKING_S = ("ung", "heit", "keit", "ion", "tät", "schaft", "ium", "tum")


def _compound_source(word: str, noun: str) -> EntityRef:
    """The source a compound cue noun names in its first part: Behördenangaben → Behörden,
    Regierungsangaben → Regierung, Kreml-Angaben → Kreml (an entity where the gazetteer knows it)."""
    first = word[:-len(noun)].rstrip("-")
    if first.endswith("s") and first[:-1].endswith(LINKING_S):
        first = first[:-1]
    entry = knowledge_base().lookup(first)
    if entry is not None:
        return entry.ref(first)
    return EntityRef(first, "Concept", first, f"concept:{first}")


def _cue_matches(cue: tuple[str, ...], phrase: Phrase, head: str) -> bool:
    """True if a phrase is the cue: "laut …", "nach Angaben …", or a compound the cue allows
    ("nach Behördenangaben", "aus Regierungskreisen")."""
    if phrase.prep != cue[0]:
        return False
    return len(cue) == 1 or cue[1:] == (head,) or (
        cue in attribution_compounds() and len(head) > len(cue[1]) + 2 and head.endswith(cue[1]))


# Words that may stand between "so" and the speaker's name: "so der serbische Regierungschef X".
TITLE_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "APPR", "APPRART"})
SPEAKERS = frozenset({"Person", "Organization", "Country"})


def _label_source(doc: Doc, clauses: list[Clause]) -> Attribution | None:
    """The speaker a name before a colon labels, as interviews print it: "Stöger: Ich beteilige mich nicht
    …" (the label is a clause of its own, see clauses.segment)."""
    if len(clauses) < 2 or clauses[0].verb is not None or len(clauses[0].phrases) != 1:
        return None
    label = clauses[0].phrases[0]
    if clauses[1].start != clauses[0].end or doc[clauses[0].end].text != ":":
        return None
    source = referent(doc, label)
    if source is None or source.type not in SPEAKERS:
        return None
    return Attribution(source, None, reported=True, speaks=True, phrase=label)


def _so_source(doc: Doc, sent: Span, clauses: list[Clause]) -> Attribution | None:
    """The speaker named after the speech by "so" and no verb: "Das sei ein Fehler, so Kanzler X"
    (not "…, so hieß es", "…, so dass …": a verb or no name follows)."""
    for tok in doc_tokens(doc)[sent.start + 1:sent.end]:
        if tok.lower_ != "so" or doc[tok.i - 1].text != ",":
            continue
        ent = next((e for e in ents_from(doc, tok.i + 1, sent.end) if e.end <= sent.end), None)
        if ent is None or not all(t.tag_ in TITLE_TAGS for t in doc[tok.i + 1:ent.start]) or \
                any(t.pos_ in ("VERB", "AUX") for t in doc[ent.end:sent.end]):
            continue
        source = ent._.entity
        if source is None or source.type not in SPEAKERS:
            continue
        phrase = next((p for c in clauses for p in c.phrases if tok.i <= p.start <= ent.start < p.end), None)
        return Attribution(source, None, reported=True, speaks=True, phrase=phrase)
    return None


def attribution(doc: Doc, sent: Span, clauses: list[Clause]) -> Attribution:
    """Find the source of a sentence from cue phrases first, then "…, so X", then a reporting clause."""
    cues = attribution_cues()
    for clause in clauses:
        for k, phrase in enumerate(clause.phrases):
            head = doc[phrase.head].text.lower()
            for cue in cues:
                if _cue_matches(cue, phrase, head):
                    if any(t.lemma_ == "eigen" for t in doc[phrase.start:phrase.head]):
                        own = subject_phrase(clause)  # "nach eigenen Angaben": the subject says so
                        return Attribution(referent(doc, own) if own else None, None, reported=True)
                    # "laut AFP": the phrase is the source; "nach Angaben der Armee": its genitive is
                    named = referents(doc, phrase.genitive) if phrase.genitive else []
                    source = _phrase_source(doc, phrase) if len(cue) == 1 else (named[0] if named else None)
                    if len(cue) == 2 and head != cue[1] and source is None:  # a compound cue noun
                        source = _compound_source(doc[phrase.head].text, cue[1]) \
                            if attribution_compounds()[cue] == "first" else _phrase_source(doc, phrase)
                    nxt = clause.phrases[k + 1] if k + 1 < len(clause.phrases) else None
                    if len(cue) > 1 and phrase.genitive is None and nxt is not None and \
                            nxt.begin == phrase.end and nxt.prep in ("aus", "von"):
                        source = referent(doc, nxt)  # "nach Angaben aus Moskau"
                    return Attribution(source, None, reported=True)
    said = _so_source(doc, sent, clauses)
    if said is not None:
        return said
    label = _label_source(doc, clauses)
    reported = _reporting_source(doc, clauses)
    if label is not None and (reported is None or reported.source is None):
        return label  # (but "STANDARD: Pühringer sagt, …": the reporting clause names who speaks)
    return reported or Attribution()


def _reporting_source(doc: Doc, clauses: list[Clause]) -> Attribution | None:
    """The source a reporting clause names: its subject ("…, sagte X") or its von/aus/in phrase ("wie es von AFP
    hieß"), with the clause."""
    for clause in clauses:
        kind = reporting_verbs().get(clause.lemma)
        if kind is None or not any(c is not clause and not dateline(c) for c in clauses):
            continue  # (a reporting verb reports another clause, not the dateline: "Wien – X warnt vor Y")
        subject = subject_phrase(clause)
        if subject is not None and subject.pronoun and doc[subject.head].lower_ == "es":
            subject = None  # "wie es von AFP hieß": no one but the von-phrase speaks
        objects = [p for p in clause.phrases if p.prep is None and p is not subject and "acc" in p.cases
                   and not (p.pronoun and doc[p.head].lower_ == "es")]
        if objects and clause.lemma != "zitieren":
            continue  # "kritisierte die Pläne": a statement of its own, not a frame for others
        source = None
        for prep in ("von", "aus", "in"):
            pp = next((p for p in clause.phrases if p.prep == prep), None)
            if pp is not None and (subject is None or subject.pronoun and referent(doc, subject) is None):
                source = referent(doc, pp)
                break
        if source is None and subject is not None:
            source = _speaker(doc, subject)
        if source is not None and source.type != "Concept" or clause.lemma == "heißen":
            return Attribution(source, clause, kind == "say" or clause.lemma == "heißen")
    return None
