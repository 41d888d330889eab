"""geokg's namespaces and graph names as plain strings, for the code that must start without rdflib.

The query path (graph/engine.py, graph/guard.py) runs in a fresh process for every query; these
are all it needs of the vocabulary. graph/assemble.py binds the same prefixes on every graph it
makes, and a test checks them against rdflib's namespaces and ontology/namespace.py.

>>> PREFIXES["gkg"], BACKGROUND
('https://w3id.org/geokg/ontology#', 'https://w3id.org/geokg/id/graph/background')
"""
from __future__ import annotations

GKG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"

#: The prefixes geokg writes its files with and declares for the queries it runs.
PREFIXES: dict[str, str] = {
    "gkg": GKG, "id": ID, "stmt": f"{ID}statement/", "doc": f"{ID}document/", "concept": f"{ID}concept/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
}

#: Named graphs: every document's under GRAPHS, the background knowledge, a store's bookkeeping.
GRAPHS = f"{ID}graph/"
BACKGROUND = f"{GRAPHS}background"
RECORDS = f"{GRAPHS}store"
