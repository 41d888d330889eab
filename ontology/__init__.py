"""The geokg ontology and SHACL shapes, shipped as package data, and the relation catalogue."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from geokg.ontology.namespace import GKG, ID

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover
    from importlib.abc import Traversable

__all__ = [
    "GKG",
    "ID",
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "Relation",
    "load_ontology",
    "load_shapes",
    "relations",
]

ONTOLOGY_PATH: Traversable = files(__name__) / "geokg.ttl"
SHAPES_PATH: Traversable = files(__name__) / "shapes.ttl"

_RELATIONS_QUERY = """
SELECT ?p ?label_en ?label_de ?definition ?plover ?cameo ?family ?symmetric
WHERE {
    ?p a owl:ObjectProperty ;
       gkg:family/skos:notation ?family ;
       rdfs:label ?label_en , ?label_de ;
       skos:definition ?definition .
    FILTER (lang(?label_en) = "en" && lang(?label_de) = "de" && lang(?definition) = "en")
    OPTIONAL { ?p gkg:plover ?plover }
    OPTIONAL { ?p gkg:cameo ?cameo }
    BIND (EXISTS { ?p a owl:SymmetricProperty } AS ?symmetric)
}
ORDER BY ?p
"""


@dataclass(frozen=True)
class Relation:
    """One relation of the catalogue (SPEC section 3), as declared in geokg.ttl."""

    name: str
    label_en: str
    label_de: str
    definition: str
    plover: str | None
    cameo: str | None
    family: str
    symmetric: bool

    @property
    def iri(self) -> URIRef:
        """The relation's IRI, e.g. gkg:rejects."""
        iri: URIRef = getattr(GKG, self.name)
        return iri


def _parse(path: Traversable) -> Graph:
    """Parse a Turtle file shipped with the package into a new graph."""
    return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")


def load_ontology() -> Graph:
    """Return a new graph holding the geokg ontology.

    >>> from rdflib.namespace import OWL, RDF
    >>> (GKG.meets, RDF.type, OWL.SymmetricProperty) in load_ontology()
    True
    """
    return _parse(ONTOLOGY_PATH)


def load_shapes() -> Graph:
    """Return a new graph holding the SHACL shapes that exports must conform to."""
    return _parse(SHAPES_PATH)


def _optional_str(node: object) -> str | None:
    """Return the lexical form of a bound literal, or None when unbound."""
    value = getattr(node, "value", None)
    return value if isinstance(value, str) else None


@lru_cache(maxsize=1)
def _relation_table() -> tuple[Relation, ...]:
    """Parse the relation catalogue from geokg.ttl once, sorted by name (pyoxigraph answers the query
    in milliseconds; rdflib's SPARQL took a quarter of a second of every build's export)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(ONTOLOGY_PATH.read_bytes(), format=ox.RdfFormat.TURTLE)
    prefixes = {"gkg": str(GKG), "owl": str(OWL), "rdfs": str(RDFS), "skos": str(SKOS)}
    query = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes.items()) + _RELATIONS_QUERY
    prefix = str(GKG)
    table = []
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    for row in solutions:
        iri = row["p"].value
        if not iri.startswith(prefix):
            continue
        table.append(
            Relation(
                name=iri[len(prefix) :],
                label_en=row["label_en"].value,
                label_de=row["label_de"].value,
                definition=row["definition"].value,
                plover=_optional_str(row["plover"]),
                cameo=_optional_str(row["cameo"]),
                family=row["family"].value,
                symmetric=row["symmetric"].value == "true",
            )
        )
    return tuple(table)


def relations() -> dict[str, Relation]:
    """Return the relation catalogue by name, parsed from geokg.ttl (cached).

    >>> r = relations()["provides_aid"]
    >>> (r.label_de, r.plover, r.cameo, r.family, r.symmetric)
    ('leistet Hilfe für', 'AID', '07', 'cooperation', False)
    """
    return {relation.name: relation for relation in _relation_table()}
