"""Every RDF export of the demo graph is accepted by independent strict parsers and the SHACL shapes."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from geokg.ontology import load_ontology, load_shapes

RDF_FILES = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nt": "nt", "graph.nq": "nquads",
             "graph.jsonld": "json-ld"}
DATASET_FORMATS = ("trig", "nquads", "json-ld")
RAPPER_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "ntriples", "nquads": "nquads"}  # no JSON-LD parser
OXIGRAPH = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")


def rdflib_count(path: Path, fmt: str) -> int:
    """Triples (or quads) rdflib reads back from a file."""
    g: Graph = Dataset() if fmt in DATASET_FORMATS else Graph()
    g.parse(str(path), format=fmt)
    return sum(1 for _ in g.quads()) if isinstance(g, Dataset) else len(g)


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_rdf_rdflib_roundtrip_is_not_empty(demo_out: Path, name: str) -> None:
    assert rdflib_count(demo_out / name, RDF_FILES[name]) > 200


def test_rdf_ttl_is_union_of_trig(demo_out: Path) -> None:
    union = Graph().parse(demo_out / "graph.ttl", format="turtle")
    ds = Dataset().parse(demo_out / "graph.trig", format="trig")
    merged = Graph()
    for s, p, o, _ in ds.quads():
        merged.add((s, p, o))
    assert set(union) == set(merged)
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert "https://w3id.org/geokg/id/graph/background" in graphs
    assert len(graphs) >= 2


@pytest.mark.tools
@pytest.mark.parametrize("name", sorted(n for n, f in RDF_FILES.items() if f in RAPPER_SYNTAX))
def test_rdf_raptor_accepts(demo_out: Path, name: str) -> None:
    if not shutil.which("rapper"):
        pytest.skip("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
    syntax = RAPPER_SYNTAX[RDF_FILES[name]]
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(demo_out / name)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count = int(proc.stderr.split("returned")[1].split()[0])
    assert count == rdflib_count(demo_out / name, RDF_FILES[name])


@pytest.mark.tools
@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_rdf_oxigraph_accepts(demo_out: Path, name: str, tmp_path: Path) -> None:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI oxigraph) is not installed")
    store = tmp_path / "store"
    load = subprocess.run([OXIGRAPH, "load", "--location", str(store), "--file", str(demo_out / name)],
                          capture_output=True, text=True, timeout=300)
    assert load.returncode == 0, load.stderr
    query = subprocess.run([OXIGRAPH, "query", "--location", str(store), "--results-format", "csv",
                            "--query", "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"],
                           capture_output=True, text=True, timeout=120)
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.split()[-1]) == rdflib_count(demo_out / name, RDF_FILES[name])


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_rdf_conforms_to_shapes(demo_out: Path, name: str) -> None:
    import pyshacl

    fmt = RDF_FILES[name]
    data: Graph = Dataset() if fmt in DATASET_FORMATS else Graph()
    data.parse(demo_out / name, format=fmt)
    conforms, _, report = pyshacl.validate(data, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                           inference="none", allow_warnings=True)
    assert conforms, report


def test_rdf_same_input_same_bytes(demo_out: Path, sample: Path, tmp_path: Path) -> None:
    from geokg.exports import FORMATS
    from geokg.build import build

    build([sample], tmp_path, list(FORMATS))
    for fmt in FORMATS.values():
        assert _tree_bytes(tmp_path / fmt.filename) == _tree_bytes(demo_out / fmt.filename), fmt.name


def _tree_bytes(path: Path) -> dict[str, bytes]:
    """A file's bytes, or every file's bytes under a folder format (neo4j/), by relative path."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return {str(f.relative_to(path)): f.read_bytes() for f in files if f.is_file()}
