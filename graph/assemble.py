"""Documents with statements → an rdflib Dataset following SPEC §2.

Each document contributes two parts, and the dataset is the union of the contributions:

- its named graph (`add_document`): the document node, its statements and the direct triples
  they assert — what the text says;
- to the background graph: the description of every entity it names (type, label, other names,
  role) and what the lexicons know about them (Wikidata links, located_in, standsFor;
  `add_background`).

An entity is thus described once, in the background graph, however many documents name it, so
a store or an endpoint that takes the union of the named graphs as its default graph (repeating
a triple once per graph that holds it) counts an entity's label once. And a document's
contribution depends on that document alone (persons resolved beforehand, graph/resolve.py): a
store holds each contribution as one graph it can drop or replace (graph/store.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from geokg.extract.kb import background_facts
from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.names import PREFIXES
from geokg.graph.background import lexicon_names
from geokg.graph.ids import BACKGROUND, document_iri, entity_iri, graph_iri, statement_iri
from geokg.graph.resolve import entity_mentions
from geokg.ontology import relations
from geokg.ontology.namespace import GKG, ID

__all__ = ["PREFIXES", "add_background", "add_contribution", "add_document", "add_entity", "assemble", "new_dataset",
           "union"]


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


def add_statement(g: Graph, st: Statement, doc_iri: URIRef, entities: Graph) -> URIRef:
    """The gkg:Statement node of one statement, plus the truthy triple if it is not negated.

    The entities it names are described in `entities` (the background graph).
    """
    node = statement_iri(st)
    s, o = add_entity(entities, st.subject), add_entity(entities, st.object)
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
        g.add((node, GKG.attributedTo, add_entity(entities, st.attributed_to)))
    if st.event_date is not None:
        g.add((node, GKG.eventDate, _literal(st.event_date.isoformat(), datatype=XSD.date)))
    if st.location is not None:
        g.add((node, GKG.location, add_entity(entities, st.location)))
    if st.instrument is not None:
        g.add((node, GKG.instrument, add_entity(entities, st.instrument)))
    if not st.negated:
        g.add((s, p, o))
    return node


def add_document(ds: Dataset, document: Document) -> Graph:
    """The named graph of one document: its gkg:Document node and statements; its entities described in the background.

    The node carries `dcterms:issued` when the document is dated, and as `dcterms:source` the
    article's URL when a record gave one, else the document's source name.
    """
    g = ds.graph(graph_iri(document.id))
    entities = ds.graph(BACKGROUND)
    doc = document_iri(document.id)
    g.add((doc, RDF.type, GKG.Document))
    if document.issued is not None:  # an undated document has none (SPEC §1: never the file's time)
        g.add((doc, DCTERMS.issued, Literal(document.issued.isoformat(), datatype=XSD.dateTime)))
    g.add((doc, DCTERMS.title, Literal(document.title, lang="de")))
    g.add((doc, DCTERMS.source, URIRef(document.url) if document.url else Literal(document.source)))
    for ref in document.entities:
        add_entity(entities, ref)
    for st in document.statements:
        add_statement(g, st, doc, entities)
    return g


def add_contribution(ds: Dataset, document: Document) -> Graph:
    """All one document adds to the dataset: its named graph, and the background about the entities it names."""
    g = add_document(ds, document)
    add_background(ds, entity_mentions(document))
    return g


def add_background(ds: Dataset, refs: Iterable[EntityRef]) -> Graph:
    """The background graph: Wikidata links, the lexicons' names and facts about the entities named."""
    g = ds.graph(BACKGROUND)
    keys = set()
    known = set()  # an entity is named many times; describe it once
    for ref in refs:
        if ref.key and (ref.name, ref.type, ref.key) not in known:
            known.add((ref.name, ref.type, ref.key))
            _add_lexicon_entry(g, ref)
        if ref.wikidata:
            g.add((entity_iri(ref), OWL.sameAs, URIRef(ref.wikidata)))
        if ref.key:
            keys.add(ref.key)
    for subj, rel, obj in background_facts(keys):
        s, o = _add_lexicon_entry(g, subj), _add_lexicon_entry(g, obj)
        g.add((s, GKG.standsFor if rel == "stands_for" else getattr(GKG, rel), o))
    return g


def _add_lexicon_entry(g: Graph, ref: EntityRef) -> URIRef:
    """An entity the lexicons know: typed, labelled, its Wikidata link, and its other names as skos:altLabel."""
    iri = add_entity(g, EntityRef(ref.name, ref.type, key=ref.key))
    if ref.wikidata:
        g.add((iri, OWL.sameAs, URIRef(ref.wikidata)))
    for name in lexicon_names().get(ref.key or "", ()):
        if name != ref.name:
            g.add((iri, SKOS.altLabel, _literal(name, lang="de")))
    return iri


def assemble(documents: Iterable[Document]) -> Dataset:
    """One Dataset: the contribution of each document (its named graph, its part of the background graph)."""
    ds = new_dataset()
    known = set(relations())
    for document in documents:
        bad = [st.relation for st in document.statements if st.relation not in known]
        if bad:
            raise ValueError(f"relation(s) not in the ontology: {sorted(set(bad))}")
        add_contribution(ds, document)
    return ds


def union(ds: Dataset) -> Graph:
    """All named graphs merged into one Graph (what graph.ttl holds)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
