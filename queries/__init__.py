"""The query library: one SPARQL file per analyst question (see graph.library and docs/queries.md)."""
