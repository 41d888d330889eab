"""Documents with statements → an rdflib Dataset following SPEC §2."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from geokg.extract.kb import background_facts
from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.names import PREFIXES
from geokg.graph.ids import BACKGROUND, document_iri, entity_iri, graph_iri, statement_iri
from geokg.ontology import relations
from geokg.ontology.namespace import GKG, ID

__all__ = ["PREFIXES", "add_background", "add_document", "add_entity", "assemble", "new_dataset", "union"]


def new_dataset() -> Dataset:
    """An empty Dataset with geokg's prefixes bound."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


@lru_cache(maxsize=1 << 16, typed=True)
def _literal(value: object, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
    """An rdflib Literal, made once for a value that recurs (names, rules, a sentence's offsets)."""
    return Literal(value, lang=lang, datatype=datatype)


def add_entity(g: Graph, ref: EntityRef) -> URIRef:
    """Type and label an entity (and add its surface form as altLabel); return its IRI."""
    iri = entity_iri(ref)
    g.add((iri, RDF.type, getattr(GKG, ref.type)))
    g.add((iri, RDFS.label, _literal(ref.name, lang="de")))
    if ref.surface and ref.surface != ref.name:
        g.add((iri, SKOS.altLabel, _literal(ref.surface, lang="de")))
    if ref.role:
        g.add((iri, GKG.role, _literal(ref.role)))
    return iri


def add_statement(g: Graph, st: Statement, doc_iri: URIRef) -> URIRef:
    """The gkg:Statement node of one statement, plus the truthy triple if it is not negated."""
    node = statement_iri(st)
    s, o = add_entity(g, st.subject), add_entity(g, st.object)
    p = getattr(GKG, st.relation)
    g.add((node, RDF.type, GKG.Statement))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, GKG.negated, _literal(st.negated)))
    g.add((node, GKG.modality, getattr(GKG, st.modality)))
    g.add((node, GKG.evidence, _literal(st.evidence, lang="de")))
    g.add((node, GKG.charStart, _literal(st.char_start, datatype=XSD.integer)))
    g.add((node, GKG.charEnd, _literal(st.char_end, datatype=XSD.integer)))
    g.add((node, PROV.wasDerivedFrom, doc_iri))
    g.add((node, GKG.confidence, _literal(Decimal(str(st.confidence)), datatype=XSD.decimal)))
    g.add((node, GKG.rule, _literal(st.rule, datatype=XSD.string)))
    if st.attributed_to is not None:
        g.add((node, GKG.attributedTo, add_entity(g, st.attributed_to)))
    if st.event_date is not None:
        g.add((node, GKG.eventDate, _literal(st.event_date.isoformat(), datatype=XSD.date)))
    if st.location is not None:
        g.add((node, GKG.location, add_entity(g, st.location)))
    if st.instrument is not None:
        g.add((node, GKG.instrument, add_entity(g, st.instrument)))
    if not st.negated:
        g.add((s, p, o))
    return node


def add_document(ds: Dataset, document: Document) -> Graph:
    """The named graph of one document: its gkg:Document node, entities and statements.

    The node carries `dcterms:issued` when the document is dated, and as `dcterms:source` the
    article's URL when a record gave one, else the document's source name.
    """
    g = ds.graph(graph_iri(document.id))
    doc = document_iri(document.id)
    g.add((doc, RDF.type, GKG.Document))
    if document.issued is not None:  # an undated document has none (SPEC §1: never the file's time)
        g.add((doc, DCTERMS.issued, Literal(document.issued.isoformat(), datatype=XSD.dateTime)))
    g.add((doc, DCTERMS.title, Literal(document.title, lang="de")))
    g.add((doc, DCTERMS.source, URIRef(document.url) if document.url else Literal(document.source)))
    for ref in document.entities:
        add_entity(g, ref)
    for st in document.statements:
        add_statement(g, st, doc)
    return g


def add_background(ds: Dataset, refs: Iterable[EntityRef]) -> Graph:
    """The background graph: Wikidata links and lexicon facts about the entities named."""
    g = ds.graph(BACKGROUND)
    keys = set()
    linked = set()  # an entity is named many times; link it once
    for ref in refs:
        if ref.wikidata and (ref.name, ref.type, ref.key, ref.wikidata) not in linked:
            linked.add((ref.name, ref.type, ref.key, ref.wikidata))
            iri = add_entity(g, EntityRef(ref.name, ref.type, key=ref.key))
            g.add((iri, OWL.sameAs, URIRef(ref.wikidata)))
        if ref.key:
            keys.add(ref.key)
    for subj, rel, obj in background_facts(keys):
        s, o = add_entity(g, subj), add_entity(g, obj)
        g.add((s, GKG.standsFor if rel == "stands_for" else getattr(GKG, rel), o))
        for ref in (subj, obj):
            if ref.wikidata:
                g.add((entity_iri(ref), OWL.sameAs, URIRef(ref.wikidata)))
    return g


def _refs(document: Document) -> Iterable[EntityRef]:
    yield from document.entities
    for st in document.statements:
        yield from (r for r in (st.subject, st.object, st.attributed_to, st.location, st.instrument) if r)


def assemble(documents: Iterable[Document]) -> Dataset:
    """One Dataset: a named graph per document and the background graph."""
    ds = new_dataset()
    refs: list[EntityRef] = []
    known = set(relations())
    for document in documents:
        bad = [st.relation for st in document.statements if st.relation not in known]
        if bad:
            raise ValueError(f"relation(s) not in the ontology: {sorted(set(bad))}")
        add_document(ds, document)
        refs.extend(_refs(document))
    add_background(ds, refs)
    return ds


def union(ds: Dataset) -> Graph:
    """All named graphs merged into one Graph (what graph.ttl holds)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
