"""The knowledge base of named things: gazetteer entries by surface name, and the background facts they imply."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import institution, org_nouns
from geokg.extract.model import EntityRef

WIKIDATA = "http://www.wikidata.org/entity/"
#: Accents German news drops from foreign names ("Diyarbakir" for Diyarbakır, "Krakow", "Bogota"): acute,
#: circumflex, caron, cedilla, ogonek, breve, double acute, tilde and dot above, and letters with no accent
#: to drop (`PLAIN_LETTERS`). A name with any other mark (the macron of a transliteration, a Vietnamese
#: tone) is not written plain so; German's own umlauts stay.
PLAIN_MARKS = frozenset("\u0301\u0302\u030c\u0327\u0328\u0306\u030b\u0303\u0307")
PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})
DIRECTIONS = ("nordost", "nordwest", "südost", "südwest", "nord", "süd", "ost", "west", "zentral", "mittel")


@dataclass(frozen=True)
class KBEntry:
    """A known entity: its key, canonical name, type, and Wikidata id."""

    key: str
    name: str
    type: str
    wikidata: str | None = None
    country: str | None = None  # the country key it belongs to or lies in
    stands_for: str | None = None  # seat or capital used as an actor: the country key
    adjective: str | None = None  # a country's demonym stem (russisch)
    kind: str = ""  # a place's kind (city, region, landmark, sea, continent), an organization's (party, media …)

    @property
    def region(self) -> bool:
        """True for a region within a state (Bayern, Tirol, Katalonien) as locations.tsv lists it."""
        return self.type == "Location" and self.kind == "region"

    def ref(self, surface: str = "") -> EntityRef:
        """An EntityRef for a mention of this entry."""
        return EntityRef(self.name, self.type, surface or self.name, self.key,
                         WIKIDATA + self.wikidata if self.wikidata else None)


@dataclass
class KnowledgeBase:
    """Surface form → entry for every gazetteer name, plus demonyms, compound prefixes and persons' surnames."""

    by_name: dict[str, KBEntry] = field(default_factory=dict)
    by_key: dict[str, KBEntry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # russischen → country:RU
    prefixes: dict[str, str] = field(default_factory=dict)  # US → country:US, NATO → org:nato
    surnames: dict[str, str] = field(default_factory=dict)  # Selenskyj → person:Wolodymyr Selenskyj

    def add(self, entry: KBEntry, names: tuple[str, ...]) -> None:
        """Register an entry under its canonical name and aliases (first registration wins)."""
        self.by_key.setdefault(entry.key, entry)
        for name in (entry.name, *names):
            if name:
                self.by_name.setdefault(name, entry)

    def lookup(self, name: str) -> KBEntry | None:
        """The entry a surface name denotes, if any (tolerates a genitive -s)."""
        entry = self.by_name.get(name)
        if entry is None and name.endswith("s") and len(name) > 3:
            entry = self.by_name.get(name[:-1])
        return entry

    def actor(self, word: str, types: tuple[str, ...] = ("Country", "Organization")) -> KBEntry | None:
        """The entry of one of `types` a compound's first part or a name denotes ("US" in "US-Luftangriff")."""
        entry = self.country_of(word) or self.lookup(word)
        return entry if entry is not None and entry.type in types else None

    def country_of(self, word: str) -> KBEntry | None:
        """The country or organization a demonym adjective or compound prefix refers to."""
        low = word.lower()
        key = self.demonyms.get(low) or self.prefixes.get(word)
        if key is None:  # westukrainischen, nordkoreanische are not all listed: strip a direction
            for direction in DIRECTIONS:
                if low.startswith(direction) and low[len(direction):] in self.demonyms:
                    key = self.demonyms[low[len(direction):]]
                    break
        return self.by_key.get(key) if key else None


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """Build the knowledge base from the gazetteer tables (once per process)."""
    kb = KnowledgeBase()
    for c in gazetteer.countries().values():
        key = f"country:{c.key}"
        kb.add(KBEntry(key, c.name, "Country", c.wikidata or None,
                       adjective=c.demonym[0] if c.demonym else None), c.aliases)
        for prefix in c.prefixes:
            kb.prefixes[prefix] = key
    for form, ckey in gazetteer.demonyms().items():
        kb.demonyms[form] = f"country:{ckey}"
    for o in gazetteer.organizations().values():
        key = f"org:{o.key}"
        kb.add(KBEntry(key, o.name, "Organization", o.wikidata or None,
                       f"country:{o.country}" if o.country else None, kind=o.kind), o.aliases)
        for name in (o.name, *o.aliases):
            if name.isupper() or " " not in name:
                kb.prefixes.setdefault(name, key)
    capitals = {(c.capital, c.key) for c in gazetteer.countries().values()}
    for p in gazetteer.places():
        country = f"country:{p.country}" if p.country else None
        stands_for = country if (p.name, p.country) in capitals else None  # Kiew for Ukraine
        kb.add(KBEntry(f"place:{p.country or 'xx'}:{p.name}", p.name, "Location", p.wikidata or None,
                       country, stands_for, kind=p.kind), p.aliases)
    regions = {e.name: e.key for e in kb.by_key.values() if e.region}
    for form, region in gazetteer.region_demonyms().items():  # "der bayerische Ministerpräsident"
        kb.demonyms.setdefault(form, regions[region])
    for c in gazetteer.countries().values():
        for group in _seat_groups(c.seat_aliases):  # "der Kreml" stands for Russia
            _add_seat(kb, c.key, group)
    _add_persons(kb)
    _add_plain_spellings(kb)
    return kb


def plain_spelling(name: str) -> str | None:
    """The name without the foreign accents German news drops (`PLAIN_MARKS`); None if it has another mark.

    >>> plain_spelling("Diyarbakır"), plain_spelling("Łódź"), plain_spelling("Gölcük"), plain_spelling("Hāpur")
    ('Diyarbakir', 'Lodz', 'Gölcük', None)
    """
    if name.isascii():
        return name
    letters = []
    for ch in name.translate(PLAIN_LETTERS):
        if ch.isascii() or ch in "äöüÄÖÜß":
            letters.append(ch)
            continue
        parts = unicodedata.normalize("NFD", ch)
        if any(unicodedata.combining(c) and c not in PLAIN_MARKS for c in parts):
            return None
        letters.append("".join(c for c in parts if not unicodedata.combining(c)))
    return "".join(letters)


def _add_plain_spellings(kb: KnowledgeBase) -> None:
    """Places, states and bodies also under their plain spelling, where no other name or first name has it and
    each of its words has three letters or more (a short plain form is too often another word: Tân An → Tan An)."""
    firsts = gazetteer.first_names()
    for name, entry in list(kb.by_name.items()):
        if entry.type == "Person":
            continue  # the persons table lists the spellings news uses
        plain = plain_spelling(name)
        if plain and plain != name and plain not in kb.by_name and plain not in firsts and \
                all(len(word) >= 3 for word in plain.split()):
            kb.by_name[plain] = entry


@lru_cache(maxsize=None)
def capital_of(country_key: str) -> KBEntry | None:
    """The capital the gazetteer knows for a country key (`country:PL` → Warschau), if any."""
    return next((e for e in knowledge_base().by_key.values() if e.type == "Location"
                 and e.stands_for == country_key and e.key.startswith("place:")), None)


def _add_persons(kb: KnowledgeBase) -> None:
    """Well-known persons under `person:<full name>`, the key the person rules give a name they find.

    Full names and aliases are names of the entry (matched as phrases), and so is a surname of several
    words (von der Leyen); a one-word surname goes to `kb.surnames` only, since it is a default
    a document's own earlier full name overrides ("Hunter Biden … Biden"), not a name in every context.
    """
    for p in gazetteer.persons().values():
        entry = KBEntry(f"person:{p.name}", p.name, "Person", p.wikidata or None,
                        f"country:{p.country}" if p.country else None)
        kb.add(entry, (*p.aliases, *(s for s in p.surnames if " " in s)))
        for surname in p.surnames:
            if " " not in surname:
                kb.surnames.setdefault(surname, entry.key)


def _seat_groups(aliases: tuple[str, ...]) -> list[list[str]]:
    """Spelling and inflection variants of one seat together: Weißes Haus, Weißen Haus, Weissen Haus."""
    groups: dict[str, list[str]] = {}
    for alias in aliases:
        folded = unicodedata.normalize("NFKD", alias.lower().replace("ß", "ss"))
        key = "".join(ch for ch in folded if ch.isalnum())[:4]
        groups.setdefault(key, []).append(alias)
    return list(groups.values())


def _add_seat(kb: KnowledgeBase, country: str, names: list[str]) -> None:
    """One seat of government: an existing place if one of the names is known, else a new entry."""
    entry = next((kb.by_name[n] for n in names if n in kb.by_name and kb.by_name[n].type == "Location"), None)
    if entry is None:
        entry = KBEntry(f"seat:{country}:{names[0]}", names[0], "Location", None, f"country:{country}",
                        f"country:{country}")
    elif entry.stands_for is None:
        seated = replace(entry, stands_for=f"country:{country}")
        for name, e in list(kb.by_name.items()):
            if e is entry:
                kb.by_name[name] = seated
        entry = seated
    kb.by_key[entry.key] = entry
    for name in names:
        if kb.by_name.get(name) is None or kb.by_name[name].type == "Location":
            kb.by_name[name] = entry


def body_name(base: str, country: KBEntry | None) -> str:
    """Canonical label of a state body: "russisches Außenministerium", "AKP-Regierung" (the bare noun if no country)."""
    if country is None:
        return base
    if country.type == "Organization":  # "die AKP-Regierung": a party's government
        return f"{country.name}-{base}"
    if not country.adjective:
        return f"{base} ({country.name})"
    gender = org_nouns().get(base) or (institution(base) or (base, "n"))[1]  # ungarische Richtervereinigung
    ending = {"n": "es", "f": "e", "m": "er", "p": "e"}[gender]
    return f"{country.adjective}{ending} {base}"



def background_facts(keys: set[str]) -> list[tuple[EntityRef, str, EntityRef]]:
    """Facts the lexicons know about the given entities: located_in, standsFor (as `stands_for`).

    located_in only where the country is among `keys` too (the graph holds what the texts name);
    standsFor always, so that "Kiew" as an actor can be read as Ukraine.
    """
    kb = knowledge_base()
    facts = []
    for key in sorted(keys):
        entry = kb.by_key.get(key)
        if entry is None:
            continue
        if entry.type == "Location" and entry.country in keys and entry.country in kb.by_key:
            facts.append((entry.ref(), "located_in", kb.by_key[entry.country].ref()))
        if entry.stands_for and entry.stands_for in kb.by_key:  # metonymy: always worth knowing
            facts.append((entry.ref(), "stands_for", kb.by_key[entry.stands_for].ref()))
    return facts
