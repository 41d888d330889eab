"""Statements → an rdflib Dataset (one named graph per document, one for background) and a networkx graph."""
from geokg.graph.assemble import assemble
from geokg.graph.network import to_networkx

__all__ = ["assemble", "to_networkx"]
