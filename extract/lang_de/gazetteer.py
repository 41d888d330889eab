"""The gazetteers: countries, organizations, places, persons, role nouns and first names, read from this package's data files.

Each table is UTF-8 TSV with a header row, `#` comment lines and `|` between alternatives in a cell
(see `countries.tsv`, `organizations.tsv`, `locations.tsv`, `persons.tsv`, `role_nouns.tsv`); `first_names.txt` has one
name a line. Every table is read once per process and validated: a malformed row raises a
`GeokgError` naming the file and line.

>>> countries()["RU"].name
'Russland'
>>> demonyms()["ukrainischen"]
'UA'
>>> role_nouns()["Kremlchef"].default_org
'RU'
>>> persons()["recep-tayyip-erdogan"].surnames
('Erdoğan', 'Erdogan')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from geokg.extract.lang_de.tables import alternatives, read_rows
from geokg.errors import Errors, GeokgError

PACKAGE = "geokg.extract.lang_de"
RELATIONS = ("leads", "affiliated_with", "member_of")
ORG_KINDS = ("alliance", "intergovernmental", "un_body", "court", "media", "news_agency",
             "government_body", "party", "armed_group", "company", "ngo", "sports_body", "sports_club")
PLACE_KINDS = ("city", "region", "landmark", "sea", "continent", "river", "lake", "mountains", "historic_state")
COUNTRY_STATUSES = ("member", "observer", "state", "territory")
GENDERS = ("m", "f", "n")
# Endings of an attributive adjective (russisch → russische, russischen, russischer, russisches, russischem).
ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_COUNTRY_KEY = re.compile(r"[A-Z]{2}")
_ORG_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Country:
    """A state or territory: names, demonym stems, compound prefixes, capital and seats of government."""

    key: str  # ISO 3166-1 alpha-2 (or XK)
    name: str
    aliases: tuple[str, ...]
    demonym: tuple[str, ...]  # adjective stems: ("amerikanisch", "US-amerikanisch")
    prefixes: tuple[str, ...]  # compound prefixes: ("US", "USA")
    iso3: str
    wikidata: str
    capital: str
    capital_wikidata: str
    seat_aliases: tuple[str, ...]  # seats standing for the state: ("Kreml",)
    status: str  # member | observer | state | territory

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Organization:
    """A named organization: alliance, body, court, party, armed group, company, NGO or medium."""

    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str  # country key for national bodies, else ""
    wikidata: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Place:
    """A location: city, region, landmark, sea or continent, and the country it lies in."""

    name: str
    aliases: tuple[str, ...]
    country: str  # country key, or "" for seas and supranational regions
    kind: str
    wikidata: str

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Person:
    """A well-known person: full name, other spellings of it, the surnames that stand alone for them."""

    key: str
    name: str
    aliases: tuple[str, ...]  # other spellings of the full name
    surnames: tuple[str, ...]  # forms used alone: ("Selenskyj", "Selensky")
    country: str  # country key, or ""
    wikidata: str

    @property
    def names(self) -> tuple[str, ...]:
        """The full name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class RoleNoun:
    """A noun that introduces a person's role, and how the person relates to the state or body it names."""

    lemma: str
    relation: str  # leads | affiliated_with | member_of
    default_org: str  # country or organization key the noun itself implies, else "" (the first of `defaults`)
    gender: str  # m | f | n
    title: str
    defaults: tuple[str, ...] = ()  # every state the title exists in (Bundespräsident: DE, AT, CH)
    state: bool = False  # an office of a state: its country may come from the person or the document
    exact: bool = False  # an office only as the noun itself, not in compounds (Kollege, not Vorstandskollege)
    envoy: bool = False  # a state's office at another: the demonym, not the prefix, names its state
    region: bool = False  # an office of a region within a state (Landeshauptmann): the document's region
    city: bool = False  # an office of a city (Bürgermeister): a city's adjective names it (der Grazer …)


def _check(ok: bool, name: str, lineno: int, message: str) -> None:
    if not ok:
        raise GeokgError(Errors.E208, table=name, line=lineno, problem=message)


def _check_wikidata(value: str, name: str, lineno: int) -> None:
    _check(not value or bool(_WIKIDATA.fullmatch(value)), name, lineno, f"bad Wikidata id {value!r}")


def _unique(key: str, seen: set[str], name: str, lineno: int) -> None:
    _check(key not in seen, name, lineno, f"duplicate key {key!r}")
    seen.add(key)


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries and territories by key (ISO alpha-2), from `countries.tsv`.

    >>> countries()["US"].prefixes
    ('US', 'USA')
    """
    name = "countries.tsv"
    out: dict[str, Country] = {}
    for lineno, r in read_rows(name, ("key", "name", "aliases", "demonym", "prefix", "iso3", "wikidata",
                                  "capital", "capital_wikidata", "seat_aliases", "status")):
        _check(bool(_COUNTRY_KEY.fullmatch(r["key"])), name, lineno, f"key {r['key']!r} is not a two-letter code")
        _check(bool(r["name"]), name, lineno, "empty name")
        _check(r["status"] in COUNTRY_STATUSES, name, lineno, f"status {r['status']!r} not in {COUNTRY_STATUSES}")
        _check_wikidata(r["wikidata"], name, lineno)
        _check_wikidata(r["capital_wikidata"], name, lineno)
        _unique(r["key"], set(out), name, lineno)
        out[r["key"]] = Country(r["key"], r["name"], alternatives(r["aliases"]), alternatives(r["demonym"]),
                                alternatives(r["prefix"]), r["iso3"], r["wikidata"], r["capital"],
                                r["capital_wikidata"], alternatives(r["seat_aliases"]), r["status"])
    return out


@lru_cache(maxsize=1)
def organizations() -> dict[str, Organization]:
    """Organizations by slug key, from `organizations.tsv`.

    >>> organizations()["nato"].wikidata
    'Q7184'
    """
    name = "organizations.tsv"
    known = countries()
    out: dict[str, Organization] = {}
    for lineno, r in read_rows(name, ("key", "name", "aliases", "kind", "country", "wikidata")):
        _check(bool(_ORG_KEY.fullmatch(r["key"])), name, lineno, f"key {r['key']!r} is not a lower-case slug")
        _check(bool(r["name"]), name, lineno, "empty name")
        _check(r["kind"] in ORG_KINDS, name, lineno, f"kind {r['kind']!r} not in {ORG_KINDS}")
        _check(not r["country"] or r["country"] in known, name, lineno, f"unknown country {r['country']!r}")
        _check_wikidata(r["wikidata"], name, lineno)
        _unique(r["key"], set(out), name, lineno)
        out[r["key"]] = Organization(r["key"], r["name"], alternatives(r["aliases"]), r["kind"],
                                     r["country"], r["wikidata"])
    return out


def _read_places(name: str, taken: set[str]) -> list[Place]:
    """The places of table `name` (locations.tsv layout); names in `taken` are errors, then taken too."""
    known = countries()
    out: list[Place] = []
    for lineno, r in read_rows(name, ("name", "aliases", "country", "kind", "wikidata")):
        _check(r["kind"] in PLACE_KINDS, name, lineno, f"kind {r['kind']!r} not in {PLACE_KINDS}")
        _check(not r["country"] or r["country"] in known, name, lineno, f"unknown country {r['country']!r}")
        _check_wikidata(r["wikidata"], name, lineno)
        _unique(f"{r['name']}@{r['country']}", taken, name, lineno)
        out.append(Place(r["name"], alternatives(r["aliases"]), r["country"], r["kind"], r["wikidata"]))
    return out


@lru_cache(maxsize=4)
def places(cities: bool = True, towns: bool = True) -> list[Place]:
    """Places from `locations.tsv` (capitals, cities, regions, seas, continents, landmarks), then `cities.tsv`
    and `towns.tsv`.

    `locations.tsv` is curated under the German names news uses; `cities.tsv` (generated by
    build_cities.py) adds the other large cities of the world, for recall, and `towns.tsv` (build_towns.py)
    the small towns of the German-speaking countries; `cities=False` leaves both out, `towns=False` the towns.

    >>> next(p for p in places() if p.name == "Odessa").country
    'UA'
    """
    taken: set[str] = set()
    out = _read_places("locations.tsv", taken)
    for table, wanted in (("cities.tsv", cities), ("towns.tsv", cities and towns)):
        if wanted and resources.files(PACKAGE).joinpath(table).is_file():
            out += _read_places(table, taken)
    return out


@lru_cache(maxsize=1)
def persons() -> dict[str, Person]:
    """Well-known persons by slug key, from `persons.tsv`.

    A name, alias or surname that is also a country's, organization's or place's name is an error, and so
    is a name of two persons, or a surname that is a first name (unless it is one of the person's own first
    names, by which they are known: Lula, Tedros): each surface form has one reading.

    >>> persons()["xi-jinping"].surnames
    ('Xi',)
    """
    name = "persons.tsv"
    known = countries()
    others: dict[str, str] = {}  # every name of a country, organization and place → what it names
    for c in known.values():
        others.update((n, f"country {c.key}") for n in c.names)
    for o in organizations().values():
        others.update((n, f"organization {o.key}") for n in o.names)
    for p in places():
        others.update((n, f"place {p.name}") for n in p.names)
    given = first_names()
    owner: dict[str, str] = {}  # every name of a person so far → the person's key
    out: dict[str, Person] = {}
    for lineno, r in read_rows(name, ("key", "name", "aliases", "surname", "country", "wikidata")):
        _check(bool(_ORG_KEY.fullmatch(r["key"])), name, lineno, f"key {r['key']!r} is not a lower-case slug")
        _check(" " in r["name"], name, lineno, f"name {r['name']!r} is not a full name")
        aliases, surnames = alternatives(r["aliases"]), alternatives(r["surname"])
        for alias in aliases:
            _check(" " in alias, name, lineno, f"alias {alias!r} is one word: put it under surname")
        for surname in surnames:
            _check(surname[:1].isupper() or " " in surname or "-" in surname, name, lineno,
                   f"surname {surname!r} is not capitalised")
            _check(surname not in given or surname in r["name"].split()[:-1], name, lineno,
                   f"surname {surname!r} is a first name (allowed only as a word of the person's own name: Lula)")
        for form in (r["name"], *aliases, *surnames):
            _check(form not in others, name, lineno, f"{form!r} is the name of {others.get(form)}")
            _check(owner.get(form, r["key"]) == r["key"], name, lineno, f"{form!r} is a name of {owner.get(form)}")
            owner[form] = r["key"]
        _check(not r["country"] or r["country"] in known, name, lineno, f"unknown country {r['country']!r}")
        _check_wikidata(r["wikidata"], name, lineno)
        _unique(r["key"], set(out), name, lineno)
        out[r["key"]] = Person(r["key"], r["name"], aliases, surnames, r["country"], r["wikidata"])
    return out


SCOPES = ("", "state", "envoy", "exact", "region", "city")


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, RoleNoun]:
    """Role nouns by lemma, from `role_nouns.tsv`; default_org is a country or organization key.

    >>> role_nouns()["Präsident"].relation
    'leads'
    """
    name = "role_nouns.tsv"
    keys = set(countries()) | set(organizations())
    out: dict[str, RoleNoun] = {}
    for lineno, r in read_rows(name, ("lemma", "relation", "default_org", "gender", "title", "scope")):
        _check(r["relation"] in RELATIONS, name, lineno, f"relation {r['relation']!r} not in {RELATIONS}")
        defaults = alternatives(r["default_org"])
        _check(all(d in keys for d in defaults), name, lineno,
               f"default_org {r['default_org']!r} is no country or organization key")
        _check(r["gender"] in GENDERS, name, lineno, f"gender {r['gender']!r} not in {GENDERS}")
        _check(r["scope"] in SCOPES, name, lineno, f"scope {r['scope']!r} not in {SCOPES}")
        _unique(r["lemma"], set(out), name, lineno)
        out[r["lemma"]] = RoleNoun(r["lemma"], r["relation"], defaults[0] if defaults else "", r["gender"],
                                   r["title"] or r["lemma"], defaults, r["scope"] in ("state", "envoy"),
                                   r["scope"] == "exact", r["scope"] == "envoy", r["scope"] == "region",
                                   r["scope"] == "city")
    return out


@lru_cache(maxsize=1)
def peoples() -> dict[str, str]:
    """Plural nouns for a state's people, as a group an actor for the state (Russen → RU), from `peoples.tsv`.

    >>> peoples()["Israelis"]
    'IL'
    """
    name = "peoples.tsv"
    known = countries()
    out: dict[str, str] = {}
    for lineno, r in read_rows(name, ("noun", "country")):
        _check(r["country"] in known, name, lineno, f"country {r['country']!r} is no countries.tsv key")
        _check(not any(r["noun"] in c.names for c in known.values()), name, lineno,
               f"{r['noun']!r} is also a country's name")
        _unique(r["noun"], set(out), name, lineno)
        out[r["noun"]] = r["country"]
    return out


@lru_cache(maxsize=1)
def groups() -> dict[str, bool]:
    """Plural nouns of unnamed groups that act as one (Rebellen), from `groups.tsv`: noun → whether
    it needs an adjective before it to name a group (westliche Regierungen).

    >>> groups()["Rebellen"], groups()["Regierungen"]
    (False, True)
    """
    name = "groups.tsv"
    out: dict[str, bool] = {}
    for lineno, r in read_rows(name, ("noun", "modifier")):
        _check(r["modifier"] in ("", "required"), name, lineno, f"modifier {r['modifier']!r} is not 'required'")
        _unique(r["noun"], set(out), name, lineno)
        out[r["noun"]] = r["modifier"] == "required"
    return out


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names that start a person's name in news text, from `first_names.txt`.

    >>> "Wolodymyr" in first_names()
    True
    """
    name = "first_names.txt"
    text = resources.files(PACKAGE).joinpath(name).read_text("utf-8")
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        _check(" " not in word and "\t" not in word and word[0].isupper(), name, lineno,
               f"{word!r} is not one capitalised word")
        out.add(word)
    return frozenset(out)


@lru_cache(maxsize=1)
def region_demonyms() -> dict[str, str]:
    """Every form of every regional adjective, lower-cased, mapped to the region's name in `locations.tsv`.

    A form a country's demonym has is left to the country.

    >>> region_demonyms()["bayerische"], region_demonyms()["tiroler"]
    ('Bayern', 'Tirol')
    """
    name = "region_demonyms.tsv"
    regions = {p.name for p in places() if p.kind == "region"}  # (the generated tables hold cities only)
    countries_forms = demonyms()
    out: dict[str, str] = {}
    for lineno, r in read_rows(name, ("region", "stems", "forms")):
        _check(r["region"] in regions, name, lineno, f"{r['region']!r} is no region of locations.tsv")
        forms = [stem + ending for stem in alternatives(r["stems"]) for ending in ADJECTIVE_ENDINGS]
        for form in forms + list(alternatives(r["forms"])):
            _check(form.lower() not in countries_forms, name, lineno, f"{form!r} is a country's demonym")
            out[form.lower()] = r["region"]
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Every inflected form of every country demonym, lower-cased, mapped to the country key.

    Look a word up lower-cased: ``demonyms().get(word.lower())``. A form shared by two
    countries is left out rather than guessed.

    >>> demonyms()["us-amerikanische"], demonyms()["russischen"]
    ('US', 'RU')
    """
    owners: dict[str, set[str]] = {}
    for country in countries().values():
        for stem in country.demonym:
            for ending in ADJECTIVE_ENDINGS:
                owners.setdefault((stem + ending).lower(), set()).add(country.key)
    return {form: keys.pop() for form, keys in sorted(owners.items()) if len(keys) == 1}
