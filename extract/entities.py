"""Entity recognition from gazetteers and cues: countries, organizations, places, persons.

Spans go to `doc.ents` with labels PER, ORG, GPE (countries), LOC and `kb_id_` set to the entity key.
A statistical recognizer that ran before this component keeps the spans no rule claims.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from geokg.extract.ents import doc_tokens, frozen_tokens
from geokg.extract.kb import KBEntry, KnowledgeBase, body_name, knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import (compound_tail, descriptions, entity_cues, institution, org_nouns,
                                          org_patterns, place_patterns, proper_cues, transparent_nouns,
                                          unit_nouns)
from geokg.extract.model import EntityRef
from geokg.extract.phrases import PhraseIndex
from geokg.extract.tagger import CACHE_SIZE

LABELS = {"Person": "PER", "Organization": "ORG", "Country": "GPE", "Location": "LOC"}
TYPES = {v: k for k, v in LABELS.items()}
NAME_TAGS = frozenset({"NE", "NN", "FM", "XY", "ADJA", "ADJD", "VVFIN", "VVPP", "TRUNC"})
# Words of time that a statistical model may take for part of a name ("am Donnerstag Odessa").
TIME_WORDS = frozenset({"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
                        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                        "Oktober", "November", "Dezember", "Nacht", "Abend", "Morgen", "Wochenende"})
# Particles inside a name wherever they stand (Lula da Silva, Tamim bin Hamad); "von" and "zu" only
# right after a first name (Ursula von der Leyen), since "X Y von Z" is mostly X Y of Z.
NAME_PARTICLES = frozenset({"van", "de", "da", "do", "dos", "di", "del", "la", "le", "bin", "ibn", "al", "el",
                            "ten", "ter"})
PARTICLE_WORDS = NAME_PARTICLES | {"von", "zu", "der", "den", "dem"}  # all that may stand inside a name
# Capitalised words that never belong to a name even when the tagger calls them NE.
NOT_NAME = frozenset({"Der", "Die", "Das", "Ein", "Eine", "Und", "Uhr", "Stand", "Liveblog"})

# Nouns beside which a name stands in apposition, besides cues, roles and state bodies.
TITLE_NOUNS = frozenset({"Manöver", "Operation", "Mission", "Tanker", "Schiff", "Frachter", "Flugzeugträger",
                         "Abkommen", "Plan", "Gipfel", "Konferenz", "Format", "Gruppe", "Bündnis",
                         "Allianz", "Koalition", "Initiative", "Resolution", "System", "Flüchtlingslager",
                         "Lager", "Atomanlage", "Anlage", "Kraftwerk", "Kernkraftwerk", "Mitglied"})
# Compounds ending in these name a place the name beside them denotes (Industriegebiet Donbass).
LOCATION_SUFFIXES = ("gebiet", "region", "stadt", "provinz", "insel", "hafen", "dorf", "ortschaft")
# Role nouns that are also common surnames, taken as such right after a first name ("Peter Kaiser (SPÖ)").
TITLE_SURNAMES = frozenset({"Kaiser", "König", "Richter", "Prinz", "Marschall", "Kanzler", "Sultan"})
# Kinds of place whose names are also surnames, taken as such after a name word.
SURNAME_PLACES = frozenset({"river", "lake", "mountains"})
ARTICLE_NAME = re.compile(r"(?:al|el|ad|as|asch|an|ar|at|az)-[A-ZÄÖÜ][\w'-]+")  # al-Naba, el-Baradei
HOUSE_NUMBER = re.compile(r"[1-9][0-9]{0,3}[a-z]?")
if not Doc.has_extension("persons"):
    Doc.set_extension("persons", default=None)  # surname → full name, filled while recognizing
if not Doc.has_extension("compound_names"):
    Doc.set_extension("compound_names", default=None)  # bodies named inside a compound: mentioned, no argument
if not Span.has_extension("entity"):
    Span.set_extension("entity", default=None)  # the EntityRef of an entity span
if not Token.has_extension("country"):
    Token.set_extension("country", default=None)  # the KB entry a demonym or prefix points to


#: A token's `_.country`, its `_.title_noun` and its place shape (`_place_shape`).
Hints = tuple[KBEntry | None, bool, str | None]


def role_lemma(token: Token) -> str | None:
    """The role noun a token is or ends in (US-Präsident → Präsident, Erweiterungskommissarin), if any."""
    return _role_lemma_of(token.orth, token.lemma, token.vocab.strings)


@lru_cache(maxsize=100_000)
def _role_lemma_of(orth: int, lemma: int, strings: StringStore) -> str | None:
    """`_role_lemma` by the ids of a token's text and lemma: asked for most tokens, twice, it makes no strings."""
    return _role_lemma(strings[orth], strings[lemma])


def _role_lemma(text: str, lemma: str) -> str | None:
    """`role_lemma` of a token's text and lemma."""
    if not text[:1].isupper():
        return None
    return role_of(text) or role_of(lemma)


@lru_cache(maxsize=50_000)
def role_info(token: Token) -> gazetteer.RoleNoun | None:
    """The role noun entry a token is or ends in ("Innenministerin" → its gender, relation, …), if any."""
    return gazetteer.role_nouns().get(role_lemma(token) or "")


def role_of(word: str) -> str | None:
    """The role noun a word is, or is a compound of (the longest role noun it ends in)."""
    roles = gazetteer.role_nouns()
    tail = word.rsplit("-", 1)[-1]
    tail = tail[:1].upper() + tail[1:]  # a lemma's part after a hyphen is lower-cased: "Ögb-präsident"
    if tail.startswith("Ex") and tail[2:].capitalize() in roles:
        return tail[2:].capitalize()  # "Expräsident": too short a prefix for a compound
    return word if word in roles else compound_tail(tail, roles, shortest=5)


@lru_cache(maxsize=50_000)
def _title_compound(word: str) -> bool:
    """True for a noun of TITLE_NOUNS or a compound of one ("NATO-Mitglied", "Rebellengruppe"),
    beside which a name stands as its close apposition."""
    tail = word.rsplit("-", 1)[-1]
    return tail in TITLE_NOUNS or (tail[:1].isupper() and compound_tail(tail, TITLE_NOUNS, shortest=5) is not None)


@lru_cache(maxsize=50_000)
def _cue_compound(lemma: str) -> bool:
    """True for a compound of a cue noun, beside which a known name stands: "die Ölkonzerne Rosneft
    und Lukoil", "der Rüstungskonzern Rheinmetall" (a cue's compounds announce no unknown name)."""
    return lemma.lower()[2:].endswith(_cue_tails(None))  # a cue after two letters or more


@lru_cache(maxsize=2)
def _cue_tails(label: str | None) -> tuple[str, ...]:
    """The cue nouns of five letters or more, lower case: those of one label, or all."""
    return tuple(cue.lower() for cue, kind in entity_cues().items() if len(cue) >= 5 and label in (None, kind))


@lru_cache(maxsize=50_000)
def _compound_cue(word: str) -> str | None:
    """The label of the cue noun a compound ends in, for cues of organizations only ("Arbeiterpartei",
    "Indigena-Partei", "Islamistenmiliz"): a compound place cue (Industriestadt) is left to the gazetteer."""
    tail = word.rsplit("-", 1)[-1]
    cues = entity_cues()
    if tail in cues:
        return cues[tail] if cues[tail] == "ORG" and "-" in word else None
    return "ORG" if tail.lower()[3:].endswith(_cue_tails("ORG")) else None  # a cue after three letters or more


def _indefinite(toks: list[Token], i: int) -> bool:
    """True if the noun at i has an indefinite article or 'kein' before it, past its adjectives:
    "einen gesamtschweizerischen Dachverband gründen" names no institution."""
    j = i - 1
    while j >= 0 and toks[j].tag_ in ("ADJA", "ADV"):
        j -= 1
    return j >= 0 and toks[j].lower_.startswith(("ein", "kein")) and toks[j].tag_ in ("ART", "PIAT")


def _place_shape(text: str) -> str | None:
    """"road" for a road designator (B, Bundesstraße), "street" for a street's name (Linienstraße,
    Karl-Marx-Allee), else None: the shapes `_place_shape_spans` looks for."""
    shapes = place_patterns()
    if shapes.get(text) == "road":
        return "road"
    streets = tuple(w for w, kind in shapes.items() if kind == "street")
    low = text.lower()
    if text[:1].isupper() and shapes.get(text) != "common" and low.endswith(streets) and low not in streets:
        return "street"
    return None


def _name_like(span: Span) -> bool:
    """True if every word of a span can be part of a name: capitalised (no noun of time) or a particle."""
    return all((t.text[:1].isupper() or t.text[:1].isdigit() or t.text in NAME_PARTICLES or t.text in "-.&")
               and t.text not in TIME_WORDS for t in span)


def _name_token(token: Token, kb: KnowledgeBase) -> bool:
    """True if the token can be part of a person's name."""
    t = token.text
    return (len(t) > 1 and (t[0].isupper() or ARTICLE_NAME.fullmatch(t) is not None) and t not in NOT_NAME
            and token.tag_ in NAME_TAGS
            and not any(c.isdigit() for c in t) and role_lemma(token) is None
            and token.lemma_ not in entity_cues() and kb.country_of(t) is None)


def _next_name(doc: Doc | Span | list[Token], j: int, kb: KnowledgeBase, known: dict[str, str] | None) -> bool:
    """True if a second person's name starts at j, right after a surname: a first name followed by a
    name ("warf Viktor Orbán Ferenc Gyurcsány … vor"), or the surname of a person named before
    ("warf Lech Kaczyński Wałęsa … vor")."""
    tok, prev = doc[j], doc[j - 1]
    if prev.text in gazetteer.first_names() or prev.text in NAME_PARTICLES or prev.text[:1].islower():
        return False
    after = j + 1 < len(doc) and _name_token(doc[j + 1], kb)
    if known and tok.text in known and " " in known[tok.text] \
            and prev.text not in known[tok.text].replace("-", " ").split():  # Maréchal-Le Pen, Jean-Marie Le Pen
        return not after or doc[j + 1].tag_ == "NN"
    return tok.text in gazetteer.first_names() and after


def _before_person(span: Span, ruled: list[Span]) -> Span:
    """A statistical person's name cut before the surname of a person named before, which ends it:
    "warf Lech Kaczyński Wałęsa … vor" leaves Lech Kaczyński; otherwise the span as it is."""
    if span.label_ != "PER" or len(ruled) != 1 or ruled[0].label_ != "PER" or len(ruled[0]) > 1 \
            or ruled[0].end != span.end or span.doc._.persons.get(ruled[0].text) == span.text:
        return span
    cut = min(r.start for r in ruled)
    return Span(span.doc, span.start, cut, label="PER") if cut - span.start >= 2 else span


def _name_after(doc: Doc | list[Token], i: int, kb: KnowledgeBase, limit: int = 3, first_name: bool = False,
                known: dict[str, str] | None = None) -> int:
    """End (exclusive) of a run of name tokens starting at i, at most `limit` name words long;
    particles inside a name are kept (Ursula von der Leyen, Lula da Silva). After a name word or
    a `first_name`, a river's or mountain's name is a surname (Gideon Saar, Boris Rhein, Václav
    Havel); a city's is not ("IAEA-Chef Rafael Grossi Teheran aufgefordert")."""
    j, words = i, 0
    while j < len(doc) and words < limit:
        tok = doc[j]
        if j > i and doc[j - 1].text.endswith("s") and tok.tag_ == "NN" and not tok.text.isupper() \
                and doc[j - 1].text not in gazetteer.first_names():  # "Experte Klaus Landzettel"
            break  # a genitive ends the name: "Wladimir Putins Rede", "Ferdinand Hodlers Gemälde"
        entry = kb.lookup(tok.text)
        # after an initial, a place's name is a surname too: "John F. Kennedy" (Kennedy, Colombia)
        initial = j > i and len(doc[j - 1].text) == 2 and doc[j - 1].text[0].isupper() and doc[j - 1].text[1] == "."
        unknown = entry is None or ((words or first_name) and entry.kind in SURNAME_PLACES) or initial
        surname = tok.text in TITLE_SURNAMES and words < 2 and (
            (first_name and j == i) or (j > i and doc[j - 1].text in gazetteer.first_names()))
        if words and first_name and (_next_name(doc, j, kb, known) or (
                tok.tag_ == "NN" and doc[j - 1].text not in gazetteer.first_names())):
            while j > i and doc[j - 1].text in PARTICLE_WORDS:
                j -= 1  # "Andreas Baur von der Steuerungsgruppe": the particles were no name's
            break  # "warf Thomas Schmid Betrug vor": a common noun after the surname ends the name
        if (_name_token(tok, kb) or surname) and unknown and (words < 2 or tok.tag_ in ("NE", "FM")):
            j, words = j + 1, words + 1  # a third name word must look like a name, not "Trainer"
            continue
        k = j
        if words and k < len(doc) and (doc[k].text in NAME_PARTICLES or (
                words == 1 and doc[k].text in ("von", "zu"))):  # "Ursula von der Leyen", not "X Y von Z"
            k += 1
            while k < len(doc) and doc[k].text in ("der", "den", "dem"):
                k += 1
        if k > j and k < len(doc) and _name_token(doc[k], kb) and kb.lookup(doc[k].text) is None \
                and doc[k].tag_ != "ADJA":  # "Andre Schiele von der Europäischen Raumfahrtagentur"
            j = k
            continue
        break
    return j


def name_forms(kb: KnowledgeBase) -> Iterator[tuple[str, list[str]]]:
    """(key, forms) of each gazetteer name: the name, and its genitive in -s where it takes one."""
    for surface, entry in sorted(kb.by_name.items()):
        forms = [surface]
        if surface[-1:].isalpha() and surface[-1] not in "sxzß" and entry.type != "Person" \
                and surface + "s" not in kb.by_name:
            forms.append(surface + "s")  # the genitive: Russlands, Taiwans, der NATOs
        yield entry.key, forms


class EntityRecognizer:
    """Marks gazetteer names, role- and cue-announced names, first-name persons and state bodies."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = knowledge_base()
        self.first_names = gazetteer.first_names()
        # the last word of every known person's name, also those whose surname alone is a word and no
        # name by itself ("Kurz"): after a role noun it is one ("Kanzler Kurz")
        full = [(e.name.rsplit(" ", 1)[-1], e.name) for e in self.kb.by_key.values() if e.type == "Person"
                and " " in e.name]
        shared = Counter(last for last, _ in full)
        self.family_names = {last: name for last, name in full if shared[last] == 1}
        self.names = PhraseIndex(nlp.tokenizer)
        for key, forms in name_forms(self.kb):
            self.names.add(key, forms)
        self.surnames = [(surname, self.kb.by_key[key].name) for surname, key in self.kb.surnames.items()]
        self.hints: dict[tuple[int, int, int], Hints] = {}  # `_hints`, by the ids of text, lemma and tag

    def __call__(self, doc: Doc) -> Doc:
        """Set doc.ents and each span's `_.entity`."""
        with frozen_tokens(doc):  # the rules read every token in several passes
            return self._recognize(doc)

    def _recognize(self, doc: Doc) -> Doc:
        """`__call__` on a doc whose tokens are frozen."""
        if doc._.persons is None:  # an empty dict is the document's own, shared by its chunks
            doc._.persons = {}
        persons = doc._.persons
        for surname, name in self.surnames:  # "Selenskyj" alone: the well-known one, unless
            persons.setdefault(surname, name)  # the text named another before
        hints = self.hints
        places = []  # (token index, place shape)
        for tok in doc_tokens(doc):  # the ids make no strings: a hint is read for every token
            country, title, place = hints.get((tok.orth, tok.lemma, tok.tag)) or self._hints(tok)
            if country is not None:  # the defaults (None, False) stay unset: each set costs a dict entry
                tok._.country = country
            if title:
                tok._.title_noun = True
            if place is not None:
                places.append((tok.i, place))
        statistical = [s for s in doc.ents if s.label_ in TYPES and not s.kb_id_]  # from geokg_ner
        for span in statistical:  # "Lech Wałęsa … Wałęsa war": the surname alone is that person later on
            if span.label_ == "PER" and len(span) > 1 and _name_like(span):
                persons.setdefault(span[-1].text, span.text)
        doc._.compound_names = []
        spans = self._gazetteer_spans(doc) + self._person_spans(doc) + self._cue_spans(doc)
        spans += self._org_noun_spans(doc) + self._compound_spans(doc) + self._org_shape_spans(doc)
        spans += self._place_shape_spans(doc, places)
        ruled = filter_spans(spans)  # sorted by start, none overlapping
        starts = [r.start for r in ruled]

        def overlapping(span: Span) -> list[Span]:
            """The rule spans that share a token with `span`."""
            first = max(0, bisect_left(starts, span.start) - 1)
            return [r for r in ruled[first:bisect_left(starts, span.end)] if r.end > span.start]

        # a longer statistical name around a single place wins: "FC Bayern München", "Universität Jena"
        # but not a place followed by a common noun: "in Kiew Gespräche"
        wider = [s for s in statistical if _name_like(s) and not any(t._.title_noun for t in s)
                 and any(r.start >= s.start and r.end <= s.end and len(s) > len(r) for r in overlapping(s))
                 and all(r.label_ in ("LOC", "GPE") for r in overlapping(s))
                 and all(t.tag_ != "NN" for t in s.doc[max(r.end for r in overlapping(s)):s.end])]
        ruled = filter_spans(wider + [r for r in ruled if not any(w.start <= r.start and r.end <= w.end
                                                                 for w in wider)])
        taken = {i for s in ruled for i in range(s.start, s.end)}
        statistical = [_before_person(s, overlapping(s)) for s in statistical]
        extra = [c for s in statistical if not taken & set(range(s.start, s.end)) for c in self._checked(s)]
        doc.set_ents(_joined_names(sorted(ruled + extra, key=lambda s: s.start)), default="outside")
        # parties.py builds on this module (role_lemma), hence the import here; it reads the
        # document's country, so it runs once doc.ents is set
        from geokg.extract.parties import party_names
        party_names(doc)
        for span in doc.ents:
            span._.entity = self._ref(span)
        return doc

    def _checked(self, span: Span) -> list[Span]:
        """A statistical span the rules let stand, its type corrected: dropped if it has no
        capitalised word or is a demonym; a person if it starts with a known first name; two
        persons if a second name starts inside it."""
        if not _name_like(span) or all(t.tag_ in ("ADJA", "ADJD") for t in span):
            return []
        if len(span) == 1 and (span[0].tag_ not in ("NE", "FM", "XY") or span[0].lemma_ in entity_cues()):
            return []  # one word the tagger calls a common noun or pronoun: "Niemand", "Brand", "Frieden"
        if span[0].text in self.first_names and span.label_ != "PER" and len(span) > 1:
            span = Span(span.doc, span.start, span.end, label="PER")
        if span.label_ != "PER" or len(span) < 2:
            return [span]
        doc = span.doc
        cut = None
        if span[0].text in self.first_names or span[-1].text in doc._.persons:  # two full names
            cut = next((j for j in range(span.start + 2, span.end)
                        if (doc[j].text == span[0].text and j + 1 < span.end)
                        or _next_name(span, j - span.start, self.kb, doc._.persons)), None)
        parts = [span] if cut is None else [Span(doc, span.start, cut, label="PER"),
                                            Span(doc, cut, span.end, label="PER")]
        for part in parts:
            if len(part) > 1:  # (a surname alone cut off is the person named before: keep that one)
                doc._.persons[part[-1].text] = part.text  # a later surname alone is this person
        return parts

    def _hints(self, token: Token) -> Hints:
        """A token's `Hints`, from its text, lemma and tag: kept in `hints`."""
        text, lemma, tag = token.text, token.lemma_, token.tag_
        cues = entity_cues()
        title = (lemma in cues or text in cues or _role_lemma(text, lemma) is not None
                 or lemma in org_nouns() or _title_compound(text)
                 or (tag == "NN" and (lemma.endswith(LOCATION_SUFFIXES) or _cue_compound(lemma))))
        if len(self.hints) >= CACHE_SIZE:
            self.hints.clear()
        found = self.hints[token.orth, token.lemma, token.tag] = (self._country_hint(text, tag), title,
                                                                 _place_shape(text))
        return found

    def _country_hint(self, text: str, tag: str) -> KBEntry | None:
        """Demonym adjective (russischen) or compound prefix (US-, NATO-) of a token."""
        if tag == "ADJA" or text[:1].islower():
            return self.kb.country_of(text)
        if "-" in text:
            prefix = text.split("-", 1)[0]
            found = self.kb.country_of(prefix)
            if found is None:  # a country's own name: "Vatikan-Sprecher"
                entry = self.kb.lookup(prefix)
                found = entry if entry is not None and entry.type == "Country" else None
            return found
        return None

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        spans = []
        toks = doc_tokens(doc)
        for key, start, end in self.names(doc):
            entry = self.kb.by_key[key]
            if end - start == 1 and toks[start].tag_ in ("ADJA", "ADJD", "VVFIN", "VVINF"):
                continue  # a name that is also a word ("Sieg"), used as a word here
            if end - start == 1 and toks[start].text in descriptions() and start and \
                    toks[start - 1].lower_ in ("der", "dem", "des"):
                continue  # "sagte der Republikaner": a person described, not the party
            spans.append(Span(doc, start, end, label=LABELS[entry.type], kb_id=key))
        return spans

    def _person_spans(self, doc: Doc) -> list[Span]:
        """Persons: a first name and more name words, a name after a role noun, a surname seen before."""
        spans = []
        known = doc._.persons
        toks = doc_tokens(doc)
        i = 0
        while i < len(doc):
            tok = toks[i]
            text = tok.text
            start, end = i, i
            if text in self.first_names and i + 1 < len(doc) and (
                    _name_token(toks[i + 1], self.kb) or toks[i + 1].text in TITLE_SURNAMES):
                end = _name_after(toks, i + 1, self.kb, first_name=True, known=known)
            elif text in self.first_names and i + 2 < len(doc) and toks[i + 1].text in NAME_PARTICLES \
                    and _name_token(toks[i + 2], self.kb):
                end = _name_after(toks, i, self.kb)  # "Martijn van Hout": a particle right after the first name
            elif role_lemma(tok) is not None and i + 1 < len(doc):
                j = i + 2 if toks[i + 1].text == "," else i + 1
                name_end = _name_after(toks, j, self.kb) if j < len(doc) else j
                # (or a known person's surname that is also a word: "Kanzler Kurz")
                plausible = name_end > j and (toks[j].tag_ == "NE" or toks[j].text in self.first_names
                                              or toks[j].text in known or name_end - j >= 2
                                              or toks[j].text in self.family_names)
                if plausible:  # "Präsident Umfragen" is no name: want a proper noun or two names
                    start, end = j, name_end
            elif (text in known or (text.endswith("s") and text[:-1] in known)) \
                    and not self._inside_name(doc, i):
                end = i + 1
            elif text in self.first_names and tok.tag_ == "NE" and i > 0 and not toks[i - 1].is_sent_start \
                    and self.kb.lookup(text) is None:
                end = i + 1  # a first name alone: "gefolgt von Anna"
            if end > start:
                span = Span(doc, start, end, label="PER")
                if len(span) > 1:
                    known[span[-1].text] = span.text
                elif start > i and not (span.text.endswith("s") and span.text[:-1] in known):
                    # a surname a role announced ("Generalsekretär Rutte") is a name later too; a genitive
                    # of a known one ("Berater Selenskyjs") is no new name
                    known.setdefault(span.text, self.family_names.get(span.text, span.text)
                                     if toks[start].tag_ != "NE" else span.text)
                spans.append(span)
                i = end
            else:
                i += 1
        return spans

    def _inside_name(self, doc: Doc, i: int) -> bool:
        """True if a known surname ends another person's name: an unknown name word before it
        ("Bundesrat Hans-Rudolf Merz" is not Friedrich Merz)."""
        prev = doc[i - 1] if i and not doc[i].is_sent_start else None
        return prev is not None and prev.tag_ in ("NE", "FM") and _name_token(prev, self.kb) \
            and prev.text not in doc._.persons and self.kb.lookup(prev.text) is None

    def _cue_spans(self, doc: Doc) -> list[Span]:
        cues = entity_cues()
        spans = []
        toks = doc_tokens(doc)
        for i, tok in enumerate(toks[:-1]):
            if tok.tag_ != "NN":
                continue
            label = cues.get(tok.lemma_) or cues.get(tok.text)
            compound = None if label else _compound_cue(tok.text)  # die Indigena-Partei Winaq, Arbeiterpartei PT
            if label or compound:
                end = _name_after(toks, i + 1, self.kb, limit=2)
                common = label and tok.lemma_ not in proper_cues() and tok.text not in proper_cues()
                if end > i + 1 and toks[i + 1].tag_ in (("NE", "FM", "XY", "NN") if common else ("NE", "FM", "XY")):
                    spans.append(Span(doc, i + 1, end, label=label or compound or "ORG"))
        return spans

    def _org_shape_spans(self, doc: Doc) -> list[Span]:
        """Organizations by the shape of their name: a legal form after a name (ratiopharm GmbH),
        an institution noun with its name (Institut für Plastination, Universität Jena, Verband
        serbischer Gemeinden)."""
        shapes = org_patterns()
        spans = []
        toks = doc_tokens(doc)
        for tok in toks:
            shape = shapes.get(tok.text)
            if shape == "suffix" and tok.i > 0 and toks[tok.i - 1].text[:1].isalnum():
                start = tok.i - 1
                while start > 0 and toks[start - 1].text[:1].isupper() and toks[start - 1].tag_ in ("NE", "FM", "NN") \
                        and tok.i - start < 3:
                    start -= 1
                spans.append(Span(doc, start, tok.i + 1, label="ORG"))
            elif shape == "head" and tok.i + 1 < len(doc):
                nxt = toks[tok.i + 1]
                end = tok.i + 1
                if nxt.lower_ in ("für", "der", "des") and tok.i + 2 < len(doc):
                    end = tok.i + 2
                    while end < len(doc) and (toks[end].text[:1].isupper() or toks[end].tag_ == "ADJA") \
                            and end - tok.i < 5:
                        end += 1
                    end = end if end > tok.i + 2 and toks[end - 1].text[:1].isupper() else tok.i + 1
                elif (nxt.tag_ in ("NE", "FM") or self.kb.lookup(nxt.text) is not None) \
                        and not self._genitive_country(nxt):  # "Staatsanwaltschaft Russlands": Russia's
                    end = tok.i + 2
                elif nxt.tag_ == "ADJA" and nxt.lower_.endswith("er") and tok.i + 2 < len(doc) \
                        and toks[tok.i + 2].tag_ == "NN" and toks[tok.i + 2].text[:1].isupper():
                    end = tok.i + 3  # a genitive plural with no article: Verband serbischer Gemeinden
                if end > tok.i + 1:
                    spans.append(Span(doc, tok.i, end, label="ORG"))
        return spans

    def _genitive_country(self, token: Token) -> bool:
        """True for a country's name in the genitive (Russlands): the owner of a body before it, no name's part."""
        entry = self.kb.lookup(token.text)
        return entry is not None and entry.type == "Country" and token.text.endswith("s") \
            and self.kb.lookup(token.text[:-1]) is entry

    def _place_shape_spans(self, doc: Doc, places: list[tuple[int, str]]) -> list[Span]:
        """Places by the shape of their name: a street with its house number (Linienstraße 85,
        Karl-Marx-Allee), a road designator with its number (B 29, Bundesstraße 11). `places`: the
        tokens that have the shape of one (`_place_shape`)."""
        spans = []
        for i, shape in places:
            numbered = i + 1 < len(doc) and HOUSE_NUMBER.fullmatch(doc[i + 1].text) is not None
            if shape == "street":
                spans.append(Span(doc, i, i + 1 + numbered, label="LOC"))
            elif numbered:
                spans.append(Span(doc, i, i + 2, label="LOC"))
        return spans

    def _compound_spans(self, doc: Doc) -> list[Span]:
        """Compounds of a known name and a group noun stand for the named: NATO-Staaten, Huthi-Miliz; a
        body's name before another noun is a mention of it (`doc._.compound_names`): STANDARD-Gespräch."""
        groups = transparent_nouns()
        spans = []
        toks = doc_tokens(doc)
        for tok in toks:
            if "-" not in tok.text or tok.ent_type_:
                continue
            first, _, rest = tok.text.rpartition("-")
            entry = self.kb.lookup(first)
            person_follows = tok.i + 1 < len(doc) and _name_token(toks[tok.i + 1], self.kb)
            own_kind = entry is not None and entry.kind == "party" and rest in ("Partei", "Parteien")  # Fidesz-Partei
            if entry is None or (role_lemma(tok) and person_follows):
                continue
            tail = tok.lemma_.rpartition("-")[2]  # (the tagger writes "Pkk-stellung")
            kind = groups.get(rest) or groups.get(tail[:1].upper() + tail[1:])
            if kind == "person" and (tok.lower_ == tok.lemma_.lower() or rest in gazetteer.groups()):
                kind = None  # one person, a plural that does not show ("der ÖVP-Politiker"), a group ("UN-Soldaten")
            if kind or own_kind:
                spans.append(Span(doc, tok.i, tok.i + 1, label=LABELS[entry.type], kb_id=entry.key))
            elif entry.type in ("Organization", "Country") and tok.tag_ in ("NN", "NE") \
                    and self.kb.lookup(tok.text) is None and rest not in unit_nouns():
                # any other noun names the body or state but is not it ("im STANDARD-Gespräch", "die
                # UN-Kommission", "im US-Exil"; "für den EU-Austritt" is no vote for the EU): a mention, no
                # argument; a body of its own (EU-Kommission, UN-Generalversammlung) is no mention of the first
                doc._.compound_names.append(entry.ref(first))
        return spans

    def _org_noun_spans(self, doc: Doc) -> list[Span]:
        """Bodies named by a common noun: a state's (das russische Außenministerium, org_nouns.tsv), of
        the country its demonym, prefix or genitive names or else the last one of that name; and an
        institution a noun names by itself (die Richtervereinigung, institution_nouns.tsv), bare if
        no country is named, with the place it is of if one follows (Landwirtschaftskammer Steiermark)."""
        nouns = org_nouns()
        spans = []
        toks = doc_tokens(doc)
        for i, tok in enumerate(toks):
            text = tok.text
            base = text.split("-", 1)[-1] if "-" in text else text
            if base in nouns or tok.lemma_ in nouns:
                base = base if base in nouns else tok.lemma_.split("-", 1)[-1]
                named = institution(base) is not None
            elif tok.tag_ in ("NN", "NE") and self.kb.lookup(text) is None:
                found = institution(base, before=0) if base != text and tok._.country else institution(text)
                if found is None:
                    continue
                base, named = found[0], True
                seat = self.kb.lookup(toks[i + 1].text) if i + 1 < len(doc) else None
                if seat is not None and seat.type == "Location":  # Landeskriminalamt Wien: one name
                    spans.append(Span(doc, i, i + 2, label="ORG", kb_id=f"body::{base} {seat.name}"))
                    continue
                if self._name_follows(toks, i) or _indefinite(toks, i):
                    continue
            else:
                continue
            country = tok._.country or (toks[i - 1]._.country if i and toks[i - 1].tag_ == "ADJA" else None)
            if country is None and i + 1 < len(doc):
                follow = self.kb.lookup(toks[i + 1].text)
                if follow is not None and follow.type == "Country" and toks[i + 1].text.endswith("s"):
                    country = follow
            start = i - 1 if i and toks[i - 1].tag_ == "ADJA" and toks[i - 1]._.country else i
            kb_id = f"body:{country.key}:{base}" if country else ""
            if not kb_id and nouns.get(base) != "p":  # a plural body needs its country named
                kb_id = self._recent_body(doc, i, base)
            if not kb_id and named and not _indefinite(toks, i):
                kb_id = f"body::{base}"  # "die Richtervereinigung": the text leaves its state open
            if kb_id:
                spans.append(Span(doc, start, i + 1, label="ORG", kb_id=kb_id))
        return spans

    def _name_follows(self, toks: list[Token], i: int) -> bool:
        """True if a name stands right after token i: the noun is its title ("der Digitalverband
        Bitkom", "die Lehrergewerkschaft GÖD"), the name is the entity; a country's genitive is no name."""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return nxt is not None and nxt.tag_ in ("NE", "FM") and not self._genitive_country(nxt)

    def _recent_body(self, doc: Doc, i: int, base: str) -> str:
        """The key of the last body of that name in the document before token i."""
        for span in reversed([s for s in doc.ents if s.end <= i]):
            if span.kb_id_.startswith("body:") and span.kb_id_.endswith(":" + base):
                return span.kb_id_
        return ""

    def _ref(self, span: Span) -> EntityRef:
        """The EntityRef for an entity span: KB entry, state body or person."""
        key = span.kb_id_
        if key in self.kb.by_key:
            return self.kb.by_key[key].ref(span.text)
        if key.startswith("body:"):
            ckey, base = key[len("body:"):].rsplit(":", 1)
            name = body_name(base, self.kb.by_key.get(ckey))
            return EntityRef(name, "Organization", span.text, key)
        if span.label_ == "PER":
            name = doc_person(span)
            known = self.kb.by_name.get(name)  # a well-known person, also as spelt "Pedro Sanchez"
            if known is None and name.endswith("s"):  # the genitive of a full name: "Wladimir Putins"
                known = self.kb.by_name.get(name[:-1])
            if known is not None and known.type == "Person":
                return known.ref(span.text)
            return EntityRef(name, "Person", span.text, f"person:{name}")
        text = span.text.strip("„“\"'")
        return EntityRef(text, TYPES.get(span.label_, "Concept"), span.text)


def _joined_names(spans: list[Span]) -> list[Span]:
    """Spans in text order, a person cut in two made one again: a name word right after another span
    whose full name, known in the document, is the two together ("Anna Maria" + "Hochhauser",
    the river Don + "Foster" where the model read "Don Foster")."""
    joined: list[Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if prev is not None and prev.end == span.start and span.label_ == "PER" and len(span) == 1 \
                and span.text[:1].isupper() and doc_person(span) == span.doc[prev.start:span.end].text:
            joined[-1] = Span(span.doc, prev.start, span.end, label="PER")
        else:
            joined.append(span)
    return joined


def doc_person(span: Span) -> str:
    """The full name of a person span, resolving a surname to the full name seen earlier."""
    text = span.text
    known = span.doc._.persons or {}
    if len(span) == 1:
        word = text[:-1] if text not in known and text.endswith("s") and text[:-1] in known else text
        return known.get(word, word)
    return text


@Language.factory("geokg_entities", assigns=["doc.ents"], default_config={})
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    """Create the rule- and gazetteer-based entity recognizer."""
    return EntityRecognizer(nlp, name)
