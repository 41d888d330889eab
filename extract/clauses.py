"""Clauses of a German sentence and the verb complex of each: the lemma, voice, negation and modality."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from geokg.extract.chunks import Phrase, chunk
from geokg.extract.lang_de.frames import complement_cues, modality_cues, negation_cues, negative_verbs, verb_frames

BOUNDARIES = frozenset({",", ";", ":", "–", "—", "(", ")"})
COORDINATORS = frozenset({"und", "aber", "oder", "sondern", "doch", "denn"})
SUBORDINATORS = frozenset({"KOUS", "KOUI", "PRELS", "PRELAT", "PWAV", "PWS"})
# Konjunktiv I forms of auxiliaries and modals: reported speech.
SUBJUNCTIVE_I = frozenset({"sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle",
                           "dürfe", "gebe", "liege", "stehe", "gehe"})
INTENTION_WORDS = frozenset({"Absicht", "Plan", "Interesse", "Pläne", "Ziel", "Bereitschaft", "planen",
                             "beabsichtigen", "vorhaben", "wollen"})
MODAL_ORDER = ("Required", "Possible", "Intended")


@dataclass
class Clause:
    """A clause: its token range, verb complex and noun phrases."""

    sent: Span
    start: int
    end: int
    phrases: list[Phrase] = field(default_factory=list)
    verb: Token | None = None  # the lexical verb
    lemma: str = ""  # its lemma with a separable particle joined (ablehnen)
    finite: Token | None = None
    passive: bool = False
    negated: bool = False
    modality: str = "Asserted"
    subjunctive: bool = False
    subordinate: bool = False
    infinitive: bool = False

    @property
    def tokens(self) -> Span:
        """The clause's tokens."""
        return self.sent.doc[self.start:self.end]


def _has_finite(tokens: Span) -> bool:
    return any(t.tag_ in ("VVFIN", "VAFIN", "VMFIN") for t in tokens)


def _has_verb(tokens: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


def segment(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of the clauses: split at punctuation and clause-joining conjunctions.

    A piece without a verb (an apposition, a quoted phrase) joins the clause before it.
    """
    doc = sent.doc
    cuts = [sent.start]
    for tok in sent:
        if tok.text == "," and 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].ent_type_ and \
                doc[tok.i - 1].ent_type_ == doc[tok.i + 1].ent_type_ and doc[tok.i + 1].ent_iob_ == "B":
            continue  # a list of names: "in Fordo, Natans und Isfahan"
        if tok.text in BOUNDARIES and tok.i > cuts[-1]:
            cuts.append(tok.i + 1)
        elif tok.text in COORDINATORS and tok.i > cuts[-1]:
            left, right = doc[cuts[-1]:tok.i], doc[tok.i + 1:sent.end]
            nxt = doc[tok.i + 1:min(sent.end, tok.i + 8)]
            if _has_finite(left) and _has_finite(right) and _has_finite(nxt) and \
                    not any(t.text in BOUNDARIES for t in nxt[:2]):
                cuts.append(tok.i + 1)
    cuts.append(sent.end)
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and not _has_verb(doc[a:b]):
            merged[-1] = (merged[-1][0], b)
        elif merged and not _has_verb(doc[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _verb_complex(clause: Clause) -> None:
    """Find the lexical verb, its particle, voice, modality, negation and mood."""
    toks = clause.tokens
    lexical = [t for t in toks if t.tag_ in ("VVFIN", "VVINF", "VVPP", "VVIZU", "VVIMP")]
    finite = [t for t in toks if t.tag_ in ("VVFIN", "VAFIN", "VMFIN")]
    clause.finite = finite[0] if finite else None
    if lexical:
        verb = lexical[-1]
        lemma = verb.lemma_
        if verb.tag_ == "VVFIN":
            particle = [t for t in toks if t.tag_ == "PTKVZ" and t.i > verb.i]
            if particle:
                lemma = particle[-1].text.lower() + lemma
            else:  # "stellt … bereit": HanTa may tag the particle as an adjective or adverb
                last = [t for t in toks if t.i > verb.i and not t.is_punct]
                if last and last[-1].tag_ in ("ADJD", "ADV") and last[-1].lower_ + lemma in verb_frames():
                    lemma = last[-1].lower_ + lemma
        clause.verb, clause.lemma = verb, lemma
        aux = {t.lemma_ for t in toks if t.tag_.startswith("VA")}
        clause.passive = verb.tag_ == "VVPP" and "werden" in aux and not \
            any(t.tag_ == "VAFIN" and t.lemma_ == "haben" for t in toks)
    first = toks[0] if len(toks) else None
    while first is not None and first.text in ("„", "“", "\"") and first.i + 1 < clause.end:
        first = clause.sent.doc[first.i + 1]
    clause.subordinate = first is not None and first.tag_ in SUBORDINATORS
    clause.infinitive = clause.finite is None and any(t.tag_ in ("VVIZU", "PTKZU") for t in toks)
    negs = negation_cues()
    clause.negated = any(t.text.lower() in negs for t in toks
                         if not (t.text.lower() == "nicht" and t.i + 1 < clause.end
                                 and clause.sent.doc[t.i + 1].text == "nur"))
    clause.subjunctive = any(t.text.lower() in SUBJUNCTIVE_I for t in toks if t.tag_.startswith("V"))
    clause.modality = _modality(clause)
    if clause.modality == "Possible" and clause.lemma == "ausschließen" and clause.negated:
        clause.negated = False  # "nicht ausgeschlossen": a possibility, not a denial


FUTURE_WORDS = frozenset({"nächste", "nächsten", "kommende", "kommenden", "künftig", "demnächst"})


def _modality(clause: Clause) -> str:
    """Required, Possible or Intended from modal verbs and cues; Reported for "soll … haben" hearsay."""
    cues = modality_cues()
    found = set()
    toks = clause.tokens
    if any(t.lemma_ == "sollen" for t in toks) and any(t.tag_ == "VAINF" and t.lemma_ in ("haben", "sein")
                                                       for t in toks) and any(t.tag_ == "VVPP" for t in toks):
        return "Reported"  # "soll geliefert haben": hearsay, not intention
    for t in toks:
        lemma, low = t.lemma_, t.text.lower()
        if low.startswith("könnt"):
            found.add("Possible")
        elif low.startswith("musst"):
            continue  # past "musste" reports a fact
        elif low.startswith("müsst"):
            found.add("Required")
        elif low in FUTURE_WORDS:
            found.add("Intended")
        elif low.startswith("wollt"):
            continue  # past "wollte": what someone was willing to do, told as a fact
        elif lemma == "werden":
            if t.tag_ == "VAFIN" and clause.verb is not None and clause.verb.tag_ == "VVINF":
                found.add("Intended")
        elif lemma in cues and (t.pos_ in ("AUX", "VERB") or t.tag_ == "ADJD"):
            found.add(cues[lemma])
    if clause.lemma == "ausschließen" and clause.negated and clause.verb is not None and \
            clause.verb.tag_ == "VVPP" and not any(t.lemma_ == "haben" for t in toks):
        found.add("Possible")  # "… sei nicht ausgeschlossen": it may happen
    if clause.lemma in cues and clause.lemma not in ("werden",):
        found.add(cues[clause.lemma])  # separable: "sagte … zu" is zusagen
    return next((m for m in MODAL_ORDER if m in found), "Asserted")


def _opens_with(clause: Clause, words: tuple[str, ...]) -> bool:
    """True if the clause's first word is one of `words`."""
    return len(clause.tokens) > 0 and clause.tokens[0].lower_ in words


def clauses(sent: Span) -> list[Clause]:
    """The clauses of a sentence, each with its verb complex and noun phrases.

    An infinitive clause takes the modality of the clause it depends on ("hat zugesagt, … zu liefern").
    """
    phrases = chunk(sent)
    out: list[Clause] = []
    for a, b in segment(sent):
        clause = Clause(sent, a, b, [p for p in phrases if a <= p.start < b])
        _verb_complex(clause)
        if clause.infinitive and out and out[-1].negated and any(
                t.lemma_ in INTENTION_WORDS for t in out[-1].tokens):
            clause.negated = True  # "habe keine Absicht, … anzugreifen"
        denying = out and out[-1].lemma in negative_verbs() and not out[-1].negated
        if denying and (clause.infinitive or _opens_with(clause, ("dass", "wonach"))):
            clause.negated = not clause.negated  # "bestreitet, … zu liefern", "dementierte, dass …"
        if clause.infinitive and out and clause.modality == "Asserted":
            matrix = out[-1]
            if matrix.modality != "Asserted" or matrix.lemma in complement_cues():
                clause.modality = matrix.modality if matrix.modality != "Asserted" else \
                    complement_cues()[matrix.lemma]
        out.append(clause)
    return out
