"""The query library: an analyst's questions as SPARQL files, looked up by name, with parameters.

Each library query is a file ``queries/NAME.rq`` (shipped inside the ``queries``
package). Its first line is a ``# `` comment stating the question it answers;
``# param: name — description`` lines follow for its parameters. A parameter is
an ordinary ``VALUES ?name { "default" }`` block in the query, so every file is
plain SPARQL that runs as it stands (on the default) in any engine; the runner
only swaps the block's value for the user's, written as an escaped SPARQL string (`sparql_string`)
so that no user text is ever spliced into SPARQL unescaped.

Relation families and symmetric relations live in ``ontology/geokg.ttl``, which
is not part of an exported graph. Queries that need them carry a generated
``VALUES`` block under a ``# generated: families`` (or ``symmetric``) comment;
:func:`refresh` rewrites those blocks from :func:`ontology.relations`, and a test
fails when a block is out of date (``python -m geokg.graph.library`` fixes the files).

>>> q = parse("demo", '# Who attacked whom?\\n# param: who — an actor\\nSELECT * WHERE { VALUES ?who { "X" } }')
>>> (q.question, q.params[0].name, q.params[0].default)
('Who attacked whom?', 'who', 'X')
>>> 'VALUES ?who { "Kiew \\\\"Nord\\\\"" }' in q.bind({"who": 'Kiew "Nord"'})
True
"""
from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from geokg.errors import Errors, GeokgError

#: The package that holds the library's ``.rq`` files.
PACKAGE = "geokg.queries"

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_PARAM_LINE = re.compile(r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s*(?:[—–:-]+\s*(?P<description>.*))?$")
_GENERATED = re.compile(
    r"^(?P<indent>[ \t]*)# generated: (?P<kind>\w+)[^\n]*\n"
    r"[ \t]*VALUES\s*(?P<vars>\([^)]*\)|\?\w+)\s*\{[^}]*\}", re.MULTILINE)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def sparql_string(value: str) -> str:
    r"""A value as a SPARQL string literal: quoted, with backslash, quote and line breaks escaped.

    >>> print(sparql_string('Kiew "Nord"\n'))
    "Kiew \"Nord\"\n"
    """
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def _lexical(term: str) -> str | None:
    r"""The value a VALUES block holds: a string literal's text (escapes undone, a language or datatype
    dropped), or an IRI or prefixed name as written.

    >>> _lexical(r'"a\"b"@de'), _lexical("<https://x/>"), _lexical("gkg:attacks")
    ('a"b', 'https://x/', 'gkg:attacks')
    """
    match = re.match(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', term)
    if match:
        text = match.group(1) if match.group(1) is not None else match.group(2)
        return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(1)), text)
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    return term or None


def _values_block(name: str) -> re.Pattern[str]:
    """The ``VALUES ?name { … }`` block of one parameter."""
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{(?P<value>[^}]*)\}")


@dataclass(frozen=True)
class Param:
    """A parameter of a library query: its name, what it means, and the value the file runs with."""

    name: str
    description: str
    default: str | None


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library: its name, the question it answers, its parameters and SPARQL text."""

    name: str
    question: str
    params: tuple[Param, ...]
    text: str

    def bind(self, values: Mapping[str, str]) -> str:
        """The query text with parameter values bound (a GeokgError names an unknown parameter)."""
        return bind(self.text, values, self.name)


def _default(text: str, name: str) -> str | None:
    """The value a parameter's VALUES block holds in the file, or None if it has none."""
    match = _values_block(name).search(text)
    if match is None or not match.group("value").strip():
        return None
    return _lexical(match.group("value").strip())


def parse(name: str, text: str) -> LibraryQuery:
    """Read the header of a query: the question (first ``# `` line) and ``# param:`` lines."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
        raise GeokgError(Errors.E405, name=name)
    params = []
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        match = _PARAM_LINE.match(line.strip())
        if match:
            pname = match.group("name")
            params.append(Param(pname, (match.group("description") or "").strip(), _default(text, pname)))
    return LibraryQuery(name, lines[0][2:].strip(), tuple(params), text)


def library() -> dict[str, LibraryQuery]:
    """Every query of the library by name (the ``.rq`` files of the ``queries`` package), sorted."""
    queries = {}
    for entry in sorted(files(PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq") and entry.is_file():
            name = entry.name[: -len(".rq")]
            queries[name] = parse(name, entry.read_text(encoding="utf-8"))
    return queries


def get(name: str) -> LibraryQuery:
    """The library query of that name; a GeokgError suggests close names."""
    queries = library()
    if name not in queries:
        close = difflib.get_close_matches(name, list(queries), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise GeokgError(Errors.E406, name=name, hint=hint)
    return queries[name]


def describe(queries: Iterable[LibraryQuery]) -> str:
    """The library as `geokg query --list` prints it: name and question, then each parameter."""
    queries = list(queries)
    width = max((len(q.name) for q in queries), default=0) + 2
    lines = []
    for q in queries:
        lines.append(f"{q.name.ljust(width)}{q.question}")
        for p in q.params:
            default = f" (default: {p.default!r})" if p.default is not None else ""
            lines.append(f"{'':{width}}  --param {p.name}=…  {p.description}{default}")
    return "\n".join(lines) + "\n"


def bind(text: str, values: Mapping[str, str], name: str = "the query") -> str:
    """Put each value into its parameter's ``VALUES ?param { … }`` block, as an escaped literal.

    All blocks are found in the original text and replaced in one pass, so a value that itself
    looks like a VALUES block cannot be rewritten by a later parameter.
    """
    for param in values:
        if not _values_block(param).search(text):
            declared = [p.name for p in parse(name, text).params] if text.startswith("# ") else []
            known = f"; its parameters: {', '.join(declared)}" if declared else "; it takes none"
            raise GeokgError(Errors.E407, name=name, param=param, known=known)
    if not values:
        return text
    literals = {param: sparql_string(value) for param, value in values.items()}
    blocks = re.compile(r"VALUES\s+\?(?P<name>" + "|".join(re.escape(p) for p in literals) + r")\s*\{[^}]*\}")
    return blocks.sub(lambda m: f"VALUES ?{m.group('name')} {{ {literals[m.group('name')]} }}", text)


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings (from ``--param``) as a dict; a GeokgError for a malformed one."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
            raise GeokgError(Errors.E408, pair=pair)
        values[name.strip()] = value
    return values


def resolve(sparql: str, values: Mapping[str, str] | None = None) -> str:
    """The SPARQL to run for QUERY: a ``.rq`` file, a library name, or the text itself; parameters bound."""
    values = values or {}
    path = Path(sparql)
    if sparql.endswith(".rq") and "\n" not in sparql:
        if not path.is_file():
            raise GeokgError(Errors.E409, path=sparql)
        return bind(path.read_text(encoding="utf-8"), values, str(path))
    if _NAME.fullmatch(sparql):
        return get(sparql).bind(values)
    return bind(sparql, values)


def family_rows() -> list[tuple[str, str]]:
    """(relation, family) for every relation of the catalogue, sorted by relation."""
    from geokg.ontology import relations  # rdflib reads the ontology: only when the blocks are made

    return sorted((name, r.family) for name, r in relations().items())


def symmetric_rows() -> list[str]:
    """The symmetric relations of the catalogue, sorted."""
    from geokg.ontology import relations

    return sorted(name for name, r in relations().items() if r.symmetric)


def _family_body(indent: str) -> str:
    return "".join(f"{indent}  (gkg:{name} {sparql_string(family)})\n" for name, family in family_rows())


def _symmetric_body(indent: str) -> str:
    return f"{indent}  " + " ".join(f"gkg:{name}" for name in symmetric_rows()) + "\n"


#: Generated VALUES bodies by the kind named in their ``# generated: KIND`` comment.
GENERATED: dict[str, Callable[[str], str]] = {"families": _family_body, "symmetric": _symmetric_body}


def refresh(text: str) -> str:
    """The query text with every ``# generated:`` VALUES block rewritten from the ontology."""
    def block(match: re.Match[str]) -> str:
        indent, kind = match.group("indent"), match.group("kind")
        if kind not in GENERATED:
            raise GeokgError(Errors.E410, kind=kind, known=", ".join(GENERATED))
        return (f"{indent}# generated: {kind} (from ontology/geokg.ttl by graph.library.refresh)\n"
                f"{indent}VALUES {match.group('vars')} {{\n{GENERATED[kind](indent)}{indent}}}")

    return _GENERATED.sub(block, text)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks of the library's files in place (after an ontology change)."""
    folder = Path(str(files(PACKAGE)))
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        new = refresh(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"refreshed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
