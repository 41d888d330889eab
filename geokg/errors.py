"""Errors a user can act on, in one table of codes and messages (as spaCy's ``spacy/errors.py``).

Every message is written here, once; a raise names its code and fills in the fields:

>>> err = GeokgError(Errors.E101, path="a.txt", reason="Permission denied")
>>> err.code, err.message
('E101', 'cannot read a.txt: Permission denied')
>>> str(err)
'[E101] cannot read a.txt: Permission denied'

The hundreds group the codes by what failed: E1xx reading input, E2xx models and lexicons,
E3xx writing output, E4xx queries, E5xx the store, E6xx pushing, E7xx command-line options and
executors, E8xx serving a store. Only the command line turns an error into an exit status.
"""
from __future__ import annotations

from typing import Any


class _Codes(type):
    """Reading ``Errors.E101`` gives the message prefixed with its code: ``"[E101] cannot read …"``."""

    def __getattribute__(cls, code: str) -> Any:
        message = super().__getattribute__(code)
        if code.startswith("E") and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Codes):
    """The messages, by code; fields in braces are filled in by `GeokgError`."""

    # E1xx: reading input
    E101 = "cannot read {path}: {reason}"
    E102 = "input not found: {path}"
    E103 = "{path} is not a text file ({found})"
    E104 = "{path} is empty (no text to read)"
    E105 = "{path} is not a readable HTML page ({reason})"
    E106 = "{path} has no article text"
    E107 = "nothing to build: none of the {count} input files could be read"
    E108 = "no text files found in the input"
    E109 = "{path} is not a regular file ({kind}): name a text file or a folder"
    E110 = "--date {value!r} is not a date (YYYY-MM-DD)"
    E111 = "{path}: {bytes} not UTF-8 ({lines}) read as cp1252, the rest as UTF-8"
    E112 = "{path}: {bytes} ({lines}) read as spaces"
    E113 = "{path}: {bytes} not valid {codec} ({lines}) replaced by U+FFFD"
    E114 = "{path}: markup nested deeper than {limit} levels; read with its {tags} tags removed"
    E115 = "{path} has no article text: its markup is nested deeper than {limit} levels"
    E116 = "--out {out} lies in the input folder {folder}: the build's own outputs there are not read"
    E117 = "{path} is an output of this build (--out {out}), not read as input"
    E118 = "{path}, line {line}: {reason}; record skipped"
    E119 = "{path} is not a readable CSV file ({reason})"
    E120 = "{path} has no record with article text (a `text` field)"
    E121 = "{path}: {count} more records skipped"

    # E2xx: models and lexicons
    E201 = "HanTa model with per-tag suffix lists is not supported"
    E202 = "cannot load HanTa model {model!r}: {reason}"
    E203 = "cannot load the NER model at {path}: {reason}"
    E204 = "lexicon table {table} is empty"
    E205 = "{table}:{line}: header lacks column(s) {columns}"
    E206 = "{table}:{line}: {cells} cells, header has {header}"
    E207 = "{table}:{line}: empty {column}"
    E208 = "{table}:{line}: {problem}"

    # E3xx: writing output
    E301 = "cannot write {path}: {reason}"
    E302 = "cannot write to {path}: {reason}"
    E303 = "unknown format {name!r}; known: {known}"
    E304 = "no space left on device writing {name} into {out}: the build needs more than the {free} free there"
    E305 = ("no space left on device for the build's intermediate files in {out}: "
            "it needs more than the {free} free there")

    # E4xx: queries and the query library
    E401 = "{path}: unknown graph format (use .ttl, .trig, .nt, .nq, .jsonld)"
    E402 = "graph not found: {path}"
    E403 = "cannot parse {path}: {reason}"
    E404 = "query failed: {reason}"
    E405 = "query {name!r} does not start with a '# question' line"
    E406 = "no query named {name!r} in the library{hint}; `geokg query --list` shows them"
    E407 = "{name} has no parameter {param!r}{known}"
    E408 = "--param wants name=value, got {pair!r}"
    E409 = "query file not found: {path}"
    E410 = "unknown generated block {kind!r}; known: {known}"
    E411 = "with --store give only the QUERY, no GRAPH file"
    E412 = "give a GRAPH file and a QUERY (or --store KG, or --endpoint URL, and a QUERY)"
    E413 = "name an exported graph file or --store KG (one of them)"
    E414 = ("query refused: SERVICE {target} would send part of the query to another server "
            "(--allow-service permits federation)")
    E415 = "query refused: {keyword} is an update; geokg only reads (queries, never updates)"
    E416 = ("query refused: {clause} {target} is not one of geokg's graphs ({graphs}…); "
            "a query reads its dataset's graphs, never fetches one")
    E417 = "query stopped at its timeout of {seconds:g} s (--timeout SECONDS allows more)"
    E418 = "query failed: the query engine stopped ({reason})"
    E419 = "--timeout must be more than 0 seconds, not {value:g}"
    E421 = "cannot reach the SPARQL endpoint {url}: {reason}"
    E422 = "the SPARQL endpoint {url} answered HTTP {status}{detail}"
    E423 = "the SPARQL endpoint {url} answered {found}, not SPARQL results"
    E424 = "give a QUERY with --endpoint, no GRAPH file"

    # E5xx: the store
    E501 = "no store at {path} (build one with `geokg build … --store {path}`)"
    E502 = "{path} is not a store (a store is a folder geokg build --store made)"
    E503 = "store {path} is in use by another process (a running build, or `oxigraph serve`?)"
    E504 = "cannot open store {path}: {reason}"
    E505 = "store {path} is closed"
    E506 = "document {doc_id} is not in the store {path}"
    E507 = "cannot write to store {path}: {reason}"
    E508 = "cannot load the background graph into {path}: {reason}"
    E509 = "the store {path} holds no documents"
    E510 = "none of the inputs is in the store (newer versions are)"
    E511 = ("store {path} is damaged and was left as it was ({reason}): restore it from a copy, or "
            "rebuild it (rm -r {path}, then geokg build … --store {path})")
    E512 = ("store {path} is damaged ({reason}): restore it from a copy, or "
            "rebuild it (rm -r {path}, then geokg build … --store {path})")

    # E6xx: pushing to a triple store
    E601 = ("{path} is a folder: push an exported graph file (graph.trig, graph.nq, graph.ttl); "
            "for a store, `geokg export --store KG --out DIR --format trig` first")
    E602 = "graph not found: {path}"
    E603 = "cannot push {name}: not an RDF export ({known})"
    E605 = "cannot push {name}: a named graph has a blank-node name"
    E606 = "push refused: --endpoint must be an http:// or https:// URL, not {url!r}"
    E607 = "push refused: --graph must be an absolute IRI, not {graph!r}"
    E608 = "nothing to push: {path} holds no triples"
    E609 = "{reason}; {outcome}"
    E610 = "push refused: cannot reach {url}: {reason}"
    E611 = "push refused: {method} of {graph} to {url} answered HTTP {status}{detail}"

    # E7xx: command-line options and executors
    E701 = "--quiet and --verbose exclude each other"
    E702 = "--workers must be at least 1, not {workers}"
    E703 = "--scheduler needs --executor dask"
    E704 = "--executor dask needs --scheduler ADDRESS (tcp://host:8786)"
    E705 = "--executor dask needs Dask: pip install 'geokg[dask]'"
    E706 = "cannot reach the Dask scheduler at {address}: {reason}"
    E707 = "unknown executor {name!r}; known: {known}"
    E708 = "internal error ({kind}: {detail}); run with -v for the traceback"
    E709 = "{path}: {reason}"
    E710 = "{reason}"

    # E8xx: serving a store over HTTP
    E801 = "cannot listen on {host}:{port}: {reason}"


class GeokgError(Exception):
    """A failure with a stable code and a one-line message for the user, made from `Errors`.

    `template` is an attribute of `Errors` (``Errors.E101``, which carries its code); `fields` fill it in.
    """

    def __init__(self, template: str, **fields: object) -> None:
        code, _, text = template.partition("] ")
        self.code = code.lstrip("[")
        self.message = text.format(**fields)
        super().__init__(f"[{self.code}] {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        # worker processes send errors back pickled; rebuild from the final message, not the template
        return _rebuilt, (self.code, self.message)


def _rebuilt(code: str, message: str) -> GeokgError:
    """A GeokgError with this code and finished message (for unpickling)."""
    err = GeokgError.__new__(GeokgError)
    err.code, err.message = code, message
    Exception.__init__(err, f"[{code}] {message}")
    return err
