"""graph.jsonld: the named graphs as JSON-LD, compacted with geokg's @context (embedded, so it works offline).

The context is the one published as ``ontology/context.jsonld`` (meant for
``https://w3id.org/geokg/context.jsonld``). It is embedded rather than referenced
by IRI, so that no JSON-LD processor has to fetch anything to read the file;
docs/databases.md explains the choice.
"""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from geokg.exports import Bundle

CONTEXT_IRI = "https://w3id.org/geokg/context.jsonld"


def load_context() -> dict[str, Any]:
    """The geokg JSON-LD context (the value of "@context" in ontology/context.jsonld).

    >>> load_context()["gkg"]
    'https://w3id.org/geokg/ontology#'
    """
    text = files("geokg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def write_jsonld(bundle: Bundle, path: Path) -> None:
    """graph.jsonld: every named graph (background included) with the inline geokg context, sorted."""
    context = load_context()
    text = bundle.dataset.serialize(format="json-ld", context=context, encoding="utf-8")
    document = canonical_order(json.loads(text))
    document["@context"] = context
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")


def canonical_order(node: Any) -> Any:
    """JSON-LD with every unordered array sorted (by @id, then content), so the same graph gives the same bytes.

    >>> canonical_order({"@graph": [{"@id": "b"}, {"@id": "a", "label": ["y", "x"]}]})
    {'@graph': [{'@id': 'a', 'label': ['x', 'y']}, {'@id': 'b'}]}
    """
    if isinstance(node, dict):
        return {key: value if key in ("@list", "@context") else canonical_order(value)
                for key, value in node.items()}
    if isinstance(node, list):
        items = [canonical_order(item) for item in node]
        return sorted(items, key=_sort_key)
    return node


def _sort_key(item: Any) -> tuple[str, str]:
    """Nodes by their @id, anything else (and ties) by its JSON text."""
    ident = item.get("@id", "") if isinstance(item, dict) else ""
    return str(ident), json.dumps(item, ensure_ascii=False, sort_keys=True)
