"""Static facts a noun phrase states: offices (US-Präsident X → leads), state bodies, memberships, media."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from geokg.extract.entities import TIME_WORDS, role_lemma
from geokg.extract.ents import doc_tokens, ents_from
from geokg.extract.kb import KBEntry, body_name, knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import (STANCES, candidacies, chamber_titles, compound_tail, institution,
                                          org_nouns, predicate_nouns)
from geokg.extract.mentions import context_country, context_region, default_country, role_referent, title_default
from geokg.extract.model import EntityRef
from geokg.extract.parties import governing_party, owners_party, party_of, person_parties
from geokg.extract.places import (branch_facts, capital_facts, city_of_adjective, origin_facts, place_facts,
                                  seat_facts)
from geokg.extract.stances import stance_facts
from geokg.extract.titles import (DEPUTY, FORMER_PREFIXES, former, genitive_body, title_after, title_word,
                                  titles_before)


#: The end of the rule id of an office the text says is past ("der frühere Präsident X", "Expräsident X"):
#: stated, as the annotators of real news list them, but no office the person holds now (statements.py).
PAST = ":former"
AFTER_NAME_PREPS = frozenset({"an", "am", "bei", "beim", "von", "vom", "der", "des"})


def _office_after(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """An office in apposition after the name: "Hans Müller, Chef der Deutschen Bank," (leads),
    "Claudio Couto, Politologe an der Universität X," (affiliated_with)."""
    role = title_after(doc, span)
    if role is None:
        return []
    k = role.i
    org = _compound_body(role, role._.country)
    if org is None and role._.country is not None:
        org = role._.country.ref()
    if org is None and k + 1 < span.sent.end and doc[k + 1].lower_ in AFTER_NAME_PREPS:
        end = next((t.i for t in doc[k + 1:span.sent.end] if t.text == "," or t.pos_ in ("VERB", "AUX")),
                   span.sent.end)
        org = next((e._.entity for e in ents_from(doc, k + 2, end) if e._.entity is not None
                    and e.label_ in ("ORG", "GPE") and e.start <= k + 4), None)
    if org is None or org.ident == ref.ident:
        return []
    return [_office(ref, role, org, ":after-name" + (PAST if former(doc, role) else ""))]


def _role_org(doc: Doc, role: Token, span: Span, person: EntityRef | None = None,
              home: EntityRef | None = None) -> EntityRef | None:
    """The state or organization an office belongs to: prefix, demonym, genitive; else, for an office
    of a state, the person's own state (`home`: that of their party) or the one the document is about;
    else the noun itself."""
    named = _named_org(doc, role, span)
    if named is not None:
        return named
    if _unknown_prefix(role):  # "WTV-Präsident": a body we do not know, unless the text names it
        return _acronym_body(doc, role)
    if _unknown_owner(doc, role):  # "Neustadts Präsident Hans Reinisch"
        if person is not None:  # and so is "Präsident Reinisch" later
            offices = doc._.offices if doc._.offices is not None else {}
            offices.setdefault(person.ident, UNKNOWN_BODY)
            doc._.offices = offices
        return None
    if _unnamed_genitive(doc, role) or _unknown_stem(role):
        return None  # "Präsident des Wiener Tierschutzvereins"
    info = gazetteer.role_nouns()[role_lemma(role) or ""]
    if info.region:  # "Landeshauptmann Josef Pühringer" in a report on Oberösterreich
        return context_region(doc) if person is not None else None
    default = title_default(doc, info.lemma)
    if default is not None and default.type != "Country":
        return default  # Kommissionspräsident → EU-Kommission, whoever holds it
    if person is not None and (doc._.offices or {}).get(person.ident) == UNKNOWN_BODY:
        return None  # the title the text gave them before, of a body nobody knows
    if info.state or default is not None:
        own = _own_country(doc, person) or (home if person is not None else None)
        if own is not None:
            return own  # Bundespräsident Heinz Fischer → Österreich, Verteidigungsminister Ashton Carter → USA
    if default is not None:
        return default
    return context_country(doc) if info.state and person is not None else None


def _unnamed_genitive(doc: Doc, role: Token) -> bool:
    """True if a genitive attribute right after the role names no entity: the office is of that body."""
    k = role.i + 1
    if k + 1 >= len(doc) or doc[k].lower_ not in ("des", "der", "eines", "einer"):
        return False
    k += 1
    while k < len(doc) and doc[k].tag_ == "ADJA":
        k += 1
    return k < len(doc) and doc[k].tag_ == "NN" and not doc[k].ent_type_ and doc[k].lemma_ not in THE_STATE


#: What `doc._.offices` holds for a person whose office the text gave as that of a body nobody knows.
UNKNOWN_BODY = "?"


def _unknown_owner(doc: Doc, role: Token) -> bool:
    """True if a name in the s-genitive right before the role is one nobody knows: the office is that
    body's or town's ("Neustadts Präsident Hans Reinisch"), not the state's the text is about."""
    before = doc[role.i - 1] if role.i else None
    return before is not None and before.ent_type_ in ("ORG", "LOC", "GPE") and before.text.endswith("s") \
        and before.ent_iob_ == "B" and knowledge_base().lookup(before.text) is None


def _unknown_prefix(role: Token) -> bool:
    """True for a compound title whose first part names a body nobody knows ("OERAK-Präsident")."""
    prefix = role.text.rpartition("-")[0]
    if not prefix or not prefix[:1].isupper() or prefix in ("Ex", "Vize"):
        return False
    kb = knowledge_base()
    return kb.lookup(prefix) is None and kb.country_of(prefix) is None


def _acronym_body(doc: Doc, role: Token) -> EntityRef | None:
    """The body an unknown acronym before a title names where the text uses it alone too: "IPN-Direktor
    X" after "das Institut für Nationales Gedenken (IPN)" leads the IPN."""
    prefix = role.text.rpartition("-")[0]
    if not (2 <= len(prefix) <= 6 and prefix.isalpha() and prefix.isupper()):
        return None
    if not any(t.text == prefix for t in doc_tokens(doc)):
        return None
    return EntityRef(prefix, "Organization", prefix)


def _unknown_stem(role: Token) -> bool:
    """True for a head of state's title in a compound whose first part names some other body: "die
    Zweite Landtagspräsidentin", "Ärztekammerpräsident" head no state (Staatspräsident is a row of its
    own; a Wirtschaftsstaatssekretär is still an official of the state)."""
    lemma = role_lemma(role) or ""
    info = gazetteer.role_nouns()[lemma]
    stem = _title_stem(role, lemma) if info.state and info.relation == "leads" else None
    if stem is None:
        return False
    return not stem.startswith(DEPUTY + FORMER_PREFIXES) and stem.rstrip("s") not in LEADING_STEMS \
        and stem not in LEADING_STEMS


def _title_stem(role: Token, lemma: str) -> str | None:
    """What a compound title has before its role noun, capitalized: Ärztekammer|präsidenten → "Ärztekammer"
    (read from the title's base form, so an inflected one ends in the lemma too); None for the noun alone."""
    tail = title_word(role).rpartition("-")[2]
    if len(tail) <= len(lemma) or not tail.lower().endswith(lemma.lower()):
        return None
    return tail[: len(tail) - len(lemma)].capitalize()


THE_STATE = frozenset({"Land", "Staat", "Republik", "Regierung", "Bund"})  # "der Präsident des Landes"


STATE_TRUNCS = frozenset({"Staats-", "Regierungs-"})


def _truncated_state(doc: Doc, role: Token) -> bool:
    """True for "Staats- und Parteichef", "Regierungs- und Parteichef": the role heads the state too."""
    return role.i >= 2 and doc[role.i - 1].lower_ in ("und", "sowie") and doc[role.i - 2].text in STATE_TRUNCS


def _own_country(doc: Doc, person: EntityRef | None) -> EntityRef | None:
    """The state a person serves: the one an office named earlier in the document, else the
    gazetteer's (persons.tsv)."""
    if person is None:
        return None
    kb = knowledge_base()
    office = (doc._.offices or {}).get(person.ident)
    entry = kb.by_key.get(office) if office else None
    if entry is not None and entry.type == "Country":
        return entry.ref()
    known = kb.by_key.get(person.key or "")
    if known is not None and known.type == "Person" and known.country in kb.by_key:
        return kb.by_key[known.country].ref()
    return None


def _named_org(doc: Doc, role: Token, span: Span) -> EntityRef | None:
    """The state or organization the phrase names for an office: a compound's body, prefix, demonym,
    genitive attribute or s-genitive."""
    kb = knowledge_base()
    before = doc[role.i - 1] if role.i else None
    if _truncated_state(doc, role):
        before = doc[role.i - 3] if role.i >= 3 else None  # "Chinas Staats- und Parteichef"
    demonym = before._.country if before is not None and before.tag_ == "ADJA" else None
    body = _compound_body(role, role._.country or demonym)
    if body is not None:  # EU-Kommissionspräsidentin → EU-Kommission, Armeechef → (ukrainische) Armee
        return body
    if role._.country is not None:
        if demonym is not None and demonym.type == "Country" and role._.country.type == "Organization" \
                and gazetteer.role_nouns()[role_lemma(role) or ""].envoy:
            return demonym.ref()  # "der israelische UNO-Botschafter": Israel's envoy to the UN
        return role._.country.ref()
    if before is not None and before.tag_ == "ADJA" and before._.country is not None:
        return before._.country.ref()
    if before is not None and before.tag_ == "ADJA" and gazetteer.role_nouns()[role_lemma(role) or ""].city:
        city = city_of_adjective(before.text)
        if city is not None:
            return city.ref()  # "der Grazer Bürgermeister Siegfried Nagl" leads Graz
    # genitive: "Sprecherin des Außenministeriums, Maria Sacharowa"
    for ent in ents_from(doc, role.i + 1, span.start):
        if ent.label_ == "PER":
            break  # "die Kandidaten A (ÖVP) und B": what follows a name is its own
        if role.i < ent.start < span.start and ent._.entity is not None:
            return ent._.entity
    owner = _owner_person(doc, role)
    if owner is not None:
        return owner  # "Van der Bellens Wahlkampfleiter Lothar Lockl": the candidate's man
    if before is not None and before.text.endswith("s"):  # "Israels Ministerpräsident"
        entry = kb.lookup(before.text)
        if entry is not None and entry.type in ("Country", "Organization", "Location"):
            return entry.ref(before.text)  # "Burgenlands Landeshauptmann": a region's head
    return None


def _owner_person(doc: Doc, role: Token) -> EntityRef | None:
    """The person whose aide a role noun names by an s-genitive right before it ("Putins Sprecher",
    "Van der Bellens Wahlkampfleiter"); not for an office of a state ("Obamas Außenminister": of the USA)."""
    if role.i == 0 or not doc[role.i - 1].text.endswith(("s", "'")):
        return None
    info = gazetteer.role_nouns()[role_lemma(role) or ""]
    if info.state or info.region or info.city:
        return None
    owner = next((e for e in ents_from(doc, max(role.sent.start, role.i - 4), role.i) if e.end == role.i), None)
    if owner is None or owner.label_ != "PER" or owner._.entity is None or owner._.entity.name == owner.text:
        return None  # "Himmlers Stellvertreter": a genitive no earlier mention or list resolves
    return owner._.entity  # type: ignore[no-any-return]


def _office_noun(role: Token) -> bool:
    """False for a compound of a noun that names an office only by itself: "sein ägyptischer Kollege"
    is a minister's counterpart, "sein Vorstandskollege" no official of a state."""
    lemma = role_lemma(role) or ""
    return not gazetteer.role_nouns()[lemma].exact or role.text.rpartition("-")[2].startswith(lemma)


def _deputy(role: Token) -> bool:
    """True for a deputy's office: "Vize-Chefin", "Vizeregierungschef", "der stellvertretende Chef"."""
    before = role.doc[role.i - 1] if role.i else None
    return role.text.startswith(DEPUTY) or (before is not None and before.lower_.startswith("stellvertretend"))


STATE_STEMS = frozenset({"Regierung", "Staat", "Land", "Bund"})


def _compound_parts(role: Token) -> tuple[str, list[str], str] | None:
    """A compound role noun's prefix, the candidate forms of its first part and the role inside it:
    Armee|chef, Kommissions|präsidentin, Nationalrats|präsident (the shortest tail that is a role)."""
    prefix, _, tail = role.text.rpartition("-")
    roles = gazetteer.role_nouns()
    inner = next((tail[-n:].capitalize() for n in range(3, len(tail) - 2)
                  if tail[-n:].capitalize() in roles), None)
    if inner is None:
        return None
    stem = tail[: len(tail) - len(inner)]
    stems = [c.capitalize() for c in (stem, stem[:-1] if stem.endswith("s") else "") if c]
    return prefix, [c for c in stems if c not in STATE_STEMS], inner  # Regierungschef: the state's own office


def _compound_body(role: Token, country: KBEntry | None) -> EntityRef | None:
    """The body a compound role noun names in its first part, with the country it belongs to."""
    parts = _compound_parts(role)
    if parts is None:
        named = institution(role.text.rpartition("-")[0] or "-")  # Ärztekammer-Präsident
        return _institution_body(named[0], country) if named is not None else None
    prefix, stems, inner = parts
    kb = knowledge_base()
    for cand in stems:
        entry = kb.lookup(f"{prefix}-{cand}") if prefix else None
        if entry is not None:
            return entry.ref()
        seat = kb.lookup(cand)
        if seat is not None and seat.stands_for and gazetteer.role_nouns()[inner].relation == "affiliated_with":
            return seat.ref()  # Kremlsprecher: the Kremlin's spokesman (a Kremlchef leads Russia)
        if seat is not None and seat.type == "Organization" and not seat.stands_for:
            return seat.ref()  # Nationalratsabgeordnete, ÖVP-Wirtschaftsbundpräsident: of the body named
        if cand in org_nouns() and country is not None and country.type == "Country":
            return EntityRef(body_name(cand, country), "Organization", cand,
                             f"body:{country.key}:{cand}")
        named = institution(cand)
        if named is not None:  # Polizeisprecher, Landtagspräsidentin: of the institution named
            return _institution_body(named[0], country)
    return None


def _institution_body(name: str, country: KBEntry | None) -> EntityRef:
    """The body an institution noun names (institution_nouns.tsv): of the state named with it, else bare,
    as the entity recognizer keys it (a party's prefix before the title is the person's party, not the
    body's owner: "ÖVP-Landtagsabgeordnete")."""
    if country is not None and country.type == "Country":
        return EntityRef(body_name(name, country), "Organization", name, f"body:{country.key}:{name}")
    return EntityRef(name, "Organization", name, f"body::{name}")


def _office_lemma(role: Token) -> str:
    """The role noun an office is read by: the one after a known body's name in a compound where a longer
    role noun would swallow that name (Nationalrats|präsident, not National|ratspräsident)."""
    lemma = role_lemma(role) or ""
    parts = _compound_parts(role)
    if parts is None or parts[2] == lemma or role.text.rpartition("-")[2].lower() == lemma.lower():
        return lemma
    kb = knowledge_base()
    named = any((e := kb.lookup(c)) is not None and e.type == "Organization" for c in parts[1])
    return parts[2] if named else lemma


def role_title(role: Token) -> str:
    """The office as a label: the role noun in its base form, with its prefix (NATO-Generalsekretär)."""
    lemma = role_lemma(role) or role.text
    prefix = role.text.split("-", 1)[0] + "-" if "-" in role.text and not lemma.startswith(
        role.text.split("-", 1)[0]) else ""
    return prefix + lemma


def _office(person: EntityRef, role: Token, org: EntityRef, how: str = "") -> tuple[EntityRef, str, EntityRef, str]:
    """The fact that `person` holds the office `role` names at `org`: the person titled with it, the
    role noun's relation, and the rule (`role:<lemma>` and how the office was stated)."""
    lemma = _office_lemma(role)
    info = gazetteer.role_nouns()[lemma]
    relation = info.relation
    if relation == "leads" and org.type == "Country" and not info.state and not _truncated_state(role.doc, role):
        relation = "affiliated_with"  # "der polnische Parteichef": heads a party of Poland, not Poland
    if org.type == "Person":
        relation = "affiliated_with"  # "Van der Bellens Wahlkampfleiter": the person's aide, no one leads a person
    if relation == "leads" and _deputy(role):
        relation = "affiliated_with"  # "die Vize-Chefin des UNHCR", "der stellvertretende Regierungschef"
    if relation == "member_of" and (org.type == "Country" or _union_of_states(org)):
        relation = "affiliated_with"  # "der französische Kandidat", "die EU-Abgeordnete": of it, no member
    if relation == "leads" and _heads_a_part(role, lemma):
        relation = "affiliated_with"  # "SPÖ-Kampagnenleiter": heads the campaign, not the SPÖ
    return replace(person, role=role_title(role)), relation, org, f"role:{lemma}{how}"


UNION_KINDS = frozenset({"alliance", "intergovernmental"})


def _union_of_states(org: EntityRef) -> bool:
    """True for an alliance or body of states (NATO, EU, Europarat): their members are states, not persons."""
    entry = knowledge_base().by_key.get(org.key or "")
    return entry is not None and entry.kind in UNION_KINDS


LEADING_STEMS = frozenset({"Partei", "Bundespartei", "Landespartei", "Fraktion", "Klub", "Parlamentsklub",
                           "Staat", "Regierung", "Land", "Bund", "Ober", "Gesamt", "Bundes", "Landes", "Vereins"})


def _heads_a_part(role: Token, lemma: str) -> bool:
    """True if a compound role heads only a part of the body it is named for: "Kampagnenleiter",
    "Abteilungsleiter" (not "Parteichef", "Armeechef", "Ärztekammerpräsident": their stem is the body itself)."""
    stem = _title_stem(role, lemma)
    if stem is None:
        return False
    if stem in ("Ex", "Alt"):
        return False  # "Expräsident": a former office, the whole of it
    stems = (stem, stem[:-1]) if stem.endswith(("s", "n")) else (stem,)
    kb = knowledge_base()
    return not any(s in LEADING_STEMS or s in org_nouns() or kb.lookup(s) is not None or institution(s) is not None
                   for s in stems)


def role_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """(subject, relation, object, rule) for offices, state bodies and located places in a sentence."""
    facts = []
    kb = knowledge_base()
    for span in ents_from(doc, sent.start, sent.end):
        ref = span._.entity
        if ref is None:
            continue
        if span.label_ in ("PER", "ORG"):
            facts += _apposition_before(doc, span, ref)
        if span.label_ in ("GPE", "ORG", "PER"):
            facts += _apposition(doc, span, ref)
        if span.label_ == "PER":
            facts += _person_facts(doc, span, ref) + person_parties(doc, span, ref) + origin_facts(doc, span, ref)
        elif ref.key.startswith("body:"):
            owner_key, base = ref.key[len("body:"):].rsplit(":", 1)
            owner = kb.by_key.get(owner_key)
            if owner is not None and owner.type == "Organization" and base in GOVERNMENT_BODIES:
                state = kb.by_key.get(owner.country or "")
                if state is not None:  # "die AKP-Regierung": the party governs its country
                    facts.append((owner.ref(), "leads", state.ref(), "body:governing-party"))
            elif owner is not None:
                facts.append((ref, "affiliated_with", owner.ref(), "body:country"))
        elif span.label_ == "LOC":
            facts += place_facts(doc, span, ref)
        elif span.label_ == "ORG":
            facts += _media_facts(doc, span, ref) + governing_party(doc, span, ref) + _national_body(span, ref)
            facts += owners_party(doc, span, ref)
            facts += seat_facts(doc, span, ref) + branch_facts(doc, span, ref)
        if span.start > 0:
            facts += _membership(doc, span, ref)
            if span.label_ in ("PER", "ORG"):
                facts += stance_facts(doc, span, ref)
    facts += _description_facts(doc, sent) + _predicate_facts(doc, sent) + capital_facts(doc, sent)
    return facts


def _person_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A person's party and offices: the titles before the name ("Vizekanzler und Parteichef X"), else
    an apposition after it; a bare state title is of the state of the person's party ("Finanzminister
    Hans Jörg Schelling (ÖVP)" → Österreich) where nothing else names it."""
    facts = party_of(doc, span, ref)
    roles = titles_before(doc, span)
    if not roles:
        return facts + _chamber_member(doc, span, ref) + _office_after(doc, span, ref)
    home = _party_state(facts, roles)
    for role in roles:
        if not _office_noun(role):
            continue
        past = PAST if former(doc, role) else ""  # "Expräsident Lula" led Brazil: stated, its rule says so
        org = _role_org(doc, role, span, ref, home)
        if org is not None and org.ident != ref.ident:
            facts.append(_office(ref, role, org, past))
        region = _region_beside(doc, role, org)
        if region is not None:
            facts.append(_office(ref, role, region, past))
        if not past:
            facts += _prefix_party(ref, role, org)
        facts += _candidacy(ref, role)
    return facts


def _candidacy(ref: EntityRef, role: Token) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A candidate runs in the election (candidacies.tsv): "SPÖ-Kandidat X" participates_in Wahl."""
    lemma = _office_lemma(role)
    election = candidacies().get(lemma)
    if election is None:
        return []
    return [(replace(ref, role=role_title(role)), "participates_in", EntityRef(election, "Concept", election),
             f"role:{lemma}:candidacy")]


def _prefix_party(ref: EntityRef, role: Token, org: EntityRef | None) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """The party a compound title's prefix names beside the body its first part names: "der
    FPÖ-Nationalratsabgeordnete X" is a member of the Nationalrat and of the FPÖ."""
    entry = role._.country
    if org is None or entry is None or entry.kind != "party" or entry.key == org.key:
        return []
    return [(ref, "member_of", entry.ref(), f"role:{_office_lemma(role)}:party-prefix")]


def _region_beside(doc: Doc, role: Token, org: EntityRef | None) -> EntityRef | None:
    """The region of a regional office whose prefix names a party: "der steirische ÖVP-Landesrat" is
    of the ÖVP and of Steiermark (the adjective's region, else the one the document is about)."""
    if org is None or org.type != "Organization" or not gazetteer.role_nouns()[role_lemma(role) or ""].region:
        return None
    before = doc[role.i - 1] if role.i else None
    named = before._.country if before is not None and before.tag_ == "ADJA" else None
    if named is not None and named.region:
        return named.ref()  # type: ignore[no-any-return]
    return context_region(doc)


def _chamber_member(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A chamber's name as a title right before a name: "Bundesrat Gottfried Kneifel" is a member of the
    Bundesrat (chamber_titles.tsv)."""
    if span.start == 0:
        return []
    title = doc[span.start - 1].text.rpartition("-")[2]
    entry = knowledge_base().by_key.get(f"org:{chamber_titles().get(title, '')}")
    if entry is None or entry.key == ref.key:
        return []
    return [(replace(ref, role=title), "member_of", entry.ref(), f"chamber:{title}")]


def _party_state(facts: list[tuple[EntityRef, str, EntityRef, str]], roles: list[Token]) -> EntityRef | None:
    """The state of a person's party as the gazetteer knows it: named with the name ("X (ÖVP)") or as a
    title's prefix ("Vizekanzler und ÖVP-Chef X")."""
    kb = knowledge_base()
    parties = [kb.by_key.get(party.key or "") for _s, relation, party, _r in facts if relation == "member_of"]
    parties += [role._.country for role in roles]
    for entry in parties:
        home = kb.by_key.get(entry.country or "") if entry is not None and entry.kind == "party" else None
        if home is not None and home.type == "Country":
            return home.ref()
    return None


GOVERNMENT_BODIES = frozenset({"Regierung", "Koalitionsregierung", "Staatsführung", "Führung"})


def _closed_predicate(word: str) -> tuple[str, str]:
    """(a known name, a predicate noun) a closed compound is made of ("Kremlkritiker" → Kreml, Kritiker);
    ("", word) if it is not one. Only a criticizing or supporting noun, and only a name the gazetteers know:
    "Regierungskritiker" names no one body, "Parteimitglied" no party."""
    tail = compound_tail(word, predicate_nouns())
    if tail is None or tail == word or predicate_nouns()[tail] not in STANCES:
        return "", word
    stem = word[:-len(tail)]
    kb = knowledge_base()
    name = next((n for n in (stem, stem[:-1] if stem.endswith("s") else "")
                 if n and (kb.lookup(n) is not None or n in kb.surnames)), "")
    return (name, tail) if name else ("", word)


def _membership(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A compound of a name and a predicate noun before a name: "das NATO-Mitglied Türkei", "der
    Putin-Kritiker Alexej Nawalny" (a person's compound may also name a person the text named, or a
    thing: "Brexit-Befürworter X" supports Brexit)."""
    before = doc[span.start - 1]
    prefix, _, tail = before.text.rpartition("-")
    if not prefix:  # written closed: "der Kremlkritiker X" names a known body or place before the noun
        prefix, tail = _closed_predicate(before.text)
    relation = predicate_nouns().get(tail)
    if relation is None or not prefix[:1].isupper() or before.tag_ != "NN":
        return []
    entry = knowledge_base().lookup(prefix)
    target = entry.ref(prefix) if entry is not None else None
    if target is None and span.label_ == "PER":
        full = (doc._.persons or {}).get(prefix, prefix)  # a well-known surname, or one the text named
        known = knowledge_base().by_key.get(f"person:{full}") or knowledge_base().by_key.get(
            knowledge_base().surnames.get(prefix, ""))
        named = next((e._.entity for e in reversed(ents_from(doc, 0, span.start)) if e.label_ == "PER"
                      and e._.entity is not None and e.text.split()[-1] == prefix), None)
        target = known.ref(prefix) if known is not None else named or (
            EntityRef(full, "Person", prefix) if full != prefix else
            EntityRef(prefix, "Concept", prefix, f"concept:{prefix}"))  # "Brexit-Befürworter X"
    if target is None or target.ident == ref.ident:
        return []
    return [(ref, relation, target, f"predicate:{tail}:compound")]


def _national_body(span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A state body whose name says whose it is: "im Deutschen Bundestag" → Deutschland."""
    kb = knowledge_base()
    entry = kb.by_key.get(ref.key or "")
    if entry is None or entry.kind != "government_body" or len(span) < 2 or not entry.country:
        return []
    owner = kb.country_of(span[0].text)
    if owner is None or owner.key != entry.country:
        return []
    return [(ref, "affiliated_with", owner.ref(), "body:named-country")]


MEDIA_KINDS = frozenset({"media", "news_agency"})
MEDIA_CUES = frozenset({"Nachrichtenagentur", "Agentur", "Sender", "Fernsehsender", "Radiosender", "Staatssender",
                        "Staatsfernsehen", "Fernsehen", "Magazin", "Nachrichtenmagazin", "Zeitung", "Tageszeitung",
                        "Zeitschrift", "Nachrichtenportal", "Staatsagentur", "Publikation", "Propagandamagazin"})
# Adjectives that make a medium an organ of its state: "die staatliche Nachrichtenagentur Sana".
STATE_MEDIA = frozenset({"staatlich", "offiziell", "regierungsnah", "regierungseigen", "staatsnah",
                         "staatseigen", "amtlich"})


def _media_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """The state a medium belongs to: "des katarischen Fernsehsenders Al-Jazeera" (a demonym),
    "die staatliche Nachrichtenagentur Sana" (a state medium: its country, else the document's)."""
    cue = doc[span.start - 1] if span.start else None
    kb = knowledge_base()
    entry = kb.by_key.get(ref.key or "")
    if cue is None or cue.tag_ != "NN" or not cue._.title_noun or role_lemma(cue) is not None:
        return []
    prefix = cue.text.rpartition("-")[0]
    tail = cue.lemma_.rpartition("-")[2]
    tail = tail[:1].upper() + tail[1:]  # HanTa lowercases a compound's tail: "Us-magazin"
    owner = kb.lookup(prefix) if prefix and tail in MEDIA_CUES else None
    organ = owner is not None and (owner.stands_for is not None or tail.startswith("Staats")
                                   or _state_adjective(doc, cue))
    if owner is not None and owner.stands_for:  # "der Kreml-Sender RT"
        owner = kb.by_key.get(owner.stands_for)
    if owner is not None and owner.type == "Country" and not organ and owner.key != ref.key:
        return [(ref, "located_in", owner.ref(prefix), "cue:compound-medium-country")]  # "US-Magazin The Atlantic"
    if owner is not None and owner.type in ("Organization", "Country") and owner.key != ref.key:
        return [(ref, "affiliated_with", owner.ref(prefix), "cue:compound-medium")]  # "IS-Publikation al-Naba"
    if not (cue.lemma_ in MEDIA_CUES or (entry is not None and entry.kind in MEDIA_KINDS)):
        return []  # "des französischen Unternehmens Alstom" is no organ of France
    k, state = cue.i - 1, False
    while k >= span.sent.start and doc[k].tag_ in ("ADJA", "ADJD"):
        country = doc[k]._.country
        if country is not None and country.type == "Country":
            return [(ref, "affiliated_with", country.ref(), "cue:demonym-medium")]
        state = state or _state_word(doc[k])
        k -= 1
    if not state or entry is None or entry.kind not in MEDIA_KINDS:
        return []
    home = knowledge_base().by_key.get(entry.country or "")
    return [(ref, "affiliated_with", home.ref(), "cue:state-medium")] if home is not None else []


def _state_word(tok: Token) -> bool:
    """True for an adjective that makes a medium a state organ, in any ending ("staatlichen")."""
    return tok.lemma_.lower() in STATE_MEDIA or tok.lower_.rstrip("enrsm") in STATE_MEDIA


def _state_adjective(doc: Doc, cue: Token) -> bool:
    """True if an adjective before a medium's cue makes it a state organ ("staatliche", "regierungsnahe")."""
    k = cue.i - 1
    while k >= cue.sent.start and doc[k].tag_ in ("ADJA", "ADJD"):
        if _state_word(doc[k]):
            return True
        k -= 1
    return False


def _apposition(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A predicate noun in apposition after a name: "die Al-Nusra-Front, der syrische Zweig der
    Al-Kaida", "Finnland, ein Mitglied der NATO" (the nouns of predicate_nouns.tsv)."""
    k = span.end
    if k + 3 >= len(doc) or doc[k].text != "," or doc[k + 1].tag_ != "ART":
        return []
    k += 2
    while k < span.sent.end and doc[k].tag_ == "ADJA":
        k += 1
    noun = doc[k] if k < span.sent.end else None
    relation = predicate_nouns().get(noun.lemma_) or predicate_nouns().get(noun.text) if noun is not None else None
    if noun is None or relation is None or k + 2 >= len(doc) or doc[k + 1].lower_ not in ("der", "des"):
        return []
    k += 2
    head = doc[k]
    if head.tag_ == "NN" and not head.ent_type_:
        k += 1  # "der Terrororganisation Al-Kaida"
    other = next((e for e in ents_from(doc, k, k + 1) if e.start == k and e._.entity is not None), None)
    target = other._.entity if other is not None else None
    if target is None and relation in STANCES and head.i < k:
        # a stance on a thing: "Al-Asir, ein Unterstützer des Widerstandes gegen Assad"
        lemma = head.lemma_ if head.lemma_[:1].isupper() else head.text
        target = EntityRef(lemma, "Concept", head.text, f"concept:{lemma}")
    if target is None or target.ident == ref.ident:
        return []
    return [(ref, relation, target, f"predicate:{noun.lemma_}:apposition")]


def _apposition_before(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A predicate noun in apposition before a name: "Der Kritiker der Hisbollah-Miliz, Scheich Ahmed
    al-Asir, …", "Ein langjähriger Verbündeter Russlands, Alexander Lukaschenko, …"."""
    k = span.start - 1
    if k >= 1 and doc[k]._.title_noun and not doc[k].ent_type_:
        k -= 1  # "…, Scheich Ahmed al-Asir"
    if k < 2 or doc[k].text != ",":
        return []
    other = next((e for e in ents_from(doc, max(span.sent.start, k - 8), k) if e.end == k
                  and e._.entity is not None), None)
    if other is None or other._.entity.ident == ref.ident:
        return []
    j = other.start - 1
    while j > span.sent.start and (doc[j].tag_ == "ADJA" or (doc[j].tag_ == "NN" and not doc[j].ent_type_
                                                             and doc[j]._.title_noun
                                                             and doc[j].lemma_ not in predicate_nouns())):
        j -= 1  # "der schiitischen Hisbollah-Miliz", "der Terrormiliz IS"
    genitive = doc[j].lower_ in ("der", "des")
    noun = doc[j - 1] if genitive else doc[j]  # "Verbündeter Russlands": a genitive name right after
    relation = predicate_nouns().get(noun.lemma_) or predicate_nouns().get(noun.text)
    if relation is None:
        return []
    j = noun.i - 1
    while j >= span.sent.start and doc[j].tag_ == "ADJA":
        j -= 1
    if j < span.sent.start or doc[j].tag_ != "ART" or (j > span.sent.start and doc[j - 1].text not in (",", "–", ":")):
        return []  # the apposition opens the sentence or follows a comma
    return [(ref, relation, other._.entity, f"predicate:{noun.lemma_}:apposition")]


def _description_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Offices of a person named before: "Der ukrainische Präsident dankte …" → leads Ukraine."""
    facts = []
    for tok in doc_tokens(doc)[sent.start:sent.end]:
        if tok.ent_type_ or role_lemma(tok) is None or tok.i < 1:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        after = doc[tok.i + 2] if nxt is not None and nxt.text == "," and tok.i + 2 < len(doc) else nxt
        if after is not None and after.ent_type_ == "PER":
            continue  # a name follows (after a comma): handled with the name
        adj = doc[tok.i - 1] if doc[tok.i - 1].tag_ == "ADJA" else None
        article = doc[tok.i - 2] if adj is not None and tok.i >= 2 else doc[tok.i - 1]
        if article.lower_ not in ("der", "die", "dem", "den", "des") or former(doc, tok) or not _office_noun(tok):
            continue
        if article.lower_ == "des" and article.i and doc[article.i - 1].lemma_ in OFFICE_NOUNS:
            continue  # "das Amt des Bundespräsidenten": the office, no person
        entry = tok._.country or (adj._.country if adj is not None else None)  # "der steirische FPÖ-Chef": FPÖ
        country = entry.ref() if entry is not None else default_country(tok)
        if country is None and gazetteer.role_nouns()[role_lemma(tok) or ""].relation == "leads" \
                and not _name_follows(doc, tok):
            country = genitive_body(doc, tok)  # "Der Vorsitzende der Partei X" (no name after it)
        if country is None:
            continue
        person = role_referent(doc, article.i, tok, country if country.type == "Country" else None)
        if person is None:
            continue
        facts.append(_office(person, tok, country, ":description"))
    return facts


def _name_follows(doc: Doc, role: Token, reach: int = 12) -> bool:
    """True if a person's name follows the role noun in its sentence, within `reach` tokens ("Der
    Generaldirektor der LLI, Josef Pröll"): then the office is that person's, not a description."""
    end = min(role.sent.end, role.i + 1 + reach)
    return any(e.label_ == "PER" for e in ents_from(doc, role.i + 1, end))


OFFICE_NOUNS = frozenset({"Amt", "Posten", "Position", "Rolle", "Funktion", "Nachfolge", "Nachfolger",
                          "Nachfolgerin", "Wahl", "Kandidat", "Kandidatin", "Kandidatur", "Stichwahl", "Job"})
STILL_COPULAS = frozenset({"ist", "wird", "bleibt"})  # a present office
PAST_COPULAS = frozenset({"war"})  # "Wałęsa war Anführer der Solidarność": stated, its rule says it is past
COPULA_FORMS = STILL_COPULAS | PAST_COPULAS | {"wurde"}  # "wurde Regierungschef": an office taken
BETWEEN_COPULA_AND_ROLE = frozenset({"ADV", "ADJA", "ART", "PIAT"})


def _adverbial_pp(doc: Doc, k: int, floor: int) -> int | None:
    """Start of a prepositional phrase that ends at the common noun k ("in kommunistischer Zeit",
    "nach eigenen Angaben"), or None; a phrase naming an entity is no adverbial."""
    if doc[k].tag_ != "NN":
        return None
    j = k - 1
    while j > floor and doc[j].tag_ in ("ADJA", "ART", "CARD", "PPOSAT") and not doc[j].ent_type_:
        j -= 1
    return j if j > floor and doc[j].tag_ in ("APPR", "APPRART") else None


def _predicate_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Offices stated by a copula: "Stoltenberg ist inzwischen norwegischer Finanzminister",
    "Baerbock ist Präsidentin der UN-Generalversammlung"."""
    facts: list[tuple[EntityRef, str, EntityRef, str]] = []
    persons = {e.end: e for e in ents_from(doc, sent.start, sent.end) if e.label_ == "PER" and e._.entity}
    if not persons:
        return facts
    for tok in doc_tokens(doc)[sent.start:sent.end]:
        if tok.ent_type_ or role_lemma(tok) is None or former(doc, tok):
            continue
        k = tok.i - 1
        while k > sent.start and not doc[k].ent_type_:
            if doc[k].tag_ in BETWEEN_COPULA_AND_ROLE or doc[k].tag_ == "CARD" or doc[k].lower_ == "seit" \
                    or doc[k].text in TIME_WORDS:
                k -= 1  # "ist seit Mai der neue Bundeskanzler"
            elif (pp := _adverbial_pp(doc, k, sent.start)) is not None:
                k = pp - 1  # "war in kommunistischer Zeit Anführer der Solidarność"
            else:
                break
        person = persons.get(k + 1)  # after the copula: "Damals war X Vorsitzender der FPÖ"
        if person is not None and person.start - 1 >= sent.start and doc[person.start - 1].lower_ in COPULA_FORMS:
            k = person.start - 1
        elif k <= sent.start or doc[k].lower_ not in COPULA_FORMS or k not in persons:
            continue  # the person must stand right before the copula ("X ist …") or right after it
        else:
            person = persons[k]
        end = next((t.i for t in doc[tok.i + 1:sent.end] if t.is_punct or t.pos_ in ("VERB", "AUX")), sent.end)
        ref = person._.entity
        org = _role_org(doc, tok, doc[end:end], ref)
        if org is None or org.ident == ref.ident:
            continue
        if doc[k].lower_ not in STILL_COPULAS and _named_org(doc, tok, doc[end:end]) is None:
            continue  # a past or new office says whose it is: "wurde Regierungschef" on Corsica is not France's
        facts.append(_office(ref, tok, org, ":predicate" + (PAST if doc[k].lower_ in PAST_COPULAS else "")))
    return facts
