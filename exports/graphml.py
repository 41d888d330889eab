"""graph.graphml: the networkx graph for Gephi, yEd or Cytoscape, with scalar attributes only.

Every key is named after its attribute (``label``, ``type``, ``weight``), never ``d0``, ``d1``, …:
Gephi matches a key by its id before its name, and takes ``d3`` and ``d7`` for yEd's node and edge
label, so numbered keys showed a node's type and an edge's date as labels. A node's ``label`` is its
name; an edge's ``label`` is its relation (key id ``edgelabel``, since ids are unique across node and
edge keys, which Gephi also reads as the edge label), its ``weight`` 1.0 (Gephi adds the weights of
the edges it merges: the number of statements), its id and ``statement`` the statement's IRI.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from geokg.exports import Bundle

LIST_SEPARATOR = "; "


class NamedKeyWriter(GraphMLWriter):
    """networkx's GraphML writer with key ids named after their attributes, ``edge`` before an edge key's
    name where a node key has that name already.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A")
    >>> g.add_edge("a", "a", key="s1", label="attacks", weight=1.0)
    's1'
    >>> writer = NamedKeyWriter(g)
    >>> sorted(writer.keys.values())
    ['edgelabel', 'label', 'weight']
    """

    def __init__(self, graph: nx.Graph | None = None, **options: Any) -> None:
        super().__init__(graph, named_key_ids=True, **options)

    def get_key(self, name: str, attr_type: str, scope: str, default: Any) -> str:
        """The id of the key of an attribute (made on first use): its name, or ``edge``+name on a clash."""
        if (name, attr_type, scope) not in self.keys and scope == "edge" and name in self.keys.values():
            new_id = f"edge{name}"
            self.keys[(name, attr_type, scope)] = new_id
            element = self.myElement("key", **{"id": new_id, "for": scope, "attr.name": name, "attr.type": attr_type})
            self.xml.insert(0, element)
            return new_id
        key: str = super().get_key(name, attr_type, scope, default)
        return key


def write_graphml(bundle: Bundle, path: Path) -> None:
    """graph.graphml: entities as nodes, statements as edges (edge id = statement IRI), sorted."""
    writer = NamedKeyWriter(gephi_graph(bundle.entity_graph()), encoding="utf-8", prettyprint=True)
    with path.open("wb") as fh:
        writer.dump(fh)


def gephi_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`scalar_graph` with the attributes graph tools look for: an edge's label, weight and statement IRI.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="https://w3id.org/geokg/id/statement/1", relation="attacks")
    'https://w3id.org/geokg/id/statement/1'
    >>> dict(gephi_graph(g).edges["a", "b", "https://w3id.org/geokg/id/statement/1"])["label"]
    'attacks'
    """
    out = scalar_graph(graph)
    for _, _, key, data in out.edges(keys=True, data=True):
        data.update(label=data.get("relation", ""), weight=1.0, statement=str(key))
    return out


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
