"""Parties of persons and states, and parties as the text names them.

A person's party: "Julia Reda (Piraten)", "Erdoğans AKP", "die damalige ÖVP-Kandidatin X", "der freiheitliche
Landeshauptmann X", "X, SPÖ-naher Berater", "die ÖVP hatte ihren Klubobmann X", "Sozialsprecherin X" after a
sentence on the Grünen. A party named without its name (parties.tsv): "die Sozialdemokraten", "die Roten",
"die schwarze Regierungsriege", "VP-Klubchef X"; each form only in a document about the party's country.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from geokg.extract.entities import role_lemma
from geokg.extract.ents import doc_tokens, ents_from
from geokg.extract.kb import KBEntry, knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import org_nouns, predicate_nouns
from geokg.extract.lang_de.tables import alternatives, read_rows
from geokg.extract.mentions import context_country
from geokg.extract.model import EntityRef
from geokg.extract.titles import DEPUTY, former, title_before
from geokg.errors import Errors, GeokgError

if not Doc.has_extension("party_country"):
    Doc.set_extension("party_country", default=None)  # the country whose parties the forms name ("" if none)

Fact = tuple[EntityRef, str, EntityRef, str]

PARTY_CUES = ("Partei", "Fraktion")


@dataclass(frozen=True)
class PartyForms:
    """How news names one party without its name (a row of parties.tsv)."""

    party: str  # the organization's key (org:spoe)
    country: str  # the party's country key (country:AT)
    prefixes: tuple[str, ...]
    groups: tuple[str, ...]
    members: tuple[str, ...]
    adjectives: tuple[str, ...]


@lru_cache(maxsize=1)
def party_forms() -> tuple[PartyForms, ...]:
    """The rows of parties.tsv; a party that organizations.tsv does not list as a national party is an error."""
    kb = knowledge_base()
    rows = []
    for lineno, r in read_rows("parties.tsv", ("party", "prefixes", "groups", "members", "adjectives")):
        entry = kb.by_key.get(f"org:{r['party']}")
        if entry is None or entry.kind != "party" or not entry.country:
            raise GeokgError(Errors.E208, table="parties.tsv", line=lineno,
                             problem=f"party {r['party']!r} is no national party of organizations.tsv")
        rows.append(PartyForms(entry.key, entry.country, alternatives(r["prefixes"]), alternatives(r["groups"]),
                               alternatives(r["members"]), alternatives(r["adjectives"])))
    return tuple(rows)


@dataclass(frozen=True)
class PartyOffice:
    """An office held in a party (a row of party_offices.tsv)."""

    relation: str  # leads | affiliated_with
    document: bool  # the party the whole document is about is its party, if no sentence near names one


@lru_cache(maxsize=1)
def party_offices() -> dict[str, PartyOffice]:
    """Office noun (or "-tail" of a compound) → its `PartyOffice`."""
    offices = {}
    for lineno, r in read_rows("party_offices.tsv", ("lemma", "relation", "document")):
        if r["relation"] not in ("leads", "affiliated_with"):
            raise GeokgError(Errors.E208, table="party_offices.tsv", line=lineno,
                             problem=f"relation {r['relation']!r} is neither leads nor affiliated_with")
        offices[r["lemma"]] = PartyOffice(r["relation"], r["document"] == "yes")
    return offices


def _shared(column: str) -> frozenset[str]:
    """The party keys one of whose forms in `column` another party of another country shares."""
    return _shared_keys()[column]


@lru_cache(maxsize=1)
def _shared_keys() -> dict[str, frozenset[str]]:
    out = {}
    for column in ("prefixes", "groups", "members", "adjectives"):
        by_form: dict[str, set[str]] = {}
        for row in party_forms():
            for form in getattr(row, column):
                by_form.setdefault(form, set()).add(row.party)
        out[column] = frozenset(k for keys in by_form.values() if len(keys) > 1 for k in keys)
    return out


@lru_cache(maxsize=1)
def _shared_forms() -> frozenset[str]:
    """The forms several countries' parties share ("Grünen", "Sozialdemokraten"): they name no country."""
    seen: dict[str, set[str]] = {}
    for row in party_forms():
        for form in (*row.prefixes, *row.groups, *row.members):
            seen.setdefault(form, set()).add(row.country)
    return frozenset(form for form, countries in seen.items() if len(countries) > 1)


def _ambiguous_parties() -> frozenset[str]:
    """Parties whose names another country's party shares (the Grünen of Germany and Austria)."""
    return _shared("groups") | _shared("members")


def party_country(doc: Doc) -> str | None:
    """The country whose parties the document's party forms name: the one it is about (context_country),
    else the one whose parties it names by name at least twice and twice as often as any other's."""
    if doc._.party_country is not None:
        return doc._.party_country or None
    ref = context_country(doc)
    key = ref.key if ref is not None else None
    if key is None:
        kb = knowledge_base()
        shared = _shared_forms()
        weights: dict[str, int] = {}
        for ent in doc.ents:
            entry = kb.by_key.get(ent.kb_id_)
            if entry is not None and entry.kind == "party" and entry.country and ent.text not in shared:
                weights[entry.country] = weights.get(entry.country, 0) + 1
        key = _dominant(weights, 2)
    doc._.party_country = key or ""
    return key


def _dominant(weights: dict[str, int], least: int, factor: int = 2) -> str | None:
    """The key weighing at least `least` and `factor` times as much as any other, if one does."""
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < least or (len(ranked) > 1 and ranked[0][1] < factor * ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=1)
def _forms_index() -> dict[tuple[str, str], dict[str, str]]:
    """(country, column) → form → the party key of the first row of parties.tsv that lists it."""
    index: dict[tuple[str, str], dict[str, str]] = {}
    for row in party_forms():
        for column in ("prefixes", "groups", "members"):
            forms = index.setdefault((row.country, column), {})
            for form in getattr(row, column):
                forms.setdefault(form, row.party)
    return index


def resolve(doc: Doc, form: str, column: str) -> KBEntry | None:
    """The party a form of `column` (prefixes, groups, members) names in this document, if one of its country."""
    country = party_country(doc)
    if country is None:
        return None
    key = _forms_index().get((country, column), {}).get(form)
    return knowledge_base().by_key.get(key) if key is not None else None


def _adjective_party(doc: Doc, tok: Token) -> KBEntry | None:
    """The party an adjective names in this document: "freiheitliche", "roten", "sozialdemokratischen"."""
    low = tok.lower_
    if tok.tag_ not in ("ADJA", "ADJD") and not tok.text.islower():
        return None
    country = party_country(doc)
    if country is None:
        return None
    for row in party_forms():
        if row.country == country and any(low.startswith(stem) and low[len(stem):] in gazetteer.ADJECTIVE_ENDINGS
                                           for stem in row.adjectives):
            return knowledge_base().by_key.get(row.party)
    return None


# Nouns that, with a party's adjective, stand for the party: "die rote Regierungshälfte", "die schwarze
# Regierungsriege", "der blaue Koalitionspartner".
PARTY_PARTS = frozenset({"Regierungshälfte", "Regierungsriege", "Regierungspartner", "Koalitionspartner",
                         "Regierungsmannschaft", "Regierungsteam", "Ministerriege", "Parteispitze", "Parteiführung",
                         "Parteibasis", "Basis", "Landespartei", "Bundespartei", "Partei", "Parlamentsfraktion",
                         "Fraktion", "Parlamentsklub", "Klub", "Rathausfraktion", "Stadtpartei", "Reichshälfte"})
SINGULAR = frozenset({"ein", "eine", "einer", "eines", "einem", "einen", "kein", "keine", "keiner", "keinen", "jeder",
                      "jede", "jeden"})


def party_names(doc: Doc) -> None:
    """Mark the parties the document names without their name (parties.tsv), and give a name several
    countries' parties share (die Grünen) the party of the document's country: doc.ents and the compound
    prefixes (`_.country`) of "VP-Klubchef", "Grünen-Chefin". Called by the entity recognizer once it has
    set doc.ents, before the entities' references are made."""
    if party_country(doc) is None:
        return
    kb = knowledge_base()
    ambiguous = _ambiguous_parties()
    toks = doc_tokens(doc)
    for tok in toks:
        if "-" not in tok.text or not tok.text[:1].isupper():
            continue
        prefix = tok.text.split("-", 1)[0]
        known = tok._.country
        if known is not None and known.kind == "party" and known.key in ambiguous:
            tok._.country = resolve(doc, prefix, "groups") or resolve(doc, prefix, "prefixes") or known
        elif known is None:
            tok._.country = resolve(doc, prefix, "prefixes")
    spans, dropped = [], set()
    for ent in doc.ents:
        entry = kb.by_key.get(ent.kb_id_)
        if entry is not None and entry.kind == "party" and len(ent) == 1 and _member_title(doc, ent[0]):
            dropped.add(ent.start)  # "der Grüne Peter Pilz": a member, titled
        elif entry is not None and entry.key in ambiguous and len(ent) == 1:
            other = resolve(doc, ent.text, "groups")
            if other is not None and other.key != entry.key:
                spans.append(Span(doc, ent.start, ent.end, label="ORG", kb_id=other.key))
    for tok in toks:
        found = _group_mention(doc, tok) or _part_mention(doc, tok)
        if found is not None:
            spans.append(found)
    if not spans and not dropped:
        return
    taken = {i for s in spans for i in range(s.start, s.end)}
    kept = [e for e in doc.ents if e.start not in dropped and not (taken & set(range(e.start, e.end))
                                                                   and (not e.kb_id_ or len(e) <= 2))]
    doc.ents = sorted(filter_spans(kept + [s for s in spans if not any(
        e.start < s.end and s.start < e.end for e in kept)]), key=lambda s: s.start)


def _member_title(doc: Doc, tok: Token) -> bool:
    """True for a member noun that titles the name after it: "der Grüne Peter Pilz", "dem Sozialdemokraten X"."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1].lower_ if tok.i else ""
    if nxt is None or nxt.ent_type_ != "PER":
        return False
    if before in ("der", "die"):  # "der Grüne X"; "die Grünen X" would be the party
        return any(tok.text in r.members for r in party_forms())
    return before in ("dem", "den", "des") and any(tok.text.rstrip("n") in r.members for r in party_forms())


def _group_mention(doc: Doc, tok: Token) -> Span | None:
    """A party named by its members as a group: "Die Sozialdemokraten werfen …", "bei den Roten"."""
    if not tok.text[:1].isupper() or tok.tag_ not in ("NN", "NE", "ADJA", "ADJD") or tok.ent_type_:
        return None
    entry = resolve(doc, tok.text, "groups")
    if entry is None:
        return None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and (nxt.text[:1].isupper() and nxt.tag_ in ("NN", "NE") or nxt.text == "-"):
        return None  # "des Roten Kreuzes", "einer Roten Karte", "den freien Schwarzen John Tubman"
    before = doc[tok.i - 1] if tok.i and not tok.is_sent_start else None
    if before is not None and (before.lower_ in SINGULAR or before.tag_ == "CARD"):
        return None  # "einer Schwarzen", "zwei Grüne": persons
    return Span(doc, tok.i, tok.i + 1, label="ORG", kb_id=entry.key)


def _part_mention(doc: Doc, tok: Token) -> Span | None:
    """A party named by its adjective and a noun for a part of it: "die rote Regierungshälfte"."""
    if tok.ent_type_ or tok.i + 1 >= len(doc) or tok.tag_ != "ADJA" or doc[tok.i + 1].ent_type_:
        return None
    noun = doc[tok.i + 1]
    if noun.text not in PARTY_PARTS and noun.lemma_ not in PARTY_PARTS:
        return None
    entry = _adjective_party(doc, tok)
    return Span(doc, tok.i, tok.i + 2, label="ORG", kb_id=entry.key) if entry is not None else None


def party_of(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """A person's party named right after the name: "Manuel Baldizón von der rechtspopulistischen
    Partei Lider", "Amilcar Pop von der Indigena-Partei Winaq", "Julia Reda (Piraten)"."""
    k = span.end
    if k + 1 < len(doc) and doc[k].text == "(":
        party = next((e for e in ents_from(doc, k + 1, k + 2) if e.start == k + 1), None)
        if party is not None and party.end < len(doc) and doc[party.end].text == ")" and _is_party(party, False):
            return [(ref, "member_of", party._.entity, "cue:person-party")]
        return []
    if k + 2 >= len(doc) or doc[k].lower_ not in ("von", "vom") :
        return []
    k += 1 + (doc[k + 1].lower_ in ("der", "den"))
    while k < len(doc) and doc[k].tag_ == "ADJA":
        k += 1
    cued = k < len(doc) and doc[k].text.rsplit("-", 1)[-1].endswith(PARTY_CUES) and doc[k].tag_ == "NN"
    party = next((e for e in ents_from(doc, k, k + 2) if e.start in (k, k + 1)), None)
    if party is None or (party.start == k + 1 and not cued) or not _is_party(party, cued):
        return []
    return [(ref, "member_of", party._.entity, "cue:person-party")]


def is_party(entry: KBEntry | None) -> bool:
    """True for a gazetteer entry of a party."""
    return entry is not None and entry.type == "Organization" and entry.kind == "party"


def _is_party(span: Span, cued: bool) -> bool:
    """True if an entity span names a party: the gazetteer says so, or a cue (Partei) announced it."""
    ref = span._.entity
    if ref is None or ref.type != "Organization":
        return False
    entry = knowledge_base().by_key.get(ref.key or "")
    return is_party(entry) or (cued and entry is None) or span[0].text.endswith(PARTY_CUES)


def _party_ref(span: Span) -> EntityRef | None:
    """The party an entity span names, if it names a known one."""
    ref = span._.entity
    return ref if ref is not None and is_party(knowledge_base().by_key.get(ref.key or "")) else None


# A compound's part before an office noun that makes the office the party's own ("Landesparteichef",
# "Bundesparteiobmann"): with another part, the office heads only a part of it ("Kommunikationschef").
LEADING_STEMS = ("", "Partei", "Bundespartei", "Landespartei", "Landes", "Bundes", "Klub")


def _relation(role: Token) -> str:
    """How the holder of an office with a party's prefix or adjective relates to the party."""
    lemma = role_lemma(role) or ""
    info = gazetteer.role_nouns().get(lemma)
    office = party_offices().get(lemma)
    relation = office.relation if office is not None else (info.relation if info is not None else "member_of")
    if relation == "leads":
        tail = role.text.rpartition("-")[2]
        stem = tail[: len(tail) - len(lemma)] if tail.lower().endswith(lemma.lower()) else tail
        if stem.capitalize() not in LEADING_STEMS or role.text.rpartition("-")[0].startswith(DEPUTY):
            relation = "affiliated_with"
    return relation


def _prefix_party(role: Token) -> KBEntry | None:
    """The party a compound office names in its first part: "ÖVP-Kandidatin", "VP-Klubchef"."""
    entry = role._.country
    return entry if is_party(entry) else None


def person_parties(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """The party of a person as the phrase around the name states it, where no office rule does: a past
    office with a party's prefix, an office coordinated with one, the party's adjective or a member noun
    before the name, a "SPÖ-nah" adjective, a party's possessive, a party office with the party nearby."""
    stated = _stated_party(doc, span)
    if stated is not None:
        return [(ref, stated[1], stated[0].ref(), stated[2])] if stated[3] else []
    role = doc[span.start - 1] if span.start >= 2 else None
    if role is not None and doc[role.i - 1].lower_.startswith(POSSESSIVES):
        return _possessive_party(doc, span, ref)  # "seinem Wahlkampfleiter X": whose, the owner says
    return _context_party(doc, span, ref)


def _stated_party(doc: Doc, span: Span) -> tuple[KBEntry, str, str, bool] | None:
    """(party, relation, rule, new) for the party a person's mention states; `new` is False where an
    office rule states it already ("ÖVP-Chef X", "X (SPÖ)")."""
    role = title_before(doc, span)
    if role is not None and role.i == span.start - 1:
        party = _prefix_party(role)
        if party is not None:
            if not former(doc, role):
                return party, _relation(role), "", False  # the office rules state it
            if not any(t.lemma_.startswith("damalig") or t.lower_.startswith("damalig")
                       for t in doc[max(0, role.i - 3):role.i]):
                return None  # "die einstige FPÖ-Abgeordnete", "Ex-FPÖ-Politiker": maybe no more of the party
            return party, "member_of", "party:prefix-past", True  # "die damalige ÖVP-Kandidatin X"
        k = role.i - 1
        if k >= 2 and doc[k].lower_ in ("und", "sowie") and role_lemma(doc[k - 1]) is not None:
            other = _prefix_party(doc[k - 1])  # "der ÖVP-Koalitionsverhandler und Wirtschaftslandesrat X"
            if other is not None and not former(doc, doc[k - 1]):
                return other, _relation(doc[k - 1]), "party:prefix-coordinated", True
            k -= 1
        adjectives = _adjectives_before(doc, k)
        for tok in adjectives:
            near = _near_party(tok)
            if near is not None:  # "der SPÖ-nahen Kandidatin X"
                return near, "affiliated_with", "party:near", True
            party = _adjective_party(doc, tok)
            if party is not None:  # "der damalige freiheitliche Landeshauptmann X"
                relation = "leads" if _relation(role) == "leads" and not former(doc, role) else "member_of"
                return party, relation, "party:adjective", True
        return None
    before = doc[span.start - 1] if span.start else None
    party = _compound_party(before) if before is not None and role is None else None
    if party is not None:  # "KPÖ-Stadträtin X", "Grünen-Finanzexperte X", "seiner ÖVP-Kontrahentin X"
        return party, "affiliated_with", "party:compound", True
    if before is not None and before.text[:1].isupper() and not before.ent_type_:
        party = resolve(doc, before.text, "members") or resolve(doc, before.text.rstrip("n"), "members")
        if party is not None:  # "der Sozialdemokrat X", "SPÖler X"
            return party, "member_of", "party:member", True
    party = _named_member(doc, before) if before is not None else None
    if party is not None:  # "Der Linke Fabio De Masi": the party's name, a member noun too
        return party, "member_of", "party:member", True
    k = span.end
    if k + 1 < len(doc) and doc[k].text == ",":
        near = _near_party(doc[k + 1])
        if near is not None:  # "Josef Kalina, SPÖ-naher Kommunikationsberater"
            return near, "affiliated_with", "party:near", True
    return None


def _named_member(doc: Doc, tok: Token) -> KBEntry | None:
    """The party whose recognized name is one of its member nouns, after an article in the singular:
    "der Linke X", "die Grüne Y" (the name settles which party, whatever the document's country)."""
    if tok.i == 0 or doc[tok.i - 1].lower_ not in ("der", "die", "dem", "den") or tok.ent_type_ != "ORG":
        return None
    party = knowledge_base().by_key.get(tok.ent_kb_id_)
    if party is None or not any(r.party == party.key and tok.text.rstrip("n") in r.members for r in party_forms()):
        return None
    return party


# Nouns whose compound with a party names its opponent, not its member: "FPÖ-Kritiker", "SPÖ-Gegner".
OPPONENTS = frozenset({"Gegner", "Gegnerin", "Kritiker", "Kritikerin", "Feind", "Feindin", "Jäger", "Fresser"})


def _compound_party(tok: Token) -> KBEntry | None:
    """The party a compound of a party's name and a noun for a person names: "SPÖ-Stadtrat",
    "FPÖ-Werber" (no office the role nouns know; not "FPÖ-Kritiker", "Ex-FPÖ-Politiker")."""
    party = _prefix_party(tok)
    tail = tok.text.rpartition("-")[2]
    if party is None or tok.tag_ != "NN" or not tail[:1].isupper() or tok.text.startswith(("Ex-", "ex-", "Alt-")):
        return None
    if tail in OPPONENTS or tail in predicate_nouns() or tail.rstrip("n") in predicate_nouns() or tail in org_nouns():
        return None
    return party


def _adjectives_before(doc: Doc, k: int) -> list[Token]:
    """The attributive adjectives that end at token k (the one before an office noun), nearest first."""
    out = []
    while k >= 0 and (doc[k].tag_ in ("ADJA", "ADJD") or (doc[k].text.islower() and "-" in doc[k].text)):
        out.append(doc[k])
        k -= 1
    return out


def _near_party(tok: Token) -> KBEntry | None:
    """The party a "close to" adjective names: "SPÖ-naher", "FPÖ-nahen"."""
    prefix, _, rest = tok.text.rpartition("-")
    if not prefix or not rest.startswith("nah") or rest[3:] not in gazetteer.ADJECTIVE_ENDINGS:
        return None
    entry = knowledge_base().lookup(prefix)
    return entry if is_party(entry) else None


POSSESSIVES = ("ihr", "sein", "deren", "dessen")


def _possessive_party(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """An office a party's possessive names: "Auch die ÖVP hatte ihren Klubobmann X dazugebeten", "Anders
    die FPÖ: …, meint deren Sozialsprecher X", "FPÖ-Chef Y war mit seinem Klubobmann X erschienen"."""
    role = doc[span.start - 1] if span.start >= 2 else None
    if role is None or not _office_word(role) or role._.country is not None:
        return []
    owner_word = doc[role.i - 1]
    if not owner_word.lower_.startswith(POSSESSIVES):
        return []
    masculine = owner_word.lower_.startswith(("sein", "dessen"))
    owner: EntityRef | None = None
    for ent in reversed(ents_from(doc, span.sent.start, owner_word.i)):
        if ent.end > owner_word.i:
            continue
        party = _party_ref(ent)
        if party is not None and not masculine:
            owner = party
            break
        if ent.label_ == "PER" and ent._.entity is not None and ent._.entity.ident != ref.ident:
            stated = _stated_party(doc, ent)  # "FPÖ-Parteichef Y … seinem Klubobmann X"
            owner = stated[0].ref() if stated is not None else None
            break
    if owner is None:
        return []
    return [(ref, _office_relation(role), owner, "party:possessive")]


def _office_word(role: Token) -> bool:
    """True for a noun of an office: a role noun or a party office ("Sozialsprecher", "Klubobmann")."""
    return role_lemma(role) is not None or _party_office(role) is not None


def _party_office(role: Token) -> PartyOffice | None:
    """The party office a noun names: "Klubobmann", "Sozialsprecherin", "ArbeitnehmerInnen-Sprecherin"
    (a spokesperson for a field: not a Regierungssprecher, nor a Polizeisprecher)."""
    offices = party_offices()
    text = role.text
    if text in offices:
        return offices[text]
    tail = text.rpartition("-")[2]
    for lemma, office in offices.items():
        if not lemma.startswith("-") or not tail.lower().endswith(lemma[1:]):
            continue
        stem = text[: len(text) - len(lemma) + 1].rstrip("-")
        if not stem or tail.lower() == lemma[1:] and "-" not in text:
            return None  # "Sprecher" alone: whose, the text must say
        base = stem.capitalize()
        if text in gazetteer.role_nouns() or base in org_nouns() or knowledge_base().lookup(base) is not None \
                or knowledge_base().lookup(base.rstrip("s")) is not None or role._.country is not None:
            return None
        return office
    return None


def _office_relation(role: Token) -> str:
    """The relation of an office's holder to the party whose office it is."""
    office = _party_office(role)
    if office is not None:
        return office.relation
    return _relation(role)


def _context_party(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """A party office before a name and no party named with it: the one party this sentence names before
    it or, if it names none, the previous sentence; for a party's own office (Klubobmann) else the party
    the document is about. "Herbe Kritik kam auch von den Grünen. … zeigten Sozialsprecherin X …"."""
    role = doc[span.start - 1] if span.start else None
    office = _party_office(role) if role is not None else None
    if role is None or office is None or role._.country is not None or former(doc, role):
        return []
    if role.i and doc[role.i - 1].tag_ == "ADJA" and doc[role.i - 1]._.country is not None:
        return []  # "der steirische Klubobmann": a demonym's, the office rules read
    sent = span.sent
    parties = _parties_in(doc, sent.start, role.i)
    if not parties and sent.start > 0:
        previous = doc[sent.start - 1].sent
        parties = _parties_in(doc, previous.start, previous.end)
    if not parties and office.document:
        party = _document_party(doc)
        parties = [party] if party is not None else []
    if len(parties) != 1:
        return []
    return [(ref, office.relation, parties[0], "party:context")]


def _parties_in(doc: Doc, start: int, end: int) -> list[EntityRef]:
    """The different parties named between two tokens."""
    found: dict[str, EntityRef] = {}
    for ent in ents_from(doc, start, end):
        party = _party_ref(ent)
        if party is not None and ent.end <= end:
            found.setdefault(party.ident, party)
    return list(found.values())


def _document_party(doc: Doc) -> EntityRef | None:
    """The party the document is about: named at least three times and three times as often as any other
    (a report on a coalition names both partners: neither is the one its offices belong to)."""
    weights: dict[str, int] = {}
    refs: dict[str, EntityRef] = {}
    for ent in doc.ents:
        party = _party_ref(ent)
        if party is not None:
            weights[party.ident] = weights.get(party.ident, 0) + 1
            refs[party.ident] = party
    key = _dominant(weights, 3, 3)
    return refs[key] if key is not None else None


GOVERNING = ("regierend", "Regierungspartei")


def governing_party(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """A party that governs: "der regierenden Arbeiterpartei PT", "die Regierungspartei AKP" → leads
    its country (the gazetteer's, else the one the document is about)."""
    k = span.start - 1
    cued = k >= 0 and doc[k].tag_ == "NN" and doc[k].text.rsplit("-", 1)[-1].lower().endswith("partei")
    if cued:
        k -= 1
    entry = knowledge_base().by_key.get(ref.key or "")
    party = cued or is_party(entry)
    governing = (k >= 0 and doc[k].tag_ == "ADJA" and doc[k].lower_.startswith(GOVERNING[0])) or (
        cued and doc[span.start - 1].text.startswith(GOVERNING[1]))
    if not (party and governing):
        return []
    home = knowledge_base().by_key.get(entry.country or "") if entry is not None else None
    state = home.ref() if home is not None else context_country(doc)
    return [(ref, "leads", state, "cue:governing-party")] if state is not None else []


def owners_party(doc: Doc, span: Span, ref: EntityRef) -> list[Fact]:
    """A party named as a person's: "Erdoğans AKP", "Erdogans islamisch-konservativer Partei AKP",
    "Orbans Fidesz-Partei" → the person is affiliated with it."""
    k = span.start - 1
    if k >= 0 and doc[k].tag_ == "NN" and doc[k].text.endswith(PARTY_CUES):
        k -= 1
    while k >= 0 and doc[k].tag_ == "ADJA":
        k -= 1
    if k < 0 or not doc[k].text.endswith(("s", "'")) or not _is_party(span, span[0].text.endswith(PARTY_CUES)):
        return []
    owner = next((e for e in ents_from(doc, max(0, k - 3), k + 1) if e.end == k + 1), None)
    if owner is None or owner.label_ != "PER" or owner._.entity is None:
        return []
    return [(owner._.entity, "affiliated_with", ref, "cue:owners-party")]
