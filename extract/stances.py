"""Stances an adjective states of the name it stands before: "die regierungskritische Zeitung Cumhuriyet"."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from geokg.extract.chunks import ADJECTIVE_ENDINGS
from geokg.extract.kb import knowledge_base
from geokg.extract.lang_de.frames import entity_cues, org_nouns, stance_adjectives
from geokg.extract.model import EntityRef


def stance_facts(doc: Doc, span: Span, ref: EntityRef) -> list[tuple[EntityRef, str, EntityRef, str]]:
    """(holder, relation, target, rule) for a stance adjective right before the name or before the cue
    noun that announces it ("der kremlkritische Oligarch X", "die SPÖ-nahe Kandidatin X")."""
    k = span.start - 1
    if k >= 0 and doc[k].tag_ == "NN" and (doc[k].lemma_ in entity_cues() or doc[k]._.title_noun):
        k -= 1
    if k < 0 or doc[k].tag_ != "ADJA":
        return []
    found = _stance(doc[k])
    if found is None:
        return []
    relation, suffix, target = found
    return [] if target.ident == ref.ident else [(ref, relation, target, f"stance:{suffix}")]


def _stance(adjective: Token) -> tuple[str, str, EntityRef] | None:
    """(relation, suffix, target) of a stance adjective whose first part names an actor, else None."""
    stem = adjective.lower_
    stem = next((stem[: -len(e)] for e in ADJECTIVE_ENDINGS if stem.endswith(e)), stem)
    for suffix, relation in stance_adjectives().items():
        if not stem.endswith(suffix) or len(stem) == len(suffix):
            continue
        named = adjective.text[: len(stem) - len(suffix)].rstrip("-")
        target = _target(named)
        if target is not None:
            return relation, suffix, target
    return None


def _target(named: str) -> EntityRef | None:
    """The actor the first part of a stance adjective names: a known name (EU, China, Kreml) or a state
    body ("regierungs" → Regierung, with its linking s)."""
    for word in dict.fromkeys((named[:1].upper() + named[1:], named)):  # "china" names China, "EU" the EU
        entry = knowledge_base().actor(word, ("Country", "Organization", "Person"))
        if entry is not None:
            return entry.ref(word)
    body = named[:1].upper() + named[1:].removesuffix("s")
    if body in org_nouns():
        return EntityRef(body, "Organization", body, f"body::{body}")
    return None
