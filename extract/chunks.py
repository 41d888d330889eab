"""Noun phrases of a German sentence: their extent, preposition, possible cases and the entity they name."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)  # set by the tagger for participle adjectives
if not Token.has_extension("title_noun"):
    Token.set_extension("title_noun", default=False)  # a noun a name can stand beside (Stadt, Präsident)

from geokg.extract.entities import role_info, role_lemma
from geokg.extract.ents import doc_tokens, ents_from
from geokg.extract.lang_de.frames import org_nouns, predicate_nouns, transparent_kind
from geokg.extract.model import EntityRef
from geokg.extract.tagger import FINITE_TAGS

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
    "ihm": frozenset({"dat"}), "ihr": frozenset({"dat"}), "ihnen": frozenset({"dat"}),
    "uns": frozenset({"acc", "dat"}), "dieser": frozenset({"nom"}), "jener": frozenset({"nom"}),
}
ANY_CASE = frozenset({"nom", "acc", "dat"})
DEMONSTRATIVES = frozenset({"dieser", "diese", "jener", "jene"})  # standing alone, they point back
#: Indefinite pronouns standing alone: phrases of a clause (its subject, say) that stand for no one actor.
INDEFINITES = frozenset({"jeder", "jede", "jedem", "jeden", "niemand", "niemanden", "niemandem", "keiner", "keine",
                         "keinem", "keinen", "alle", "allen", "viele", "vielen", "manche", "manchen", "einige",
                         "einigen", "wenige", "wenigen", "mehrere", "mehreren"})
CONTRACTIONS = {"im": "in", "ins": "in", "am": "an", "ans": "an", "zum": "zu", "zur": "zu",
                "vom": "von", "beim": "bei", "übers": "über", "fürs": "für", "aufs": "auf"}
NP_INNER = frozenset({"ART", "PDAT", "PIAT", "PPOSAT", "PWAT", "CARD", "ADJA", "ADJD", "ADV",
                      "TRUNC", "KON", "NN", "NE", "FM", "XY", "$("})
# Particles that may stand before a phrase without belonging to it.
FOCUS_WORDS = frozenset({"noch", "weder", "sowohl", "auch", "nur", "selbst", "sogar"})
# Words that open a genitive phrase after a noun ("des Kremlchefs", "seines Ministerpräsidenten").
GENITIVE_STARTERS = frozenset({"des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer",
                               "dieses", "dieser", "unseres", "unserer"})
DASHES = frozenset({"–", "—"})
DATELINE_DASHES = DASHES | {"-"}  # after a dateline a hyphen is typed for a dash too: "Wien - Die Polizei …"
QUOTES = frozenset({"„", "“", "”", "\"", "»", "«"})
CLOSING = frozenset({")", "]"})
HEADS = frozenset({"NN", "NE", "FM", "XY"})
# Nouns another noun may follow inside one phrase: quantities ("30 Millionen Euro", "Hunderte
# Drohnen") and points of time ("Anfang Oktober"). After any other noun a noun starts a new phrase
# ("nach eigenen Angaben | Stellungen der Hisbollah").
MEASURE_NOUNS = frozenset({"Prozent", "Tonne", "Tonnen", "Kilometer", "Meter", "Euro", "Dollar", "Liter",
                           "Stück", "Paar", "Anfang", "Ende", "Mitte"})
AGE_ADJECTIVES = frozenset({"alt", "lang", "jung"})  # measured by a time: "eine zwei Jahre alte Forderung"
NUMBER_NOUNS = ("tausend", "tausende", "hundert", "hunderte", "dutzend", "dutzende", "million", "millionen",
                "milliarde", "milliarden")  # also Zehntausende, Hunderttausende
# Nouns of time: phrases headed by them say when, not who or what.
TIME_NOUNS = frozenset({
    "Nacht", "Tag", "Woche", "Monat", "Jahr", "Morgen", "Abend", "Nachmittag", "Vormittag",
    "Mittag", "Uhr", "Stunde", "Minute", "Wochenende", "Montag", "Dienstag", "Mittwoch",
    "Donnerstag", "Freitag", "Samstag", "Sonntag", "Zeit", "Zeitpunkt", "Anschluss", "Verlauf",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Jahrhundert", "Jahrzehnt", "Beginn", "Anfang", "Mitte", "Ende", "Frühjahr",
    "Sommer", "Herbst", "Winter", "Mal"})


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
    antecedent: Phrase | None = None  # a relative pronoun: the phrase it stands for ("…, die von X …")

    @property
    def members(self) -> list[Phrase]:
        """This phrase and its coordinated conjuncts."""
        return [self, *self.conjuncts]

    def text(self, sent: Span) -> str:
        """The phrase's words."""
        return sent.doc[self.start:self.end].text

    @property
    def last(self) -> int:
        """The end of the phrase with its genitive and conjuncts."""
        return max([self.end] + [p.last for p in self.conjuncts] + ([self.genitive.last] if self.genitive else []))


# Relative pronouns → the cases they may stand in (the genitive dessen/deren is an attribute).
RELATIVE_CASES: dict[str, frozenset[str]] = {
    "der": frozenset({"nom", "dat"}), "die": frozenset({"nom", "acc"}), "das": frozenset({"nom", "acc"}),
    "den": frozenset({"acc"}), "dem": frozenset({"dat"}), "denen": frozenset({"dat"}),
    "welcher": frozenset({"nom", "dat"}), "welche": frozenset({"nom", "acc"}), "welches": frozenset({"nom", "acc"}),
    "welchen": frozenset({"acc", "dat"}), "welchem": frozenset({"dat"})}


# Relative pronouns → the articles of a noun phrase they cannot stand for, by gender and number:
# "ein Segen, die …" (a masculine singular before a feminine or plural pronoun) points further back.
RELATIVE_DISAGREES: dict[str, frozenset[str]] = {
    "die": frozenset({"ein", "einen", "einem", "eines", "das", "dem", "des"}),
    "das": frozenset({"die", "der", "den", "eine", "einer", "einen"}),
    "den": frozenset({"die", "das", "eine", "einer"})}


def relative_pronoun(sent: Span, phrases: list[Phrase], start: int) -> Phrase | None:
    """The relative pronoun opening a clause at token `start` ("…, die von X unterstützt wird", "…,
    mit dem"), as a phrase standing for the phrase right before the comma; None if there is none."""
    doc = sent.doc
    while start < sent.end and doc[start].text == ",":
        start += 1  # a piece that begins with the comma after a bracket: "(PiS), der …"
    i, prep = start, None
    if i < sent.end and doc[i].tag_ in ("APPR", "APPRART"):
        prep, i = CONTRACTIONS.get(doc[i].lower_, doc[i].lower_), i + 1
    if i >= sent.end or doc[i].tag_ != "PRELS" or doc[i].lower_ not in RELATIVE_CASES:
        return None
    comma = start - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    before = [p for p in phrases if p.last <= comma and not p.pronoun]
    if not before or before[-1].last != comma:
        return None
    ante = before[-1]
    if ante.entity is None and doc[ante.start].lower_ in RELATIVE_DISAGREES.get(doc[i].lower_, ()):
        # "für jene Jugendlichen ein Segen, die … protestieren": not the phrase before the comma (a name
        # has a gender of its own: "der Grenzstadt Fakola, das …")
        return None
    genitive = replace(ante.genitive, conjuncts=list(ante.genitive.conjuncts)) if ante.genitive else None
    return Phrase(i, i + 1, ante.head, prep, RELATIVE_CASES[doc[i].lower_], ante.entity, genitive,
                  list(ante.conjuncts), begin=start, time=ante.time, antecedent=ante)


def genitive_name(token: Token) -> bool:
    """True for a name in the genitive that may precede a noun ("Chinas Staatschef", "Israels"), a
    person's too where the -s is the genitive's, not the name's ("Merkels CDU", not "Tsipras")."""
    if not token.text.endswith("s"):
        return False
    if token.ent_type_ != "PER":
        return token.ent_type_ in ("GPE", "ORG", "LOC")
    person = next((e for e in ents_from(token.doc, max(0, token.i - 3), token.i + 1) if e.end == token.i + 1), None)
    ref = person._.entity if person is not None else None
    if ref is not None and ref.name.endswith("s"):  # the name's own -s: a genitive only before a noun
        return _bare_count_noun(token.doc, token.i + 1)  # that cannot stand alone ("Iglesias Forderung")
    return ref is not None


#: Endings of feminine count nouns, which as an object or subject in the singular take an article.
COUNT_ENDINGS = ("ung", "ion", "heit", "keit", "schaft", "tät")


def _bare_count_noun(doc: Doc, i: int) -> bool:
    """True for a singular count noun at token i with no article: it is the head of a genitive name before it,
    as no object stands so ("Iglesias Forderung", not "weil Tsipras Zugeständnisse machte")."""
    if i >= len(doc):
        return False
    noun = doc[i]
    return noun.tag_ == "NN" and not noun.ent_type_ and noun.text == noun.lemma_ and noun.text.endswith(COUNT_ENDINGS)


def _takes_apposition(head: Token, before: Token) -> bool:
    """True if a name may follow this noun inside one phrase: "die Stadt Odessa", "Präsident Lula"."""
    return before.text in QUOTES or (head._.title_noun and (head.ent_type_ == "" or _compound_of_name(head))) \
        or head.text.endswith("-")


def _compound_of_name(head: Token) -> bool:
    """True for a hyphenated relational noun whose first part is a name: "das NATO-Mitglied Türkei"
    (but "die Huthi-Miliz Israel …" names the militia itself)."""
    return "-" in head.text and head.tag_ == "NN" and head.text.rsplit("-", 1)[-1] in predicate_nouns()


def _person_apposition(head: Token, name: Span | list[Token]) -> bool:
    """True if a person's full name follows a noun as its close apposition: "den Franzosen Luc
    Morel", "dem Journalisten Evan Gershkovich"; not a genitive after it ("die Rede Boris Johnsons"), nor
    after a time ("traf am Montag Sergej Lawrow")."""
    return head.tag_ == "NN" and name[0].ent_type_ == "PER" and len(name) > 1 and not name[-1].text.endswith("s") \
        and head.lemma_ not in TIME_NOUNS and head.text not in TIME_NOUNS


POSSESSIVE_ENDINGS = (("es", frozenset({"gen"})), ("em", frozenset({"dat"})), ("en", frozenset({"acc", "dat"})),
                      ("er", frozenset({"dat", "gen"})), ("e", frozenset({"nom", "acc"})))


def _cases(tokens: list[Token]) -> frozenset[str]:
    """The cases the first determiner of a phrase allows (all but the genitive if it has none)."""
    for tok in tokens:
        if tok.ent_iob_ == "I":
            continue  # the particle of a name is no determiner: "Van der Bellen", "von der Leyen"
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


DATIVE_GENITIVE = frozenset({"dat", "gen"})
FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "tät", "ion")  # Regierung, Opposition, Kommission


def _feminine(toks: Sequence[Token]) -> bool:
    """True if the first noun of a phrase is a feminine one: by its ending, a feminine role noun
    ("Ministerin") or body ("Polizei"). After "der" it is then no subject."""
    noun = next((t for t in toks if t.tag_ in HEADS), None)
    if noun is None or noun.tag_ != "NN":
        return False
    if noun.text.endswith(FEMININE_ENDINGS) or org_nouns().get(noun.lemma_) == "f":
        return True
    role = role_info(noun)
    return role is not None and role.gender == "f"


def _entity_at(sent: Span, start: int, end: int) -> tuple[int, EntityRef] | None:
    """The last entity span inside [start, end): the head of an appositive phrase."""
    found = None
    for ent in ents_from(sent.doc, start, end):
        if ent.start >= start and ent.end <= end and ent._.entity is not None:
            found = (ent.end - 1, ent._.entity)
    return found


def _head_of(doc: list[Token], j: int, stop: int, ent_end: dict[int, int]) -> int:
    """The head of the noun phrase that starts at token j (before `stop`), or -1 if none starts there.

    The phrase runs over determiners, adjectives, names and nouns; it ends where a word of another
    kind comes, where a new determiner or adjective follows its head, or where a second noun or
    name would not be the head's apposition or measure ("am Donnerstag | Odessa", "in Kiew |
    Gespräche"; but "die Stadt Odessa", "30 Millionen Euro")."""
    head, k, after_name, saxon, owner = -1, j, False, False, -1
    while k < stop:
        t = doc[k]
        if saxon and t.tag_ == "ADJA":
            owner = head
            k += 1  # "Erdogans islamisch-konservative Partei": the adjective is the noun's after the genitive
            continue
        saxon = False
        if k in ent_end:  # a known name: the head, unless it cannot stand beside the head before
            if head >= 0 and not _takes_apposition(doc[head], doc[k - 1]) \
                    and not _person_apposition(doc[head], doc[k:ent_end[k]]) \
                    and not (head in (k - 1, owner) and doc[head].ent_type_ == "PER" and genitive_name(doc[head])) \
                    and not (head == k - 1 and doc[head].lower_.endswith(NUMBER_NOUNS)):
                return head  # (but "Zehntausende Ungarn": a number of the people the name stands for)
            # a genitive name opening the phrase, not after a noun ("die Armee Russlands schwere Verluste")
            saxon = head < 0 and k == j and (j == 0 or doc[j - 1].tag_ not in ("NN", "NE")) \
                and genitive_name(doc[ent_end[k] - 1])
            head, k, after_name = ent_end[k] - 1, ent_end[k], True
            continue
        tag, text = t.tag_, t.text
        if after_name and tag == "NN" and not genitive_name(doc[head]) and \
                not (doc[head].tag_ == "ADJA" and doc[head].ent_type_ != "PER"):
            return head  # "in Kiew Gespräche" (not after "Chinas": "Chinas Staatschef"; not after a name
            # that ends in an adjective, which describes the noun: "der Frankfurter Allgemeinen Sonntagszeitung")
        if tag in ("NE", "FM") and k > j and doc[k - 1].tag_ in ("NE", "FM") and head == k - 1:
            head, k = k, k + 1  # a name of several words: „Steadfast Defender“
            continue
        after_name = False
        if text in DASHES or (text == "-" and t.whitespace_ and k > 0 and doc[k - 1].whitespace_):
            return head  # "Warschau – Der Parteichef …": a dash ends the phrase (a spaced hyphen is one)
        if text == "," and head < 0 and between_adjectives(doc, k):
            k += 1  # "die kleine, rechte Partei X"
            continue
        if text in QUOTES:
            k += 1
            continue
        if tag not in NP_INNER or (tag == "KON" and doc[k - 1].tag_ != "TRUNC"):
            return head
        if tag in HEADS:
            if head >= 0 and not _second_noun_joins(doc, head, k):
                return head
            head = k
        elif tag == "ADJA" and _measured(doc, j, head, k):
            head = -1  # "ein 3,4 Milliarden Dollar teures Angebot": the measure is the adjective's
        elif tag == "ADJA" and head >= 0 and doc[head].lower_.endswith(NUMBER_NOUNS):
            pass  # "Tausende mutmaßliche Anhänger": the number's people are the head
        elif head >= 0 and tag in ("ART", "PIAT", "PDAT", "PPOSAT", "ADV", "ADJD", "CARD", "ADJA"):
            return head  # a new phrase begins
        k += 1
    return head


ADJECTIVE_ENDINGS = ("en", "er", "em", "es", "e")  # an attributive adjective's inflection, longest first


def between_adjectives(doc: Doc | list[Token], i: int) -> bool:
    """True for a comma between two attributive adjectives with one ending ("die kleine, rechte Partei",
    "ein neues, zweijähriges Programm"): they describe one noun, no clause ends there."""
    if not 0 < i < len(doc) - 2 or doc[i - 1].tag_ != "ADJA" or doc[i + 1].tag_ != "ADJA":
        return False
    left, right = doc[i - 1].lower_, doc[i + 1].lower_
    return next((e for e in ADJECTIVE_ENDINGS if left.endswith(e)), None) == \
        next((e for e in ADJECTIVE_ENDINGS if right.endswith(e)), "-")


def _measured(doc: list[Token], j: int, head: int, k: int) -> bool:
    """True if the adjective at k is measured by the number and unit before it ("200 Kilometer langen",
    "zwei Jahre alte"): the phrase goes on to the noun the adjective describes."""
    if head != k - 1 or head == j:
        return False
    unit = doc[head]
    if unit.text.rpartition("-")[2] not in MEASURE_NOUNS and \
            not (unit.lemma_ in TIME_NOUNS and doc[k].lemma_ in AGE_ADJECTIVES):
        return False  # "vor zwei Jahren getroffene Entscheidung": a time, then the phrase
    return doc[head - 1].tag_ == "CARD" or doc[head - 1].lower_.endswith(NUMBER_NOUNS)


def _second_noun_joins(doc: list[Token], head: int, k: int) -> bool:
    """True if the noun or name at k continues the phrase whose head is at `head`: an apposition
    ("die Stadt Odessa"), an acronym, or the noun after a measure ("30 Millionen Euro")."""
    t = doc[k]
    if t.tag_ in ("NE", "FM"):
        return _takes_apposition(doc[head], doc[k - 1])
    if head == k - 1 and t.tag_ == "NN" and doc[head].tag_ == "NN" and not t.text.isupper():
        # a common noun after a title noun is the next phrase unless it is part of a name:
        # "der Gruppe Kriegsverbrechen vorwerfen" is two objects, "die Stadt Odessa" one
        return doc[head].text in MEASURE_NOUNS or doc[head].lower_.endswith(NUMBER_NOUNS) or \
            (t.ent_type_ != "" and _takes_apposition(doc[head], doc[k - 1]))
    return True


def _pronoun_at(doc: list[Token], j: int, stop: int) -> bool:
    """True for a personal pronoun, or a demonstrative standing alone ("nachdem dieser Golan …": the
    tagger may take it for a determiner, but a name takes none)."""
    if j >= stop:
        return False
    tag = doc[j].tag_
    if tag == "PIS" and doc[j].lower_ in INDEFINITES:
        return True  # "Jeder in Brüssel erkennt Österreichs Engagement an": a subject that names nobody
    if not (tag == "PPER" or doc[j].lower_ in DEMONSTRATIVES):
        return False
    return tag in ("PPER", "PDS") or (j + 1 < stop and doc[j + 1].tag_ == "NE")


def _preposition(tok: Token) -> str | None:
    """The lower-cased preposition a token is (contractions resolved), "wie" of a comparison, or None."""
    if tok.tag_ in ("APPR", "APPRART") or (tok.tag_ == "KOKOM" and tok.lower_ == "wie"):
        return CONTRACTIONS.get(tok.lower_, tok.lower_)  # "wie Netanjahu": a comparison, no argument
    if tok.tag_ == "KOKOM" and tok.lower_ == "als" and _after_comparative(tok):
        return "wie"  # "kritisierte Russland schärfer als X": a comparison too
    return None


QUANTITIES = frozenset({"mehr", "weniger", "viel", "wenig"})  # "mehr als 100 Menschen": a number, no comparison


def _after_comparative(tok: Token) -> bool:
    """True for an "als" after a comparative in its sentence ("härter … als X"), not before a number."""
    doc, start = tok.doc, tok.sent.start
    if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "CARD":
        return False
    return any(t.tag_ in ("ADJD", "ADV") and t.lower_.endswith("er") and t.lower_ != t.lemma_.lower()
               and t.lemma_.lower() not in QUANTITIES for t in doc[start:tok.i])


def _upto(doc: list[Token], i: int, end: int) -> bool:
    """True for the "zu" of "bis zu" before a number: "bis zu 500 Soldaten" bounds a quantity."""
    return doc[i].lower_ == "zu" and i > 0 and doc[i - 1].lower_ == "bis" and i + 1 < end and \
        doc[i + 1].tag_ == "CARD"


def chunk(sent: Span) -> list[Phrase]:
    """Noun phrases of a sentence, left to right, with genitives attached and conjuncts grouped."""
    doc = doc_tokens(sent.doc)
    ent_end = {e.start: e.end for e in ents_from(sent.doc, sent.start, sent.end)
               if e.start >= sent.start and e.end <= sent.end}
    phrases: list[Phrase] = []
    outer: tuple[int, str] | None = None  # a preposition whose noun comes after a participle's attribute
    i = sent.start
    while i < sent.end:
        if _upto(doc, i, sent.end):
            i += 1  # "bis zu 24 Jahre Haft": a quantity's bound, no preposition
            continue
        prep = _preposition(doc[i])
        j = i + 1 if prep is not None else i
        if prep is not None and j < sent.end and _preposition(doc[j]) is not None and doc[j].tag_ == "APPR":
            outer, i = (i, prep), j  # "bei mit Messern verübten Angriffen": "bei" is the Angriffe's
            continue
        if doc[i].pos_ in ("VERB", "AUX") and doc[i].tag_ != "ADJA":
            outer = None
        if _pronoun_at(doc, j, sent.end):
            low = doc[j].lower_
            phrases.append(Phrase(j, j + 1, j, prep, PRONOUN_CASES.get(low, ANY_CASE), pronoun=True, begin=i))
            i = j + 1
            continue
        while prep is None and j < sent.end and (doc[j].lower_ in FOCUS_WORDS or doc[j].text in CLOSING
                                                 or (doc[j].tag_ == "ADV" and doc[j].lower_ != "so")):
            j += 1  # "noch die Ukraine", "zuvor den Präsidenten": the adverb belongs to no phrase, nor a bracket's end
        head = _head_of(doc, j, sent.end, ent_end)
        if head < 0:
            i = max(i + 1, j)
            continue
        if outer is not None and prep is None and doc[j].tag_ == "ADJA":
            (i, prep), outer = outer, None  # the participle's noun takes the preposition before its attribute
        phrases.append(_phrase(sent, i, j, head, prep))
        i = head + 1
    _attributive_agents(sent, phrases)
    return _group(sent, _appositions(sent, _attach_genitives(sent, phrases)))


def _phrase(sent: Span, begin: int, start: int, head: int, prep: str | None) -> Phrase:
    """The phrase from `start` to `head` (its preposition at `begin`), with its cases and entity."""
    doc = doc_tokens(sent.doc)
    toks = doc[start:head + 1]  # head >= start
    neg = any(t.lower_.startswith("kein") for t in toks)
    cases = _cases(toks)
    if toks[0].lower_ in ("der", "einer") and _feminine(toks):
        cases = DATIVE_GENITIVE  # "Der Regierung warf X vor", "Der Ministerin Y dankte X": no subject
    phrase = Phrase(start, head + 1, head, prep, cases, negated=neg, begin=begin,
                    time=toks[-1].lemma_ in TIME_NOUNS or toks[-1].text in TIME_NOUNS)
    hit = _entity_at(sent, start, head + 1)
    if hit is not None:
        phrase.entity = hit[1]
    if head + 1 < sent.end and doc[head + 1].tag_ == "APPO":
        phrase.prep = doc[head + 1].lower_  # a postposition: "Behörden zufolge"
    return phrase


def next_to(doc: Doc | list[Token], end: int, start: int) -> bool:
    """True if a phrase starting at `start` follows one ending at `end`, maybe after a short form in brackets
    ("von Finanzminister X (ÖVP) erhobene Forderung")."""
    return start == end or (end < len(doc) and doc[end].text == "(" and doc[start - 1].text == ")"
                            and 0 < start - end <= 6)


def _attributive_agents(sent: Span, phrases: list[Phrase]) -> None:
    """Mark "von X" before a participle adjective as the participle's agent, not the clause's: "der
    [von Iran] unterstützten Hisbollah", and any phrase an article opens before an adjective: "die
    [in London] ansässige Organisation"; the noun phrase then begins at the article before it."""
    doc = doc_tokens(sent.doc)
    for n, agent in enumerate(phrases):
        noun = next((p for p in phrases[n + 1:n + 3] if next_to(doc, agent.end, p.start) and doc[p.start].text != "("),
                    None)
        if noun is None:
            continue
        before = doc[agent.begin - 1] if agent.begin > sent.start else None
        framed = before is not None and before.tag_ == "ART" and agent.prep is not None
        if doc[noun.start].tag_ == "ADJA" and (
                (agent.prep == "von" and doc[noun.start]._.verb_lemma) or framed):
            agent.attributive = True
            if before is not None and before.lower_ in DETERMINER_CASES and before.tag_ == "ART":
                noun.begin = before.i
                if noun.cases == ANY_CASE or noun.entity is not None:
                    noun.cases = DETERMINER_CASES[before.lower_]  # "Der von Ägypten vorgelegte Plan"


def _attach_genitives(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """Fold a genitive into the phrase right before it (ein Treffen des Kremlchefs …, Kiews), and
    a von/aus phrase into a transparent noun before it (der Hafen von Hodeidah, Delegationen aus X)."""
    out: list[Phrase] = []
    doc = doc_tokens(sent.doc)
    for ph in phrases:
        if ph.attributive:  # "der [von Iran] unterstützten Hisbollah": inside the next phrase
            out.append(ph)
            continue
        prev = next((p for p in reversed(out) if not p.attributive), None)
        if prev is not None and prev.genitive is not None and prev.genitive.genitive is None and \
                ph.begin == prev.genitive.end and ph.prep in ("von", "aus") and \
                transparent_kind(doc[prev.genitive.head].lemma_):
            prev.genitive.genitive = ph  # "nach Angaben der Vermittler aus Katar"
            continue
        if prev is None or prev.genitive is not None or prev.pronoun or ph.begin != prev.end:
            out.append(ph)
            continue
        # "Den Angaben der Beobachtungsstelle zufolge": the postposition is the whole phrase's
        post = ph.prep if prev.prep is None and ph.end < sent.end and doc[ph.end].tag_ == "APPO" else None
        bare = ph.prep is None or post is not None
        first = doc[ph.begin] if bare and doc[ph.begin].tag_ == "ART" else doc[ph.start]
        genitive_article = bare and (first.lower_ in GENITIVE_STARTERS or (
            first.tag_ == "ADJA" and first.lower_.endswith("er") and first.i != ph.head))
        named_genitive = (bare and ph.entity is not None and doc[ph.start].tag_ != "ART"
                          and ph.entity.surface.endswith("s") and not ph.entity.name.endswith("s"))
        kind = transparent_kind(doc[prev.head].lemma_)
        attribute = (ph.prep in ("von", "aus") and kind is not None) or (
            ph.prep in ("in", "bei") and kind == "part" and ph.entity is not None)
        # a name takes no genitive after it: "dass die USA der Ukraine Waffen liefern", "die UN der
        # Gruppe Verbrechen vorwerfen" (a dative)
        named_head = prev.entity is not None and (prev.entity.type in ("Country", "Person") or (
            doc[prev.head].tag_ in ("NE", "FM") and prev.entity.surface == doc[prev.head].text)) and not attribute
        # a point of time takes only a genitive of time: "Anfang der Woche", not "im März | der NATO"
        timed = prev.time and not ph.time
        if ((genitive_article and "gen" in ph.cases) or named_genitive or attribute) and not named_head \
                and not timed:
            prev.genitive = ph
            if post is not None:
                prev.prep, ph.prep = post, None
            continue
        out.append(ph)
    return out


def _appositions(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """A title phrase and the name after its comma are one: "die Sprecherin des Ministeriums, Maria
    Sacharowa," and "der US-Sondergesandte für die Ukraine, Keith Kellogg," name the person; a short
    form in brackets after a phrase is dropped: it is no argument of its own."""
    doc = doc_tokens(sent.doc)
    out: list[Phrase] = []
    appositive = -1  # where a person's office in apposition began
    office_last = -1  # the last token of that office ("…, Präsident des Rechtsanwaltskammertages (ÖRAK)")
    aside = -1  # the closing bracket of a short form being skipped ("(SZ, Wochenendausgabe)")
    for ph in phrases:
        if ph.start < aside:
            continue
        first = ph.begin if doc[ph.begin].text == "(" else ph.begin - 1
        close = next((t.i for t in doc[ph.end:min(sent.end, ph.end + 4)] if t.text == ")"), None)
        if out and first > sent.start and doc[first].text == "(" and first in (out[-1].last, office_last) and \
                close is not None and not any(t.pos_ in ("VERB", "AUX") for t in doc[ph.end:close]):
            aside = close
            continue  # "der Partei Recht und Gerechtigkeit (PiS)": a short form in brackets, no argument
        # (not "…, so X": the speaker of what the clause says, no apposition to a noun in it)
        after_comma = ph.begin > 0 and doc[ph.begin - 1].text == "," and doc[ph.start].lower_ != "so"
        if out and after_comma and _role_after_person(doc, out[-1], ph):
            appositive = ph.begin  # "Hans Müller, Chef der Deutschen Bank, …": the person's office, no argument
            office_last = ph.last
            continue
        joined = ph.begin == office_last or (ph.begin == office_last + 1 and doc[office_last].lower_ == "und")
        if out and appositive >= 0 and (ph.prep in APPOSITIVE_PREPS or joined) and not any(
                t.text == "," for t in doc[appositive:ph.begin]):
            office_last = max(office_last, ph.last)  # "…, Obmann der Kurie niedergelassene Ärzte": one office
            continue  # "…, Politologe an der Universität São Paulo, …"
        appositive = -1
        # (right after the phrases before the comma: "forderte die Regierung auf, die Journalistin X
        # freizulassen" names no Regierung)
        if out and after_comma and ph.entity is not None and ph.entity.type == "Person" and ph.prep is None \
                and next_to(doc, out[-1].last, ph.begin - 1):
            for k in range(len(out) - 1, max(-1, len(out) - 3), -1):
                title = out[k]
                related = doc[title.head].lemma_ in predicate_nouns()  # "Ein Verbündeter Serbiens, X,": X
                describes = doc[title.head]._.title_noun or related
                # "mit dem Alterspräsidenten des Parlaments, dem CHP-Abgeordneten X,": a case shown by both
                framed = title.prep is None or (ph.cases != ANY_CASE and bool(ph.cases & title.cases))
                if (title.entity is None or related) and describes and framed:
                    title.entity = ph.entity
                    del out[k + 1:]
                    break
            else:
                out.append(ph)
            continue
        out.append(ph)
    return out


APPOSITIVE_PREPS = frozenset({"an", "bei", "von", "für", "in"})


def _role_after_person(doc: list[Token], person: Phrase, ph: Phrase) -> bool:
    """True if `ph` is a person's office in apposition: "Hans Müller, Chef der Deutschen Bank,"."""
    return (person.entity is not None and person.entity.type == "Person" and ph.entity is None
            and ph.prep is None and person.last == ph.begin - 1 and ph.head - ph.start <= 3
            and (doc[ph.head]._.title_noun or _title_after_und(doc, ph)))


def _title_after_und(doc: list[Token], ph: Phrase) -> bool:
    """True for a bare noun joined by "und" to an office: "Hans Frey, Veterinärmediziner und Leiter der Y"."""
    k = ph.last
    return ph.start == ph.head and k + 1 < len(doc) and doc[k].lower_ == "und" and doc[k + 1]._.title_noun


def _coordinated_title(doc: list[Token], first: Phrase, second: Phrase) -> bool:
    """True if `first` is a bare office noun that `second`'s titled person also holds: "Vizekanzler
    und Parteichef Reinhold Mitterlehner" is one person, not two conjuncts."""
    return (first.head == first.end - 1 and all(t.tag_ == "ART" for t in doc[first.start:first.head])
            and not first.conjuncts and first.genitive is None and first.entity is None
            and role_lemma(doc[first.head]) is not None and second.entity is not None
            and second.entity.type == "Person" and second.prep in (None, first.prep)
            and role_lemma(doc[second.start]) is not None)


def _bare_singular(doc: list[Token], ph: Phrase) -> bool:
    """True for a singular noun alone, with no article of its own: after a genitive and "und" it shares the
    genitive's article ("Gruppen des Separatismus und Extremismus")."""
    head = doc[ph.head]
    return ph.start == ph.head and head.tag_ == "NN" and head.text == head.lemma_ and not ph.genitive


def _unbracketed(tokens: Sequence[Token]) -> list[Token]:
    """The tokens without a short bracket at their start: a party or acronym after a name ("A (SPÖ) und B")."""
    words = list(tokens)
    if len(words) > 2 and words[0].text == "(" and words[2].text == ")" and words[1].text[:1].isalpha():
        return words[3:]  # (not a minute or a score: "Brandt (54.), Bellarabi (56.) und …")
    return words


LIST_ENDS = ("und", "sowie", "oder")


def in_noun_list(doc: list[Token], i: int, end: int) -> bool:
    """True for a comma between bare nouns of a list that "und", "oder" or "sowie" closes with another bare
    noun: "mit Messern, Autos oder Schusswaffen" (no article, so no new clause's subject starts after it)."""
    if i == 0 or doc[i - 1].tag_ != "NN":
        return False
    k = i + 1
    while k < end and doc[k].tag_ in ("ADJA", "NN"):
        k += 1
    return k > i + 1 and doc[k - 1].tag_ == "NN" and k + 1 < end and doc[k].lower_ in LIST_ENDS \
        and doc[k + 1].tag_ in ("NN", "ADJA")


def _listed_before_verb(doc: list[Token], sent: Span, ph: Phrase) -> bool:
    """True for a phrase after a comma in a list of phrases before the sentence's finite verb, which
    "und" closes: one constituent, as only one stands before a main clause's verb ("Die EU,
    Deutschland und Frankreich kritisierten Russland")."""
    if any(t.tag_ in FINITE_TAGS or t.tag_ in ("KOUS", "PRELS", "PWS", "PWAV") for t in doc[sent.start:ph.start]):
        return False
    for tok in doc[ph.end:sent.end]:
        if tok.tag_ in FINITE_TAGS or (tok.is_punct and tok.text != ","):
            return False
        if tok.lower_ in LIST_ENDS:
            return True
    return False


def _group(sent: Span, phrases: list[Phrase]) -> list[Phrase]:
    """Group "X und Y", "X sowie Y", "X oder Y", "sowohl X als auch Y" (same preposition or none)
    into one phrase.

    After a phrase with a genitive, a genitive-like conjunct joins the genitive ("Vertreter Japans
    und Südkoreas").
    """
    out: list[Phrase] = []
    doc = doc_tokens(sent.doc)
    for ph in phrases:
        prev = out[-1] if out else None
        if prev is not None and not ph.pronoun:
            last = prev.members[-1]
            target = last.genitive.members[-1] if last.genitive else last
            between = _unbracketed(doc[target.end:ph.start])  # "A (SPÖ) und B (ÖVP)"
            before = doc[max(sent.start, prev.begin - 2):prev.start]  # words before the first conjunct
            listed = len(between) == 1 and between[0].text == "," and ph.prep is None and (
                (ph.entity is not None and target.entity is not None and ph.entity.type == target.entity.type)
                or (prev.prep is None and _listed_before_verb(doc, sent, ph))  # "in Fordo, Natans und Isfahan"
                or in_noun_list(doc, between[0].i, sent.end))  # "mit Messern, Autos oder Schusswaffen"
            if listed:
                (last.genitive if last.genitive is not None else prev).conjuncts.append(ph)
                continue
            words = [t.lower_ for t in between if t.text != ","]
            if words == ["sondern", "auch"] and ph.prep == prev.prep and \
                    [t.lower_ for t in before][-2:] == ["nicht", "nur"]:
                prev.conjuncts.append(ph)  # "nicht nur Frankreich, sondern auch Italien"
                continue
            gap = _unbracketed(doc[target.end:ph.begin if ph.prep else ph.start])
            bare = [t.lower_ for t in gap if t.text != ","]
            if bare == ["als", "auch"] and ph.prep == prev.prep and any(t.lower_ == "sowohl" for t in before):
                prev.conjuncts.append(ph)  # "sowohl Frankreich als auch Italien"
                continue
            if len(between) == 1 and between[0].text in ("und", "sowie") and _coordinated_title(doc, prev, ph):
                out[-1] = replace(ph, begin=prev.begin, start=prev.start)  # one person with two offices
                continue
            if len(between) == 1 and (between[0].text in ("und", "sowie", "oder") or
                                      (between[0].text == "noch" and any(t.lower_ == "weder" for t in before))):
                if last.genitive is not None and ph.prep is None and (
                        "gen" in ph.cases or ph.entity is not None or _bare_singular(doc, ph)):
                    last.genitive.conjuncts.append(ph)
                    continue
                if ph.prep is None or ph.prep == prev.prep:
                    prev.conjuncts.append(ph)
                    continue
        out.append(ph)
    return out
