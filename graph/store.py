"""A persistent, incremental knowledge graph on disk: pyoxigraph's RocksDB `Store`, one transaction per document.

Layout of a store (see docs/store.md):

- `…/graph/<docid>`: one named graph per document, holding its whole contribution as
  graph/assemble.py makes it: its named graph of a `geokg build` and its part of the background
  (the entities it names, described, and what the lexicons know of them), so that dropping the
  graph takes all of the document away;
- `…/graph/background`: the *full* background graph (ontology/background.ttl), every gazetteer entry;
- the default graph: the union of the documents' graphs, each triple once — exactly what graph.ttl
  of a `geokg build` of the same texts holds. SPARQL without `GRAPH` (in `geokg query --store`, in
  `oxigraph serve`) reads it, so the library gives over a store the rows it gives over graph.ttl
  (pyoxigraph's own union default graph would repeat a triple once per graph, and take in the
  whole gazetteer);
- `…/graph/store`: geokg's bookkeeping under `https://w3id.org/geokg/store#` — per document its
  source, date, text (`store:text`, which the statements' charStart/charEnd index), the person names and
  entities it mentions and its extraction as extracted (`rdf:JSON`), so that the graphs can be re-resolved
  when new documents bring new names.

Entity resolution is order-independent (graph/resolve.py): the names a document ends up with
depend only on the sets of person names and entity names in the whole store. Adding a document
therefore re-assembles, in the same transaction, every earlier document whose names now resolve
differently ("Rutte" alone first, "Mark Rutte" later; a second "… Rutte" that makes the lone
surname ambiguous again; "St. Pölten" after "St.Pölten", which then becomes its other name).

Atomicity: pyoxigraph applies one SPARQL Update request — several operations joined by `;` — as
one RocksDB transaction ("either the full operation succeeds, or nothing is written"), so each
document (drop the old version, insert the new graph, rewrite the affected graphs, bookkeeping)
is one `Store.update` call. A process killed midway leaves the store as it was before that document.

Speed: a writer keeps what the bookkeeping says (`Catalog`: documents, names, entities, their
`Resolver`) between adds, and updates the resolution incrementally (`Resolver.updated`), so an
add costs what its document and the names it touches cost, not what the whole store holds.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier, Node

from geokg.extract.model import Document, EntityRef, Statement
from geokg.errors import Errors, GeokgError
from geokg.graph.assemble import PREFIXES, assemble
from geokg.graph.background import background_digest, background_path
from geokg.graph import names, void
from geokg.graph.ids import BACKGROUND, document_iri, graph_iri
from geokg.graph.engine import Answer, answer_of, one_line, open_read_only, store_reason
from geokg.graph.guard import check
from geokg.graph.resolve import Named, Resolver, entity_names, resolve_with
from geokg.graph.resolve import person_names as mentioned_persons
from geokg.ontology.namespace import ID

STORE = Namespace("https://w3id.org/geokg/store#")
RECORDS = URIRef(names.RECORDS)  # the bookkeeping graph
LAYOUT = 3  # what the graphs and the bookkeeping hold (see the module docstring); GraphStore.ensure_layout brings older stores to it
RDF_JSON = URIRef(str(RDF) + "JSON")
#: Characters of SPARQL Update after which a writer flushes RocksDB's memtables, so that RocksDB can
#: drop the write-ahead logs behind them rather than keep them until its memtables fill up.
WAL_BUDGET = 8 * 2**20  # about 100 MB of log: RocksDB writes each quad into several indexes
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


# --- terms: rdflib ⇄ pyoxigraph ---------------------------------------------------------------

def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Identifier:
    """The rdflib term for a pyoxigraph term (an `xsd:string` literal becomes a plain one, as in RDF 1.1)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Literal(term.value, lang=term.language)
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def _triples_text(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    return "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)


# --- documents as extracted ⇄ JSON ----------------------------------------------------------------

def document_to_json(document: Document) -> str:
    """The extraction of a document as compact, key-sorted JSON (the text itself is left out)."""
    data = asdict(document)
    data["text"] = ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {value!r}")


def _ref(data: dict | None) -> EntityRef | None:
    return None if data is None else EntityRef(**data)


def document_from_json(text: str) -> Document:
    """The Document `document_to_json` wrote."""
    data = json.loads(text)
    statements = []
    for s in data["statements"]:
        s = dict(s)
        for name in ("subject", "object", "attributed_to", "location", "instrument"):
            s[name] = _ref(s[name])
        s["event_date"] = date.fromisoformat(s["event_date"]) if s["event_date"] else None
        statements.append(Statement(**s))
    issued = datetime.fromisoformat(data["issued"]) if data.get("issued") else None
    return Document(data["id"], data["text"], data["title"], data["source"], issued,
                    statements, [EntityRef(**e) for e in data["entities"]], data.get("url"))


# --- the store ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredDocument:
    """A document the store holds: its id (content hash), source, date (None: undated) and named graph."""

    id: str
    source: str
    issued: datetime | None
    graph: str


@dataclass(frozen=True)
class AddResult:
    """What adding one document did: added, unchanged, replaced (an older version) or kept (a newer one is stored)."""

    status: str
    document: Document
    replaced: tuple[str, ...] = ()
    rewritten: tuple[str, ...] = ()


#: Person names and entities whose resolution a change may have changed (a superset).
Touched = tuple[frozenset[str], frozenset[Named]]


@dataclass
class Catalog:
    """What a writer knows of its store between adds, read once: the documents, each graph's person names
    and entities, and their resolution (kept up to date after each add, dropped when one fails)."""

    documents: dict[str, StoredDocument]  # graph → document
    names: dict[str, frozenset[str]]  # graph → the person names it mentions
    entities: dict[str, frozenset[Named]]  # graph → the entities it names
    name_graphs: dict[str, set[str]]  # person name → the graphs that mention it
    entity_graphs: dict[Named, set[str]]  # entity → the graphs that name it
    resolver: Resolver

    @classmethod
    def of(cls, documents: list[StoredDocument], names: dict[str, set[str]],
           entities: dict[str, set[Named]]) -> Catalog:
        """The catalog of what the store's bookkeeping holds."""
        catalog = cls({d.graph: d for d in documents}, {}, {}, {}, {}, Resolver())
        for graph in catalog.documents:
            catalog._index(graph, frozenset(names.get(graph, ())), frozenset(entities.get(graph, ())))
        catalog.resolver = Resolver(catalog.name_graphs, catalog.entity_graphs)
        return catalog

    def _index(self, graph: str, names: frozenset[str], entities: frozenset[Named]) -> None:
        self.names[graph], self.entities[graph] = names, entities
        for name in names:
            self.name_graphs.setdefault(name, set()).add(graph)
        for entity in entities:
            self.entity_graphs.setdefault(entity, set()).add(graph)

    def add(self, stored: StoredDocument, names: frozenset[str], entities: frozenset[Named]) -> Touched:
        """Take in a document; the names and entities whose resolution that may change (Resolver.touched)."""
        known = self.resolver
        self.documents[stored.graph] = stored
        self._index(stored.graph, names, entities)
        self.resolver = known.updated(names - known.names, (), entities - known.entities, ())
        return self.resolver.touched

    def remove(self, graph: str) -> Touched:
        """Forget a document (its names and entities when no other document has them); what that may change."""
        self.documents.pop(graph, None)
        names, entities = self.names.pop(graph, frozenset()), self.entities.pop(graph, frozenset())
        gone = [n for n in names if not _discard(self.name_graphs, n, graph)]
        lost = [e for e in entities if not _discard(self.entity_graphs, e, graph)]
        self.resolver = self.resolver.updated((), gone, (), lost)
        return self.resolver.touched

    def graphs_of(self, names: Iterable[str], entities: Iterable[Named]) -> set[str]:
        """The graphs that mention any of these person names or entities."""
        return ({g for n in names for g in self.name_graphs.get(n, ())}
                | {g for e in entities for g in self.entity_graphs.get(e, ())})


def _discard(index: dict, key: object, graph: str) -> bool:
    """Take a graph out of a key's graphs; whether any are left (the key goes when none are)."""
    graphs = index.get(key, set())
    graphs.discard(graph)
    if not graphs:
        index.pop(key, None)
    return bool(graphs)


class GraphStore:
    """A geokg knowledge graph on disk.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp, GraphStore(pathlib.Path(tmp) / "kg") as store:
    ...     store.documents()
    []
    """

    def __init__(self, path: Path, create: bool = True, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if (read_only or not create) and not self.path.is_dir():
            raise GeokgError(Errors.E501, path=self.path)
        if self.path.exists() and not (self.path.is_dir() and _is_store_or_empty(self.path)):
            raise GeokgError(Errors.E502, path=self.path)
        if read_only and not (self.path / "CURRENT").is_file():
            raise GeokgError(Errors.E502, path=self.path)
        self._store: ox.Store | None = open_read_only(self.path) if read_only else _open(self.path)
        self._catalog: Catalog | None = None  # a writer's, between adds (see Catalog)
        self._written = 0  # characters of updates since the last flush (see WAL_BUDGET)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def store(self) -> ox.Store:
        """The open pyoxigraph Store."""
        if self._store is None:
            raise GeokgError(Errors.E505, path=self.path)
        return self._store

    def close(self) -> None:
        """Flush and release the store (and its RocksDB lock, so another process may open it)."""
        if self._store is not None:
            try:
                with self._damage_told():
                    if not self.read_only:
                        self._store.flush()
            finally:
                self._store = None
                gc.collect()

    @contextlib.contextmanager
    def _damage_told(self) -> Iterator[None]:
        """Turn a damaged file RocksDB meets while reading or writing into an error naming the store."""
        try:
            yield
        except RuntimeError as exc:  # pyoxigraph's StorageError: "Corruption: block checksum mismatch …"
            if "Corruption" not in str(exc):
                raise
            raise GeokgError(Errors.E512, path=self.path, reason=store_reason(exc)) from exc

    # -- reading -----------------------------------------------------------------------------------

    def _select(self, sparql: str) -> Iterator[ox.QuerySolution]:
        with self._damage_told():
            answer = self.store.query(sparql)
            assert isinstance(answer, ox.QuerySolutions)
            yield from answer

    def _ask(self, sparql: str) -> bool:
        with self._damage_told():
            return bool(self.store.query(sparql))

    def documents(self) -> list[StoredDocument]:
        """The documents in the store, undated first, then oldest first (by date), then by source and id."""
        docs = self._catalog.documents.values() if self._catalog is not None else self._read_documents()
        return sorted(docs, key=lambda d: (d.issued is not None, d.issued.timestamp() if d.issued else 0.0,
                                           d.source, d.id))

    def _read_documents(self) -> list[StoredDocument]:
        """The documents the bookkeeping graph lists, in no order."""
        rows = self._select(f"SELECT ?g ?doc ?source ?issued WHERE {{ GRAPH <{RECORDS}> {{ "
                            f"?g <{STORE.document}> ?doc ; <{STORE.source}> ?source "
                            f"OPTIONAL {{ ?g <{STORE.issued}> ?issued }} }} }}")
        return [StoredDocument(_value(r["doc"]).rsplit("/", 1)[-1], _value(r["source"]),
                               datetime.fromisoformat(_value(r["issued"])) if r["issued"] is not None else None,
                               _value(r["g"])) for r in rows]

    def has(self, doc_id: str) -> bool:
        """Whether the store holds the document with this content hash."""
        if self._catalog is not None:
            return str(graph_iri(doc_id)) in self._catalog.documents
        return self._ask(f"ASK {{ GRAPH <{RECORDS}> {{ <{graph_iri(doc_id)}> <{STORE.document}> ?d }} }}")

    def status(self, document: Document) -> str:
        """What adding would do before any work: "unchanged", "kept" (a newer version is stored) or "new".

        A version of the same source replaces the stored one unless both are dated and the stored one is
        later: when either is undated nothing says which is newer, and the later build wins.
        """
        if self.has(document.id):
            return "unchanged"
        stored = self._read_documents() if self.read_only else self.catalog().documents.values()
        if any(d.source == document.source and _newer(d.issued, document.issued) for d in stored):
            return "kept"
        return "new"

    def catalog(self) -> Catalog:
        """The documents, their names and entities and their resolution; a writer reads them once and keeps them."""
        if self._catalog is not None:
            return self._catalog
        documents = self._read_documents()
        catalog = Catalog.of(documents, self._names_by_graph(), self._entities_by_graph())
        if not self.read_only:  # a reader's store changes beneath it
            self._catalog = catalog
        return catalog

    def _names_by_graph(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        for r in self._select(f"SELECT ?g ?name WHERE {{ GRAPH <{RECORDS}> {{ ?g <{STORE.person}> ?name }} }}"):
            names.setdefault(_value(r["g"]), set()).add(_value(r["name"]))
        return names

    def _entities_by_graph(self) -> dict[str, set[Named]]:
        entities: dict[str, set[Named]] = {}
        for r in self._select(f"SELECT ?g ?e WHERE {{ GRAPH <{RECORDS}> {{ ?g <{STORE.entity}> ?e }} }}"):
            entities.setdefault(_value(r["g"]), set()).add(_named(_value(r["e"])))
        return entities

    def person_names(self) -> set[str]:
        """Every person name the stored documents mention, as extracted."""
        return set(self.catalog().name_graphs)

    def entity_names(self) -> set[Named]:
        """Every entity the stored documents mention (type, name, known to the gazetteer), as extracted."""
        return set(self.catalog().entity_graphs)

    def resolver(self) -> Resolver:
        """The resolution of names across everything the store holds."""
        return self.catalog().resolver

    def extraction(self, doc_id: str) -> Document:
        """A stored document as it was extracted (before resolution)."""
        rows = list(self._select(f"SELECT ?json WHERE {{ GRAPH <{RECORDS}> {{ "
                                 f"<{graph_iri(doc_id)}> <{STORE.extraction}> ?json }} }}"))
        if not rows:
            raise GeokgError(Errors.E506, doc_id=doc_id, path=self.path)
        return document_from_json(_value(rows[0]["json"]))

    def text(self, doc_id: str) -> str | None:
        """A stored document's text (None for one stored before geokg kept texts); E506 for no such document."""
        if not self.has(doc_id):
            raise GeokgError(Errors.E506, doc_id=doc_id, path=self.path)
        with self._damage_told():
            found = [_value(q.object) for q in self.store.quads_for_pattern(
                ox.NamedNode(str(graph_iri(doc_id))), ox.NamedNode(str(STORE.text)), None, ox.NamedNode(str(RECORDS)))]
        return found[0] if found else None

    def resolved_documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        """Stored documents (all, or those with the given ids) with persons resolved across the whole store."""
        wanted = [d.id for d in self.documents()] if ids is None else list(ids)
        return resolve_with([self.extraction(i) for i in wanted], self.resolver())

    def content_graphs(self) -> list[URIRef]:
        """The named graphs of the documents and the background graph (not the bookkeeping graph)."""
        graphs = [URIRef(d.graph) for d in self.documents()]
        with self._damage_told():
            if self.store.contains_named_graph(ox.NamedNode(str(BACKGROUND))):
                graphs.append(BACKGROUND)
        return graphs

    def graph_triples(self, name: URIRef) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        """The triples of one named graph as rdflib terms."""
        with self._damage_told():
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
                yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def dataset(self, documents: list[Document] | None = None, full_background: bool = False) -> Dataset:
        """The stored documents as `geokg build` writes them: each one's named graph and part of the background.

        `documents` are resolved ones, as `resolved_documents` gives (all of them by default); with
        `full_background` the background graph holds the store's whole background besides.
        """
        ds = assemble(self.resolved_documents() if documents is None else documents)
        if full_background:
            g = ds.graph(BACKGROUND)
            for triple in self.graph_triples(BACKGROUND):
                g.add(triple)
        return ds

    def describe(self) -> void.Counts:
        """Count what the union holds and keep it as the store's VoID description (graph/void.py); return the counts."""
        counts = void.count(self.union_triples())
        subjects = " || ".join(f'STRSTARTS(STR(?s), "{prefix}")' for prefix in void.SUBJECTS)
        text = " ".join(f"{t} ." for t in void.description(counts))
        self._update([f"DELETE {{ GRAPH <{RECORDS}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{RECORDS}> {{ ?s ?p ?o "
                      f"FILTER ({subjects}) }} }}", f"INSERT DATA {{ GRAPH <{RECORDS}> {{ {text} }} }}"])
        return counts

    def description(self) -> void.Counts | None:
        """The VoID description the store keeps (None for a store no build of this geokg described)."""
        with self._damage_told():
            triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(RECORDS)))
                       if str(getattr(q.subject, "value", "")).startswith(void.SUBJECTS)]
        return void.read(triples) if triples else None

    def union_triples(self) -> Iterator[ox.Triple]:
        """The triples of the default graph, as pyoxigraph terms."""
        with self._damage_told():
            for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                yield q.triple

    def union(self) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        """The triples of the default graph: what every query without GRAPH reads (graph.ttl of an export)."""
        with self._damage_told():
            for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def query(self, sparql: str) -> Answer:
        """Run SPARQL in this process, with no timeout (`geokg query` runs it in graph/engine.py instead).

        The default graph is the union, GRAPH reaches each document's graph and the background; the
        query passes graph/guard.py first.
        """
        check(sparql, prefixes=PREFIXES)
        graphs: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(str(g)) for g in self.content_graphs()]
        try:
            with self._damage_told():
                return answer_of(self.store.query(sparql, prefixes=PREFIXES, named_graphs=graphs))
        except (SyntaxError, ValueError, OSError) as exc:
            raise GeokgError(Errors.E404, reason=one_line(exc)) from exc

    # -- writing -----------------------------------------------------------------------------------

    def _update(self, operations: list[str]) -> None:
        """Apply the operations as one SPARQL Update request: one transaction, all or nothing."""
        self._catalog = None  # what it knew may be out of date now; GraphStore.add sets its own again
        text = " ;\n".join(operations)
        try:
            with self._damage_told():
                self.store.update(text)
                self._written += len(text)
                if self._written > WAL_BUDGET:
                    self._written = 0
                    self.store.flush()
        except (SyntaxError, OSError) as exc:
            raise GeokgError(Errors.E507, path=self.path, reason=exc) from exc

    def ensure_background(self) -> bool:
        """Load (or reload, when ontology/background.ttl changed) the full background graph; True if it did."""
        marker = f"<{BACKGROUND}> <{STORE.sha256}>"
        digest = background_digest()
        if self._ask(f'ASK {{ GRAPH <{RECORDS}> {{ {marker} "{digest}" }} }}'):
            return False
        # Drop, load, then the marker: a kill in between leaves no marker, and the next build starts over.
        # The union holds the documents' contributions, not the whole background (see the module docstring).
        self._update([f"DELETE WHERE {{ GRAPH <{RECORDS}> {{ {marker} ?d }} }}", f"DROP SILENT GRAPH <{BACKGROUND}>"])
        try:
            with self._damage_told():
                self.store.load(path=background_path(), format=ox.RdfFormat.TURTLE,
                                to_graph=ox.NamedNode(str(BACKGROUND)))
        except (SyntaxError, OSError) as exc:
            raise GeokgError(Errors.E508, path=self.path, reason=exc) from exc
        self._update([f'INSERT DATA {{ GRAPH <{RECORDS}> {{ {marker} "{digest}" }} }}'])
        return True

    def ensure_layout(self) -> bool:
        """Bring a store of an earlier geokg to this layout (documents' contributions, their union); True if it did.

        Layout 1 kept the entity descriptions in each document's graph beside the full background in
        the union. Every document's graph is rewritten from its extraction, and the union made anew,
        in one transaction.
        """
        marker = f"<{RECORDS}> <{STORE.layout}>"
        if self._ask(f"ASK {{ GRAPH <{RECORDS}> {{ {marker} {LAYOUT} }} }}"):
            return False
        documents = {stored.graph: self.extraction(stored.id) for stored in self.documents()}
        records = [(URIRef(g), STORE.entity, Literal(_entity_record(e))) for g, d in documents.items()
                   for e in sorted(entity_names([d]))]
        resolver = Resolver(self.person_names(), {e for d in documents.values() for e in entity_names([d])})
        operations = ["DROP SILENT DEFAULT", f"DELETE WHERE {{ GRAPH <{RECORDS}> {{ ?g <{STORE.entity}> ?e }} }}"]
        for graph, raw in documents.items():
            operations += [f"DROP SILENT GRAPH <{graph}>", _insert_graph(raw, resolver)]
        if records:
            operations.append(f"INSERT DATA {{ GRAPH <{RECORDS}> {{ {_triples_text(records)} }} }}")
        operations += [f"DELETE WHERE {{ GRAPH <{RECORDS}> {{ {marker} ?layout }} }}",
                       f"INSERT DATA {{ GRAPH <{RECORDS}> {{ {marker} {LAYOUT} }} }}"]
        self._update(operations)
        return True

    def add(self, document: Document) -> AddResult:
        """Add one extracted document in one transaction (see the module docstring for what that covers)."""
        status = self.status(document)
        if status != "new":
            return AddResult(status, document)
        catalog = self.catalog()
        try:
            operations, replaced, rewritten = self._changes(catalog, document)
            self._update(operations)
        except BaseException:
            self._catalog = None  # the catalog took the document in already: read it again next time
            raise
        self._catalog = catalog
        return AddResult("replaced" if replaced else "added", document,
                         tuple(d.id for d in replaced), tuple(rewritten))

    def _changes(self, catalog: Catalog, document: Document) -> tuple[list[str], list[StoredDocument], list[str]]:
        """The update that adds a document (the catalog takes it in), the versions it replaces, the documents rewritten."""
        replaced = [d for d in catalog.documents.values() if d.source == document.source]
        before = catalog.resolver
        touched = [catalog.remove(old.graph) for old in replaced]
        new_graph = str(graph_iri(document.id))
        stored = StoredDocument(document.id, document.source, document.issued, new_graph)
        touched.append(catalog.add(stored, frozenset(mentioned_persons([document])),
                                   frozenset(entity_names([document]))))
        after = catalog.resolver
        changed = {n for names, _ in touched for n in names if before.canonical(n) != after.canonical(n)}
        relabelled = {e for _, entities in touched for e in entities if before.resolved(e) != after.resolved(e)}
        affected = sorted(catalog.graphs_of(changed, relabelled) - {new_graph})

        operations = []
        for old in replaced:
            operations += [*_remove_graph(old.graph), f"DELETE WHERE {{ GRAPH <{RECORDS}> {{ <{old.graph}> ?p ?o }} }}"]
        rewritten = []
        for g in affected:
            raw = self.extraction(g.rsplit("/", 1)[-1])
            operations += [*_remove_graph(g), _insert_graph(raw, after)]
            rewritten.append(raw.id)
        operations.append(_insert_graph(document, after))
        operations.append(f"INSERT DATA {{ GRAPH <{RECORDS}> {{ {_triples_text(_bookkeeping(document))} }} }}")
        return operations, replaced, rewritten


def _newer(stored: datetime | None, new: datetime | None) -> bool:
    """Whether a stored version is known to be newer than a new one (both dated, the stored one later)."""
    return stored is not None and new is not None and stored > new


def _remove_graph(name: str) -> list[str]:
    """Drop a document's graph, and from the union the triples no other document's graph holds."""
    return [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
            f"FILTER (?other NOT IN (<{name}>, <{RECORDS}>, <{BACKGROUND}>)) }} }}",
            f"DROP SILENT GRAPH <{name}>"]


def _insert_graph(raw: Document, resolver: Resolver) -> str:
    """Insert a document's contribution, resolved with `resolver`, as its named graph and into the union."""
    ds = assemble(resolve_with([raw], resolver))
    text = _triples_text(sorted({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}))
    return f"INSERT DATA {{ GRAPH <{graph_iri(raw.id)}> {{ {text} }} {text} }}"


def _open(path: Path) -> ox.Store:
    """Open (or create) the RocksDB database at `path`; one that cannot be opened is left as it was."""
    before = {p.name: p.stat().st_ino for p in path.iterdir()} if path.is_dir() else None
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        reason = store_reason(exc)
        in_use = "lock" in reason.lower()
        _undo_open(path, before, in_use)
        if in_use:
            raise GeokgError(Errors.E503, path=path) from exc
        if before and isinstance(exc, (RuntimeError, FileNotFoundError)):  # "Corruption: …", or a file it lists gone
            raise GeokgError(Errors.E511, path=path, reason=reason) from exc
        raise GeokgError(Errors.E504, path=path, reason=reason) from exc


def _undo_open(path: Path, before: dict[str, int] | None, in_use: bool) -> None:
    """Take back what a failed open wrote into the folder (`before`: its files' inodes, None if it was not there)."""
    if before is None:
        shutil.rmtree(path, ignore_errors=True)
        return
    # RocksDB renames the LOG to LOG.old.<time> and starts a new one, and makes a LOCK, before it finds
    # the database damaged or locked. Locked, it is another process's: only its LOG gets its name back.
    for added in [p for p in path.iterdir() if p.name not in before]:
        with contextlib.suppress(OSError):
            if added.name.startswith("LOG.old.") and added.stat().st_ino == before.get("LOG"):
                os.replace(added, path / "LOG")
            elif not in_use:
                added.unlink()


def _is_store_or_empty(path: Path) -> bool:
    """Whether a folder is empty or holds a RocksDB database (its CURRENT file)."""
    return (path / "CURRENT").is_file() or not any(path.iterdir())


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def _bookkeeping(document: Document) -> list[tuple[Node, Node, Node]]:
    """The bookkeeping record of a document: source, date (if dated), text, person names and its extraction."""
    g = graph_iri(document.id)
    triples: list[tuple[Node, Node, Node]] = [
        (g, STORE.document, document_iri(document.id)),
        (g, STORE.source, Literal(document.source)),
        (g, STORE.extraction, Literal(document_to_json(document), datatype=RDF_JSON)),
    ]
    if document.text:  # what charStart/charEnd index, for the workbench's document view (docs/store.md)
        triples.append((g, STORE.text, Literal(document.text)))
    if document.issued is not None:  # an undated document has no date record
        triples.append((g, STORE.issued, Literal(document.issued.isoformat(), datatype=XSD.dateTime)))
    triples += [(g, STORE.person, Literal(name)) for name in sorted(mentioned_persons([document]))]
    triples += [(g, STORE.entity, Literal(_entity_record(e))) for e in sorted(entity_names([document]))]
    return triples


def _entity_record(entity: Named) -> str:
    """An entity a document names, as the bookkeeping keeps it: "Type<TAB>name<TAB>1" (1: the gazetteer knows it).

    >>> _named(_entity_record(("Person", "Mark Rutte", True)))
    ('Person', 'Mark Rutte', True)
    """
    kind, name, known = entity
    return f"{kind}\t{name}\t{int(known)}"


def _named(record: str) -> Named:
    """The entity of a bookkeeping record `_entity_record` wrote."""
    kind, name, known = record.split("\t")
    return kind, name, known == "1"
