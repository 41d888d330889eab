"""graph.graphml: the networkx graph for Gephi, yEd or Cytoscape, with scalar attributes only."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from geokg.exports import Bundle

LIST_SEPARATOR = "; "


def write_graphml(bundle: Bundle, path: Path) -> None:
    """graph.graphml: entities as nodes, statements as edges (edge id = statement IRI), sorted."""
    nx.write_graphml(scalar_graph(bundle.entity_graph()), str(path), encoding="utf-8", prettyprint=True)


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy in sorted order whose attributes GraphML can hold: lists joined with "; ", None as "".

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("b", alt_labels=["y", "x"], role=None)
    >>> dict(scalar_graph(g).nodes["b"])
    {'alt_labels': 'y; x', 'role': ''}
    """
    out = nx.MultiDiGraph()
    out.graph.update(_scalars(graph.graph))
    for node in sorted(graph.nodes, key=str):
        out.add_node(node, **_scalars(graph.nodes[node]))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        out.add_edge(u, v, key=key, **_scalars(data))
    return out


def _scalars(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes in name order; lists and tuples joined, None → "", other non-scalars as text."""
    return {name: _scalar(value) for name, value in sorted(attrs.items())}


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(item) for item in items)
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)
