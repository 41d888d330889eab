"""Clauses of a German sentence and the verb complex of each: the lemma, voice, negation and modality."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from geokg.extract.chunks import (DATELINE_DASHES, Phrase, between_adjectives, chunk, genitive_name, in_noun_list,
                                  relative_pronoun)
from geokg.extract.ents import doc_tokens
from geokg.extract.lang_de.frames import complement_cues, modality_cues, negation_cues, negative_verbs, verb_frames
from geokg.extract.tagger import FINITE_TAGS

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
    """A clause: its token range, verb complex and noun phrases.

    A main clause that an embedded clause interrupts ("Die Armee hatte, wie X mitteilte, Y
    beschossen") is one clause with a gap: `parts` holds its token ranges.
    """

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
    reduced: bool = False  # a participle with its agent and no finite verb: "Bewaffnet von den USA, …"
    elliptic: bool = False  # "… gestartet und Positionen erobert": shares the verb complex before it
    parts: tuple[tuple[int, int], ...] = ()
    _tokens: list[Token] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = ((self.start, self.end),)
        self._tokens = None  # (mypyc's dataclasses leave an init=False field unset)

    @property
    def tokens(self) -> list[Token]:
        """The clause's tokens (without those of a clause embedded in it)."""
        # made once: every rule reads them many times, and `parts` does not change after construction
        # (a cache of its own, not functools.cached_property, which mypyc compiles as a plain property)
        if self._tokens is None:
            toks = doc_tokens(self.sent.doc)
            self._tokens = [t for a, b in self.parts for t in toks[a:b]]
        return self._tokens

    def holds(self, i: int) -> bool:
        """True if token i belongs to the clause."""
        return any(a <= i < b for a, b in self.parts)


NON_FINITE = frozenset({"VVINF", "VVPP", "VVIZU", "VAINF", "VAPP", "VMINF", "VMPP"})


def _has_finite(tokens: Span | list[Token]) -> bool:
    return any(t.tag_ in FINITE_TAGS for t in tokens)


def _has_verb(tokens: Span | list[Token]) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _open_bracket(tokens: Span | list[Token]) -> bool:
    """True for a main clause so far with a finite auxiliary or modal and no other verb yet: its
    participle or infinitive is still to come ("Die Armee hatte Stellungen der YPG …")."""
    words = [t for t in tokens if t.text not in QUOTE_MARKS]
    return bool(words) and words[0].tag_ not in SUBORDINATORS and \
        any(t.tag_ in ("VAFIN", "VMFIN") for t in words) and \
        not any(t.tag_ in NON_FINITE or t.tag_ == "VVFIN" for t in words)


QUOTE_MARKS = frozenset({"„", "“", "\"", "»", "«"})


def _closing(right: Span | list[Token]) -> bool:
    """True if the first finite-looking verb after a conjunction ends its stretch of words (up to a
    comma or the end): a participle or infinitive closing an open bracket, not the verb in second
    place of a clause of its own ("… und der Regierungstruppen beschossen.")."""
    words: list[Token] = []
    for t in right:
        if t.text in BOUNDARIES or t.text in (".", "!", "?"):
            break
        words.append(t)
    finite = next((k for k, t in enumerate(words) if t.tag_ in FINITE_TAGS), None)
    return finite is not None and words[finite].tag_ == "VVFIN" and \
        all(t.tag_ in NON_FINITE or t.tag_.startswith("VA") or t.text in QUOTE_MARKS for t in words[finite + 1:])


def _cuts(sent: Span) -> list[int]:
    """Where pieces start: after punctuation and before a conjunction joining two clauses with
    verbs of their own (not inside an open verb bracket: "hatte Stellungen der X und der Y beschossen")."""
    doc = doc_tokens(sent.doc)
    cuts = [sent.start]
    inner = _short_brackets(doc, sent)
    for tok in doc[sent.start:sent.end]:
        text = tok.text
        if tok.i in inner:
            continue  # "um der Miliz Islamischer Staat (IS) zu dienen": a name in brackets splits nothing
        if text == "," and 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].ent_type_ and \
                doc[tok.i - 1].ent_type_ == doc[tok.i + 1].ent_type_ and doc[tok.i + 1].ent_iob_ == "B":
            continue  # a list of names: "in Fordo, Natans und Isfahan"
        if text == "," and between_adjectives(doc, tok.i):
            continue  # adjectives of one noun: "für die kleine, nationalistische Partei X"
        if text == "," and in_noun_list(doc, tok.i, sent.end):
            continue  # bare nouns that "oder" closes: "bei mit Messern, Autos oder Schusswaffen verübten Angriffen"
        if text == "(" and tok.i > cuts[-1]:
            cuts.append(tok.i)  # an aside in brackets is a piece of its own, brackets and all
        elif (text in BOUNDARIES or (text == "-" and _dateline(doc[sent.start:tok.i + 1]))) and tok.i > cuts[-1]:
            cuts.append(tok.i + 1)  # (a hyphen for a dash only after a dateline: "Wien - Die Polizei …")
        elif text in COORDINATORS and tok.i > cuts[-1]:
            left, right = doc[cuts[-1]:tok.i], doc[tok.i + 1:sent.end]
            nxt = doc[tok.i + 1:min(sent.end, tok.i + 8)]
            if _has_finite(left) and _has_finite(right) and _has_finite(nxt) and \
                    not any(t.text in BOUNDARIES for t in nxt[:2]) and \
                    not (_open_bracket(left) and _closing(right)):
                cuts.append(tok.i + 1)
            elif text in ("und", "oder") and doc[tok.i - 1].tag_ in ("VVPP", "VVINF") and _lexical_ahead(right):
                cuts.append(tok.i)  # "hatten eine Offensive gestartet | und Positionen erobert": one verb each
    cuts.append(sent.end)
    return cuts


def _short_brackets(doc: list[Token], sent: Span) -> set[int]:
    """The brackets around a short verbless aside, and what is in them: "(IS)", "(ÖVP)", "(Foto: APA)"."""
    found: set[int] = set()
    for tok in doc[sent.start:sent.end]:
        if tok.text != "(":
            continue
        close = next((t.i for t in doc[tok.i + 1:min(sent.end, tok.i + 5)] if t.text == ")"), None)
        if close is not None and not any(t.pos_ in ("VERB", "AUX") for t in doc[tok.i + 1:close]):
            found.update(range(tok.i, close + 1))
    return found


def _lexical_ahead(right: Span | list[Token]) -> bool:
    """True if a participle or infinitive of a full verb follows before the next comma or the end."""
    for t in right:
        if t.text in BOUNDARIES or t.text in (".", "!", "?"):
            return False
        if t.tag_ in ("VVPP", "VVINF", "VVIZU"):
            return True
    return False


def _embedded(piece: Span) -> bool:
    """True for a clause that depends on another: it opens with a subordinator or relative pronoun
    (also after a preposition: "von denen") or is an infinitive with zu."""
    words = [t for t in piece if t.text not in QUOTE_MARKS]
    while words and words[0].text == ",":
        words = words[1:]
    if not words:
        return False
    first = words[1] if len(words) > 1 and words[0].tag_ in ("APPR", "APPRART") else words[0]
    infinitive = not _has_finite(words) and any(t.tag_ in ("VVIZU", "PTKZU") for t in words)
    return first.tag_ in SUBORDINATORS or infinitive


def _bracketed(doc: Doc, a: int, b: int) -> bool:
    """True for a piece in brackets, an aside the clause around it goes on after: "Gegen die
    Überschrift (X beleidigt Y) wolle er vorgehen"."""
    return a < b - 1 and doc[a].text == "(" and doc[b - 1].text == ")"


def _completes(head: list[Token], piece: Span) -> bool:
    """True if a piece after an embedded clause goes on with an unfinished main clause `head`: a
    fronted phrase with no verb yet is followed by its finite verb ("Die Regierung, die …, hat …"),
    an open bracket by its participle or infinitive ("hatte, wie …, Y beschossen"), a finite verb
    by its separable particle or objects ("griff, wie …, die Stadt an")."""
    words = [t for t in piece if not t.is_punct]
    if words and words[0].text in ("und", "oder", "sowie") and _open_bracket(head):
        words = words[1:]  # "hatte Stellungen der YPG, die …, und der Regierungstruppen beschossen"
    if not words or words[0].tag_ in SUBORDINATORS or words[0].text in COORDINATORS:
        return False
    if not _has_verb(head):
        return words[0].tag_ in FINITE_TAGS
    if _open_bracket(head):
        # a full verb that looks finite closes the bracket only at the end ("Y beschossen"), not in
        # second place of a clause of its own ("hat alle Mühe, …, Mitterlehner sieht sich … entmachtet")
        return not any(t.tag_ in ("VAFIN", "VMFIN") for t in words) and _has_verb(words) and \
            (not any(t.tag_ == "VVFIN" for t in words) or _closing(words))
    return head[0].tag_ not in SUBORDINATORS and _has_finite(head) and not _has_verb(words)


def segment(sent: Span) -> list[tuple[tuple[int, int], ...]]:
    """The clauses of a sentence as token ranges: split at punctuation and clause-joining
    conjunctions; a main clause an embedded clause interrupts keeps both of its parts.

    A piece without a verb (an apposition, a quoted phrase) joins the clause before it.
    """
    doc = sent.doc
    cuts = _cuts(sent)
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    out: list[list[tuple[int, int]]] = []
    waiting: int | None = None  # an unfinished main clause that embedded clauses interrupt
    for a, b in pieces:
        piece = doc[a:b]
        last = out[-1] if out else None
        verb = _has_verb(piece)
        if (_embedded(piece) or _bracketed(doc, a, b)) and verb:
            out.append([(a, b)])
            if waiting is None and len(out) > 1 and _unfinished(doc, out[-2]):
                waiting = len(out) - 2
            continue
        if waiting is not None and _completes(_words(doc, out[waiting]), piece):
            out[waiting].append((a, b))
            waiting = None
            continue
        waiting = None
        dateline = last is not None and len(out) == 1 and _dateline(_words(doc, last))
        if last is not None and len(out) == 1 and len(last) == 1 and _speaker_label(_words(doc, last), piece):
            last[0] = (last[0][0], a - 1)  # the colon opens the clause: a phrase may begin with it
            out.append([(a - 1, b)])
            continue
        opened = _open_embedded(doc, last) if last is not None and verb else None
        if last is not None and opened is not None:
            # "…, nachdem die SPÖ, die FPÖ und die ÖVP ihn kritisiert hatten": the list's first
            # member went with the subordinator; the rest and the verb finish that clause
            out.append(last[opened:] + [(a, b)])
            del last[opened:]
            continue
        if last is not None and not dateline and (not verb or not _has_verb(_words(doc, last))):
            last.append((a, b))
        else:
            out.append([(a, b)])
    return [_joined(parts) for parts in out]


def _open_embedded(doc: Doc, parts: list[tuple[int, int]]) -> int | None:
    """The index of a verbless piece opening an embedded clause ("nachdem die SPÖ,") that joined
    the clause `parts` with only verbless pieces after it; None if there is none."""
    for k in range(len(parts) - 1, 0, -1):
        piece = doc[parts[k][0]:parts[k][1]]
        if _has_verb(piece):
            return None
        if _embedded(piece):
            return k
    return None


def dateline(clause: Clause) -> bool:
    """True for a clause that is a news dateline ("Kairo –"), which says where the report comes from."""
    return clause.verb is None and _dateline(clause.tokens)


def _dateline(words: list[Token]) -> bool:
    """True for a news dateline before the text: "Kairo –", "Holguin/Vatikanstadt –", "Wien -" (no argument)."""
    return 1 < len(words) <= 6 and words[-1].text in DATELINE_DASHES and \
        all(t.tag_ == "NE" or t.ent_type_ or t.text == "/" or (t.tag_ == "NN" and t.text[:1].isupper())
            for t in words[:-1])  # (a town the gazetteers do not know: "Eisenstadt –")


def _speaker_label(words: list[Token], piece: Span) -> bool:
    """True for a name that labels what its speaker says, as interviews and tickers print it:
    "STANDARD: Österreich will Beamte schicken", "Kurz: Wir lehnen das ab" (the label is no argument
    of the clause after the colon; "Russland: Angriffe auf Kiew", with no verb, stays one clause)."""
    return 1 < len(words) <= 4 and words[-1].text == ":" and _has_verb(piece) and \
        all(t.tag_ == "NE" or t.ent_type_ for t in words[:-1])


def _words(doc: Doc, parts: list[tuple[int, int]]) -> list[Token]:
    toks = doc_tokens(doc)
    return [t for a, b in parts for t in toks[a:b]]


def _unfinished(doc: Doc, parts: list[tuple[int, int]]) -> bool:
    """True for a main clause that may go on after an embedded one: no verb yet, an open bracket,
    or a finite verb in second place whose particle may follow."""
    words = _words(doc, parts)
    if not words or _embedded(doc[parts[0][0]:parts[-1][1]]):
        return False
    return not _has_verb(words) or _open_bracket(words) or (
        words[0].tag_ not in SUBORDINATORS and any(t.tag_ == "VVFIN" for t in words))


def _joined(parts: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Adjacent ranges as one."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def _particle_verb(lexical: list[Token], particle: str) -> Token:
    """The verb a separated particle belongs to: the last full verb, unless that one forms no known
    verb with it and an earlier finite one does ("Wir lehnen die Pläne entschieden ab", where the
    tagger read the adverb "entschieden" as a finite verb: ablehnen, not "abentscheiden")."""
    frames = verb_frames()
    if particle + lexical[-1].lemma_ in frames:
        return lexical[-1]
    return next((t for t in lexical if t.tag_ == "VVFIN" and particle + t.lemma_ in frames), lexical[-1])


def _verb_complex(clause: Clause) -> None:
    """Find the lexical verb, its particle, voice, modality, negation and mood."""
    toks = clause.tokens
    lexical = [t for t in toks if t.tag_ in ("VVFIN", "VVINF", "VVPP", "VVIZU", "VVIMP")]
    # one finite verb a clause: beside an auxiliary or modal, a "finite" full verb is a participle or
    # infinitive the tagger took for one ("hatte … beschossen", "dass X Y beschossen hat")
    auxiliary = [t for t in toks if t.tag_ in ("VAFIN", "VMFIN")]
    finite = auxiliary or [t for t in toks if t.tag_ == "VVFIN"]
    clause.finite = finite[0] if finite else None
    if lexical:
        verb = lexical[-1]
        lemma = verb.lemma_
        if verb.tag_ == "VVFIN" and not auxiliary:
            particle = [t for t in toks if t.tag_ == "PTKVZ" and t.i > verb.i]
            if particle:
                verb = _particle_verb(lexical, particle[-1].text.lower())
                lemma = particle[-1].text.lower() + verb.lemma_
            else:  # "stellt … bereit": HanTa may tag the particle as an adjective or adverb
                last = [t for t in toks if t.i > verb.i and not t.is_punct]
                if last and last[-1].tag_ in ("ADJD", "ADV") and last[-1].lower_ + lemma in verb_frames():
                    lemma = last[-1].lower_ + lemma
        clause.verb, clause.lemma = verb, lemma
        aux = {t.lemma_ for t in toks if t.tag_.startswith("VA")}
        participle = verb.tag_ == "VVPP" or (verb.tag_ == "VVFIN" and bool(auxiliary))
        clause.passive = participle and "werden" in aux and not \
            any(t.tag_ == "VAFIN" and t.lemma_ == "haben" for t in toks) or _sees_itself(clause, verb)
    first = toks[0] if len(toks) else None
    while first is not None and first.text in ("„", "“", "\"") and first.i + 1 < clause.end:
        first = clause.sent.doc[first.i + 1]
    if first is not None and first.tag_ in ("APPR", "APPRART") and first.i + 1 < clause.end:
        first = clause.sent.doc[first.i + 1]  # "…, mit dem", "…, von denen"
    clause.subordinate = first is not None and first.tag_ in SUBORDINATORS
    clause.infinitive = clause.finite is None and any(t.tag_ in ("VVIZU", "PTKZU") for t in toks)
    clause.reduced = clause.finite is None and not clause.infinitive and clause.verb is not None and \
        clause.verb.tag_ == "VVPP" and any(p.prep in ("von", "durch") and not p.attributive for p in clause.phrases)
    if clause.reduced:
        clause.passive = True  # its patient is the subject of the clause it leans on
    negs = negation_cues()
    clause.negated = any(t.text.lower() in negs for t in toks
                         if not (t.text.lower() == "nicht" and t.i + 1 < clause.end
                                 and clause.sent.doc[t.i + 1].text == "nur")
                         and not _attributive_negation(t, clause.end))
    clause.subjunctive = any(t.text.lower() in SUBJUNCTIVE_I for t in toks if t.tag_.startswith("V"))
    clause.modality = _modality(clause)
    if clause.modality == "Possible" and clause.lemma == "ausschließen" and clause.negated:
        clause.negated = False  # "nicht ausgeschlossen": a possibility, not a denial


def _attributive_negation(tok: Token, end: int) -> bool:
    """True for a "nicht" inside a noun phrase, between its article and an attributive adjective: it denies the
    adjective, not the clause ("zeigte sich auch der nicht vor Ort befindliche Coach begeistert")."""
    doc = tok.doc
    if tok.lower_ != "nicht" or tok.i == 0 or doc[tok.i - 1].tag_ not in ("ART", "PPOSAT", "PIAT", "PDAT"):
        return False
    for k in range(tok.i + 1, min(end, tok.i + 6) - 1):
        if doc[k].tag_ == "ADJA" and doc[k + 1].tag_ in ("NN", "NE", "ADJA"):
            return True
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_punct:
            return False
    return False


#: Verbs that with "sich" and a participle say what is done to their subject, as a passive does:
#: "Russland fühlt sich von der NATO bedroht", "X sieht sich durch Y entmachtet".
SEES_ITSELF = frozenset({"sehen", "fühlen", "wähnen"})


def _sees_itself(clause: Clause, verb: Token) -> bool:
    """True for "sieht/fühlt sich … <participle>": the participle's patient is the subject."""
    finite = clause.finite
    return verb.tag_ == "VVPP" and finite is not None and finite.tag_ == "VVFIN" and \
        finite.lemma_ in SEES_ITSELF and any(t.lower_ == "sich" and t.tag_ == "PRF" for t in clause.tokens)


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
        stem = low[:5]
        if stem == "könnt":
            found.add("Possible")
        elif stem == "musst":
            continue  # past "musste" reports a fact
        elif stem == "müsst":
            found.add("Required")
        elif low in FUTURE_WORDS:
            found.add("Intended")
        elif stem == "wollt":
            continue  # past "wollte": what someone was willing to do, told as a fact
        elif lemma == "werden":
            if t.tag_ == "VAFIN" and clause.verb is not None and clause.verb.tag_ == "VVINF":
                found.add("Intended")
        elif lemma in cues and (t.pos_ in ("AUX", "VERB") or t.tag_ in ("ADJD", "KOUS")):  # KOUS: "ob"
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


def _share_verb_complex(clause: Clause, before: Clause) -> None:
    """A conjunct that shares the auxiliary, voice, modality and mood of the clause before it ("wurden
    … beschossen und … zerstört"; "nachdem X … genommen und … ermutigt hatte")."""
    clause.elliptic = True
    clause.subordinate = before.subordinate
    if clause.finite is None:
        clause.passive = before.passive and clause.verb is not None and clause.verb.tag_ == "VVPP"
        clause.modality, clause.subjunctive = before.modality, before.subjunctive


def _coordinate_across(sent: Span, phrases: list[Phrase], start: int) -> None:
    """A part of a clause that goes on after an embedded clause with "und X" adds X as a conjunct to
    the phrase before the gap ("Stellungen der YPG, die …, und der Regierungstruppen"); the joined
    phrase is marked (begin -2) to leave the clause's list."""
    doc = sent.doc
    if doc[start].text not in ("und", "oder", "sowie"):
        return
    before = [p for p in phrases if p.last <= start and p.antecedent is None]
    after = next((p for p in phrases if p.begin == start + 1), None)
    if not before or after is None:
        return
    last = before[-1]
    if last.genitive is not None and after.prep is None and ("gen" in after.cases or after.entity is not None):
        last.genitive.conjuncts.append(after)
    elif after.prep == last.prep:
        last.conjuncts.append(after)
    else:
        return
    after.begin = -2


# Words that are a preposition or a subordinating conjunction ("Als der Kongress … aufhob",
# "Während Demokraten das Ergebnis lobten"); the tagger takes them for prepositions.
PREPOSITION_OR_CONJUNCTION = frozenset({"als", "während", "seit", "bis"})
VERB_CLUSTER = NON_FINITE | {"PTKVZ", "PTKZU"}  # what may follow a finite verb at a clause's end


def _retag_conjunctions(sent: Span) -> None:
    """Tag "als", "während", "seit", "bis" as a conjunction (KOUS) where they open a clause whose
    finite verb stands last before the next comma: "Als der Kongress die Immunität aufhob, …"; and
    "während" before a genitive as the preposition it is."""
    doc = doc_tokens(sent.doc)
    for tok in doc[sent.start:sent.end]:
        if tok.tag_ == "KOUS" and tok.lower_ == "während" and tok.i + 1 < sent.end \
                and doc[tok.i + 1].lower_ in ("des", "eines"):
            tok.tag_ = "APPR"  # "Während des Besuchs von X …": a genitive follows the preposition only
            continue
        if tok.tag_ != "APPR" or tok.lower_ not in PREPOSITION_OR_CONJUNCTION:
            continue
        if tok.i > sent.start and doc[tok.i - 1].text not in (",", "–", "(") and doc[tok.i - 1].tag_ != "KON":
            continue
        end = next((t.i for t in doc[tok.i + 1:sent.end] if t.text in (",", ";", ":", "–")), None)
        words = [t for t in doc[tok.i + 1:end if end is not None else sent.end] if not t.is_punct]
        if end is not None and len(words) >= 3 and words[-1].tag_ in FINITE_TAGS \
                and not any(t.tag_ in FINITE_TAGS for t in words[:-1]):
            tok.tag_ = "KOUS"


def _retag_articles(sent: Span) -> None:
    """Tag a "der"/"die"/"das" after a comma as the article it is where the words up to the next
    comma are a main clause, its finite verb followed by more than verbs, and none stood before
    ("Die NATO, die USA und Kanada verurteilten den Angriff"; but "Die Partei, die die Wahl gewonnen
    hatte, feierte": a relative clause ends with its finite verb)."""
    doc = doc_tokens(sent.doc)
    for tok in doc[sent.start:sent.end]:
        if tok.tag_ != "PRELS" or tok.i == sent.start or doc[tok.i - 1].text != ",":
            continue
        if _list_in_embedded(sent, tok.i):
            tok.tag_, tok.pos_ = "ART", "DET"
            continue
        if _has_finite(doc[sent.start:tok.i]):
            return
        end = next((t.i for t in doc[tok.i + 1:sent.end] if t.is_punct and t.text not in ("„", "“")), sent.end)
        finite = next((t.i for t in doc[tok.i + 1:end] if t.tag_ in FINITE_TAGS), None)
        if finite is None:
            continue
        after = next((t.i for t in doc[finite + 1:end] if t.tag_ == "KON"), end)  # "…, der X nannte und Y bat"
        if any(t.tag_ not in VERB_CLUSTER for t in doc[finite + 1:after]):
            tok.tag_, tok.pos_ = "ART", "DET"


def _retag_relatives(sent: Span) -> None:
    """Tag a "der"/"die"/"das" after a comma as the relative pronoun it is where the words up to the
    next comma end with their only finite verb and that verb does not follow the first phrase, as a
    main clause's would ("Taschner, der Mahrers Projekt unterstützt, antwortet": a name with the
    genitive -s takes no article; but "Die Opposition protestierte, die Regierung schwieg")."""
    doc = doc_tokens(sent.doc)
    for tok in doc[sent.start + 1:sent.end]:
        if tok.tag_ != "ART" or tok.lower_ not in ("der", "die", "das") or doc[tok.i - 1].text != ",":
            continue
        end = next((t.i for t in doc[tok.i + 1:sent.end] if t.is_punct), sent.end)
        finite = [t.i for t in doc[tok.i + 1:end] if t.tag_ in FINITE_TAGS]
        if not finite and end - 1 > tok.i and doc[end - 1].tag_ == "VVPP":
            finite = [end - 1]  # a participle alone is a finite verb the tagger took for one ("unterstützt")
        if len(finite) != 1 or any(t.tag_ not in VERB_CLUSTER for t in doc[finite[0] + 1:end]):
            continue  # no verb-final clause
        k = _skip(doc, tok.i + 1, finite[0], ("ADJA",))
        saxon = doc[k].ent_type_ == "PER" and genitive_name(doc[k]) and doc[k + 1].tag_ == "NN"
        end = _skip(doc, k, finite[0], ("NN", "NE"))
        if not saxon and _list_goes_on(doc, tok.i, end):
            continue  # "nachdem ihm die Kirche, die Medien und die Unternehmer die kalte Schulter zeigten": a list
        if saxon or end < finite[0]:
            tok.tag_, tok.pos_ = "PRELS", "PRON"


def _skip(doc: list[Token], k: int, stop: int, tags: tuple[str, ...]) -> int:
    """The index of the first token from k on (before `stop`) whose tag is none of `tags`."""
    while k < stop and doc[k].tag_ in tags:
        k += 1
    return k


def _listed(doc: list[Token], i: int, stop: int) -> bool:
    """True if the "der/die/das" at i opens a member of a list (see `_list_goes_on`)."""
    end = _skip(doc, _skip(doc, i + 1, stop, ("ADJA",)), stop, ("NN", "NE"))
    return _list_goes_on(doc, i, end)


def _list_goes_on(doc: list[Token], i: int, end: int) -> bool:
    """True if the member the "der/die/das" at i opens, its adjectives and nouns ending at `end`, is followed by
    "und" or a comma and the next member's article: "…, die Medien und die Unternehmer …"."""
    return end > i + 1 and end + 1 < len(doc) and doc[end].text in ("und", ",") and doc[end + 1].tag_ == "ART"


def _list_in_embedded(sent: Span, i: int) -> bool:
    """True for a "die" the tagger took for a relative pronoun that goes on a list whose first member
    opens an embedded clause before the comma: "nachdem die SPÖ, die FPÖ und die ÖVP ihn kritisiert hatten"."""
    doc = doc_tokens(sent.doc)
    start = next((t.i + 1 for t in reversed(doc[sent.start:i - 1]) if t.text == ","), sent.start)
    before = doc[start:i - 1]
    return bool(before) and before[0].tag_ in SUBORDINATORS and not _has_verb(before) and \
        _listed(doc, i, sent.end)


def clauses(sent: Span) -> list[Clause]:
    """The clauses of a sentence, each with its verb complex and noun phrases.

    An infinitive clause takes the modality of the clause it depends on ("hat zugesagt, … zu liefern").
    """
    _retag_conjunctions(sent)
    _retag_articles(sent)
    _retag_relatives(sent)
    phrases = chunk(sent)
    out: list[Clause] = []
    segments = segment(sent)
    relatives = [relative_pronoun(sent, phrases, parts[0][0]) for parts in segments]  # before any joining
    for parts, relative in zip(segments, relatives):
        own = [p for p in phrases if any(a <= p.start < b for a, b in parts)]
        if relative is not None:  # "…, die von den USA unterstützt wird": the pronoun stands for the YPG
            own.insert(0, relative)
        for a, _ in parts[1:]:
            _coordinate_across(sent, own, a)
        clause = Clause(sent, parts[0][0], parts[-1][1], [p for p in own if p.begin != -2], parts=parts)
        _verb_complex(clause)
        if out and clause.tokens and clause.tokens[0].text in ("und", "oder") and clause.verb is not None and \
                (clause.finite is None or out[-1].subordinate) and out[-1].verb is not None:
            _share_verb_complex(clause, out[-1])
        if clause.infinitive and out and out[-1].negated and any(
                t.lemma_ in INTENTION_WORDS for t in out[-1].tokens):
            clause.negated = True  # "habe keine Absicht, … anzugreifen"
        denying = out and out[-1].lemma in negative_verbs() and not out[-1].negated
        if denying and (clause.infinitive or _opens_with(clause, ("dass", "wonach"))):
            clause.negated = not clause.negated  # "bestreitet, … zu liefern", "dementierte, dass …"
        if clause.infinitive and out and clause.modality == "Asserted":
            matrix = out[-1]
            if matrix.negated and matrix.lemma in negative_verbs():
                clause.modality = "Possible"  # "schloss nicht aus, X zu verklagen": it may happen
            elif matrix.modality != "Asserted" or matrix.lemma in complement_cues():
                clause.modality = matrix.modality if matrix.modality != "Asserted" else \
                    complement_cues()[matrix.lemma]
        out.append(clause)
    return out
