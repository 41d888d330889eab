"""Statements → an rdflib Dataset (graph.assemble: one named graph per document, one for background),
a networkx graph (graph.network), a store (graph.store), and SPARQL (graph.engine, graph.guard).

The package imports nothing itself, so that the query path (graph/engine.py), which needs
neither rdflib nor networkx, starts fast: import the stage you need,
``from geokg.graph.assemble import assemble``.
"""
