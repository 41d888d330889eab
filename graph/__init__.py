"""Statements → an rdflib Dataset (one named graph per document, one for background) and a networkx graph.

`assemble` and `to_networkx` are imported when first asked for, so that the query path
(graph/engine.py), which needs neither rdflib nor networkx, starts fast.
"""
from __future__ import annotations

from typing import Any

__all__ = ["assemble", "to_networkx"]


def __getattr__(name: str) -> Any:
    """`assemble` and `to_networkx`, imported on first use."""
    if name == "assemble":
        from geokg.graph.assemble import assemble

        return assemble
    if name == "to_networkx":
        from geokg.graph.network import to_networkx

        return to_networkx
    raise AttributeError(f"module 'geokg.graph' has no attribute {name!r}")
