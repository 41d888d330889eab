"""The explorer's JSON API under ``/api/`` (docs/explorer-api.md): parameters checked, the index asked, records made.

The questions are answered by graph/workbench.py's in-memory index; this module reads the query
string (every parameter checked: 400 and one line for a bad one), and turns the index's answers
into the static page's records — nodes, edges and statements made by the same functions of
exports/html.py that make the page's payload, so that both pages read one shape.
"""
from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from geokg.exports.html import (FAMILY_STYLES, MAX_LINKS, TYPE_STYLES, _FALLBACK_FAMILY, _FALLBACK_TYPE, _Links,
                                _most_important, _most_statements, _node_records, _payload, _statement)
from geokg.graph.network import CORE_TYPES
from geokg.graph.workbench import DATE_KINDS, Filters, Index, LinkKey, Live, link_of
from geokg.ontology import relations

#: Each list's (default, maximum) length.
LIMITS: dict[str, tuple[int, int]] = {
    "overview": (150, 1000), "search": (20, 100), "neighbourhood": (25, 200), "statements": (50, 500),
    "path": (5, 20), "document": (500, 2000), "per_link": (3, 50), "neighbourhood_per_link": (3, 20),
}
#: How /api/overview may choose its entities: by PageRank, or by their number of statements that pass.
RANKINGS = ("importance", "statements")
#: Entries of each timeline list at most.
MAX_TIMELINE = 5000
#: Statements per link on a path.
PATH_PER_LINK = 3
MODALITIES = frozenset({"Asserted", "Intended", "Possible", "Required", "Reported"})
FILTERS = ("families", "relations", "modality", "types", "attributed_to", "document", "source", "min_confidence",
           "negated", "from", "to", "date", "undated")
MAX_QUERY = 100
#: Bytes of encoded answers kept per index (`Answers`).
ANSWER_BYTES = 64 << 20
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NO_TEXT = ("the store keeps no text for this document (it was stored before geokg kept texts): "
           "its statements' sentences are all there is")


class ApiError(Exception):
    """An answer with an error status and one line of text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Params:
    """A request's query string, each parameter at most once and only those an endpoint knows."""

    def __init__(self, items: Iterable[tuple[str, str]], known: Iterable[str]) -> None:
        self.values: dict[str, str] = {}
        allowed = set(known)
        for name, value in items:
            if name not in allowed:
                raise ApiError(400, f"unknown parameter {name!r}; this endpoint takes {', '.join(sorted(allowed))}")
            if name in self.values:
                raise ApiError(400, f"give {name} once")
            self.values[name] = value

    def text(self, name: str, required: bool = False) -> str | None:
        """A parameter's value (None if absent or empty); 400 if it is required and missing."""
        value = self.values.get(name, "").strip() or None
        if value is None and required:
            raise ApiError(400, f"give {name}")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """A whole number between `low` and `high`."""
        value = self.text(name)
        if value is None:
            return default
        if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
            raise ApiError(400, f"{name} must be a whole number from {low} to {high}, not {value!r}")
        return int(value)

    def limit(self, kind: str, name: str = "limit") -> int:
        """A list's length: its default, or a number up to the server's maximum."""
        default, most = LIMITS[kind]
        return self.integer(name, default, 1, most)

    def words(self, name: str) -> frozenset[str] | None:
        """A comma list as a set (None if absent)."""
        value = self.text(name)
        return frozenset(w.strip() for w in value.split(",") if w.strip()) if value else None


# --- parameters ---------------------------------------------------------------------------------------

def families() -> frozenset[str]:
    """The relation families a filter may name."""
    return frozenset({r.family for r in relations().values()} | {"other"})


def filters_of(params: Params, index: Index, dated: bool = True) -> Filters:
    """The filters a request gives (docs/explorer-api.md, Filters); without `dated` no from/to (they name entities)."""
    fams, rels, mods = params.words("families"), params.words("relations"), params.words("modality")
    _known("family", fams, families())
    _known("relation", rels, set(relations()) | _relations_of(index))
    _known("modality", mods, MODALITIES)
    kinds = params.words("types")
    _known("type", kinds, CORE_TYPES)
    start, end = (_day(params, "from"), _day(params, "to")) if dated else (None, None)
    if start and end and start > end:
        raise ApiError(400, f"from ({start}) is after to ({end})")
    kind = params.text("date") or "event"
    if kind not in DATE_KINDS:
        raise ApiError(400, f"date must be event or published, not {kind!r}")
    document = params.text("document")
    if document is not None:
        document = _document(index, document)
    return Filters(fams, rels, mods, params.text("attributed_to"), document, params.text("source"),
                   _confidence(params), _boolean(params, "negated"), kinds, start, end, kind,
                   _boolean(params, "undated"))


def _relations_of(index: Index) -> set[str]:
    return set(index.cached(("relations",), lambda: {link[2] for link in index.links}))  # type: ignore[call-overload]


def _known(what: str, given: frozenset[str] | None, known: Iterable[str]) -> None:
    wrong = sorted(given - set(known)) if given else []
    if wrong:
        raise ApiError(400, f"unknown {what} {wrong[0]!r}; known: {', '.join(sorted(known))}")


def _day(params: Params, name: str) -> str | None:
    value = params.text(name)
    if value is None:
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(400, f"{name} must be a day as YYYY-MM-DD, not {value!r}") from None


def _confidence(params: Params) -> float | None:
    value = params.text("min_confidence")
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise ApiError(400, f"min_confidence must be a number from 0 to 1, not {value!r}")
    return number


def _boolean(params: Params, name: str) -> bool | None:
    value = params.text(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise ApiError(400, f"{name} must be true or false, not {value!r}")
    return value == "true"


def _entity(index: Index, params: Params, name: str) -> str:
    """An entity id a parameter names; 404 if the index has no such entity."""
    value = params.text(name, required=True)
    assert value is not None
    if value not in index.nodes:
        raise ApiError(404, f"no entity {value}")
    return value


def _document(index: Index, value: str) -> str:
    found = index.document(value)
    if found is None:
        raise ApiError(404, f"no document {value}")
    return found


# --- records --------------------------------------------------------------------------------------------

def node_record(index: Index, entity: str) -> dict[str, Any]:
    """An entity's node record, sized against the whole store."""
    records: Mapping[str, dict[str, Any]] = index.cached(  # type: ignore[assignment]
        ("nodes",), lambda: {r["id"]: r for r in _node_records(index.nodes, index.rank, set(index.nodes))})
    return {**records[entity], "statements": len(index.by_entity.get(entity, ()))}


def statement_record(index: Index, i: int) -> dict[str, Any]:
    """A statement's record: the static page's, and subject, object, relation, family, negated, offsets, url."""
    row = index.rows[i]
    doc = index.docs.get(row.document or "")
    record = _statement(row.id, _page_attributes(index, i))
    record.update(subject=row.subject, object=row.object, relation=row.relation, family=row.family,
                  negated=row.negated, char_start=row.char_start, char_end=row.char_end,
                  url=doc.url if doc else None)
    return record


def _page_attributes(index: Index, i: int) -> dict[str, Any]:
    """A statement's attributes as network.edge_records gives them to the static page."""
    row = index.rows[i]
    doc = index.docs.get(row.document or "")
    return {"evidence": row.evidence, "document": row.document, "document_title": doc.title if doc else None,
            "date": row.date, "published": doc.published if doc else None,
            "attributed_to": index.label(row.attributed_to) if row.attributed_to else None,
            "modality": row.modality, "rule": row.rule,
            "confidence": row.confidence}


def edge_records(index: Index, links: Mapping[LinkKey, list[int]], per_link: int) -> list[dict[str, Any]]:
    """Edge records of links given with their statements (display order): count, the `per_link` latest, stable ids."""
    drawn, latest = _drawn(index, links, per_link)
    return _finished(index, drawn.edges(), latest)


def _drawn(index: Index, links: Mapping[LinkKey, list[int]], per_link: int) -> tuple[_Links, dict[str, int]]:
    """The static page's links holding each link's `per_link` latest statements; the statements' numbers by IRI."""
    drawn = _Links({link: len(members) for link, members in links.items()}, per_link)
    latest = {}
    for link, members in links.items():
        for i in members[-per_link:]:
            latest[index.rows[i].id] = i
            drawn.add(link, index.rows[i].id, _page_attributes(index, i))
    return drawn, latest


def _finished(index: Index, edges: list[dict[str, Any]], latest: Mapping[str, int]) -> list[dict[str, Any]]:
    """The edges with ids stable for the index and full statement records."""
    for edge in edges:
        edge["id"] = index.link_ids[(edge["from"], edge["to"], edge["relation"], edge["negated"], edge["family"])]
        edge["statements"] = [statement_record(index, latest[s["id"]]) for s in edge["statements"]]
    return edges


# --- endpoints --------------------------------------------------------------------------------------------

def meta(index: Index, params: Params) -> dict[str, Any]:
    """Title, totals, relations and families with counts, styles, date ranges kept apart, limits."""
    return cast(dict[str, Any], index.cached(("meta",), lambda: _meta(index)))


def _meta(index: Index) -> dict[str, Any]:
    relation_counts = Counter((r.relation, r.family) for r in index.rows)
    family_counts = Counter(r.family for r in index.rows)
    events = [r.date for r in index.rows if r.date]
    published = [d.published for d in index.docs.values() if d.published]
    undated = sum(1 for r in index.rows if not r.date and not index.day_of_published(r))
    return {
        "title": index.title, "loaded": index.loaded,
        "totals": {"entities": len(index.nodes), "statements": len(index.rows), "documents": len(index.docs),
                   "links": len(index.links)},
        "relations": [{"relation": rel, "family": fam, "count": n}
                      for (rel, fam), n in sorted(relation_counts.items(), key=lambda x: (-x[1], x[0]))],
        "families": [{"family": fam, "count": n} for fam, n in sorted(family_counts.items(), key=lambda x: (-x[1], x[0]))],
        "styles": {"types": TYPE_STYLES, "families": FAMILY_STYLES, "fallback_type": _FALLBACK_TYPE,
                   "fallback_family": _FALLBACK_FAMILY},
        "dates": {"event": [min(events), max(events)] if events else None,
                  "published": [min(published), max(published)] if published else None,
                  "undated": undated, "no_event_date": len(index.rows) - len(events)},
        "types": [t for t in CORE_TYPES if any(n["type"] == t for n in index.nodes.values())],
        "modalities": sorted({r.modality for r in index.rows if r.modality}),
        "limits": {kind: list(pair) for kind, pair in LIMITS.items()},
    }


def entity(index: Index, params: Params) -> dict[str, Any]:
    """One entity's node record."""
    return node_record(index, _entity(index, params, "id"))


def overview(index: Index, params: Params) -> dict[str, Any]:
    """The static page's payload over the statements that pass the filters: filter first, then cut."""
    filters, limit, per_link = filters_of(params, index), params.limit("overview"), params.limit("per_link", "per_link")
    by = params.text("rank") or "importance"
    if by not in RANKINGS:
        raise ApiError(400, f"rank must be {' or '.join(RANKINGS)}, not {by!r}")
    links = _filtered_links(index, filters)
    involved = {end for link in links for end in link[:2]}
    kept = _most_important({e: index.rank[e] for e in involved}, limit) if by == "importance" \
        else _most_statements_of(index, links, limit)
    between = Counter({link: len(members) for link, members in links.items() if link[0] in kept and link[1] in kept})
    shown, latest = _drawn(index, {link: links[link] for link in _most_statements(between, MAX_LINKS)}, per_link)
    payload = _payload({e: index.nodes[e] for e in involved}, index.rank, kept, shown, between,
                       sum(len(m) for m in links.values()))
    _finished(index, payload["edges"], latest)
    return payload


def _most_statements_of(index: Index, links: Mapping[LinkKey, list[int]], limit: int) -> set[str]:
    """The `limit` entities in most of the statements (ties by importance, then IRI), as the static page ranks."""
    count: Counter[str] = Counter()
    for (u, v, *_), members in links.items():
        count[u] += len(members)
        if v != u:
            count[v] += len(members)
    return set(sorted(count, key=lambda e: (-count[e], -index.rank[e], e))[:limit])


def _filtered_links(index: Index, filters: Filters) -> dict[LinkKey, list[int]]:
    """The statements that pass the filters, by link (display order)."""
    if not filters.active:
        return index.links
    found: dict[LinkKey, list[int]] = {}
    for i in index.select(range(len(index.rows)), filters):
        found.setdefault(link_of(index.rows[i]), []).append(i)
    return found


def search(index: Index, params: Params) -> dict[str, Any]:
    """Entities whose label or other name matches q, best first."""
    query, limit = params.text("q", required=True) or "", params.limit("search")
    if len(query) > MAX_QUERY:
        raise ApiError(400, f"q must have at most {MAX_QUERY} characters")
    found: list[tuple[str, str]] = index.cached(("search", query), lambda: index.search(query))  # type: ignore[assignment]
    items = [{**node_record(index, e), "matched": name} for e, name in found[:limit]]
    return {"q": query, "total": len(found), "cut": len(found) > limit, "items": items}


def neighbourhood(index: Index, params: Params) -> dict[str, Any]:
    """An entity, its neighbours (most statements first) and the links between it and them."""
    entity = _entity(index, params, "id")
    filters, limit = filters_of(params, index), params.limit("neighbourhood")
    per_link = params.limit("neighbourhood_per_link", "per_link")
    around = index.neighbourhood(entity, filters)
    shown = around[:limit]
    links: dict[LinkKey, list[int]] = {}
    for other, _ in shown:
        for link in index.links_between(entity, other):
            members = index.select(index.links[link], filters)
            if members:
                links[link] = members
    statements = len(index.select(index.by_entity.get(entity, []), filters)) if filters.active \
        else len(index.by_entity.get(entity, []))
    return {"node": node_record(index, entity), "total": len(around), "cut": len(around) > limit,
            "nodes": [node_record(index, other) for other, _ in shown],
            "edges": edge_records(index, links, per_link), "statements": statements}


def statements(index: Index, params: Params) -> dict[str, Any]:
    """One entity's or one link's statements, newest first, a page at a time."""
    filters, limit = filters_of(params, index), params.limit("statements")
    offset = params.integer("offset", 0, 0, 10**9)
    if params.text("entity") is not None:
        if params.text("subject") or params.text("object") or params.text("relation"):
            raise ApiError(400, "give entity, or subject, object and relation (a link), not both")
        members = index.by_entity.get(_entity(index, params, "entity"), [])
    else:
        if params.text("subject") is None and params.text("object") is None:
            raise ApiError(400, "give entity, or subject, object and relation (a link)")
        subject, obj = _entity(index, params, "subject"), _entity(index, params, "object")
        relation = params.text("relation", required=True) or ""
        members = index.link_statements(subject, obj, relation, _boolean(params, "negated"))
    chosen = index.select(members, filters)
    page = chosen[::-1][offset:offset + limit]
    return {"total": len(chosen), "offset": offset, "limit": limit, "cut": offset + len(page) < len(chosen),
            "items": [statement_record(index, i) for i in page]}


def timeline(index: Index, params: Params) -> dict[str, Any]:
    """Statements per day and family, event and publication dates apart, over the store or one entity."""
    filters = filters_of(params, index)
    entity = _entity(index, params, "entity") if params.text("entity") else None
    return index.cached(("timeline", filters, entity), lambda: _timeline(index, filters, entity))  # type: ignore[return-value]


def _timeline(index: Index, filters: Filters, entity: str | None) -> dict[str, Any]:
    members = index.by_entity.get(entity, []) if entity is not None else range(len(index.rows))
    chosen = index.select(members, filters)
    event, published, undated, no_event = index.timeline(chosen)

    def listed(counts: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"day": day, "family": family, "count": n} for (day, family), n in sorted(counts.items())[:MAX_TIMELINE]]

    return {"total": len(chosen), "event": listed(event), "published": listed(published), "undated": undated,
            "no_event_date": no_event, "cut": max(len(event), len(published)) > MAX_TIMELINE}


def path(index: Index, params: Params) -> dict[str, Any]:
    """Up to max shortest paths between two entities, with their nodes and links."""
    source, target = _entity(index, params, "from"), _entity(index, params, "to")
    most, filters = params.limit("path", "max"), filters_of(params, index, dated=False)
    if source == target:
        raise ApiError(400, "from and to are the same entity")
    answer = index.cached(("path", source, target, most, filters), lambda: index.paths(source, target, most, filters))
    found, total = cast(tuple[list[list[str]], int], answer)
    on = sorted({e for p in found for e in p})
    links = {link: members for p in found for a, b in zip(p, p[1:]) for link in index.links_between(a, b)
             if (members := index.select(index.links[link], filters))}
    return {"paths": found, "length": len(found[0]) - 1 if found else None, "total": total, "cut": total > len(found),
            "nodes": [node_record(index, e) for e in on], "edges": edge_records(index, links, PATH_PER_LINK)}


def document(index: Index, params: Params, text_of: Callable[[str], str | None]) -> dict[str, Any]:
    """A document, its text (if the store keeps it) and its statements in text order."""
    iri = _document(index, params.text("id", required=True) or "")
    limit, offset = params.limit("document"), params.integer("offset", 0, 0, 10**9)
    doc = index.docs[iri]
    members = sorted(index.by_document.get(iri, []),
                     key=lambda i: (index.rows[i].char_start or 0, index.rows[i].char_end or 0, index.rows[i].id))
    page = members[offset:offset + limit]
    text = text_of(iri.rsplit("/", 1)[-1])
    return {"id": iri, "title": doc.title, "source": doc.source, "url": doc.url, "issued": doc.issued,
            "text": text, "note": None if text is not None else NO_TEXT,
            "total": len(members), "offset": offset, "limit": limit, "cut": offset + len(page) < len(members),
            "statements": [_highlight(index, i) for i in page]}


def _highlight(index: Index, i: int) -> dict[str, Any]:
    row = index.rows[i]
    return {"id": row.id, "char_start": row.char_start, "char_end": row.char_end, "relation": row.relation,
            "subject_label": index.nodes[row.subject]["label"], "object_label": index.nodes[row.object]["label"],
            "evidence": row.evidence}


# --- the web side -------------------------------------------------------------------------------------

Endpoint = Callable[[Index, Params], dict[str, Any]]

#: Each endpoint: its function and the parameters it takes.
ENDPOINTS: dict[str, tuple[Endpoint, tuple[str, ...]]] = {
    "meta": (meta, ()),
    "overview": (overview, ("limit", "per_link", "rank", *FILTERS)),
    "search": (search, ("q", "limit")),
    "entity": (entity, ("id",)),
    "neighbourhood": (neighbourhood, ("id", "limit", "per_link", *FILTERS)),
    "statements": (statements, ("entity", "subject", "object", "relation", "offset", "limit", *FILTERS)),
    "timeline": (timeline, ("entity", *FILTERS)),
    "path": (path, ("from", "to", "max", *(f for f in FILTERS if f not in ("from", "to")))),
}


class Answers:
    """The encoded answers of one index (which never changes, so neither do they), least recently asked dropped
    first once they hold more than `budget` bytes."""

    def __init__(self, budget: int = ANSWER_BYTES) -> None:
        self.budget = budget
        self.kept: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes:
        """The answer kept under `key`, else `make()`, kept."""
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        body = make()
        with self.lock:
            if key not in self.kept:
                self.kept[key] = body
                self.size += len(body)
            while self.size > self.budget and self.kept:
                self.size -= len(self.kept.popitem(last=False)[1])
        return body


def encode(data: Any) -> bytes:
    """JSON as UTF-8, compact."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON answer that no cache keeps (`data` already encoded, or to encode)."""
    body = data if isinstance(data, bytes) else encode(data)
    return Response(body, status, {"Cache-Control": "no-store", **(headers or {})}, "application/json")


def error_response(status: int, message: str) -> Response:
    """An error as {"error": "one line"}."""
    headers = {"Retry-After": "2"} if status == 503 else None
    return json_response({"error": " ".join(message.split())}, status, headers)


def warm(index: Index) -> None:
    """Compute ahead what every page asks first: the node records, meta, the whole timeline."""
    if index.nodes:
        node_record(index, next(iter(index.nodes)))
    meta(index, Params((), ()))
    timeline(index, Params((), ENDPOINTS["timeline"][1]))


def routes(live: Live, text_of: Callable[[str], str | None]) -> list[Route]:
    """The API's routes over a live index; `text_of` gives a document's text by content hash."""
    live.on_load = warm

    def answer(name: str, function: Endpoint, known: tuple[str, ...], kept: bool = True) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            index = live.index()
            if index is None:
                reason = f" (the last attempt failed: {live.error})" if live.error else ""
                return error_response(503, f"the index of the store is being made; try again in a moment{reason}")
            items = request.query_params.multi_items()
            try:
                make = lambda: encode(function(index, Params(items, known)))  # noqa: E731
                if not kept:
                    return json_response(make())
                answers = cast(Answers, index.cached(("answers",), Answers))
                return json_response(answers.get((name, *sorted(items)), make))
            except ApiError as exc:
                return error_response(exc.status, exc.message)

        endpoint.__name__ = f"api_{name}"
        return endpoint

    found = [Route(f"/api/{name}", answer(name, function, known), methods=["GET"])
             for name, (function, known) in ENDPOINTS.items()]
    found.append(Route("/api/document", answer(
        "document", lambda index, params: document(index, params, text_of), ("id", "offset", "limit"), kept=False),
        methods=["GET"]))
    return found
