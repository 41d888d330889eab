"""The analyst's workbench: ``graph.html``, one self-contained interactive explorer.

The page inlines vis-network 9.1.2 (JS and CSS, copied from pyvis into
``exports/static/``), the explorer script ``exports/static/explorer.js`` and
its stylesheet, and the graph itself as JSON in
``<script type="application/json" id="graph-data">`` (with ``<``, ``>`` and
``&`` escaped). It loads nothing from the network. Every string that comes
from a document (labels, evidence, titles) is set with ``textContent`` or as a
vis-network plain-text label, never as HTML.

Stable element ids
------------------
``title``                  the page heading
``stats``                  "N entities · M statements (K links) shown"
``notice``                 present only when the graph was cut to ``max_nodes``:
                           "Showing N of M entities …"
``fit``                    button: fit the whole graph into view
``search``                 search box (case-insensitive substring over label and
                           other names); Enter selects and focuses the best match
``search-results``         list of matches (``li[data-id]``), click to select
``legend``                 legend and type/family filters together
``filter-types``           container of the type checkboxes
``filter-type-<Type>``     checkbox per entity type (Person, Organization, Country,
                           Location, Concept)
``filter-families``        container of the family checkboxes
``filter-family-<family>`` checkbox per relation family (conflict, cooperation,
                           diplomacy, communication, static)
``filter-date-from``       ``<input type=date>``, lower bound on statement dates
``filter-date-to``         ``<input type=date>``, upper bound
``filter-undated``         checkbox: keep statements without a date (default on)
``filter-hide-negated``    checkbox: hide negated statements
``filter-hide-isolated``   checkbox: hide entities with no visible statement
``filter-reset``           button: reset all filters
``graph``                  the vis-network container (holds the canvas)
``panel``                  side panel; ``panel-title`` and ``panel-body`` inside it.
                           An edge's statements are ``li.statement[data-statement=IRI]``
                           with the sentence in ``.evidence``.

``window.geokg``
----------------
``network``, ``nodes``, ``edges``  the vis Network and its two DataSets. Every kept
    entity is one node (id = entity IRI); every (subject, relation, object,
    negated) group of statements is one edge (id ``e0``, ``e1`` …); filtered-out
    items stay in the DataSets with ``hidden: true``.
``drawnNodeIds()``, ``drawnEdgeIds()``  ids of the items currently drawn.
``data``                   the parsed ``graph-data`` JSON (nodes, edges with their
                           ``statements``, meta).
``ready``                  true once physics has settled and been switched off.
``onSelect(params)``       the click handler (``{nodes: [...], edges: [...]}``).
``selectNode(id, focus)``, ``selectEdge(id, focus)``, ``clearSelection()``,
``selection()``, ``search(text)`` → ranked hits, ``render()``, ``resetFilters()``.
"""
from __future__ import annotations

import copy
import html
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from geokg.errors import GeokgError
from graph.network import pagerank

if TYPE_CHECKING:
    from exports import Bundle

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
_LAYOUT_SEED = 20250904

#: vis-network options; physics runs only to stabilize, then the page turns it off.
_VIS_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "layout": {"randomSeed": _LAYOUT_SEED, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -80,
            "centralGravity": 0.01,
            "springLength": 140,
            "springConstant": 0.06,
            "avoidOverlap": 0.5,
        },
        "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 50, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": False, "navigationButtons": False},
    "nodes": {
        "borderWidth": 1.5,
        "font": {
            "size": 14,
            "face": "system-ui, Segoe UI, Roboto, Helvetica Neue, Arial, DejaVu Sans, sans-serif",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {
            "size": 11,
            "face": "system-ui, Segoe UI, Roboto, Helvetica Neue, Arial, DejaVu Sans, sans-serif",
            "align": "horizontal",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "selectionWidth": 2,
        # edge labels fade out once zoomed out below ~0.8; zoom in to read them
        "scaling": {"label": {"drawThreshold": 10}},
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.2},
    },
}

_MARKER = re.compile(r"\{\{GEOKG_([A-Z_]+)\}\}")
_WEB_LINK = re.compile(r"^https?://", re.IGNORECASE)


def write_html(graph: nx.MultiDiGraph, path: Path, *, title: str = "geokg", max_nodes: int = 400) -> None:
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
    path = Path(path)
    page = render_html(graph, title=title, max_nodes=max_nodes)
    _write_atomically(path, page.encode("utf-8"))


def render_html(graph: nx.MultiDiGraph, *, title: str = "geokg", max_nodes: int = 400) -> str:
    """Return the explorer page for ``graph`` as a string (same graph, same string)."""
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    payload = graph_payload(graph, max_nodes=max_nodes)
    meta = payload["meta"]
    notice = ""
    if meta["cut"]:
        notice = (
            '<div id="notice" role="status">'
            + html.escape(
                f"Showing {meta['shown_nodes']} of {meta['total_nodes']} entities: the "
                f"{meta['shown_nodes']} most important by PageRank. "
                f"{meta['total_statements'] - meta['shown_statements']} of {meta['total_statements']} "
                "statements involve the others and are not drawn."
            )
            + "</div>"
        )
    values = {
        "TITLE": html.escape(title),
        "NOTICE": notice,
        "DATA": _script_json(payload),
        "VIS_CSS": _inline_safe(_static("vis-network.css"), "style"),
        "VIS_JS": _inline_safe(_static("vis-network.min.js"), "script"),
        "APP_CSS": _inline_safe(_static("explorer.css"), "style"),
        "APP_JS": _inline_safe(_static("explorer.js"), "script"),
    }
    template = files(__package__).joinpath("templates", "graph.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def graph_payload(graph: nx.MultiDiGraph, *, max_nodes: int = 400) -> dict[str, Any]:
    """Return the JSON-ready data the page draws: kept nodes, grouped edges, styles and meta."""
    rank = pagerank(graph)
    ordered = sorted(graph.nodes, key=lambda n: (-round(rank[n], 12), str(n)))
    kept = set(ordered[:max_nodes])
    shown_ranks = [rank[n] for n in kept]
    low, high = (min(shown_ranks), max(shown_ranks)) if shown_ranks else (0.0, 0.0)

    nodes = []
    for node in sorted(kept, key=str):
        attrs = graph.nodes[node]
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

    groups: dict[tuple[str, str, str, bool, str], list[dict[str, Any]]] = defaultdict(list)
    total_statements = 0
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        total_statements += 1
        if u not in kept or v not in kept:
            continue
        relation = _text(attrs.get("relation")) or "related_to"
        family = _text(attrs.get("family")) or "static"
        groups[(str(u), str(v), relation, bool(attrs.get("negated")), family)].append(_statement(key, attrs))

    edges: list[dict[str, Any]] = []
    dates: list[str] = []
    for index, (group, statements) in enumerate(sorted(groups.items(), key=lambda item: item[0])):
        u, v, relation, negated, family = group
        statements.sort(key=lambda s: (s["date"] or "", s["document"] or "", s["evidence"], s["id"]))
        dates.extend(s["date"][:10] for s in statements if s["date"])
        edges.append(
            {
                "id": f"e{index}",
                "from": u,
                "to": v,
                "relation": relation,
                "family": family,
                "negated": negated,
                "statements": statements,
            }
        )
    _spread_parallel_edges(edges)

    return {
        "meta": {
            "total_nodes": graph.number_of_nodes(),
            "shown_nodes": len(nodes),
            "total_statements": total_statements,
            "shown_statements": sum(len(e["statements"]) for e in edges),
            "cut": len(nodes) < graph.number_of_nodes(),
        },
        "date_range": [min(dates), max(dates)] if dates else None,
        "styles": {
            "types": TYPE_STYLES,
            "families": FAMILY_STYLES,
            "fallback_type": _FALLBACK_TYPE,
            "fallback_family": _FALLBACK_FAMILY,
        },
        "options": _vis_options(len(nodes)),
        "nodes": nodes,
        "edges": edges,
    }


def _statement(key: Any, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Return one statement's panel record, every value coerced to JSON-safe types."""
    confidence = attrs.get("confidence")
    try:
        confidence = float(confidence) if confidence is not None else None
    except (TypeError, ValueError):
        confidence = None
    if confidence is not None and not math.isfinite(confidence):
        confidence = None
    date = attrs.get("date")
    return {
        "id": str(key),
        "evidence": _text(attrs.get("evidence")) or "",
        "document": _text(attrs.get("document")),
        "document_title": _text(attrs.get("document_title")),
        "date": str(date)[:10] if date else None,
        "attributed_to": _text(attrs.get("attributed_to")),
        "modality": _text(attrs.get("modality")),
        "rule": _text(attrs.get("rule")),
        "confidence": confidence,
    }


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


def _vis_options(node_count: int) -> dict[str, Any]:
    """Return the vis-network options; the improved (Kamada-Kawai) start layout only for small graphs."""
    options: dict[str, Any] = copy.deepcopy(_VIS_OPTIONS)
    options["layout"]["improvedLayout"] = node_count <= 100
    return options


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

    head = {k: v for k, v in payload.items() if k not in ("nodes", "edges")}
    lines = [dump(head)[:-1] + ","]
    for name in ("nodes", "edges"):
        records = payload[name]
        lines.append(f'"{name}":[')
        lines.extend(dump(r) + ("," if i < len(records) - 1 else "") for i, r in enumerate(records))
        lines.append("]," if name == "nodes" else "]")
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
        raise GeokgError("E004", f"cannot write {path}: {err.strerror or err}") from err


def write_bundle(bundle: "Bundle", path: Path) -> None:
    """The registry's entry point: draw the bundle's networkx graph into `path`."""
    write_html(bundle.network, path, title=bundle.title)
