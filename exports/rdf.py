"""RDF exports: Turtle (the union of all graphs), TriG and N-Quads (named graphs kept), N-Triples."""
from __future__ import annotations

from pathlib import Path

from exports import Bundle
from graph.assemble import union


def write_turtle(bundle: Bundle, path: Path) -> None:
    """graph.ttl: every named graph, background included, merged into one Turtle file."""
    union(bundle.dataset).serialize(destination=str(path), format="turtle", encoding="utf-8")


def write_trig(bundle: Bundle, path: Path) -> None:
    """graph.trig: one named graph per document plus the background graph."""
    bundle.dataset.serialize(destination=str(path), format="trig", encoding="utf-8")


def write_ntriples(bundle: Bundle, path: Path) -> None:
    """graph.nt: the union as sorted N-Triples lines."""
    text = union(bundle.dataset).serialize(format="nt", encoding="utf-8")
    _write_sorted(text, path)


def write_nquads(bundle: Bundle, path: Path) -> None:
    """graph.nq: every quad, named graph included, as sorted N-Quads lines."""
    text = bundle.dataset.serialize(format="nquads", encoding="utf-8")
    _write_sorted(text, path)


def _write_sorted(data: bytes, path: Path) -> None:
    """Line-based formats sorted, so that the same graph gives the same bytes."""
    lines = sorted(set(line for line in data.decode("utf-8").splitlines() if line.strip()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
