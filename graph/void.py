"""A dataset description in VoID (https://www.w3.org/TR/void/): what a graph holds, in numbers, for catalogues.

A build writes it as ``void.ttl`` beside the graph files; a store keeps it in its bookkeeping
graph, renewed after each build; `geokg stats` prints it. It says of the union of the graphs
(what graph.ttl holds):

- ``void:triples``, ``void:entities`` (entities of the five core classes), ``void:documents``;
- ``void:classPartition`` per class (``void:class``, ``void:entities``), gkg:Statement and
  gkg:Document included;
- ``void:subset`` per relation: the statements of that relation (``dcterms:subject`` the relation,
  ``void:entities`` how many);
- ``dcterms:temporal``: the range of the dates it holds (event dates and document dates), as a
  DCMI Period (``start=…; end=…;``);
- ``prov:wasAttributedTo`` the geokg version that made it; ``dcterms:license`` of the source
  texts where the documents say so (``dcterms:license`` on a gkg:Document).

No clock is read: the same graph gives the same description, byte for byte.

>>> import pyoxigraph as ox
>>> t = [ox.Triple(ox.NamedNode(ID + "a"), ox.NamedNode(RDF_TYPE), ox.NamedNode(GKG + "Country"))]
>>> c = count(t)
>>> (c.triples, c.entities, c.classes["Country"])
(1, 1, 1)
>>> read(parse(turtle(c))).entities
1
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pyoxigraph as ox

from geokg.graph.names import GKG, ID, PREFIXES

VOID = "http://rdfs.org/ns/void#"
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDF_PREDICATE = PREFIXES["rdf"] + "predicate"
DATASET = f"{ID}dataset"
CLASSES = ("Person", "Organization", "Country", "Location", "Concept")
DATES = (f"{GKG}eventDate", f"{DCTERMS}issued")
#: The subjects a description is made of (the dataset, its partitions, the software), for replacing it.
SUBJECTS = (DATASET, f"{ID}software/")


@dataclass
class Counts:
    """The numbers of a VoID description."""

    triples: int = 0
    entities: int = 0
    documents: int = 0
    statements: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    version: str = ""
    licenses: set[str] = field(default_factory=set)


def version() -> str:
    """The installed geokg's version."""
    try:
        return metadata.version("geokg")
    except metadata.PackageNotFoundError:
        return "unknown"


def count(triples: Iterable[ox.Triple]) -> Counts:
    """The counts of a graph given as its triples, each once (the union, as graph.ttl holds it)."""
    counts = Counts(version=version())
    typed: dict[str, set[str]] = {}
    for t in triples:
        counts.triples += 1
        p, o = t.predicate.value, t.object
        if p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(GKG):
            typed.setdefault(o.value[len(GKG):], set()).add(_value(t.subject))
        elif p == RDF_PREDICATE and isinstance(o, ox.NamedNode) and o.value.startswith(GKG):
            counts.relations[o.value[len(GKG):]] += 1
        elif p in DATES and isinstance(o, ox.Literal):
            day = o.value[:10]
            counts.first = min(counts.first or day, day)
            counts.last = max(counts.last or day, day)
        elif p == f"{DCTERMS}license":
            counts.licenses.add(_value(o))
    for name, members in typed.items():
        counts.classes[name] = len(members)
    counts.entities = len(set().union(*(typed.get(c, set()) for c in CLASSES)))
    counts.documents = counts.classes["Document"]
    counts.statements = counts.classes["Statement"]
    return counts


def turtle(counts: Counts) -> str:
    """The VoID description of the counts as Turtle, sorted (the same counts give the same bytes)."""
    data = ox.serialize(description(counts), format=ox.RdfFormat.TURTLE,
                        prefixes={"void": VOID, "gkg": GKG, "id": ID, "dataset": f"{DATASET}/", "dcterms": DCTERMS,
                                  "xsd": XSD,
                                  "prov": PREFIXES["prov"], "rdfs": PREFIXES["rdfs"]})
    return (data or b"").decode("utf-8")


def description(counts: Counts) -> list[ox.Triple]:
    """The VoID triples of the counts."""
    dataset = ox.NamedNode(DATASET)
    triples: list[tuple[Any, Any, Any]] = [(dataset, RDF_TYPE, ox.NamedNode(f"{VOID}Dataset")),
               (dataset, f"{DCTERMS}title", ox.Literal("geokg knowledge graph", language="en")),
               (dataset, f"{VOID}uriSpace", ox.Literal(ID)),
               (dataset, f"{VOID}vocabulary", ox.NamedNode(GKG)),
               (dataset, f"{VOID}triples", _integer(counts.triples)),
               (dataset, f"{VOID}entities", _integer(counts.entities)),
               (dataset, f"{VOID}documents", _integer(counts.documents))]
    for name, n in sorted(counts.classes.items()):
        part = ox.NamedNode(f"{DATASET}/class-{name}")
        triples += [(dataset, f"{VOID}classPartition", part), (part, f"{VOID}class", ox.NamedNode(GKG + name)),
                    (part, f"{VOID}entities", _integer(n))]
    for name, n in sorted(counts.relations.items()):
        part = ox.NamedNode(f"{DATASET}/statements-{name}")
        triples += [(dataset, f"{VOID}subset", part), (part, RDF_TYPE, ox.NamedNode(f"{VOID}Dataset")),
                    (part, f"{DCTERMS}subject", ox.NamedNode(GKG + name)), (part, f"{VOID}entities", _integer(n))]
    if counts.first and counts.last:
        period = f"start={counts.first}; end={counts.last};"
        triples.append((dataset, f"{DCTERMS}temporal", ox.Literal(period, datatype=ox.NamedNode(f"{DCTERMS}Period"))))
    agent = ox.NamedNode(f"{ID}software/geokg-{counts.version}")
    triples += [(dataset, f"{PREFIXES['prov']}wasAttributedTo", agent),
                (agent, RDF_TYPE, ox.NamedNode(f"{PREFIXES['prov']}SoftwareAgent")),
                (agent, f"{PREFIXES['rdfs']}label", ox.Literal(f"geokg {counts.version}"))]
    triples += [(dataset, f"{DCTERMS}license", _node(value)) for value in sorted(counts.licenses)]
    return sorted((ox.Triple(s, p if isinstance(p, ox.NamedNode) else ox.NamedNode(p), o) for s, p, o in triples),
                  key=str)


def parse(text: str) -> list[ox.Triple]:
    """The triples of a VoID description in Turtle."""
    return [quad.triple for quad in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def read(triples: Iterable[ox.Triple]) -> Counts:
    """The counts a VoID description (as `description` writes it) states."""
    counts = Counts()
    values: dict[tuple[str, str], list[Any]] = {}
    for t in triples:
        values.setdefault((_value(t.subject), t.predicate.value), []).append(t.object)

    def one(subject: str, predicate: str) -> Any:
        found = values.get((subject, predicate))
        return found[0] if found else None

    def number(subject: str, predicate: str) -> int:
        found = one(subject, predicate)
        return int(found.value) if found is not None else 0

    counts.triples, counts.entities = number(DATASET, f"{VOID}triples"), number(DATASET, f"{VOID}entities")
    counts.documents = number(DATASET, f"{VOID}documents")
    for part in values.get((DATASET, f"{VOID}classPartition"), []):
        cls = one(part.value, f"{VOID}class")
        if cls is not None:
            counts.classes[cls.value.removeprefix(GKG)] = number(part.value, f"{VOID}entities")
    for part in values.get((DATASET, f"{VOID}subset"), []):
        relation = one(part.value, f"{DCTERMS}subject")
        if relation is not None:
            counts.relations[relation.value.removeprefix(GKG)] = number(part.value, f"{VOID}entities")
    counts.statements = counts.classes["Statement"]
    period = one(DATASET, f"{DCTERMS}temporal")
    if period is not None:
        fields = dict(part.strip().split("=", 1) for part in period.value.split(";") if "=" in part)
        counts.first, counts.last = fields.get("start"), fields.get("end")
    agent = one(DATASET, f"{PREFIXES['prov']}wasAttributedTo")
    label = one(agent.value, f"{PREFIXES['rdfs']}label") if agent is not None else None
    counts.version = label.value.removeprefix("geokg ") if label is not None else ""
    counts.licenses = {v.value for v in values.get((DATASET, f"{DCTERMS}license"), [])}
    return counts


def _value(term: Any) -> str:
    """The IRI, blank node id or lexical form of a term."""
    return str(getattr(term, "value", term))


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(f"{XSD}integer"))


def _node(value: str) -> ox.NamedNode | ox.Literal:
    """A licence: its IRI where it is one, else its name."""
    return ox.NamedNode(value) if value.startswith(("http://", "https://")) else ox.Literal(value)
