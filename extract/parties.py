"""Parties of persons and states: "Julia Reda (Piraten)", "Erdoğans AKP", "die regierende AKP"."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from geokg.extract.ents import ents_from
from geokg.extract.kb import knowledge_base
from geokg.extract.mentions import context_country
from geokg.extract.model import EntityRef


PARTY_CUES = ("Partei", "Fraktion")


def party_of(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
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


def _is_party(span: Span, cued: bool) -> bool:
    """True if an entity span names a party: the gazetteer says so, or a cue (Partei) announced it."""
    ref = span._.entity
    if ref is None or ref.type != "Organization":
        return False
    entry = knowledge_base().by_key.get(ref.key or "")
    return (entry is not None and entry.kind == "party") or (cued and entry is None) or \
        span[0].text.endswith(PARTY_CUES)


GOVERNING = ("regierend", "Regierungspartei")


def governing_party(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """A party that governs: "der regierenden Arbeiterpartei PT", "die Regierungspartei AKP" → leads
    its country (the gazetteer's, else the one the document is about)."""
    k = span.start - 1
    cued = k >= 0 and doc[k].tag_ == "NN" and doc[k].text.rsplit("-", 1)[-1].lower().endswith("partei")
    if cued:
        k -= 1
    entry = knowledge_base().by_key.get(ref.key or "")
    party = cued or (entry is not None and entry.kind == "party")
    governing = (k >= 0 and doc[k].tag_ == "ADJA" and doc[k].lower_.startswith(GOVERNING[0])) or (
        cued and doc[span.start - 1].text.startswith(GOVERNING[1]))
    if not (party and governing):
        return []
    home = knowledge_base().by_key.get(entry.country or "") if entry is not None else None
    state = home.ref() if home is not None else context_country(doc)
    return [(ref, "leads", state, "cue:governing-party")] if state is not None else []


def owners_party(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
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
