"""What a query may do: read the dataset it is given, and nothing else.

geokg runs SPARQL that a user types, library files that others share and values passed with
``--param``. SPARQL can do more than read: ``SERVICE <url>`` makes the engine send part of the
query (and with it the graph's data) to another server, ``FROM <url>`` makes some engines fetch a
graph, and updates change or load data. Before any query runs, :func:`check` reads it token by
token, as a SPARQL parser does (strings, IRIs and comments are skipped, so a name or a sentence
that holds "Service" is no keyword), and refuses, with one line naming what it found:

- ``SERVICE`` — unless the user allows federation (``--allow-service``);
- updates: ``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, ``WITH`` — geokg only reads;
- ``FROM`` / ``FROM NAMED`` with an IRI that is not one of geokg's graphs
  (``https://w3id.org/geokg/id/graph/…``): a dataset's graphs are all there is, nothing is fetched.

Some engines decode ``\\uXXXX`` escapes in the whole query before they parse it (SPARQL 1.1
§19.2; Oxigraph does it inside strings and IRIs only): the query is checked both as written and
so decoded, so that neither reading hides a keyword.

>>> check("SELECT ?s WHERE { ?s rdfs:label 'Secret Service' } # no SERVICE here")
>>> check("SELECT * FROM <https://w3id.org/geokg/id/graph/background> WHERE { ?s ?p ?o }")
>>> check("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
geokg.errors.GeokgError: [E414] query refused: SERVICE <http://example.org/sparql> would send part of the query to another server (--allow-service permits federation)
>>> check("SELECT * WHERE { \\\\u0053ERVICE <http://example.org/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
geokg.errors.GeokgError: [E414] query refused: SERVICE <http://example.org/> would send part of the query to another server (--allow-service permits federation)
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from geokg.errors import Errors, GeokgError
from geokg.graph.names import GRAPHS


#: Words that only a SPARQL Update uses.
UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              |'(?:[^'\\\n\r]|\\.)*'?|"(?:[^"\\\n\r]|\\.)*"?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.\\-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    """One token of a query: its kind (a group of `_TOKEN`) and its text."""

    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query, spaces and comments left out.

    >>> [t.text for t in tokens('SELECT ?x { ?x ex:service "SERVICE" } # SERVICE')]
    ['SELECT', '?x', '{', '?x', 'ex:service', '"SERVICE"', '}']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


def decoded(text: str) -> str:
    r"""The query with every ``\uXXXX`` and ``\UXXXXXXXX`` escape decoded, as SPARQL 1.1 §19.2 reads it.

    >>> decoded(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(char, text)


def check(text: str, allow_service: bool = False, prefixes: Mapping[str, str] | None = None) -> None:
    """Refuse (a GeokgError) a query that could reach beyond its dataset: SERVICE, an update, a foreign FROM.

    `prefixes` are the ones declared for the query besides its own PREFIX lines (a FROM may use them).
    """
    for reading in dict.fromkeys((text, decoded(text))):
        _check_tokens(list(tokens(reading)), allow_service, dict(prefixes or {}))


def _check_tokens(found: list[Token], allow_service: bool, prefixes: dict[str, str]) -> None:
    """The checks of `check` on one reading of the query."""
    base = ""
    for i, token in enumerate(found):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(found) and found[i + 2].kind == "iri":
            prefixes[found[i + 1].text.rstrip(":")] = urljoin(base, found[i + 2].text[1:-1])
        elif word == "BASE" and i + 1 < len(found) and found[i + 1].kind == "iri":
            base = urljoin(base, found[i + 1].text[1:-1])
        elif word == "SERVICE" and not allow_service:
            raise GeokgError(Errors.E414, target=_next_text(found, i + 1, skip="SILENT"))
        elif word in UPDATES:
            raise GeokgError(Errors.E415, keyword=word)
        elif word == "FROM":
            named = i + 1 < len(found) and found[i + 1].text.upper() == "NAMED"
            target = found[i + 2] if named and i + 2 < len(found) else found[i + 1] if i + 1 < len(found) else None
            iri = _iri(target, prefixes, base)
            if iri is None or not iri.startswith(GRAPHS):
                shown = target.text if target is not None else "nothing"
                raise GeokgError(Errors.E416, clause="FROM NAMED" if named else "FROM", target=shown, graphs=GRAPHS)


def _next_text(found: list[Token], start: int, skip: str) -> str:
    """The text of the token at `start`, or of the one after it if that is the word `skip`."""
    if start < len(found) and found[start].text.upper() == skip:
        start += 1
    return found[start].text if start < len(found) else "(nothing)"


def _iri(token: Token | None, prefixes: Mapping[str, str], base: str) -> str | None:
    """The IRI an IRI or prefixed-name token stands for (None if it is neither, or its prefix is unknown)."""
    if token is None:
        return None
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None
