"""Noun phrases of a German sentence: their extent, preposition, possible cases and the entity they name."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)  # set by the tagger for participle adjectives
if not Token.has_extension("title_noun"):
    Token.set_extension("title_noun", default=False)  # a noun a name can stand beside (Stadt, Präsident)

from geokg.extract.ents import ents_from
from geokg.extract.lang_de.frames import transparent_kind
from geokg.extract.model import EntityRef

# Articles and determiners → the cases they allow (German declension, collapsed over genders).
DETERMINER_CASES: dict[str, frozenset[str]] = {
    "der": frozenset({"nom", "dat", "gen"}), "den": frozenset({"acc", "dat"}),
    "dem": frozenset({"dat"}), "des": frozenset({"gen"}), "die": frozenset({"nom", "acc"}),
    "das": frozenset({"nom", "acc"}), "ein": frozenset({"nom", "acc"}),
    "einen": frozenset({"acc"}), "einem": frozenset({"dat"}), "eines": frozenset({"gen"}),
    "eine": frozenset({"nom", "acc"}), "einer": frozenset({"dat", "gen"}),
}
PRONOUN_CASES: dict[str, frozenset[str]] = {
    "er": frozenset({"nom"}), "ich": frozenset({"nom"}), "wir": frozenset({"nom"}),
    "sie": frozenset({"nom", "acc"}), "es": frozenset({"nom", "acc"}), "ihn": frozenset({"acc"}),
    "ihm": frozenset({"dat"}), "ihr": frozenset({"dat", "nom"}), "ihnen": frozenset({"dat"}),
    "uns": frozenset({"acc", "dat"}),
}
ANY_CASE = frozenset({"nom", "acc", "dat"})
CONTRACTIONS = {"im": "in", "ins": "in", "am": "an", "ans": "an", "zum": "zu", "zur": "zu",
                "vom": "von", "beim": "bei", "übers": "über", "fürs": "für", "aufs": "auf"}
NP_INNER = frozenset({"ART", "PDAT", "PIAT", "PPOSAT", "PWAT", "CARD", "ADJA", "ADJD", "ADV",
                      "TRUNC", "KON", "NN", "NE", "FM", "XY", "$("})
# Particles that may stand before a phrase without belonging to it.
FOCUS_WORDS = frozenset({"noch", "weder", "sowohl", "auch", "nur", "selbst", "sogar"})
# Words that open a genitive phrase after a noun ("des Kremlchefs", "seines Ministerpräsidenten").
GENITIVE_STARTERS = frozenset({"des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer",
                               "dieses", "dieser", "unseres", "unserer"})
QUOTES = frozenset({"„", "“", "”", "\"", "»", "«"})
HEADS = frozenset({"NN", "NE", "FM", "XY"})
# Nouns another noun may follow inside one phrase: quantities ("30 Millionen Euro", "Hunderte
# Drohnen") and points of time ("Anfang Oktober"). After any other noun a noun starts a new phrase
# ("nach eigenen Angaben | Stellungen der Hisbollah").
MEASURE_NOUNS = frozenset({"Prozent", "Tonne", "Tonnen", "Kilometer", "Meter", "Euro", "Dollar", "Liter",
                           "Stück", "Paar", "Anfang", "Ende", "Mitte"})
NUMBER_NOUNS = ("tausend", "tausende", "hundert", "hunderte", "dutzend", "dutzende", "million", "millionen",
                "milliarde", "milliarden")  # also Zehntausende, Hunderttausende
# Nouns of time: phrases headed by them say when, not who or what.
TIME_NOUNS = frozenset({
    "Nacht", "Tag", "Woche", "Monat", "Jahr", "Morgen", "Abend", "Nachmittag", "Vormittag",
    "Mittag", "Uhr", "Stunde", "Minute", "Wochenende", "Montag", "Dienstag", "Mittwoch",
    "Donnerstag", "Freitag", "Samstag", "Sonntag", "Zeit", "Zeitpunkt", "Anschluss", "Verlauf",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Jahrhundert", "Jahrzehnt", "Beginn", "Ende", "Frühjahr",
    "Sommer", "Herbst", "Winter"})


@dataclass
class Phrase:
    """A noun phrase (or pronoun) in a clause."""

    start: int  # token index in the doc
    end: int
    head: int  # token index of the head noun or pronoun
    prep: str | None = None  # lower-cased preposition before it, contractions resolved
    cases: frozenset[str] = ANY_CASE
    entity: EntityRef | None = None
    genitive: Phrase | None = None  # a genitive attribute (des Kremlchefs …)
    conjuncts: list[Phrase] = field(default_factory=list)  # "X und Y": Y … (X is self)
    pronoun: bool = False
    negated: bool = False  # kein … / keine …
    begin: int = -1  # first token including the preposition
    time: bool = False  # headed by a noun of time: says when, names no participant
    attributive: bool = False  # "die von X geforderten …": the agent of a participle, not of the clause

    @property
    def members(self) -> list[Phrase]:
        """This phrase and its coordinated conjuncts."""
        return [self, *self.conjuncts]

    def text(self, sent: Span) -> str:
        """The phrase's words."""
        return sent.doc[self.start:self.end].text


def _genitive_name(token: Token) -> bool:
    """True for a name in the genitive that may precede a noun ("Chinas Staatschef", "Israels")."""
    return token.text.endswith("s") and token.ent_type_ in ("GPE", "ORG", "LOC")


def _takes_apposition(head: Token, before: Token) -> bool:
    """True if a name may follow this noun inside one phrase: "die Stadt Odessa", "Präsident Lula"."""
    return before.text in QUOTES or (head._.title_noun and head.ent_type_ == "") or head.text.endswith("-")


def _person_apposition(head: Token, name: Span) -> bool:
    """True if a person's full name follows a noun as its close apposition: "den Franzosen Luc
    Morel", "dem Journalisten Evan Gershkovich"; not a genitive after it ("die Rede Boris Johnsons")."""
    return head.tag_ == "NN" and name[0].ent_type_ == "PER" and len(name) > 1 and not name[-1].text.endswith("s")


POSSESSIVE_ENDINGS = (("es", frozenset({"gen"})), ("em", frozenset({"dat"})), ("en", frozenset({"acc", "dat"})),
                      ("er", frozenset({"dat", "gen"})), ("e", frozenset({"nom", "acc"})))


def _cases(tokens: list[Token]) -> frozenset[str]:
    """The cases the first determiner of a phrase allows (all but the genitive if it has none)."""
    for tok in tokens:
        if tok.tag_ == "PPOSAT":  # seines, ihrer, unserem …
            low = tok.lower_
            return next((c for end, c in POSSESSIVE_ENDINGS if low.endswith(end)), frozenset({"nom", "acc"}))
        low = tok.text.lower()
        base = low[1:] if low.startswith("k") and low[1:] in DETERMINER_CASES else low
        if tok.tag_ in ("ART", "PIAT", "PDAT", "PPOSAT") and base in DETERMINER_CASES:
            return DETERMINER_CASES[base]
        if tok.tag_ in ("ART", "PDAT") and low.startswith("dies"):
            return DETERMINER_CASES.get("d" + low[4:] if low[4:] else "die", ANY_CASE)
    return ANY_CASE


def _entity_at(sent: Span, start: int, end: int) -> tuple[int, EntityRef] | None:
    """The last entity span inside [start, end): the head of an appositive phrase."""
    found = None
    for ent in ents_from(sent.doc, start, end):
        if ent.start >= start and ent.end <= end and ent._.entity is not None:
            found = (ent.end - 1, ent._.entity)
    return found


def chunk(sent: Span) -> list[Phrase]:
    """Noun phrases of a sentence, left to right, with genitives attached and conjuncts grouped."""
    doc = sent.doc
    ent_end = {e.start: e.end for e in ents_from(doc, sent.start, sent.end) if e.start >= sent.start and e.end <= sent.end}
    phrases: list[Phrase] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        prep = None
        j = i
        if tok.tag_ in ("APPR", "APPRART"):
            prep = CONTRACTIONS.get(tok.text.lower(), tok.text.lower())
            j = i + 1
        if j < sent.end and doc[j].tag_ == "PPER":
            low = doc[j].text.lower()
            phrases.append(Phrase(j, j + 1, j, prep, PRONOUN_CASES.get(low, ANY_CASE), pronoun=True, begin=i))
            i = j + 1
            continue
        while prep is None and j < sent.end and doc[j].lower_ in FOCUS_WORDS:
            j += 1  # "noch die Ukraine", "auch Italien": the particle belongs to no phrase
        k, head = j, -1
        in_entity = False
        while k < sent.end:
            if k in ent_end:
                if head >= 0 and not _takes_apposition(doc[head], doc[k - 1]) \
                        and not _person_apposition(doc[head], doc[k:ent_end[k]]):
                    break  # "am Donnerstag Odessa": the name starts a phrase of its own
                head = ent_end[k] - 1
                k = ent_end[k]
                in_entity = True
                continue
            t = doc[k]
            if in_entity and t.tag_ == "NN" and not _genitive_name(doc[head]):
                break  # "in Kiew Gespräche": a noun after a name starts a new phrase (not after "Chinas")
            if t.tag_ in ("NE", "FM") and k > j and doc[k - 1].tag_ in ("NE", "FM") and head == k - 1:
                head = k  # a name of several words: „Steadfast Defender“
                k += 1
                continue
            in_entity = False
            if t.text in QUOTES:
                k += 1
                continue
            if t.tag_ not in NP_INNER or (t.tag_ == "KON" and doc[k - 1].tag_ != "TRUNC"):
                break
            if t.tag_ in HEADS:
                if head >= 0 and t.tag_ in ("NE", "FM") and not _takes_apposition(doc[head], doc[k - 1]):
                    break
                if head == k - 1 and t.tag_ == "NN" and doc[head].tag_ == "NN" and not t.text.isupper() \
                        and doc[head].text not in MEASURE_NOUNS and not doc[head].lower_.endswith(NUMBER_NOUNS) \
                        and not _takes_apposition(doc[head], doc[k - 1]):
                    break
                head = k
            elif head >= 0 and t.tag_ in ("ART", "PIAT", "PDAT", "PPOSAT", "ADV", "ADJD", "CARD", "ADJA"):
                break  # a new phrase begins
            k += 1
        if head >= 0:
            toks = list(doc[j:head + 1])
            neg = any(t.text.lower().startswith("kein") for t in toks)
            phrase = Phrase(j, head + 1, head, prep, _cases(toks), negated=neg, begin=i,
                            time=doc[head].lemma_ in TIME_NOUNS or doc[head].text in TIME_NOUNS)
            hit = _entity_at(sent, j, head + 1)
            if hit is not None:
                phrase.entity = hit[1]
            if head + 1 < sent.end and doc[head + 1].tag_ == "APPO":
                phrase.prep = doc[head + 1].text.lower()  # a postposition: "Behörden zufolge"
            phrases.append(phrase)
            i = head + 1
        else:
            i = max(i + 1, j)
    for agent, noun in zip(phrases, phrases[1:]):
        if agent.prep == "von" and noun.start == agent.end and doc[noun.start].tag_ == "ADJA" \
                and doc[noun.start]._.verb_lemma:
            agent.attributive = True
            before = doc[agent.start - 2] if agent.start >= 2 else None
            if noun.cases == ANY_CASE and before is not None and before.lower_ in DETERMINER_CASES:
                noun.cases = DETERMINER_CASES[before.lower_]  # "Der von Ägypten vorgelegte Plan"
    return _group(sent, _appositions(sent, _attach_genitives(sent, phrases)))


def _attach_genitives(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """Fold a genitive into the phrase right before it (ein Treffen des Kremlchefs …, Kiews), and
    a von/aus phrase into a transparent noun before it (der Hafen von Hodeidah, Delegationen aus X)."""
    out: list[Phrase] = []
    doc = sent.doc
    for ph in phrases:
        prev = out[-1] if out else None
        if prev is not None and prev.genitive is not None and prev.genitive.genitive is None and \
                ph.begin == prev.genitive.end and ph.prep in ("von", "aus") and \
                transparent_kind(doc[prev.genitive.head].lemma_):
            prev.genitive.genitive = ph  # "nach Angaben der Vermittler aus Katar"
            continue
        if prev is None or prev.genitive is not None or prev.pronoun or ph.begin != prev.end:
            out.append(ph)
            continue
        first = doc[ph.start]
        genitive_article = ph.prep is None and (first.lower_ in GENITIVE_STARTERS or (
            first.tag_ == "ADJA" and first.lower_.endswith("er") and first.i != ph.head))
        named_genitive = (ph.prep is None and ph.entity is not None and doc[ph.start].tag_ != "ART"
                          and ph.entity.surface.endswith("s") and not ph.entity.name.endswith("s"))
        kind = transparent_kind(doc[prev.head].lemma_)
        attribute = (ph.prep in ("von", "aus") and kind is not None) or (
            ph.prep in ("in", "bei") and kind == "part" and ph.entity is not None)
        # a name takes no genitive after it: "dass die USA der Ukraine Waffen liefern" (a dative)
        named_head = prev.entity is not None and prev.entity.type in ("Country", "Person") and not attribute
        if ((genitive_article and "gen" in ph.cases) or named_genitive or attribute) and not named_head:
            prev.genitive = ph
            continue
        out.append(ph)
    return out


def _appositions(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """A title phrase and the name after its comma are one: "die Sprecherin des Ministeriums, Maria
    Sacharowa," and "der US-Sondergesandte für die Ukraine, Keith Kellogg," name the person."""
    doc = sent.doc
    out: list[Phrase] = []
    for ph in phrases:
        after_comma = ph.begin > 0 and doc[ph.begin - 1].text == ","
        if out and after_comma and ph.entity is not None and ph.entity.type == "Person" and ph.prep is None:
            for k in range(len(out) - 1, max(-1, len(out) - 3), -1):
                title = out[k]
                if title.entity is None and doc[title.head]._.title_noun and title.prep is None:
                    title.entity = ph.entity
                    del out[k + 1:]
                    break
            else:
                out.append(ph)
            continue
        out.append(ph)
    return out


def _group(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """Group "X und Y", "X sowie Y", "X oder Y" (same preposition or none) into one phrase.

    After a phrase with a genitive, a genitive-like conjunct joins the genitive ("Vertreter Japans
    und Südkoreas").
    """
    out: list[Phrase] = []
    doc = sent.doc
    for ph in phrases:
        prev = out[-1] if out else None
        if prev is not None and not ph.pronoun:
            last = prev.members[-1]
            target = last.genitive.members[-1] if last.genitive else last
            between = doc[target.end:ph.start]
            before = doc[max(sent.start, prev.begin - 2):prev.start]  # words before the first conjunct
            weder = any(t.lower_ == "weder" for t in before)
            nicht_nur = [t.lower_ for t in before][-2:] == ["nicht", "nur"]
            listed = (len(between) == 1 and between[0].text == "," and ph.entity is not None
                      and target.entity is not None and ph.entity.type == target.entity.type
                      and ph.prep is None)  # "in Fordo, Natans und Isfahan"
            if listed:
                (last.genitive if last.genitive is not None else prev).conjuncts.append(ph)
                continue
            words = [t.lower_ for t in between if t.text != ","]
            if nicht_nur and words == ["sondern", "auch"] and ph.prep == prev.prep:
                prev.conjuncts.append(ph)  # "nicht nur Frankreich, sondern auch Italien"
                continue
            if len(between) == 1 and (between[0].text in ("und", "sowie", "oder") or
                                      (between[0].text == "noch" and weder)):
                if last.genitive is not None and ph.prep is None and (
                        "gen" in ph.cases or ph.entity is not None):
                    last.genitive.conjuncts.append(ph)
                    continue
                if ph.prep is None or ph.prep == prev.prep:
                    prev.conjuncts.append(ph)
                    continue
        out.append(ph)
    return out
