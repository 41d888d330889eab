"""The database exports (JSON-LD, GraphML, Neo4j CSVs) read back by independent tools, count for count.

Strict parsers (rapper, oxigraph) and the SHACL shapes run over every RDF file in
test_rdf.py's RDF_FILES table; this module checks what is specific to each format.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from test_rdf import DATASET_FORMATS, RDF_FILES, _tree_bytes, rdflib_count

from geokg.exports import FORMATS, Bundle
from geokg.exports.jsonld import CONTEXT_IRI, load_context
from geokg.exports.neo4j import NODE_HEADER, RELATIONSHIP_HEADER, write_neo4j
from geokg.graph.assemble import PREFIXES, union
from geokg.ontology import load_ontology

HOSTILE = 'Er sagte: "Nein, niemals",\r\ndann "\nnichts\\" mehr; Ende,,'


@pytest.fixture(scope="module")
def bundle(sample: Path, nlp: Any) -> Bundle:
    """The sample liveblog as the exporters see it: Dataset, networkx graph, documents."""
    from geokg.extract.pipeline import document_body, extract_document
    from geokg.build import read_inputs
    from geokg.graph.assemble import assemble
    from geokg.graph.network import to_networkx

    documents = [extract_document(d, nlp, document_body(d)) for d in read_inputs([sample])]
    return Bundle(assemble(documents), to_networkx(documents), documents)


def _quads(ds: Dataset) -> set[tuple[Any, ...]]:
    """Quads with xsd:string literals as plain ones (the same in RDF 1.1, told apart by rdflib)."""
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o, URIRef(str(g.identifier if isinstance(g, Graph) else g))))
    return out


def _offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld document loader that serves the geokg context from the package and refuses the network."""
    from pyld import jsonld

    if url == CONTEXT_IRI:
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": load_context()}}
    raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError",
                             code="loading document failed")


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_interop_rdf_count_equals_dataset(demo_out: Path, bundle: Bundle, name: str) -> None:
    fmt = RDF_FILES[name]
    expected = (sum(1 for _ in bundle.dataset.quads((None, None, None, None))) if fmt in DATASET_FORMATS
                else len(union(bundle.dataset)))
    assert rdflib_count(demo_out / name, fmt) == expected


def test_interop_jsonld_embeds_the_published_context(demo_out: Path) -> None:
    document = json.loads((demo_out / "graph.jsonld").read_text("utf-8"))
    shipped = json.loads((Path(__file__).parents[2] / "ontology" / "context.jsonld").read_text("utf-8"))
    assert document["@context"] == shipped["@context"] == load_context()
    assert {named["@id"] for named in document["@graph"]} >= {"https://w3id.org/geokg/id/graph/background"}


def test_interop_jsonld_context_terms_exist() -> None:
    context = load_context()
    for prefix, ns in PREFIXES.items():
        assert context[prefix] == ns, prefix
    declared = {str(s) for s in load_ontology().subjects()}
    for term, definition in context.items():
        if isinstance(definition, dict):
            prefix, local = definition["@id"].split(":", 1)
            iri = context[prefix] + local
            assert prefix != "gkg" or iri in declared, f"{term} → {iri} is not in the ontology"


@pytest.mark.parametrize("context", ["inline", "by-iri"])
def test_interop_jsonld_pyld_gives_the_same_quads(demo_out: Path, context: str) -> None:
    from pyld import jsonld

    document = json.loads((demo_out / "graph.jsonld").read_text("utf-8"))
    if context == "by-iri":
        document["@context"] = CONTEXT_IRI
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _offline_loader})
    from_pyld = Dataset().parse(data=nquads, format="nquads")
    from_rdflib = Dataset().parse(demo_out / "graph.jsonld", format="json-ld")
    reference = Dataset().parse(demo_out / "graph.nq", format="nquads")
    assert _quads(from_pyld) == _quads(from_rdflib) == _quads(reference)


def test_interop_graphml_reads_back(demo_out: Path, bundle: Bundle) -> None:
    g = nx.read_graphml(demo_out / "graph.graphml", force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == bundle.network.number_of_nodes()
    assert g.number_of_edges() == bundle.network.number_of_edges()
    assert {k for *_, k in g.edges(keys=True)} == {k for *_, k in bundle.network.edges(keys=True)}
    for node, data in bundle.network.nodes(data=True):
        back = g.nodes[node]
        assert back["label"] == data["label"] and back["type"] == data["type"]
        assert back["alt_labels"] == "; ".join(data["alt_labels"])
        assert back["role"] == (data["role"] or "") and back["wikidata"] == (data["wikidata"] or "")
    u, v, key, data = next(iter(bundle.network.edges(keys=True, data=True)))
    back = g.edges[u, v, key]
    assert back["negated"] is data["negated"] and back["confidence"] == pytest.approx(data["confidence"])


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_interop_neo4j_headers_rows_and_ids(demo_out: Path, bundle: Bundle) -> None:
    nodes = _read_csv(demo_out / "neo4j" / "nodes.csv")
    rels = _read_csv(demo_out / "neo4j" / "relationships.csv")
    assert nodes[0] == ["id:ID", "label", ":LABEL", "altLabels:string[]", "wikidata", "role"] == list(NODE_HEADER)
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "statement", "negated:boolean", "modality", "evidence",
                       "document", "date:date", "attributedTo", "rule", "confidence:float",
                       "background:boolean"] == list(RELATIONSHIP_HEADER)
    statements = [row for row in rels[1:] if row[12] == "false"]
    background = [row for row in rels[1:] if row[12] == "true"]
    assert len(statements) == bundle.network.number_of_edges()
    assert len(nodes) - 1 >= bundle.network.number_of_nodes()
    ids = [row[0] for row in nodes[1:]]
    assert len(set(ids)) == len(ids)  # one row, so one label, per entity
    assert all(row[0] in ids and row[1] in ids for row in rels[1:])
    assert all(row[2].isupper() and row[4] in ("true", "false") and 0 <= float(row[11]) <= 1 for row in statements)
    assert all(row[7].startswith("https://w3id.org/geokg/id/document/") for row in statements)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[8]) for row in statements if row[8])
    assert {row[3] for row in statements} == {k for *_, k in bundle.network.edges(keys=True)}
    assert all(row[2].split(";")[0] == "Entity" for row in nodes[1:])
    odessa, ukraine = "https://w3id.org/geokg/id/odessa", "https://w3id.org/geokg/id/ukraine"
    assert [odessa, ukraine, "LOCATED_IN"] in [row[:3] for row in background]
    assert all(row[2] in ("LOCATED_IN", "STANDS_FOR") and row[3] == "" for row in background)


def test_interop_neo4j_an_entity_typed_twice_has_both_labels(tmp_path: Path) -> None:
    from geokg.extract.model import Document, EntityRef, Statement
    from geokg.graph.network import to_networkx

    as_person, as_org = EntityRef("Standard", "Person", "STANDARD"), EntityRef("Standard", "Organization")
    land = EntityRef("Nordland", "Country")
    statements = [Statement(as_person, "criticizes", land, "STANDARD kritisiert Nordland.", 0, 28, "verb:kritisieren",
                            document="d"),
                  Statement(as_org, "informs", land, "Der Standard informiert Nordland.", 29, 62, "verb:informieren",
                            document="d")]
    documents = [Document("d", "", "t", "d.txt", None, statements)]
    write_neo4j(Bundle(Dataset(), to_networkx(documents), documents), tmp_path / "neo4j")
    nodes = {row[0]: row for row in _read_csv(tmp_path / "neo4j" / "nodes.csv")[1:]}
    assert nodes["https://w3id.org/geokg/id/standard"][1:3] == ["Standard", "Entity;Person;Organization"]


def test_interop_graphml_keys_gephi_reads(demo_out: Path) -> None:
    """Named key ids (Gephi reads d3 and d7 as labels); the edge label is the relation; weight; statement IRI."""
    from xml.etree import ElementTree

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ElementTree.parse(demo_out / "graph.graphml").getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("id") for k in root.findall("g:key", ns)}
    assert keys[("node", "label")] == "label" and keys[("edge", "label")] == "edgelabel"
    assert keys[("edge", "weight")] == "weight" and keys[("edge", "statement")] == "statement"
    assert not [key for key in keys.values() if re.fullmatch(r"d\d+", key)]
    assert len(set(keys.values())) == len(keys)
    edge = root.find("g:graph/g:edge", ns)
    assert edge is not None
    data = {d.get("key"): d.text for d in edge.findall("g:data", ns)}
    assert data["edgelabel"] == data["relation"] and data["weight"] == "1.0"
    assert data["statement"] == edge.get("id") and edge.get("id", "").startswith("https://w3id.org/geokg/id/statement/")


def test_interop_neo4j_escapes_hostile_text(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    a, b = "https://w3id.org/geokg/id/a", "https://w3id.org/geokg/id/b"
    g.add_node(a, label='"Quote", Inc.', type="Organization", alt_labels=["x;y", "z"], wikidata=None, role=None)
    g.add_node(b, label="B\nline", type="Person", alt_labels=[], wikidata="http://www.wikidata.org/entity/Q1",
               role="Sprecher, \"neu\"")
    g.add_edge(a, b, key="https://w3id.org/geokg/id/statement/s1", relation="criticizes", negated=True,
               modality="Reported", evidence=HOSTILE, document="https://w3id.org/geokg/id/document/d",
               date="2025-09-04", attributed_to=None, rule="verb:kritisieren", confidence=0.7)
    write_neo4j(Bundle(Dataset(), g, []), tmp_path / "neo4j")
    raw = (tmp_path / "neo4j" / "relationships.csv").read_bytes()
    assert b'"Er sagte: ""Nein, niemals"",\r\ndann ""\nnichts\\"" mehr; Ende,,"' in raw
    nodes = _read_csv(tmp_path / "neo4j" / "nodes.csv")
    rels = _read_csv(tmp_path / "neo4j" / "relationships.csv")
    assert len(nodes) == 3 and len(rels) == 2
    assert nodes[1] == [a, '"Quote", Inc.', "Entity;Organization", "x,y;z", "", ""]
    assert nodes[2] == [b, "B\nline", "Entity;Person", "", "http://www.wikidata.org/entity/Q1", 'Sprecher, "neu"']
    assert rels[1] == [a, b, "CRITICIZES", "https://w3id.org/geokg/id/statement/s1", "true", "Reported", HOSTILE,
                       "https://w3id.org/geokg/id/document/d", "2025-09-04", "", "verb:kritisieren", "0.7", "false"]


def test_interop_export_replaces_a_folder_format(bundle: Bundle, tmp_path: Path) -> None:
    from geokg.exports import export

    (tmp_path / "neo4j").mkdir()
    (tmp_path / "neo4j" / "stale.csv").write_text("old", encoding="utf-8")
    written = export(bundle, ["neo4j", "graphml"], tmp_path)
    assert written == [tmp_path / "neo4j", tmp_path / "graph.graphml"]
    assert sorted(p.name for p in (tmp_path / "neo4j").iterdir()) == ["nodes.csv", "relationships.csv"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# graph.trig is left out: rdflib's TriG writer orders graphs and subjects by hash, so its
# bytes change with PYTHONHASHSEED (the same-process check in test_rdf.py still covers it).
FRESH_PROCESS_FORMATS = sorted(set(FORMATS) - {"trig"})


def test_interop_same_bytes_in_a_fresh_process(demo_out: Path, sample: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = ("import sys; from pathlib import Path; from geokg.build import build; "
            "build([Path(sys.argv[1])], Path(sys.argv[2]), sys.argv[3].split(','))")
    proc = subprocess.run([sys.executable, "-c", code, str(sample), str(tmp_path), ",".join(FRESH_PROCESS_FORMATS)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    differ = [name for name in FRESH_PROCESS_FORMATS
              if _tree_bytes(tmp_path / FORMATS[name].filename) != _tree_bytes(demo_out / FORMATS[name].filename)]
    assert differ == []
