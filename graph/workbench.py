"""The served workbench's index: a whole store read once into memory, and the questions the explorer asks of it.

`geokg serve` answers the explorer's search, neighbourhood, statements, timeline and path requests
(docs/explorer-api.md) in milliseconds on a store of a hundred thousand statements, which SPARQL
over RocksDB cannot promise. So at start-up `load_index` reads the store's default graph once —
its statements, the entities they join and the documents they come from — into plain lists and
dicts, with the answers the explorer needs most computed ahead (neighbours by number of
statements, statements per link in display order, a folded name list for search). `Live` keeps
serving one index while it makes the next when the store has changed.

An index holds no record shapes: it answers with statement numbers (positions in `Index.rows`),
entity IRIs and counts, and the web layer (geokg/api.py) turns them into the static page's records.

>>> f = Filters(families=frozenset({"conflict"}), start="2025-09-01")
>>> f.active, fold("Österreich-Gipfel")
(True, 'osterreich-gipfel')
"""
from __future__ import annotations

import bisect
import itertools
import os
import sys
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from geokg.graph.engine import open_read_only
from geokg.graph.network import CORE_TYPES, weighted_pagerank
from geokg.ontology import relations
from geokg.ontology.namespace import GKG

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_GKG = str(GKG)

#: A link: (subject IRI, object IRI, relation, negated, family), as the static page groups statements.
LinkKey = tuple[str, str, str, bool, str]
#: Which date `Filters.start`/`end` look at.
DATE_KINDS = ("event", "published")
#: Shortest paths counted at most (`Index.paths`).
MAX_PATHS_COUNTED = 1000


def fold(text: str) -> str:
    """A name as search compares it: case- and accent-folded ("Selenskyj", "SELENSKYJ" alike; "Ö" as "o").

    >>> fold("Wolodymyr SELENSKYJ"), fold("Straße")
    ('wolodymyr selenskyj', 'strasse')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Row:
    """One gkg:Statement as the index keeps it (entity and document IRIs, ISO event day or None)."""

    id: str
    subject: str
    object: str
    relation: str
    family: str
    negated: bool
    modality: str | None
    attributed_to: str | None
    evidence: str
    document: str | None
    char_start: int | None
    char_end: int | None
    date: str | None
    confidence: float | None
    rule: str | None


@dataclass(frozen=True, slots=True)
class Doc:
    """A gkg:Document: IRI, title, source (its dcterms:source), web address, issued (ISO) and its day."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    issued: str | None
    published: str | None


@dataclass(frozen=True)
class Filters:
    """What narrows the statements an answer counts (docs/explorer-api.md, Filters); all None: none."""

    families: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    modalities: frozenset[str] | None = None
    attributed_to: str | None = None
    document: str | None = None
    source: str | None = None
    min_confidence: float | None = None
    negated: bool | None = None
    types: frozenset[str] | None = None
    start: str | None = None
    end: str | None = None
    date: str = "event"
    undated: bool | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, name) is not None for name in (
            "families", "relations", "modalities", "attributed_to", "document", "source", "min_confidence",
            "negated", "types", "start", "end", "undated"))


@dataclass
class Index:
    """A store read into memory: statements in display order, entities, documents and what is computed ahead."""

    title: str
    loaded: str
    rows: list[Row]
    docs: dict[str, Doc]
    nodes: dict[str, dict[str, Any]]
    rank: dict[str, float]
    stamp: tuple[object, ...] = ()
    speakers: dict[str, str] = field(default_factory=dict)
    links: dict[LinkKey, list[int]] = field(default_factory=dict)
    link_ids: dict[LinkKey, str] = field(default_factory=dict)
    by_entity: dict[str, list[int]] = field(default_factory=dict)
    by_document: dict[str, list[int]] = field(default_factory=dict)
    neighbours: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    pair_links: dict[tuple[str, str], list[LinkKey]] = field(default_factory=dict)
    names: list[tuple[str, str, str]] = field(default_factory=list)
    graph: nx.Graph = field(default_factory=nx.Graph)
    _haystack: str = ""
    _starts: list[int] = field(default_factory=list)
    _cache: dict[tuple[object, ...], object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._derive()

    # -- made once ----------------------------------------------------------------------------------

    def _derive(self) -> None:
        """Compute the links, adjacency, neighbours, entity graph and name list from rows and nodes."""
        for i, row in enumerate(self.rows):
            self.links.setdefault(link_of(row), []).append(i)
            self.by_entity.setdefault(row.subject, []).append(i)
            if row.object != row.subject:
                self.by_entity.setdefault(row.object, []).append(i)
            if row.document:
                self.by_document.setdefault(row.document, []).append(i)
        self.link_ids = {link: f"l{n}" for n, link in enumerate(sorted(self.links))}
        pairs: Counter[tuple[str, str]] = Counter()
        for link, members in self.links.items():
            u, v = link[0], link[1]
            if u != v:
                self.pair_links.setdefault((u, v), []).append(link)
                if (v, u) != (u, v):
                    self.pair_links.setdefault((v, u), []).append(link)
                pairs[(u, v)] += len(members)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for (u, v), n in pairs.items():
            counts[u][v] += n
            counts[v][u] += n
        for entity, found in counts.items():
            self.neighbours[entity] = sorted(found.items(), key=lambda item: (-item[1], -self.rank[item[0]], item[0]))
        self.graph.add_nodes_from(sorted(self.nodes))
        self.graph.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in pairs}))
        self._index_names()

    def _index_names(self) -> None:
        """The folded names, one a line of a haystack that `str.find` searches (C speed, no per-name loop)."""
        for entity, attrs in self.nodes.items():
            label = str(attrs["label"])
            for name in dict.fromkeys([label, *(str(a) for a in attrs["alt_labels"])]):
                self.names.append((fold(name).replace("\n", " "), name, entity))
        self.names.sort(key=lambda n: (n[0], n[2]))
        self._starts, position = [], 0
        for folded, _, _ in self.names:
            self._starts.append(position)
            position += len(folded) + 1
        self._haystack = "\n".join(n[0] for n in self.names)

    # -- questions ----------------------------------------------------------------------------------

    def cached(self, key: tuple[object, ...], make: Callable[[], object]) -> object:
        """`make()`, remembered for this index (it never changes) — at most 512 answers."""
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._lock:
            if len(self._cache) >= 512:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = value
        return value

    def keeps(self, filters: Filters) -> Callable[[Row], bool]:
        """A test of one statement against the filters."""
        tests = [*self._kind_tests(filters), *self._origin_tests(filters), *self._date_tests(filters)]
        return tests[0] if len(tests) == 1 else _every(tests)

    def _kind_tests(self, f: Filters) -> Iterator[Callable[[Row], bool]]:
        """Tests of what a statement says: family, relation, modality, types of its ends, negation, confidence."""
        if f.families is not None:
            yield lambda r: r.family in f.families  # type: ignore[operator]
        if f.relations is not None:
            yield lambda r: r.relation in f.relations  # type: ignore[operator]
        if f.modalities is not None:
            yield lambda r: r.modality in f.modalities  # type: ignore[operator]
        if f.types is not None:
            kinds, nodes = f.types, self.nodes
            yield lambda r: nodes[r.subject]["type"] in kinds and nodes[r.object]["type"] in kinds
        if f.negated is not None:
            yield lambda r: r.negated == f.negated
        if f.min_confidence is not None:
            least = f.min_confidence
            yield lambda r: r.confidence is not None and r.confidence >= least

    def _origin_tests(self, f: Filters) -> Iterator[Callable[[Row], bool]]:
        """Tests of where a statement comes from: who it is attributed to, its document, the document's source."""
        if f.attributed_to is not None:
            speakers = self.named(f.attributed_to)
            yield lambda r: r.attributed_to in speakers
        if f.document is not None:
            yield lambda r: r.document == f.document
        if f.source is not None:
            wanted = fold(f.source)
            docs = {d.id for d in self.docs.values()
                    if any(wanted in fold(text) for text in (d.source, d.url, d.title) if text)}
            yield lambda r: r.document in docs

    def _date_tests(self, f: Filters) -> Iterator[Callable[[Row], bool]]:
        """The test of a statement's event or publication day against the range (and of having that day)."""
        if f.start is not None or f.end is not None or f.undated is False:
            low, high = f.start or "0000", f.end or "9999"
            undated = bool(f.undated)
            day = self.day_of_published if f.date == "published" else _event_day
            yield lambda r: undated if (d := day(r)) is None else low <= d <= high

    def day_of_published(self, row: Row) -> str | None:
        """The publication day of a statement's document (None: undated)."""
        doc = self.docs.get(row.document or "")
        return doc.published if doc else None

    def named(self, name: str) -> set[str]:
        """The entities (and those statements are attributed to) with this IRI, or else a label that holds it, folded."""
        if name in self.nodes or name in self.speakers:
            return {name}
        wanted = fold(name)
        return {e for e, label in self.labels() if wanted in fold(label)}

    def labels(self) -> Iterator[tuple[str, str]]:
        """Every entity's and speaker's IRI and label."""
        yield from ((e, str(attrs["label"])) for e, attrs in self.nodes.items())
        yield from self.speakers.items()

    def label(self, entity: str) -> str:
        """An entity's or speaker's label (its IRI if it has none)."""
        attrs = self.nodes.get(entity)
        return str(attrs["label"]) if attrs else self.speakers.get(entity, entity)

    def select(self, members: Iterable[int], filters: Filters) -> list[int]:
        """The statements among `members` (in their order) that pass the filters."""
        if not filters.active:
            return list(members)
        keep, rows = self.keeps(filters), self.rows
        return [i for i in members if keep(rows[i])]

    def search(self, query: str) -> list[tuple[str, str]]:
        """Every entity a name of which matches `query`, best first, with the name that matched."""
        wanted = fold(query).replace("\n", " ")
        best: dict[str, tuple[int, str]] = {}
        position = self._haystack.find(wanted)
        while position >= 0:
            n = bisect.bisect_right(self._starts, position) - 1
            folded, name, entity = self.names[n]
            at = position - self._starts[n]
            if at + len(wanted) <= len(folded):
                grade = _grade(folded, wanted, at)
                if entity not in best or grade < best[entity][0]:
                    best[entity] = (grade, name)
                position = self._haystack.find(wanted, position + 1)
            else:
                position = self._haystack.find(wanted, self._starts[n] + len(folded) + 1)
        return [(e, best[e][1]) for e in sorted(best, key=lambda e: (best[e][0], -self.rank[e], e))]

    def neighbourhood(self, entity: str, filters: Filters) -> list[tuple[str, int]]:
        """The entity's neighbours with their number of statements (under the filters), most first."""
        if not filters.active:
            return self.neighbours.get(entity, [])
        found: Counter[str] = Counter()
        for i in self.select(self.by_entity.get(entity, []), filters):
            row = self.rows[i]
            other = row.object if row.subject == entity else row.subject
            if other != entity:
                found[other] += 1
        return sorted(found.items(), key=lambda item: (-item[1], -self.rank[item[0]], item[0]))

    def links_between(self, entity: str, other: str) -> list[LinkKey]:
        """The links from either entity to the other, in link order."""
        return sorted(self.pair_links.get((entity, other), []))

    def link_statements(self, subject: str, obj: str, relation: str, negated: bool | None) -> list[int]:
        """The statements of the link(s) subject –relation→ object (both polarities unless `negated` says)."""
        members: list[int] = []
        for link in self.pair_links.get((subject, obj), []) + self.links_to_self(subject, obj):
            if link[0] == subject and link[2] == relation and negated in (None, link[3]):
                members.extend(self.links[link])
        return sorted(members)

    def links_to_self(self, subject: str, obj: str) -> list[LinkKey]:
        """An entity's links to itself (not in `pair_links`), when subject and object are one."""
        return [link for link in self.links if link[0] == link[1] == subject] if subject == obj else []

    def timeline(self, members: Iterable[int]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], int, int]:
        """Statements per (event day, family) and per (publication day, family); how many have neither; no event day."""
        event: Counter[tuple[str, str]] = Counter()
        published: Counter[tuple[str, str]] = Counter()
        undated = no_event = 0
        for i in members:
            row = self.rows[i]
            day = self.day_of_published(row)
            if row.date:
                event[(row.date, row.family)] += 1
            else:
                no_event += 1
            if day:
                published[(day, row.family)] += 1
            if not row.date and not day:
                undated += 1
        return event, published, undated, no_event

    def paths(self, source: str, target: str, most: int,
              filters: Filters = Filters()) -> tuple[list[list[str]], int]:
        """Up to `most` shortest paths between two entities (sorted) over the statements that pass the
        filters, and how many there are (up to 1,000)."""
        graph = self.graph
        if filters.active:
            graph = nx.Graph()
            graph.add_nodes_from((source, target))
            graph.add_edges_from(sorted({(min(r.subject, r.object), max(r.subject, r.object)) for i in
                                         self.select(range(len(self.rows)), filters)
                                         if (r := self.rows[i]).subject != r.object}))
        try:
            found = list(itertools.islice(nx.all_shortest_paths(graph, source, target), MAX_PATHS_COUNTED))
        except nx.NetworkXNoPath:
            return [], 0
        return sorted(found)[:most], len(found)

    def document(self, doc: str) -> str | None:
        """The IRI of a document given by IRI or content hash (None if the index holds no such document)."""
        if doc in self.docs:
            return doc
        found = [d for d in self.docs if d.rsplit("/", 1)[-1] == doc]
        return found[0] if found else None


def _every(tests: list[Callable[[Row], bool]]) -> Callable[[Row], bool]:
    """A test that passes a statement when every one of `tests` does."""
    def keep(row: Row) -> bool:
        for test in tests:
            if not test(row):
                return False
        return True
    return keep


def _event_day(row: Row) -> str | None:
    return row.date


def _grade(folded: str, wanted: str, at: int) -> int:
    """How well a name matches where it was found: 0 the whole name, 1 its start, 2 a word's start, 3 inside."""
    if at == 0:
        return 0 if len(folded) == len(wanted) else 1
    return 2 if not folded[at - 1].isalnum() else 3


def link_of(row: Row) -> LinkKey:
    """The link a statement belongs to."""
    return (row.subject, row.object, row.relation, row.negated, row.family)


# --- reading a store --------------------------------------------------------------------------------

def load_index(path: Path, stamp: tuple[object, ...] = ()) -> Index:
    """Read a store's default graph into an `Index` (the store opened read-only, beside a build)."""
    store = open_read_only(Path(path))
    try:
        rows, docs, nodes = _read(store)
        speakers = _speakers(store, {r.attributed_to for r in rows if r.attributed_to})
    finally:
        del store
    pairs: Counter[tuple[str, str]] = Counter((r.subject, r.object) for r in rows)
    rank = weighted_pagerank(nodes, pairs)
    loaded = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return Index(f"geokg: {Path(path).name}", loaded, rows, docs, nodes, rank, stamp, speakers)


def _speakers(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """The labels of those statements are attributed to (their IRI's local name where they have none)."""
    labels = _literals(store, _RDFS + "label", iris)
    return {iri: labels.get(iri) or _local(iri) for iri in sorted(iris)}


def _values(store: ox.Store, predicate: str) -> Iterator[tuple[str, Any]]:
    """(subject IRI, object term) of every triple of the default graph with this predicate."""
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
        yield str(getattr(quad.subject, "value", quad.subject)), quad.object


def _literals(store: ox.Store, predicate: str, among: Iterable[str] | None = None) -> dict[str, str]:
    """One lexical form per subject (the least, for determinism) of a predicate, for subjects `among` if given."""
    wanted = set(among) if among is not None else None
    found: dict[str, str] = {}
    for subject, value in _values(store, predicate):
        if wanted is None or subject in wanted:
            text = value.value
            if subject not in found or text < found[subject]:
                found[subject] = text
    return found


def _all_values(store: ox.Store, predicate: str, among: set[str]) -> dict[str, set[str]]:
    """Every lexical form or IRI of a predicate per subject, for subjects `among`."""
    found: dict[str, set[str]] = defaultdict(set)
    for subject, value in _values(store, predicate):
        if subject in among:
            found[subject].add(value.value)
    return found


def _read(store: ox.Store) -> tuple[list[Row], dict[str, Doc], dict[str, dict[str, Any]]]:
    """The statements (in display order), their documents and their entities' attributes."""
    statements = [q.subject.value for q in store.quads_for_pattern(  # type: ignore[union-attr]
        None, ox.NamedNode(_RDF + "type"), ox.NamedNode(_GKG + "Statement"), ox.DefaultGraph())]
    fields = {name: _literals(store, predicate, statements) for name, predicate in _STATEMENT_FIELDS.items()}
    docs = _documents(store, set(fields["document"].values()))
    families = {name: r.family for name, r in relations().items()}
    rows = []
    for st in statements:
        got = {name: found.get(st) for name, found in fields.items()}
        if got["subject"] is None or got["object"] is None or got["relation"] is None:
            continue
        relation = _local(got["relation"])
        shared = {name: _shared(got[name]) for name in ("attributed_to", "evidence", "document", "rule")}
        rows.append(Row(
            st, sys.intern(got["subject"]), sys.intern(got["object"]), sys.intern(relation), families.get(relation, "other"),
            got["negated"] == "true", sys.intern(_local(got["modality"])) if got["modality"] else None,
            shared["attributed_to"], shared["evidence"] or "", shared["document"], _int(got["char_start"]),
            _int(got["char_end"]), sys.intern(got["date"][:10]) if got["date"] else None, _float(got["confidence"]),
            shared["rule"]))
    rows.sort(key=lambda r: _display_key(r, docs))
    nodes = _entities(store, {e for r in rows for e in (r.subject, r.object)}, rows)
    return rows, docs, nodes


_STATEMENT_FIELDS = {
    "subject": _RDF + "subject", "relation": _RDF + "predicate", "object": _RDF + "object",
    "negated": _GKG + "negated", "modality": _GKG + "modality", "attributed_to": _GKG + "attributedTo",
    "evidence": _GKG + "evidence", "char_start": _GKG + "charStart", "char_end": _GKG + "charEnd",
    "document": _PROV + "wasDerivedFrom", "date": _GKG + "eventDate", "confidence": _GKG + "confidence",
    "rule": _GKG + "rule",
}


def _shared(text: str | None) -> str | None:
    """One string however many rows name it (interned), or None."""
    return sys.intern(text) if text else text


def _display_key(row: Row, docs: dict[str, Doc]) -> tuple[str, ...]:
    """exports/html.py `_display_order` of the statement's record: date (event, else published), document, sentence, IRI."""
    doc = docs.get(row.document or "")
    return (row.date or (doc.published if doc else None) or "", row.document or "", row.evidence, row.id)


def _documents(store: ox.Store, iris: set[str]) -> dict[str, Doc]:
    """The documents the statements come from, with title, source, web address and date."""
    titles = _literals(store, _DCTERMS + "title", iris)
    issued = _literals(store, _DCTERMS + "issued", iris)
    sources: dict[str, Any] = {
        s: o for s, o in _values(store, _DCTERMS + "source") if s in iris}
    docs = {}
    for iri in sorted(iris):
        source = sources.get(iri)
        url = source.value if isinstance(source, ox.NamedNode) else None
        when = issued.get(iri)
        docs[iri] = Doc(iri, titles.get(iri), source.value if source is not None else None, url, when,
                        when[:10] if when else None)
    return docs


def _entities(store: ox.Store, iris: set[str], rows: list[Row]) -> dict[str, dict[str, Any]]:
    """The attributes network.to_networkx gives a node: label, type, types, alt_labels, wikidata, role."""
    from geokg.graph.network import _first_role

    labels = _literals(store, _RDFS + "label", iris)
    types = {iri: {_local(t) for t in found} for iri, found in _all_values(store, _RDF + "type", iris).items()}
    alt = _all_values(store, _SKOS + "altLabel", iris)
    roles = _all_values(store, _GKG + "role", iris)
    wikidata: dict[str, str] = {}
    for subject, value in _values(store, _OWL + "sameAs"):
        if subject in iris and "wikidata.org/" in value.value:
            wikidata[subject] = min(wikidata.get(subject, value.value), value.value)
    sentences: dict[str, list[str]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.document or "", r.char_start or 0, r.id)) if roles else ():
        for end in (row.subject, row.object):
            if end in roles:
                sentences[end].append(row.evidence)
    nodes: dict[str, dict[str, Any]] = {}
    for iri in sorted(iris):
        core = [t for t in CORE_TYPES if t in types.get(iri, set())] or ["Concept"]
        nodes[iri] = {"label": labels.get(iri) or _local(iri), "type": core[0], "types": core,
                      "alt_labels": sorted(alt.get(iri, set())), "wikidata": wikidata.get(iri),
                      "role": _first_role(roles[iri], sentences[iri]) if iri in roles else None}
    return nodes


def _local(iri: str) -> str:
    """The local name of an IRI (after the ontology's namespace, a '#' or the last '/')."""
    if iri.startswith(_GKG):
        return iri[len(_GKG):]
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


# --- keeping it current -----------------------------------------------------------------------------

def store_stamp(path: Path) -> tuple[object, ...]:
    """What changes whenever a build writes to the store: its files' names, sizes and times (a listing, no read)."""
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path)
                            if e.is_file() and not e.name.startswith("LOG")))
    except OSError:
        return ()


class Live:
    """The index of a store, made again in the background when the store changes (the old one answers meanwhile).

    The store's files are looked at, at most every `every` seconds, when someone asks for the index.
    """

    def __init__(self, path: Path, every: float = 2.0,
                 load: Callable[[Path, tuple[object, ...]], Index] = load_index) -> None:
        self.path = Path(path)
        self.every = every
        self._load = load
        self._index: Index | None = None
        self._looked = 0.0
        self._seen: tuple[object, ...] = ()
        #: Called with each new index before it is used (to compute the answers every page asks first).
        self.on_load: Callable[[Index], object] | None = None
        self._loading: threading.Thread | None = None
        self._lock = threading.Lock()
        self.error: BaseException | None = None

    def start(self) -> None:
        """Begin making the first index in the background."""
        self._reload(store_stamp(self.path))

    def load_now(self) -> Index:
        """Make the index in this thread and use it (for a caller that can wait)."""
        made = self._load(self.path, store_stamp(self.path))
        if self.on_load is not None:
            self.on_load(made)
        self._index = made
        return made

    def index(self) -> Index | None:
        """The index in use (None while the first is being made); starts a new one once the store has changed.

        A store a build is writing changes all the time, and reading it then means replaying RocksDB's
        write-ahead log (slow, and memory the size of that log): the next index is made once the
        store's files have stayed as they are between two looks, when the build is done or pauses.
        """
        now = time.monotonic()
        if now - self._looked >= self.every:
            self._looked = now
            stamp, previous = store_stamp(self.path), self._seen
            self._seen = stamp
            current = self._index
            if current is None or (stamp != current.stamp and stamp == previous):
                self._reload(stamp)
        return self._index

    def _reload(self, stamp: tuple[object, ...]) -> None:
        """Make an index of the store as it is now in a thread, unless one is being made already."""
        with self._lock:
            if self._loading is not None and self._loading.is_alive():
                return
            self._loading = threading.Thread(target=self._make, args=(stamp,), name="geokg-index", daemon=True)
            self._loading.start()

    def _make(self, stamp: tuple[object, ...]) -> None:
        try:
            made = self._load(self.path, stamp)
            if self.on_load is not None:
                self.on_load(made)
            self._index = made
            self.error = None
        except Exception as exc:  # noqa: BLE001 - a store a build is rewriting: keep the old index, try later
            self.error = exc

    def wait(self, seconds: float) -> Index | None:
        """The index once one is made (or None after `seconds`)."""
        loading = self._loading
        if self._index is None and loading is not None:
            loading.join(seconds)
        return self._index
