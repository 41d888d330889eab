"""Verb and noun frames, reporting verbs, attribution, modality and negation cues (from the TSV tables)."""
from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from geokg.extract.lang_de.tables import alternatives, column_map, read_tsv


@dataclass(frozen=True)
class VerbFrame:
    """One reading of a verb: the relation it states and where its arguments stand."""

    id: str
    lemma: str
    relation: str
    objects: tuple[str, ...]
    negative: bool = False
    agent: tuple[str, ...] = ()
    with_noun: str = ""  # light verbs: the noun the verb needs ("Verfügung" in "zur Verfügung stellen")
    with_prep: str | None = None

    @property
    def converse(self) -> bool:
        """True when the grammatical subject is the relation's object (erhalten)."""
        return bool(self.agent)


#: The prefix of the rule ids of event nouns (relation_nouns.tsv).
NOUN_RULES = "noun:"


@dataclass(frozen=True)
class NounFrame:
    """An event noun and where its subject and object stand."""

    lemma: str
    relation: str
    subject: tuple[str, ...]
    object: tuple[str, ...]

    @property
    def id(self) -> str:
        """The rule id of statements made from this noun."""
        return f"{NOUN_RULES}{self.lemma}"


@lru_cache(maxsize=1)
def verb_frames() -> dict[str, tuple[VerbFrame, ...]]:
    """Verb lemma → its frames, in table order."""
    out: dict[str, list[VerbFrame]] = {}
    cols = ("id", "lemma", "relation", "object", "polarity", "agent", "with")
    for r in read_tsv("relation_verbs.tsv", cols):
        prep, _, noun = r["with"].rpartition(":")
        frame = VerbFrame(r["id"], r["lemma"], r["relation"], alternatives(r["object"]),
                          r["polarity"] == "-", alternatives(r["agent"]), noun, prep or None)
        out.setdefault(frame.lemma, []).append(frame)
    return {k: tuple(v) for k, v in out.items()}


#: The relation of a noun frame that stops a compound from taking its tail's frame (Wahlkampf, not Kampf).
NO_EVENT = "-"


@lru_cache(maxsize=1)
def noun_frames() -> dict[str, NounFrame]:
    """Event noun lemma → its frame; a frame of relation NO_EVENT marks a compound that names no event."""
    rows = read_tsv("relation_nouns.tsv", ("lemma", "relation", "subject", "object"))
    return {r["lemma"]: NounFrame(r["lemma"], r["relation"], alternatives(r["subject"]),
                                  alternatives(r["object"])) for r in rows}


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Lemma of a verb of saying → `say` or `report`."""
    return column_map("reporting_verbs.tsv", "lemma", "kind")


@lru_cache(maxsize=2)
def _rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a table that two loaders read (attribution and modality cues), read once."""
    return read_tsv(name, columns)


@lru_cache(maxsize=1)
def attribution_cues() -> dict[tuple[str, ...], str]:
    """Lower-cased cue words → `before` or `after` (where the source stands)."""
    rows = _rows("attribution_cues.tsv", ("cue", "position", "compound"))
    return {tuple(r["cue"].lower().split()): r["position"] for r in rows}


@lru_cache(maxsize=1)
def attribution_compounds() -> dict[tuple[str, ...], str]:
    """Cue words whose noun also cues in compounds → `first` (Behördenangaben: Behörden says so) or
    `whole` (Regierungskreisen: the compound says so)."""
    rows = _rows("attribution_cues.tsv", ("cue", "position", "compound"))
    return {tuple(r["cue"].lower().split()): r["compound"] for r in rows if r["compound"]}


@lru_cache(maxsize=1)
def modality_cues() -> dict[str, str]:
    """Lemma → modality it gives its own clause."""
    rows = _rows("modality_cues.tsv", ("lemma", "modality", "scope"))
    return {r["lemma"]: r["modality"] for r in rows if r["scope"] != "complement"}


@lru_cache(maxsize=1)
def complement_cues() -> dict[str, str]:
    """Lemma → modality it gives an infinitive clause it governs ("beschloss, … zu liefern")."""
    return {r["lemma"]: r["modality"] for r in _rows("modality_cues.tsv", ("lemma", "modality", "scope"))}


@lru_cache(maxsize=1)
def negation_cues() -> frozenset[str]:
    """Lower-cased words that negate their clause."""
    return frozenset(r["lemma"].lower() for r in read_tsv("negation_cues.tsv", ("lemma",)))


@lru_cache(maxsize=1)
def entity_cues() -> dict[str, str]:
    """Noun lemma that announces a name → the name's label (PER, ORG, LOC)."""
    return column_map("entity_cues.tsv", "lemma", "label")


@lru_cache(maxsize=1)
def proper_cues() -> frozenset[str]:
    """Cue nouns that announce only a proper noun after them (entity_cues.tsv, after = proper)."""
    return frozenset(k for k, v in column_map("entity_cues.tsv", "lemma", "after").items() if v == "proper")


@lru_cache(maxsize=1)
def org_nouns() -> dict[str, str]:
    """Noun naming a state body → its grammatical gender (m, f, n, p for plural)."""
    return column_map("org_nouns.tsv", "lemma", "gender")


@lru_cache(maxsize=1)
def institution_nouns() -> dict[str, tuple[str, str]]:
    """Word or lower-case compound tail that names an institution by itself → (kind, gender):
    kind `tail` (…ministerium), `word` (Polizei) or `not` (Grabkammer); gender m, f or n."""
    rows = read_tsv("institution_nouns.tsv", ("word", "kind", "gender"))
    return {r["word"]: (r["kind"], r["gender"]) for r in rows}


@lru_cache(maxsize=1)
def transparent_nouns() -> dict[str, str]:
    """Nouns that stand for the entity in their genitive or von/aus attribute → `part`, `group` or `person`."""
    return column_map("transparent_nouns.tsv", "lemma", "kind")


@lru_cache(maxsize=1)
def weapon_nouns() -> frozenset[str]:
    """Weapons and military craft whose attacks news states for the state that fires them ("russische Drohnen")."""
    return frozenset(r["noun"] for r in read_tsv("weapon_nouns.tsv", ("noun",)))


@lru_cache(maxsize=1)
def relation_args() -> dict[str, tuple[str, str]]:
    """Relation → (what its subject may be, what its object may be): `entity` or `any`."""
    rows = read_tsv("relation_args.tsv", ("relation", "subject", "object"))
    return {r["relation"]: (r["subject"], r["object"]) for r in rows}


@lru_cache(maxsize=1)
def descriptions() -> frozenset[str]:
    """Nouns that point back to a person named before (der Republikaner)."""
    return frozenset(r["lemma"] for r in read_tsv("descriptions.tsv", ("lemma",)))


@lru_cache(maxsize=1)
def unit_nouns() -> frozenset[str]:
    """Nouns that after a state's name and a hyphen name a unit, not the state (US-Dollar)."""
    return frozenset(r["lemma"] for r in read_tsv("unit_nouns.tsv", ("lemma",)))


@lru_cache(maxsize=1)
def judging_verbs() -> dict[str, str]:
    """Verbs by which a speaker judges the subject of their speech → criticizes or supports."""
    return column_map("judging_verbs.tsv", "lemma", "relation")


@lru_cache(maxsize=1)
def negative_verbs() -> frozenset[str]:
    """Verbs that deny the infinitive clause they govern (ausschließen, sich weigern)."""
    return frozenset(r["lemma"] for r in read_tsv("negative_verbs.tsv", ("lemma",)))


@lru_cache(maxsize=1)
def predicate_nouns() -> dict[str, str]:
    """Predicate nouns (Mitglied, Teil) → the relation between the subject and their genitive."""
    return column_map("predicate_nouns.tsv", "lemma", "relation")


#: The relations of predicate nouns that state a stance (Kritiker, Unterstützer): they may take a thing as object.
STANCES = frozenset({"criticizes", "supports"})


@lru_cache(maxsize=1)
def chamber_titles() -> dict[str, str]:
    """Titles that name a chamber and a member of it before a name (Bundesrat X) → the chamber's key."""
    return column_map("chamber_titles.tsv", "title", "body")


@lru_cache(maxsize=1)
def candidacies() -> dict[str, str]:
    """Role nouns of a candidate → the election a person so titled runs in (candidacies.tsv)."""
    return column_map("candidacies.tsv", "role", "election")


@lru_cache(maxsize=1)
def contests() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Lower-case noun or compound tail of a contest → (the prepositions that put a subject in it, the
    compounds of it that name none) (contests.tsv)."""
    rows = read_tsv("contests.tsv", ("tail", "prepositions", "except"))
    return {r["tail"]: (frozenset(alternatives(r["prepositions"])), alternatives(r["except"])) for r in rows}


@lru_cache(maxsize=1)
def state_acts() -> frozenset[str]:
    """Verb lemmas whose agentless passive is the act of the state named with "in" (state_acts.tsv)."""
    return frozenset(r["lemma"] for r in read_tsv("state_acts.tsv", ("lemma",)))


@lru_cache(maxsize=1)
def stance_adjectives() -> dict[str, str]:
    """The end of a stance adjective's stem (kritisch, nah) → the relation its holder has to what the rest names."""
    return column_map("stance_adjectives.tsv", "suffix", "relation")


@lru_cache(maxsize=1)
def participle_verbs() -> dict[str, str]:
    """Verb lemmas whose participle before a noun states a relation of its von-agent (participle_verbs.tsv)."""
    return column_map("participle_verbs.tsv", "lemma", "relation")


@lru_cache(maxsize=1)
def evaluative_words() -> tuple[tuple[str, str], ...]:
    """(lower-case prefix, polarity + or -, ! for a refusal) of words that make a description a criticism or praise."""
    return tuple((r["prefix"], r["polarity"]) for r in read_tsv("evaluative_words.tsv", ("prefix", "polarity")))


def compound_tail(word: str, table: Container[str], shortest: int = 4) -> str | None:
    """The entry of `table` that `word` is, or else the longest one it ends in as a compound
    (Versorgungsschiff → Schiff, Friedensverhandlung → Verhandlung), of `shortest` letters or more."""
    if word in table:
        return word
    joined = word[:1] + word[1:].replace("-", "").lower() if "-" in word[1:] else None
    if joined in table:  # "Box-Kampf" as Boxkampf
        return joined
    for size in range(len(word) - 3, shortest - 1, -1):
        tail = word[-size:].capitalize()
        if tail in table:
            return tail
    return None


@lru_cache(maxsize=50_000)
def institution(word: str, before: int = 3) -> tuple[str, str] | None:
    """(nominative singular, gender) of a noun that names an institution by itself
    (institution_nouns.tsv), else None: a word of the table, or a compound of a tail with `before`
    letters or more before it (none after a country's or party's prefix: "SPÖ-Parteivorstand"); a
    masculine or neuter one in its genitive too.

    >>> institution("Innenministeriums"), institution("Richtervereinigung"), institution("Polizei")
    (('Innenministerium', 'n'), ('Richtervereinigung', 'f'), ('Polizei', 'f'))
    >>> institution("Ministerium"), institution("Grabkammer"), institution("Vereinigungen")
    (None, None, None)
    """
    if not word[:1].isupper():
        return None
    table = institution_nouns()
    for ending in ("", "s", "es"):
        if not word.endswith(ending):
            continue
        form = word[: len(word) - len(ending)]
        kind, gender = table.get(form, ("", ""))
        if kind == "not":
            return None
        if not kind:
            low = form.lower()
            tail = max((t for t in _institution_tails() if low.endswith(t) and len(low) - len(t) >= before),
                       key=len, default=None)
            if tail is None:
                continue
            gender = table[tail][1]
        if not ending or gender in ("m", "n"):  # only a masculine or neuter takes -s or -es in the genitive
            return form, gender
    return None


@lru_cache(maxsize=1)
def _institution_tails() -> tuple[str, ...]:
    """The compound tails of institution_nouns.tsv."""
    return tuple(word for word, (kind, _) in institution_nouns().items() if kind == "tail")


@lru_cache(maxsize=4096)
def transparent_kind(lemma: str) -> str | None:
    """`part`, `group` or `person` if a noun, or the last part of a compound (Versorgungsschiff), is
    transparent."""
    nouns = transparent_nouns()
    key = compound_tail(lemma, nouns)
    return nouns[key] if key else None


@lru_cache(maxsize=1)
def pair_nouns() -> dict[str, frozenset[str]]:
    """Nouns that after "beide" stand for the last two actors → the entity types those may have."""
    return {lemma: frozenset(alternatives(types)) for lemma, types in column_map("pair_nouns.tsv", "lemma", "types").items()}


@lru_cache(maxsize=1)
def org_patterns() -> dict[str, str]:
    """Words that shape an unknown organization's name → `suffix` (GmbH) or `head` (Institut)."""
    return column_map("org_patterns.tsv", "word", "kind")


@lru_cache(maxsize=1)
def place_patterns() -> dict[str, str]:
    """Words that shape an unknown place's name → `street` (…straße), `road` (B 29) or `common`."""
    return column_map("place_patterns.tsv", "word", "kind")
