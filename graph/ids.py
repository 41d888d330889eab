"""Stable, strict-parser-safe IRIs for entities, statements, documents and named graphs."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from geokg.extract.model import EntityRef, Statement
from geokg.graph import names
from geokg.ontology.namespace import ID

TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
BACKGROUND = URIRef(names.BACKGROUND)


@lru_cache(maxsize=1 << 16)  # a name recurs in many statements
def slug(text: str) -> str:
    """ASCII slug of a name: "Jean-Noël Barrot" → "jean-noel-barrot" (a hash if nothing is left).

    >>> slug("Élysée-Palast")
    'elysee-palast'
    """
    ascii_ = unicodedata.normalize("NFKD", text.translate(TRANSLIT).replace("+", " plus"))
    ascii_ = "".join(c for c in ascii_ if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:80].strip("-")
    return s or "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1 << 16)
def entity_iri(ref: EntityRef) -> URIRef:
    """The IRI of an entity: its slugged canonical name; concepts under `concept/`; a place or
    body named like a country gets its type added (Luxemburg the city: `luxemburg-location`)."""
    if ref.type == "Concept":
        return URIRef(f"{ID}concept/{slug(ref.name)}")
    base = slug(ref.name)
    if ref.type != "Country" and base in _country_slugs():
        base = f"{base}-{ref.type.lower()}"
    return URIRef(f"{ID}{base}")


@lru_cache(maxsize=1)
def _country_slugs() -> frozenset[str]:
    """The slugs of every country the knowledge base knows."""
    from geokg.extract.kb import knowledge_base

    return frozenset(slug(e.name) for e in knowledge_base().by_key.values() if e.type == "Country")


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a source document (from its content hash)."""
    return URIRef(f"{ID}document/{doc_id}")


def graph_iri(doc_id: str) -> URIRef:
    """The IRI of a document's named graph."""
    return URIRef(f"{ID}graph/{doc_id}")


def statement_iri(st: Statement) -> URIRef:
    """A stable IRI for one statement: a hash of its document, sentence, triple, polarity and rule."""
    parts = [st.document, str(st.char_start), entity_iri(st.subject), st.relation,
             entity_iri(st.object), str(st.negated), st.rule]
    return URIRef(f"{ID}statement/" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:20])
