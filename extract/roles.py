"""Static facts a noun phrase states: offices (US-Präsident X → leads), state bodies, places in countries."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from geokg.extract.entities import TIME_WORDS, body_name, role_lemma
from geokg.extract.ents import ents_from
from geokg.extract.kb import KBEntry, knowledge_base
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import org_nouns, predicate_nouns
from geokg.extract.mentions import default_country, described_person
from geokg.extract.model import EntityRef


ATTRIBUTE_STARTS = frozenset({"des", "der", "von", "für", "vom", "im", "in", "am"})


def _role_token(doc: Doc, span: Span) -> Token | None:
    """The role noun before a person's name: right before it ("Präsident Lula"), or before a comma
    and a genitive or prepositional attribute ("der Emir von Katar, Tamim …", "die Sprecherin des
    Außenministeriums, Maria Sacharowa")."""
    i = span.start - 1
    if i >= 0 and role_lemma(doc[i]) is not None:
        return doc[i]
    if i < 0 or doc[i].text != ",":
        return None
    for j in range(i - 1, max(-1, i - 8), -1):
        tok = doc[j]
        if tok.is_punct or tok.pos_ in ("VERB", "AUX"):
            return None
        if role_lemma(tok) is not None and (j + 1 == i or doc[j + 1].lower_ in ATTRIBUTE_STARTS):
            return tok
    return None


def _role_org(doc: Doc, role: Token, span: Span) -> EntityRef | None:
    """The state or organization an office belongs to: prefix, demonym, genitive, or the noun itself."""
    kb = knowledge_base()
    before = doc[role.i - 1] if role.i else None
    demonym = before._.country if before is not None and before.tag_ == "ADJA" else None
    body = _compound_body(role, role._.country or demonym)
    if body is not None:  # EU-Kommissionspräsidentin → EU-Kommission, Armeechef → (ukrainische) Armee
        return body
    if role._.country is not None:
        return role._.country.ref()
    if before is not None and before.tag_ == "ADJA" and before._.country is not None:
        return before._.country.ref()
    # genitive: "Sprecherin des Außenministeriums, Maria Sacharowa"
    for ent in ents_from(doc, role.i + 1, span.start):
        if role.i < ent.start < span.start and ent._.entity is not None and ent.label_ != "PER":
            return ent._.entity
    if before is not None and before.text.endswith("s"):  # "Israels Ministerpräsident"
        entry = kb.lookup(before.text)
        if entry is not None and entry.type in ("Country", "Organization"):
            return entry.ref(before.text)
    default = gazetteer.role_nouns()[role_lemma(role) or ""].default_org
    for key in (f"country:{default}", f"org:{default}"):
        if default and key in kb.by_key:
            return kb.by_key[key].ref()
    return None


FORMER = frozenset({"ehemalig", "früher", "einstig", "damalig", "Ex", "ex"})


def _former(doc: Doc, role: Token) -> bool:
    """True for a past office: "Ex-Präsident", "der frühere Premierminister"."""
    if role.text.split("-", 1)[0] in FORMER:
        return True
    return any(t.lemma_ in FORMER or t.lower_.startswith(("ehemalig", "früher", "einstig"))
               for t in doc[max(0, role.i - 3):role.i])


STATE_STEMS = frozenset({"Regierung", "Staat", "Land", "Bund"})


def _compound_body(role: Token, country: KBEntry | None) -> EntityRef | None:
    """The body a compound role noun names in its first part, with the country it belongs to."""
    prefix, _, tail = role.text.rpartition("-")
    roles = gazetteer.role_nouns()
    # the role inside the compound: Armee|chef, Kommissions|präsidentin (the shortest that is a role)
    inner = next((tail[-n:].capitalize() for n in range(3, len(tail) - 2)
                  if tail[-n:].capitalize() in roles), None)
    if inner is None:
        return None
    stem = tail[: len(tail) - len(inner)]
    kb = knowledge_base()
    for cand in (stem, stem[:-1] if stem.endswith("s") else ""):
        cand = cand.capitalize()
        if not cand or cand in STATE_STEMS:  # Regierungschef, Staatschef: the office of the state itself
            continue
        if prefix and kb.lookup(f"{prefix}-{cand}") is not None:
            entry = kb.lookup(f"{prefix}-{cand}")
            assert entry is not None
            return entry.ref()
        seat = kb.lookup(cand)
        if seat is not None and seat.stands_for and roles[inner].relation == "affiliated_with":
            return seat.ref()  # Kremlsprecher: the Kremlin's spokesman (a Kremlchef leads Russia)
        if cand in org_nouns() and country is not None and country.type == "Country":
            return EntityRef(body_name(cand, country), "Organization", cand,
                             f"body:{country.key}:{cand}")
    return None


def role_title(role: Token) -> str:
    """The office as a label: the role noun in its base form, with its prefix (NATO-Generalsekretär)."""
    lemma = role_lemma(role) or role.text
    prefix = role.text.split("-", 1)[0] + "-" if "-" in role.text and not lemma.startswith(
        role.text.split("-", 1)[0]) else ""
    return prefix + lemma


def _office(person: EntityRef, role: Token, org: EntityRef, how: str = "") -> tuple[EntityRef, str, EntityRef, str]:
    """The fact that `person` holds the office `role` names at `org`: the person titled with it, the
    role noun's relation, and the rule (`role:<lemma>` and how the office was stated)."""
    lemma = role_lemma(role) or ""
    return replace(person, role=role_title(role)), gazetteer.role_nouns()[lemma].relation, org, f"role:{lemma}{how}"


def role_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """(subject, relation, object, rule) for offices, state bodies and located places in a sentence."""
    facts = []
    kb = knowledge_base()
    for span in ents_from(doc, sent.start, sent.end):
        ref = span._.entity
        if ref is None:
            continue
        if span.label_ == "PER":
            role = _role_token(doc, span)
            if role is None or _former(doc, role):
                continue
            org = _role_org(doc, role, span)
            if org is not None and org.ident != ref.ident:
                facts.append(_office(ref, role, org))
        elif ref.key.startswith("body:"):
            country = kb.by_key.get(ref.key[len("body:"):].rsplit(":", 1)[0])
            if country is not None:
                facts.append((ref, "affiliated_with", country.ref(), "body:country"))
        elif span.label_ == "LOC":
            facts += _place_facts(doc, span, ref)
        if span.start > 0 and span.label_ in ("GPE", "ORG", "LOC"):
            facts += _membership(doc, span, ref)
    facts += _description_facts(doc, sent) + _predicate_facts(doc, sent)
    return facts


SETTLEMENT_CUES = frozenset({"Stadt", "Kleinstadt", "Großstadt", "Hafenstadt", "Grenzstadt", "Frontstadt",
                             "Dorf", "Ort", "Ortschaft", "Siedlung"})
DIRECTIONS = frozenset({"Norden", "Süden", "Osten", "Westen", "Nordosten", "Nordwesten", "Südosten",
                        "Südwesten", "Zentrum", "Inneren"})
REGION_CUES = ("gebiet", "region", "oblast", "provinz", "bezirk", "kreis", "bundesstaat")


def _place_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Where a place lies: "die ukrainische Stadt Odessa" (a demonym), "das Dorf X im Gebiet Y"."""
    facts = []
    cue = doc[span.start - 1] if span.start >= 1 else None
    adj = doc[span.start - 2] if span.start >= 2 else None
    if cue is not None and cue._.title_noun and adj is not None and adj.tag_ == "ADJA" \
            and adj._.country is not None and adj._.country.type == "Country":
        facts.append((ref, "located_in", adj._.country.ref(), "cue:demonym-place"))
    cued = cue is not None and cue.lemma_ in SETTLEMENT_CUES
    if cued:
        facts += _region_before(doc, span, ref)
    settlement = cued or (ref.key.startswith("place:") and ref.key in knowledge_base().by_key
                          and not _is_region(ref))
    end = span.end
    if not settlement or end + 1 >= len(doc) or doc[end].lower_ not in ("im", "in"):
        return facts
    k = end + 1
    if doc[k].lower_ in ("der", "dem", "den"):
        k += 1
    if doc[k].tag_ == "NN" and doc[k].lemma_.lower().endswith(REGION_CUES):
        k += 1  # "im Gebiet Donezk", "in der Region Kursk"
    elif doc[k].lemma_ in DIRECTIONS and k + 1 < len(doc) and doc[k + 1].lower_ in ("des", "der"):
        k += 2  # "im Süden des Gazastreifens"
    outer = next((e for e in ents_from(doc, k, k + 1) if e.start == k and e._.entity is not None
                  and e.label_ in ("LOC", "GPE")), None)
    if outer is not None and outer._.entity.ident != ref.ident:
        facts.append((ref, "located_in", outer._.entity, "cue:place-in-region"))
    return facts


def _region_before(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A settlement after a region named earlier in its clause: "Im Gebiet Saporischschja wurde das
    Dorf Stepnohirsk beschossen" (no comma between, so the region still frames the settlement)."""
    sent = span.sent
    for k in range(span.start - 2, sent.start, -1):
        tok = doc[k]
        if tok.text in (",", ";", ":") or tok.tag_ in ("KON", "$("):
            return []
        if tok.tag_ == "NN" and tok.lemma_.lower().endswith(REGION_CUES) and doc[k - 1].lower_ in ("im", "in", "der"):
            outer = next((e for e in ents_from(doc, k + 1, k + 2) if e.start == k + 1 and e._.entity is not None
                          and e.label_ in ("LOC", "GPE")), None)
            if outer is not None and outer._.entity.ident != ref.ident:
                return [(ref, "located_in", outer._.entity, "cue:region-before-place")]
            return []
    return []


def _membership(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """"Das NATO-Mitglied Türkei": a compound of a body and a predicate noun before a name."""
    before = doc[span.start - 1]
    prefix, _, tail = before.text.rpartition("-")
    relation = predicate_nouns().get(tail)
    entry = knowledge_base().lookup(prefix) if prefix and relation else None
    if relation is None or entry is None or entry.key == ref.key:
        return []
    return [(ref, relation, entry.ref(prefix), f"predicate:{tail}:compound")]


def _is_region(ref: EntityRef) -> bool:
    """True if the gazetteer knows the place as a region, sea or continent (not a settlement)."""
    entry = knowledge_base().by_key.get(ref.key)
    return entry is not None and entry.kind not in ("city", "landmark", "")


def _description_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Offices of a person named before: "Der ukrainische Präsident dankte …" → leads Ukraine."""
    facts = []
    for tok in sent:
        if tok.ent_type_ or role_lemma(tok) is None or tok.i < 1:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        after = doc[tok.i + 2] if nxt is not None and nxt.text == "," and tok.i + 2 < len(doc) else nxt
        if after is not None and after.ent_type_ == "PER":
            continue  # a name follows (after a comma): handled with the name
        adj = doc[tok.i - 1] if doc[tok.i - 1].tag_ == "ADJA" else None
        article = doc[tok.i - 2] if adj is not None and tok.i >= 2 else doc[tok.i - 1]
        if article.lower_ not in ("der", "die", "dem", "den", "des") or _former(doc, tok):
            continue
        entry = (adj._.country if adj is not None else None) or tok._.country
        country = entry.ref() if entry is not None else default_country(tok)
        if country is None:
            continue
        person = described_person(doc, article.i, country)
        if person is None:
            continue
        facts.append(_office(person, tok, country, ":description"))
    return facts


COPULAS = frozenset({"ist", "wird", "bleibt"})  # a present office; "war" names a past one
BETWEEN_COPULA_AND_ROLE = frozenset({"ADV", "ADJA", "ART", "PIAT"})


def _predicate_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """Offices stated by a copula: "Stoltenberg ist inzwischen norwegischer Finanzminister",
    "Baerbock ist Präsidentin der UN-Generalversammlung"."""
    facts = []
    persons = {e.end: e for e in ents_from(doc, sent.start, sent.end) if e.label_ == "PER" and e._.entity}
    for tok in sent:
        if tok.ent_type_ or role_lemma(tok) is None or _former(doc, tok):
            continue
        k = tok.i - 1
        while k > sent.start and (doc[k].tag_ in BETWEEN_COPULA_AND_ROLE or doc[k].tag_ == "CARD"
                                   or doc[k].lower_ == "seit" or doc[k].text in TIME_WORDS):
            k -= 1  # "ist seit Mai der neue Bundeskanzler"
        if k <= sent.start or doc[k].lower_ not in COPULAS or k not in persons:
            continue  # the person must stand right before the copula: "X ist …"
        end = next((t.i for t in doc[tok.i + 1:sent.end] if t.is_punct or t.pos_ in ("VERB", "AUX")), sent.end)
        org = _role_org(doc, tok, doc[end:end])
        ref = persons[k]._.entity
        if org is None or org.ident == ref.ident:
            continue
        facts.append(_office(ref, tok, org, ":predicate"))
    return facts
