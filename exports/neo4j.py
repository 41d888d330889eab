"""neo4j/: nodes.csv and relationships.csv in the header format of `neo4j-admin database import full`.

Entities become nodes labelled ``Entity`` plus every class the texts gave them (one named a
Person here and an Organization there carries both labels), with one ``label``: its name.
Every statement becomes one relationship (type = the relation in upper case, ``attacks`` →
``ATTACKS``) that carries its document, since a property graph has no named graphs, and its
event date as a Neo4j ``date``. What the background graph knows of the entities named — a place
lies in a country (``LOCATED_IN``), a capital stands for it (``STANDS_FOR``) — comes as
relationships too, marked ``background: true``, with the nodes they reach. Fields follow RFC 4180
(quotes doubled, CRLF rows), arrays are separated by ``;`` (the importer's default), and an empty
field means "no property". Evidence may span lines: import with ``--multiline-fields=true``.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from geokg.exports import Bundle
from geokg.extract.model import EntityRef
from geokg.graph.ids import entity_iri
from geokg.graph.network import background_links

NODE_HEADER = ("id:ID", "label", ":LABEL", "altLabels:string[]", "wikidata", "role")
RELATIONSHIP_HEADER = (":START_ID", ":END_ID", ":TYPE", "statement", "negated:boolean", "modality",
                       "evidence", "document", "date:date", "attributedTo", "rule", "confidence:float",
                       "background:boolean")
ARRAY_DELIMITER = ";"
NODE_LABEL = "Entity"


def write_neo4j(bundle: Bundle, path: Path) -> None:
    """neo4j/: the folder with nodes.csv and relationships.csv (sorted rows, same graph → same bytes)."""
    path.mkdir(parents=True, exist_ok=True)
    graph = with_background(bundle.entity_graph(), background_links(bundle.documents))
    _write_csv(path / "nodes.csv", NODE_HEADER, node_rows(graph))
    _write_csv(path / "relationships.csv", RELATIONSHIP_HEADER, relationship_rows(graph))


def with_background(graph: nx.MultiDiGraph, links: Iterable[tuple[EntityRef, str, EntityRef]]) -> nx.MultiDiGraph:
    """A copy of the entity graph with the background's links as edges (``background`` true) and the nodes they reach.

    >>> odessa, ukraine = EntityRef("Odessa", "Location", key="place:UA:Odessa"), EntityRef("Ukraine", "Country")
    >>> g = with_background(nx.MultiDiGraph(), [(odessa, "located_in", ukraine)])
    >>> [(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1], d["relation"]) for u, v, d in g.edges(data=True)]
    [('odessa', 'ukraine', 'located_in')]
    """
    out = graph.copy()
    for subject, relation, obj in links:
        ends = []
        for ref in (subject, obj):
            node = str(entity_iri(ref))
            if node not in out:
                out.add_node(node, label=ref.name, type=ref.type, types=[ref.type], alt_labels=[],
                             wikidata=ref.wikidata, role=None)
            ends.append(node)
        out.add_edge(ends[0], ends[1], key=f"background:{relation}:{ends[0]}:{ends[1]}", relation=relation,
                     background=True)
    return out


def node_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    """One row per entity, sorted by IRI, in the order of NODE_HEADER.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("https://w3id.org/geokg/id/nato", label="NATO", type="Organization", types=["Organization"],
    ...            alt_labels=["Allianz"], wikidata=None, role=None)
    >>> next(node_rows(g))
    ['https://w3id.org/geokg/id/nato', 'NATO', 'Entity;Organization', 'Allianz', '', '']
    """
    for node in sorted(graph.nodes, key=str):
        data: Mapping[str, Any] = graph.nodes[node]
        classes = data.get("types") or [data["type"]] * bool(data.get("type"))
        labels = [NODE_LABEL, *dict.fromkeys(str(c) for c in classes)]
        yield [str(node), _text(data.get("label")), ARRAY_DELIMITER.join(labels),
               _array(data.get("alt_labels") or ()), _text(data.get("wikidata")), _text(data.get("role"))]


def relationship_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    """One row per statement (edge), sorted by start, end and statement IRI, in the order of RELATIONSHIP_HEADER."""
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for start, end, key, data in edges:
        background = bool(data.get("background"))
        yield [str(start), str(end), relationship_type(str(data["relation"])), "" if background else str(key),
               "" if background else "true" if data.get("negated") else "false", _text(data.get("modality")),
               _text(data.get("evidence")), _text(data.get("document")), _text(data.get("date")),
               _text(data.get("attributed_to")), _text(data.get("rule")), _number(data.get("confidence")),
               "true" if background else "false"]


def relationship_type(relation: str) -> str:
    """Neo4j's convention for relationship types: upper snake case.

    >>> relationship_type("agrees_on")
    'AGREES_ON'
    """
    return relation.upper()


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    """RFC 4180: comma-separated, quotes doubled, fields with a comma, quote, CR or LF quoted, CRLF rows."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=",", quotechar='"', doublequote=True,
                            quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(value: Any) -> str:
    return "" if value is None else repr(float(value))


def _array(values: Iterable[Any]) -> str:
    """Array items joined with ";" (which has no escape in the importer, so it becomes "," inside an item)."""
    return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, ",") for v in values)
