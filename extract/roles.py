"""Static facts a noun phrase states: offices (US-Präsident X → leads), state bodies, places in countries."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extract.entities import role_lemma
from extract.kb import knowledge_base
from extract.lang_de import gazetteer
from extract.lang_de.frames import entity_cues
from extract.model import EntityRef


def _role_token(doc: Doc, span: Span) -> Token | None:
    """The role noun right before a person's name (", " between them allowed)."""
    i = span.start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    return doc[i] if i >= 0 and role_lemma(doc[i]) is not None else None


def _role_org(doc: Doc, role: Token, span: Span) -> EntityRef | None:
    """The state or organization an office belongs to: prefix, demonym, genitive, or the noun itself."""
    kb = knowledge_base()
    if role._.country is not None:
        return role._.country.ref()
    before = doc[role.i - 1] if role.i else None
    if before is not None and before.tag_ == "ADJA" and before._.country is not None:
        return before._.country.ref()
    for ent in doc.ents:  # genitive: "Sprecherin des Außenministeriums, Maria Sacharowa"
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


def role_title(role: Token) -> str:
    """The office as a label: the role noun in its base form, with its prefix (NATO-Generalsekretär)."""
    lemma = role_lemma(role) or role.text
    prefix = role.text.split("-", 1)[0] + "-" if "-" in role.text and not lemma.startswith(
        role.text.split("-", 1)[0]) else ""
    return prefix + lemma


def role_facts(doc: Doc, sent: Span) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """(subject, relation, object, rule) for offices, state bodies and located places in a sentence."""
    facts = []
    kb = knowledge_base()
    for span in [e for e in doc.ents if sent.start <= e.start < sent.end]:
        ref = span._.entity
        if ref is None:
            continue
        if span.label_ == "PER":
            role = _role_token(doc, span)
            if role is None or _former(doc, role):
                continue
            org = _role_org(doc, role, span)
            entry = gazetteer.role_nouns()[role_lemma(role) or ""]
            if org is not None:
                person = EntityRef(ref.name, ref.type, ref.surface, ref.key, ref.wikidata, role_title(role))
                facts.append((person, entry.relation, org, f"role:{role_lemma(role)}"))
        elif ref.key.startswith("body:"):
            country = kb.by_key.get(ref.key[len("body:"):].rsplit(":", 1)[0])
            if country is not None:
                facts.append((ref, "affiliated_with", country.ref(), "body:country"))
        elif span.label_ == "LOC" and span.start >= 2:
            cue, adj = doc[span.start - 1], doc[span.start - 2]
            if cue.lemma_ in entity_cues() and adj._.country is not None and adj.tag_ == "ADJA":
                if adj._.country.type == "Country":
                    facts.append((ref, "located_in", adj._.country.ref(), "cue:demonym-place"))
    return facts
