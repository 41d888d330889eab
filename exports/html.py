"""The analyst's workbench: ``graph.html``, one self-contained interactive explorer.

One explorer, two data sources. The static page inlines vis-network 9.1.2 (JS and CSS, copied from
pyvis into ``exports/static/``), the explorer script ``exports/static/explorer.js`` and its
stylesheet, and the graph itself as JSON in ``<script type="application/json" id="graph-data">``
(with ``<``, ``>`` and ``&`` escaped); it loads nothing from the network. `render_workbench` makes
the same page for ``geokg serve``: no data of its own, the files linked from ``/static/``, the
store read through the JSON API (docs/explorer-api.md). The script reads either through one
interface (``StaticSource`` / ``ApiSource`` in explorer.js). Every string that comes from a
document (labels, evidence, titles) is set with ``textContent`` or as a vis-network plain-text
label, never as HTML; German text carries ``lang="de"`` (the page's own words are English).

The page filters first and cuts after: the data holds every entity and statement of the build
(below `MAX_NODES`, `MAX_LINKS` and `MAX_STATEMENTS_PER_LINK`, caps for huge builds that
``#notice`` names), and the page draws the `OVERVIEW_NODES` entities with most statements that
pass the analyst's filters, the `LABELLED_NODES` first of them labelled at any zoom. When the
relations are narrowed it draws up to 1,000, so that a relation the analyst chose is never cut.

Stable element ids
------------------
``title``, ``stats`` ("N entities · M statements (K links) drawn"), ``notice`` (only when the data was
capped), ``cut-note`` (what the overview drew of what passes; ``show-cut`` draws more), ``progress``
(a progressbar while the page loads or lays out), ``search`` (a combobox: arrow keys, Enter, Escape)
and ``search-results`` (``li[role=option][data-id]``), ``panel`` with ``panel-title`` and
``panel-body`` (an entity: ``expand``, ``collapse``, ``path-from-here``, its links as buttons, "not
drawn" where the overview cut them; a link: ``li.statement[data-statement=IRI]`` with the sentence in
``.evidence``, source, document, publication and event dates apart, and ``button.read`` to read it
marked in its article, ``#reader``), ``graph`` (focusable: arrow keys go to the nearest entity,
Home to the most important, Enter expands, Escape clears), ``fit``, ``overview-limit``,
``filter-date-kind`` (event or publication date), ``timeline-chart``, ``date-slider-from``/``-to``,
``filter-date-from``/``-to``, ``filter-undated``, ``filter-family-<family>``,
``filter-relation-<relation>``, ``filter-type-<Type>``, ``filter-modality-<Modality>``,
``filter-attributed``, ``filter-source``, ``filter-min-confidence``, ``filter-hide-negated``,
``filter-reset``, ``path-from``, ``path-to``, ``path-find``, ``export-json``, ``export-csv``.
The view's state (filters, selection, neighbourhoods, path) is kept in the URL's fragment.

``window.geokg``
----------------
``source``, ``network``, ``nodes``, ``edges`` (the drawn items; edge id = "from␁relation␁to␁negated"),
``data`` (the parsed payload of a static page), ``ready`` (the first layout is done), ``idle()`` (a
promise: nothing is loading or being laid out), ``layouts()``, ``drawnNodeIds()``, ``drawnEdgeIds()``,
``drawnLinks()``, ``overview()``, ``selection()``, ``filters()``, ``setFilters(partial)``,
``resetFilters()``, ``selectNode(id, focus)``, ``selectEdge(id, focus)``, ``onSelect(params)``,
``clearSelection()``, ``expand(id)``, ``collapse(id)``, ``findPath(from, to)``, ``search(text)``,
``stateHash()``, ``exportView("json"|"csv")``, ``labelsOnScreen()``; the methods return promises.

The payload (``graph-data``): ``meta`` (totals; ``cut`` and the link counts as `_notice` names them),
``dates`` (first and last event date and publication date, apart; ``date_range`` both together),
``texts`` (whether documents carry their text), ``overview``, ``styles``, ``documents`` (id, title,
source, url, published, and text when ``texts``), ``nodes`` and ``edges`` (one per (subject,
relation, object, negated), its ``count`` of statements and its latest ``statements``, each with
its evidence, dates, document, offsets in the document's text, attribution, modality, rule and
confidence).
"""
from __future__ import annotations

import heapq
import html
import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from geokg.extract.model import Document
from geokg.errors import Errors, GeokgError
from geokg.graph.ids import document_iri, entity_iri
from geokg.graph.network import edge_records, link_counts, pagerank, per_pair, weighted_pagerank

if TYPE_CHECKING:
    from geokg.exports import Bundle

#: Node look per entity type: colour, border and vis-network shape.
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Person": {"color": "#f28e2b", "border": "#b3661b", "shape": "dot"},
    "Organization": {"color": "#4e79a7", "border": "#2f4f73", "shape": "square"},
    "Country": {"color": "#59a14f", "border": "#3b6e34", "shape": "diamond"},
    "Location": {"color": "#b07aa1", "border": "#7a5170", "shape": "triangle"},
    "Concept": {"color": "#9c9c9c", "border": "#6b6b6b", "shape": "hexagon"},
}
#: Edge colour per relation family.
FAMILY_STYLES: dict[str, dict[str, str]] = {
    "conflict": {"color": "#d62728"},
    "cooperation": {"color": "#2ca02c"},
    "diplomacy": {"color": "#1f77b4"},
    "communication": {"color": "#9467bd"},
    "static": {"color": "#8c8c8c"},
}
_FALLBACK_TYPE = {"color": "#d0d0d0", "border": "#8c8c8c", "shape": "star"}
_FALLBACK_FAMILY = {"color": "#555555"}

_NODE_SIZE_MIN = 10.0
_NODE_SIZE_MAX = 38.0

#: A link (from, to, relation, negated, family) lists at most this many statements, its latest by
#: `_display_order`; its ``count`` says how many it has in all.
MAX_STATEMENTS_PER_LINK = 50
#: The page draws at most this many links, those with most statements (ties by link key). Measured
#: in headless Chromium (software rendering, 2 cores) with 400 entities: at 2,000 links a filter
#: change re-renders in ~0.2 s and a frame draws in ~30 ms; at 8,000 a zoomed frame takes ~0.4 s,
#: at 32,000 a filter change or a click ~4.7 s and a frame ~1.4 s.
MAX_LINKS = 10000
#: The page holds at most this many entities, those of highest PageRank (a cap for huge builds only:
#: the page itself draws `OVERVIEW_NODES` of them, chosen after the analyst's filters).
MAX_NODES = 5000
#: Entities the page draws at first: those with most statements that pass the filters.
OVERVIEW_NODES = 150
#: Entities labelled at any zoom (the others get their labels as the analyst zooms in).
LABELLED_NODES = 25
#: Documents' texts are embedded (to read the evidence in its article) while they add up to at most this.
MAX_EMBEDDED_TEXT = 1_000_000

LinkKey = tuple[str, str, str, bool, str]

_MARKER = re.compile(r"\{\{GEOKG_([A-Z_]+)\}\}")
_WEB_LINK = re.compile(r"^https?://", re.IGNORECASE)


def write_html(graph: nx.MultiDiGraph, path: Path, *, title: str = "geokg", max_nodes: int = MAX_NODES,
               max_statements_per_link: int = MAX_STATEMENTS_PER_LINK, max_links: int = MAX_LINKS) -> None:
    """Write ``graph`` as one self-contained, offline interactive explorer page to ``path``.

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("https://w3id.org/geokg/id/a", label="A", type="Person", alt_labels=[], wikidata=None, role=None)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
    >>> write_html(g, out)
    >>> 'id="graph-data"' in out.read_text(encoding="utf-8")
    True
    """
    page = render_html(graph, title=title, max_nodes=max_nodes, max_statements_per_link=max_statements_per_link,
                       max_links=max_links)
    _write_atomically(Path(path), page.encode("utf-8"))


def render_html(graph: nx.MultiDiGraph, *, title: str = "geokg", max_nodes: int = MAX_NODES,
                max_statements_per_link: int = MAX_STATEMENTS_PER_LINK, max_links: int = MAX_LINKS) -> str:
    """Return the explorer page for ``graph`` as a string (same graph, same string)."""
    _check_limits(max_nodes=max_nodes, max_statements_per_link=max_statements_per_link, max_links=max_links)
    payload = graph_payload(graph, max_nodes=max_nodes, max_statements_per_link=max_statements_per_link,
                            max_links=max_links)
    return _page(payload, title, max_statements_per_link)


def render_documents(documents: Iterable[Document], *, title: str = "geokg", max_nodes: int = MAX_NODES,
                     max_statements_per_link: int = MAX_STATEMENTS_PER_LINK, max_links: int = MAX_LINKS,
                     texts: bool = True) -> str:
    """Return the page of ``documents`` without making their networkx graph (see `documents_payload`).

    The same page as ``render_html(to_networkx(documents))`` plus what only the documents know: each
    statement's offsets in its text, each document's source and web address, and (with ``texts``) the
    texts themselves while they add up to at most `MAX_EMBEDDED_TEXT` characters (to read the evidence
    in its article).
    """
    _check_limits(max_nodes=max_nodes, max_statements_per_link=max_statements_per_link, max_links=max_links)
    payload = documents_payload(documents, max_nodes=max_nodes, max_statements_per_link=max_statements_per_link,
                                max_links=max_links, texts=texts)
    return _page(payload, title, max_statements_per_link)


def _check_limits(**limits: int) -> None:
    """Raise ValueError unless every limit is at least 1."""
    for name, value in limits.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")


#: The files of ``exports/static/`` the page uses: the static page inlines them, the served page links them.
STATIC_FILES = ("vis-network.css", "explorer.css", "vis-network.min.js", "explorer.js")


def _page(payload: dict[str, Any], title: str, cap: int) -> str:
    """Return the page: the template filled with the title, the notice, the data and the inlined files."""
    styles = "".join(f"<style>\n{_inline_safe(_static(name), 'style')}\n</style>\n" for name in STATIC_FILES[:2])
    scripts = "".join(f"<script>\n{_inline_safe(_static(name), 'script')}\n</script>\n" for name in STATIC_FILES[2:])
    return _fill(title=title, notice=_notice(payload, cap), data=_script_json(payload), styles=styles, scripts=scripts)


def render_workbench(title: str = "geokg", *, api: str = "/api", static: str = "/static") -> str:
    """Return the explorer page that `geokg serve` serves: graph.html's template with no data of its own.

    It reads the store through the JSON API at ``api`` (docs/explorer-api.md) and loads
    `STATIC_FILES` from ``static``; it has no inline executable script, so that a
    ``script-src 'self'`` Content-Security-Policy holds.

    Examples
    --------
    >>> page = render_workbench("geokg: kg")
    >>> '"api":"/api"' in page and 'src="/static/explorer.js"' in page
    True
    """
    base = static.rstrip("/")
    styles = '<link rel="icon" href="data:,">\n'  # no request for /favicon.ico
    styles += "".join(f'<link rel="stylesheet" href="{html.escape(base)}/{name}">\n' for name in STATIC_FILES[:2])
    scripts = "".join(f'<script src="{html.escape(base)}/{name}"></script>\n' for name in STATIC_FILES[2:])
    settings = {"api": api, "title": title, "styles": _styles(), "overview": _overview()}
    return _fill(title=title, notice="", data=_script_json(settings), styles=styles, scripts=scripts)


def _fill(*, title: str, notice: str, data: str, styles: str, scripts: str) -> str:
    """Return the template with its markers filled."""
    values = {"TITLE": html.escape(title), "NOTICE": notice, "DATA": data, "STYLES": styles, "SCRIPTS": scripts}
    template = files(__package__).joinpath("templates", "graph.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def _styles() -> dict[str, Any]:
    """The look of entity types and relation families, for the page's drawing and legend."""
    return {"types": TYPE_STYLES, "families": FAMILY_STYLES, "fallback_type": _FALLBACK_TYPE,
            "fallback_family": _FALLBACK_FAMILY}


def _overview() -> dict[str, int]:
    """How much the page draws at first."""
    return {"limit": OVERVIEW_NODES, "labels": LABELLED_NODES}


def _notice(payload: dict[str, Any], cap: int) -> str:
    """Return the ``#notice`` element when entities or links were left out or links cut to ``cap``, else ""."""
    meta = payload["meta"]
    between = meta.get("total_link_statements", meta["shown_statements"])
    parts = []
    if meta["cut"]:
        parts.append(
            f"Showing {meta['shown_nodes']:,} of {meta['total_nodes']:,} entities: the "
            f"{meta['shown_nodes']:,} most important by PageRank. "
            f"{meta['total_statements'] - between:,} of {meta['total_statements']:,} "
            "statements involve the others and are not drawn."
        )
    if "total_links" in meta:
        left_out = meta["total_links"] - meta["shown_links"]
        parts.append(
            f"Showing the {meta['shown_links']:,} links with most statements of {meta['total_links']:,} "
            f"between these entities; the other {left_out:,} links ({between - meta['shown_statements']:,} "
            "statements) are not drawn. Entities without a drawn link are still shown."
        )
    capped = sum(1 for e in payload["edges"] if e["count"] > len(e["statements"]))
    if capped:
        parts.append(f"{capped:,} of {len(payload['edges']):,} links have more than {cap:,} statements: "
                     f"each lists its {cap:,} most recent.")
    return '<div id="notice" role="status">' + html.escape(" ".join(parts)) + "</div>" if parts else ""


def graph_payload(graph: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES,
                  max_statements_per_link: int = MAX_STATEMENTS_PER_LINK,
                  max_links: int = MAX_LINKS) -> dict[str, Any]:
    """Return the JSON-ready data the page draws: kept nodes, grouped edges, styles and meta."""
    rank = pagerank(graph)
    kept = _most_important(rank, max_nodes)
    counts = Counter(_link_key(u, v, attrs) for u, v, _, attrs in _between(graph, kept))
    links = _Links(_most_statements(counts, max_links), max_statements_per_link)
    for u, v, key, attrs in _between(graph, kept):
        links.add(_link_key(u, v, attrs), key, attrs)
    return _payload(graph.nodes, rank, kept, links, counts, graph.number_of_edges())


def documents_payload(documents: Iterable[Document], *, max_nodes: int = MAX_NODES,
                      max_statements_per_link: int = MAX_STATEMENTS_PER_LINK,
                      max_links: int = MAX_LINKS, texts: bool = True) -> dict[str, Any]:
    """Return ``graph_payload(to_networkx(documents))`` in two passes over ``documents``, holding no graph.

    Pass 1 counts the statements per entity pair (for PageRank) and per link (to choose the
    ``max_links`` drawn ones), holding one count per distinct link; pass 2 keeps at most
    ``max_statements_per_link`` statements of each drawn link. Statement IRIs are assumed
    unique, as they are where they come from (graph.ids.statement_iri).
    """
    nodes, statements_per_link = link_counts(documents)
    pairs = per_pair(statements_per_link)
    rank = weighted_pagerank(nodes, pairs)
    kept = _most_important(rank, max_nodes)
    between: Counter[LinkKey] = Counter()
    for (u, v, relation, negated, family), n in statements_per_link.items():
        if u in kept and v in kept:
            between[_link_key(u, v, {"relation": relation, "negated": negated, "family": family})] += n
    del statements_per_link
    links = _Links(_most_statements(between, max_links), max_statements_per_link)
    sources = _Sources(texts)
    for document in documents:
        sources.add(document)
        for (subject, obj, key, attrs), st in zip(edge_records([document]), document.statements):
            attrs.update(char_start=st.char_start, char_end=st.char_end)
            links.add(_link_key(str(entity_iri(subject)), str(entity_iri(obj)), attrs), key, attrs)
    return _payload(nodes, rank, kept, links, between, sum(pairs.values()), documents=sources)


class _Sources:
    """The documents of a build: title, source, web address, date, and their texts while they are few."""

    def __init__(self, texts: bool = True) -> None:
        self.embed = texts
        self.records: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, str] = {}
        self.size = 0

    def add(self, document: Document) -> None:
        """Note a document (a document streamed in parts is noted once, its text whole)."""
        iri = str(document_iri(document.id))
        if iri not in self.records:
            self.records[iri] = {"id": iri, "title": _text(document.title), "source": _text(document.source),
                                 "url": _web_link(document.url),
                                 "published": document.issued.date().isoformat() if document.issued else None}
            self.texts[iri] = document.text
            self.size += len(document.text)

    def payload(self, used: set[str]) -> tuple[list[dict[str, Any]], bool]:
        """The records of the documents in ``used``, in IRI order, with their texts if they fit."""
        keep = sorted(iri for iri in used if iri in self.records)
        size = sum(len(self.texts[iri]) for iri in keep)
        embed = self.embed and 0 < size <= MAX_EMBEDDED_TEXT  # a store's documents may come without texts
        return [dict(self.records[iri], **({"text": self.texts[iri]} if embed and self.texts[iri] else {}))
                for iri in keep], embed


def _between(graph: nx.MultiDiGraph, kept: set[Any]) -> Iterator[tuple[str, str, Any, Mapping[str, Any]]]:
    """Yield (from, to, key, attributes) of each statement of ``graph`` between two ``kept`` entities."""
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if u in kept and v in kept:
            yield str(u), str(v), key, attrs


def _most_important(rank: Mapping[Any, float], max_nodes: int) -> set[Any]:
    """Return the ``max_nodes`` nodes of highest rank (ties by IRI)."""
    return set(sorted(rank, key=lambda n: (-round(rank[n], 12), str(n)))[:max_nodes])


def _link_key(u: str, v: str, attrs: Mapping[str, Any]) -> LinkKey:
    """Return the link a statement from ``u`` to ``v`` belongs to: (from, to, relation, negated, family)."""
    relation = _text(attrs.get("relation")) or "related_to"
    family = _text(attrs.get("family")) or "static"
    return (u, v, relation, bool(attrs.get("negated")), family)


def _most_statements(counts: Mapping[LinkKey, int], max_links: int) -> dict[LinkKey, int]:
    """Return the ``max_links`` links with most statements (ties by link key) with their counts."""
    if len(counts) <= max_links:
        return dict(counts)
    return {link: counts[link] for link in heapq.nsmallest(max_links, counts, key=lambda k: (-counts[k], k))}


def _payload(attributes: Mapping[Any, Mapping[str, Any]], rank: Mapping[Any, float], kept: set[Any],
             links: _Links, between: Mapping[LinkKey, int], total_statements: int, *,
             documents: _Sources | None = None) -> dict[str, Any]:
    """Return the page data; ``between`` counts the statements of every link between kept entities.

    ``documents`` are the build's documents when known (not from a networkx graph alone).
    """
    nodes = _node_records(attributes, rank, kept)
    edges = links.edges()
    listed = [s for e in edges for s in e["statements"]]
    dates = [day for s in listed for day in (s["date"], s["published"]) if day]
    event = sorted(s["date"] for s in listed if s["date"])
    published = sorted(s["published"] for s in listed if s["published"])
    used = {s["document"] for s in listed if s["document"]}
    if documents is not None:
        sources, texts = documents.payload(used)
    else:
        titles = {s["document"]: (s["document_title"], s["published"]) for s in listed if s["document"]}
        sources = [{"id": iri, "title": titles[iri][0], "source": None, "url": None, "published": titles[iri][1]}
                   for iri in sorted(used)]
        texts = False
    meta = {
        "total_nodes": len(attributes),
        "shown_nodes": len(nodes),
        "total_statements": total_statements,
        "shown_statements": sum(e["count"] for e in edges),
        "cut": len(nodes) < len(attributes),
    }
    if len(edges) < len(between):  # only then, so that pages below every cap stay as they were
        meta.update(total_links=len(between), shown_links=len(edges), total_link_statements=sum(between.values()))
    return {
        "meta": meta,
        "date_range": [min(dates), max(dates)] if dates else None,
        "dates": {"event": [event[0], event[-1]] if event else None,
                  "published": [published[0], published[-1]] if published else None},
        "texts": texts,
        "overview": _overview(),
        "styles": _styles(),
        "documents": sources,
        "nodes": nodes,
        "edges": edges,
    }


def _node_records(attributes: Mapping[Any, Mapping[str, Any]], rank: Mapping[Any, float],
                  kept: set[Any]) -> list[dict[str, Any]]:
    """Return the kept nodes' records in IRI order, sized by rank between the smallest and largest kept."""
    shown_ranks = [rank[n] for n in kept]
    low, high = (min(shown_ranks), max(shown_ranks)) if shown_ranks else (0.0, 0.0)
    nodes = []
    for node in sorted(kept, key=str):
        attrs = attributes[node]
        spread = (rank[node] - low) / (high - low) if high > low else 0.5
        nodes.append(
            {
                "id": str(node),
                "label": _text(attrs.get("label")) or str(node),
                "type": _text(attrs.get("type")) or "Concept",
                "alt_labels": _alt_labels(attrs.get("alt_labels"), _text(attrs.get("label")) or str(node)),
                "wikidata": _web_link(attrs.get("wikidata")),
                "role": _text(attrs.get("role")),
                "importance": round(rank[node], 8),
                "size": round(_NODE_SIZE_MIN + (_NODE_SIZE_MAX - _NODE_SIZE_MIN) * math.sqrt(spread), 1),
            }
        )
    return nodes


class _Links:
    """The drawn links (from, to, relation, negated, family), each with its number of statements in all
    and holding only its ``cap`` latest statements, in a min-heap on `_display_order`."""

    def __init__(self, counts: Mapping[LinkKey, int], cap: int) -> None:
        self.cap = cap
        self.counts = counts
        self.seen: Counter[LinkKey] = Counter()
        self.latest: dict[LinkKey, list[tuple[tuple[str, ...], int, dict[str, Any]]]] = {link: [] for link in counts}

    def add(self, link: LinkKey, key: Any, attrs: Mapping[str, Any]) -> None:
        """Keep one statement if its link is drawn and it is among the link's ``cap`` latest."""
        heap = self.latest.get(link)
        if heap is None:
            return
        self.seen[link] += 1
        record = _statement(key, attrs)
        entry = (_display_order(record), self.seen[link], record)  # the number spares comparing records
        if len(heap) < self.cap:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)

    def edges(self) -> list[dict[str, Any]]:
        """Return the links as the page's edge records, in link order, statements in display order."""
        edges: list[dict[str, Any]] = []
        for index, link in enumerate(sorted(self.latest)):
            u, v, relation, negated, family = link
            edges.append(
                {
                    "id": f"e{index}",
                    "from": u,
                    "to": v,
                    "relation": relation,
                    "family": family,
                    "negated": negated,
                    "statements": [record for _, _, record in sorted(self.latest[link])],
                    "count": self.counts[link],
                }
            )
        _spread_parallel_edges(edges)
        return edges


def _display_order(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The order of a link's statements in the panel: by date (event date, else publication date;
    undated first), document, sentence, IRI."""
    return (record["date"] or record["published"] or "", record["document"] or "", record["evidence"], record["id"])


def _statement(key: Any, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Return one statement's panel record, every value coerced to JSON-safe types."""
    confidence = attrs.get("confidence")
    try:
        confidence = float(confidence) if confidence is not None else None
    except (TypeError, ValueError):
        confidence = None
    if confidence is not None and not math.isfinite(confidence):
        confidence = None
    date, published = attrs.get("date"), attrs.get("published")
    return {
        "id": str(key),
        "evidence": _text(attrs.get("evidence")) or "",
        "document": _text(attrs.get("document")),
        "document_title": _text(attrs.get("document_title")),
        "date": str(date)[:10] if date else None,
        "published": str(published)[:10] if published else None,
        "attributed_to": _text(attrs.get("attributed_to")),
        "modality": _text(attrs.get("modality")),
        "rule": _text(attrs.get("rule")),
        "confidence": confidence,
        "char_start": _offset(attrs.get("char_start")),
        "char_end": _offset(attrs.get("char_end")),
    }


def _offset(value: Any) -> int | None:
    """Return a character offset as an int, or None when there is none."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _spread_parallel_edges(edges: list[dict[str, Any]]) -> None:
    """Give edges between the same two entities different curves so they do not overlap."""
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        by_pair[(min(edge["from"], edge["to"]), max(edge["from"], edge["to"]))].append(edge)
    for (first, _), parallel in by_pair.items():
        for i, edge in enumerate(parallel):
            if len(parallel) == 1:
                edge["smooth"] = {"enabled": True, "type": "continuous", "roundness": 0.2}
                continue
            clockwise = i % 2 == 0
            if edge["from"] != first:
                clockwise = not clockwise
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": round(0.12 + 0.18 * (i // 2), 2) if i else 0.0,
            }


def _text(value: Any) -> str | None:
    """Return ``value`` as a string, or None when it is missing or empty."""
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _alt_labels(values: Iterable[Any] | None, label: str) -> list[str]:
    """Return the other names, without duplicates or the canonical label, in input order."""
    seen = {label}
    result = []
    for value in values or []:
        text = _text(value)
        if text and text not in seen:
            seen.add(text)
            result.append(text)
    return result


def _web_link(value: Any) -> str | None:
    """Return ``value`` if it is an http(s) IRI (safe as an href), else None."""
    text = _text(value)
    return text if text and _WEB_LINK.match(text) and not any(c in text for c in " \"'<>\\") else None


def _script_json(payload: Any) -> str:
    """Serialize ``payload`` for a ``<script type="application/json">`` element, one record a line."""

    def dump(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")

    lists = [name for name in ("documents", "nodes", "edges") if name in payload]
    head = {k: v for k, v in payload.items() if k not in lists}
    if not lists:
        return dump(head)
    lines = [dump(head)[:-1] + ","]
    for n, name in enumerate(lists):
        records = payload[name]
        lines.append(f'"{name}":[')
        lines.extend(dump(r) + ("," if i < len(records) - 1 else "") for i, r in enumerate(records))
        lines.append("]," if n < len(lists) - 1 else "]")
    lines.append("}")
    return "\n".join(lines)


def _static(name: str) -> str:
    """Return the text of a bundled file in ``exports/static/``."""
    return files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _inline_safe(text: str, element: str) -> str:
    """Return ``text`` so that it cannot close the ``<script>``/``<style>`` element it is inlined in."""
    return re.sub(rf"</({element})", r"<\\/\1", text, flags=re.IGNORECASE)


def _write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` via a temporary file, so no half-written page is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise GeokgError(Errors.E301, path=path, reason=err.strerror or err) from err


def write_bundle(bundle: Bundle, path: Path) -> None:
    """The registry's entry point: the page of the bundle's documents (two passes over them), into `path`.

    From the documents rather than the networkx graph, even when the bundle has one: only they know
    the offsets of the evidence and the documents' sources and web addresses. Without the texts: a
    build's spool (graph/spool.py) keeps none, and its page must be the same bytes whichever way the
    build ran; ``geokg serve`` shows the evidence in its article.
    """
    page = render_documents(bundle.documents, title=bundle.title, texts=False)
    _write_atomically(Path(path), page.encode("utf-8"))
