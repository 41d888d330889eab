"""geokg serve: a local, read-only SPARQL 1.1 Protocol endpoint over a store.

``/sparql`` answers queries sent as ``GET ?query=…``, as a ``POST`` with the query as an
``application/sparql-query`` body, or as a form (``application/x-www-form-urlencoded``,
``query=…``). The answer comes in the format the ``Accept`` header prefers: SPARQL results as
JSON, XML, CSV or TSV (or an HTML table, for a browser); a CONSTRUCT or DESCRIBE as N-Triples,
Turtle, RDF/XML or N-Quads. ``/`` is a page with a form, so that a browser can send a query.

Every query runs as `geokg query --store` runs it (graph/engine.py): the store opened read-only, in
a child process killed at the timeout, after graph/guard.py, so SERVICE (unless allowed), updates
and foreign FROM are refused. Updates and the Graph Store protocol are not served at all.
The server binds 127.0.0.1 unless told otherwise, and answers only requests addressed to the
name it was bound to (a web page that rebinds a DNS name to 127.0.0.1 gets 403).

Status codes: 400 a malformed request or query, 403 refused (an update, SERVICE, a foreign FROM,
an unexpected Host), 404 another path, 406 no acceptable format, 413 a query over a megabyte,
503 the timeout, 500 the engine failed. The body of an error is one line of text.
"""
from __future__ import annotations

import html
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from geokg.errors import Errors, GeokgError
from geokg.graph.engine import DEFAULT_TIMEOUT, Answer, StoreFolder, execute
from geokg.graph.guard import tokens
from geokg.graph.protocol import GRAPH_TYPES, RESULTS_TYPES, negotiate

PATH = "/sparql"
MAX_QUERY = 1 << 20  # bytes
HTML = "text/html"
#: Queries that run at once; more wait for a slot (each is a child process).
SLOTS = 4

#: What a refusal or failure answers, by error code (anything else: 500).
STATUS = {"E404": HTTPStatus.BAD_REQUEST, "E414": HTTPStatus.FORBIDDEN, "E415": HTTPStatus.FORBIDDEN,
          "E416": HTTPStatus.FORBIDDEN, "E417": HTTPStatus.SERVICE_UNAVAILABLE}

FORM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>geokg SPARQL: {store}</title>
<style>body{{font:15px system-ui,sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;height:14em;
font:13px monospace}}</style></head>
<body><h1>geokg SPARQL endpoint</h1><p>Store <code>{store}</code>, read-only. geokg's prefixes (gkg, id, rdf,
rdfs, owl, xsd, skos, dcterms, prov) are declared for you. Programs send queries to <code>{path}</code>
(SPARQL 1.1 Protocol).</p>
<form method="get" action="{path}"><textarea name="query">SELECT ?who ?whom ?when WHERE {{
  ?st a gkg:Statement ; rdf:subject ?s ; rdf:predicate gkg:attacks ; rdf:object ?o ; gkg:negated false .
  OPTIONAL {{ ?st gkg:eventDate ?when }}
  ?s rdfs:label ?who . ?o rdfs:label ?whom
}} LIMIT 100</textarea><p><button type="submit">Run</button></p></form></body></html>
"""


@dataclass(frozen=True)
class Settings:
    """What a server serves and how: the store, the timeout, whether SERVICE is allowed."""

    store: Path
    timeout: float = DEFAULT_TIMEOUT
    allow_service: bool = False


class Refused(Exception):
    """A request answered with an error status and one line of text."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def query_kind(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword of a query ("" if none).

    >>> query_kind("PREFIX a: <http://a/> # SELECT\\nASK { ?s ?p ?o }")
    'ASK'
    """
    for token in tokens(query):
        word = token.text.upper() if token.kind == "word" else ""
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word
    return ""


class Handler(BaseHTTPRequestHandler):
    """One request: a query by GET or POST to /sparql, the form at /."""

    server: Server
    server_version = "geokg"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        """A query in the URL, or the form."""
        self._answer(lambda: self._get())

    def do_POST(self) -> None:  # noqa: N802
        """A query in the body (application/sparql-query) or a form (query=…)."""
        self._answer(lambda: self._post())

    def _get(self) -> tuple[HTTPStatus, str, bytes]:
        url = urlsplit(self.path)
        if url.path == "/" and not url.query:
            page = FORM.format(store=html.escape(str(self.server.settings.store)), path=PATH)
            return HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8")
        self._at_endpoint(url.path)
        return self._run(self._query_of(parse_qs(url.query, keep_blank_values=True)))

    def _post(self) -> tuple[HTTPStatus, str, bytes]:
        self._at_endpoint(urlsplit(self.path).path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query of at most {MAX_QUERY} bytes")
        body = self.rfile.read(length)
        media = self.headers.get_content_type()
        if media == "application/sparql-update":
            raise Refused(HTTPStatus.FORBIDDEN, "geokg serve is read-only: it answers queries, never updates")
        if media == "application/sparql-query":
            return self._run(body.decode("utf-8", errors="replace"))
        if media == "application/x-www-form-urlencoded":
            return self._run(self._query_of(parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)))
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                      "send application/sparql-query or application/x-www-form-urlencoded (query=…)")

    def _at_endpoint(self, path: str) -> None:
        if path != PATH:
            raise Refused(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is {PATH}")

    def _query_of(self, fields: dict[str, list[str]]) -> str:
        """The one query of a GET or form request; dataset parameters and updates refused."""
        if "update" in fields:
            raise Refused(HTTPStatus.FORBIDDEN, "geokg serve is read-only: it answers queries, never updates")
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            raise Refused(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported: "
                                                  "use GRAPH or FROM with geokg's graphs in the query")
        found = fields.get("query", [])
        if len(found) != 1 or not found[0].strip():
            raise Refused(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        return found[0]

    def _run(self, query: str) -> tuple[HTTPStatus, str, bytes]:
        """Run the query in the format Accept prefers."""
        graph = query_kind(query) in ("CONSTRUCT", "DESCRIBE")
        offered = GRAPH_TYPES if graph else (*RESULTS_TYPES, HTML)
        media = negotiate(self.headers.get("Accept"), offered)
        if media is None:
            raise Refused(HTTPStatus.NOT_ACCEPTABLE, f"answers come as {', '.join(offered)}")
        settings = self.server.settings
        asked = RESULTS_TYPES[0] if media == HTML else media
        with self.server.slots:
            try:
                answer = execute(StoreFolder(settings.store), query, timeout=settings.timeout,
                                 allow_service=settings.allow_service, results=asked, graphs=asked)
            except GeokgError as exc:
                raise Refused(STATUS.get(exc.code, HTTPStatus.INTERNAL_SERVER_ERROR), exc.message) from None
        if media == HTML:
            return HTTPStatus.OK, "text/html; charset=utf-8", results_page(answer, query).encode("utf-8")
        text = media.startswith("text/") or media == "application/n-triples"
        return HTTPStatus.OK, media + ("; charset=utf-8" if text else ""), answer.data

    def _answer(self, respond: Callable[[], tuple[HTTPStatus, str, bytes]]) -> None:
        """Send what `respond` makes, or the one-line error it raised."""
        try:
            self._check_host()
            status, media, body = respond()
        except Refused as exc:
            status, media, body = exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode("utf-8")
        except (UnicodeDecodeError, ValueError) as exc:
            status, media, body = HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{exc}\n".encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _check_host(self) -> None:
        """Refuse a request addressed to another name than the server's (DNS rebinding)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if self.server.loopback and host not in ("127.0.0.1", "localhost", "::1"):
            raise Refused(HTTPStatus.FORBIDDEN, f"this endpoint answers requests to 127.0.0.1, not to {host or '?'}")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        """One line per request on stderr, unless quiet."""
        if not self.server.quiet:
            sys.stderr.write(f"geokg serve: {self.address_string()} {format % args}\n")


class Server(ThreadingHTTPServer):
    """The HTTP server, with what its handlers need."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: Settings, quiet: bool = False) -> None:
        self.settings = settings
        self.quiet = quiet
        self.loopback = address[0] in ("127.0.0.1", "localhost", "::1")
        self.slots = threading.BoundedSemaphore(SLOTS)
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{name}:{port}{PATH}"


def make_server(store: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
                allow_service: bool = False, quiet: bool = False) -> Server:
    """A server for the store, listening (not yet serving); E501/E502 for no store, E801 if it cannot listen."""
    if timeout <= 0:
        raise GeokgError(Errors.E419, value=timeout)
    if not store.is_dir():
        raise GeokgError(Errors.E501, path=store)
    if not (store / "CURRENT").is_file():
        raise GeokgError(Errors.E502, path=store)
    try:
        return Server((host, port), Settings(store, timeout, allow_service), quiet)
    except OSError as exc:
        raise GeokgError(Errors.E801, host=host, port=port, reason=exc.strerror or exc) from None


def results_page(answer: Answer, query: str) -> str:
    """A SELECT or ASK answer as an HTML page (every value escaped), for a browser."""
    if answer.kind == "ASK":
        body = f"<p>{'true' if answer.boolean() else 'false'}</p>"
    else:
        names, rows = answer.solutions()
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        cells = "".join("<tr>" + "".join(f"<td>{html.escape(v or '')}</td>" for v in row)
                        + "</tr>" for row in rows)
        body = f"<p>{len(rows)} rows</p><table><tr>{head}</tr>{cells}</table>"
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>geokg SPARQL answer</title>"
            "<style>body{font:14px system-ui,sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:2px 6px;"
            "text-align:left}table{border-collapse:collapse}</style></head><body>"
            f"<pre>{html.escape(query)}</pre>{body}<p><a href=\"/\">another query</a></p></body></html>")
