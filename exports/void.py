"""void.ttl: the VoID description of the graph (graph/void.py), counted from the union as graph.ttl holds it."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from geokg.exports import Bundle
from geokg.exports.rdf import bundle_quads, parsed_lines
from geokg.graph import void


def write_void(bundle: Bundle, path: Path) -> None:
    """void.ttl: triples, entities, documents, statements per relation, date range, geokg version."""
    lines = (f"{t} .\n" for t in bundle_quads(bundle).triples())
    triples = (quad.triple for quad in parsed_lines(lines, ox.RdfFormat.N_TRIPLES))
    path.write_text(void.turtle(void.count(triples)), encoding="utf-8")
