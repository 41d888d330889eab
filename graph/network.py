"""The same statements as a networkx MultiDiGraph: entities as nodes, statements as keyed edges."""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from extract.model import Document, EntityRef
from graph.ids import document_iri, entity_iri, statement_iri
from ontology import relations


def _add_node(g: nx.MultiDiGraph, ref: EntityRef) -> str:
    node = str(entity_iri(ref))
    if node not in g:
        g.add_node(node, label=ref.name, type=ref.type, alt_labels=[], wikidata=ref.wikidata, role=None)
    data = g.nodes[node]
    if ref.surface and ref.surface != ref.name and ref.surface not in data["alt_labels"]:
        data["alt_labels"].append(ref.surface)
    if ref.role and not data["role"]:
        data["role"] = ref.role
    return node


def to_networkx(documents: Iterable[Document]) -> nx.MultiDiGraph:
    """Nodes carry label, type, alt_labels, wikidata, role; edges (keyed by statement IRI) the statement."""
    families = {name: r.family for name, r in relations().items()}
    g = nx.MultiDiGraph()
    for document in documents:
        for st in document.statements:
            s, o = _add_node(g, st.subject), _add_node(g, st.object)
            g.add_edge(s, o, key=str(statement_iri(st)), relation=st.relation,
                       family=families.get(st.relation, "other"), negated=st.negated,
                       modality=st.modality, evidence=st.evidence,
                       document=str(document_iri(document.id)), document_title=document.title,
                       date=(st.event_date or document.issued.date()).isoformat(),
                       attributed_to=st.attributed_to.name if st.attributed_to else None,
                       rule=st.rule, confidence=st.confidence)
    for data in g.nodes.values():
        data["alt_labels"].sort()
    return g
