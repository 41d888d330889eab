"""geokg serve: the explorer and a local, read-only SPARQL 1.1 Protocol endpoint over a store (Starlette on uvicorn).

``/`` is the explorer page, its files at ``/static/…`` (from the package, nothing from a CDN), and
``/api/…`` the JSON API it calls (geokg/api.py, docs/explorer-api.md), answered from an index of
the whole store in memory (graph/workbench.py) that is made again when the store changes.

``/sparql`` answers queries sent as ``GET ?query=…``, as a ``POST`` with the query as an
``application/sparql-query`` body, or as a form (``application/x-www-form-urlencoded``,
``query=…``). The answer comes in the format the ``Accept`` header prefers: SPARQL results as
JSON, XML, CSV or TSV (or an HTML table, for a browser); a CONSTRUCT or DESCRIBE as N-Triples,
Turtle, RDF/XML or N-Quads. A browser's ``GET /sparql`` without a query gets a page with a form.

Every query runs as `geokg query --store` runs it (graph/engine.py): the store opened read-only, in
a child process killed at the timeout, after graph/guard.py, so SERVICE (unless allowed), updates
and foreign FROM are refused. Updates and the Graph Store protocol are not served at all.
The server binds 127.0.0.1 unless told otherwise, and answers only requests addressed to the
name it was bound to (a web page that rebinds a DNS name to 127.0.0.1 gets 403).

Status codes of the endpoint: 400 a malformed request or query, 403 refused (an update, SERVICE, a
foreign FROM, an unexpected Host), 404 another path, 406 no acceptable format, 413 a query over a
megabyte, 503 the timeout, 500 the engine failed. The body of an error is one line of text.
"""
from __future__ import annotations

import html
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from geokg import api
from geokg.errors import Errors, GeokgError
from geokg.graph.engine import DEFAULT_TIMEOUT, Answer, StoreFolder, execute
from geokg.graph.guard import tokens
from geokg.graph.protocol import GRAPH_TYPES, RESULTS_TYPES, negotiate
from geokg.graph.store import GraphStore
from geokg.graph.workbench import Live

PATH = "/sparql"
MAX_QUERY = 1 << 20  # bytes
HTML = "text/html"
#: Queries that run at once; more wait for a slot (each is a child process).
SLOTS = 4
#: Seconds between two looks at the store's files for a change (the index is made again after one).
RELOAD_EVERY = 2.0
#: What the page may load: its own files only (vis-network sets inline styles).
PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

#: What a refusal or failure answers, by error code (anything else: 500).
STATUS = {"E404": HTTPStatus.BAD_REQUEST, "E414": HTTPStatus.FORBIDDEN, "E415": HTTPStatus.FORBIDDEN,
          "E416": HTTPStatus.FORBIDDEN, "E417": HTTPStatus.SERVICE_UNAVAILABLE}

FORM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>geokg SPARQL: {store}</title>
<style>body{{font:15px system-ui,sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;height:14em;
font:13px monospace}}</style></head>
<body><h1>geokg SPARQL endpoint</h1><p>Store <code>{store}</code>, read-only. geokg's prefixes (gkg, id, rdf,
rdfs, owl, xsd, skos, dcterms, prov) are declared for you. Programs send queries to <code>{path}</code>
(SPARQL 1.1 Protocol). <a href="/">The explorer</a>.</p>
<form method="get" action="{path}"><textarea name="query">SELECT ?who ?whom ?when WHERE {{
  ?st a gkg:Statement ; rdf:subject ?s ; rdf:predicate gkg:attacks ; rdf:object ?o ; gkg:negated false .
  OPTIONAL {{ ?st gkg:eventDate ?when }}
  ?s rdfs:label ?who . ?o rdfs:label ?whom
}} LIMIT 100</textarea><p><button type="submit">Run</button></p></form></body></html>
"""

#: The page at / when exports/html.py offers none for a server (`render_workbench`).
FALLBACK_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>The explorer's JSON API is at <a href="/api/meta">/api/meta</a>
(docs/explorer-api.md); SPARQL at <a href="{path}">{path}</a>.</p></body></html>
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


# --- the SPARQL endpoint --------------------------------------------------------------------------------

class Sparql:
    """The endpoint's two methods over one store, at most SLOTS queries at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.slots = threading.BoundedSemaphore(SLOTS)

    async def get(self, request: Request) -> Response:
        """A query in the URL; a browser's request without one gets the form."""
        fields = parse_qs(request.url.query, keep_blank_values=True)
        if not fields and negotiate(request.headers.get("Accept"), (*RESULTS_TYPES, HTML)) == HTML:
            page = FORM.format(store=html.escape(str(self.settings.store)), path=PATH)
            return Response(page, 200, media_type="text/html; charset=utf-8")
        return await self.run(request, _query_of(fields))

    async def post(self, request: Request) -> Response:
        """A query in the body (application/sparql-query) or a form (query=…)."""
        length = request.headers.get("Content-Length") or "0"
        if not length.isdigit():
            raise Refused(HTTPStatus.BAD_REQUEST, "a Content-Length that is a number")
        if int(length) > MAX_QUERY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query of at most {MAX_QUERY} bytes")
        body = b""
        async for chunk in request.stream():  # a body sent without its length is cut off too
            body += chunk
            if len(body) > MAX_QUERY:
                raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query of at most {MAX_QUERY} bytes")
        media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise Refused(HTTPStatus.FORBIDDEN, "geokg serve is read-only: it answers queries, never updates")
        if media == "application/sparql-query":
            return await self.run(request, body.decode("utf-8", errors="replace"))
        if media == "application/x-www-form-urlencoded":
            text = body.decode("utf-8", errors="replace")
            return await self.run(request, _query_of(parse_qs(text, keep_blank_values=True)))
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                      "send application/sparql-query or application/x-www-form-urlencoded (query=…)")

    async def run(self, request: Request, query: str) -> Response:
        """Run the query (in a child process, off the event loop) in the format Accept prefers."""
        graph = query_kind(query) in ("CONSTRUCT", "DESCRIBE")
        offered = GRAPH_TYPES if graph else (*RESULTS_TYPES, HTML)
        media = negotiate(request.headers.get("Accept"), offered)
        if media is None:
            raise Refused(HTTPStatus.NOT_ACCEPTABLE, f"answers come as {', '.join(offered)}")
        asked = RESULTS_TYPES[0] if media == HTML else media
        answer = await run_in_threadpool(self._execute, query, asked)
        if media == HTML:
            return Response(results_page(answer, query), 200, media_type="text/html; charset=utf-8")
        text = media.startswith("text/") or media == "application/n-triples"
        return Response(answer.data, 200, media_type=media + ("; charset=utf-8" if text else ""))

    def _execute(self, query: str, media: str) -> Answer:
        settings = self.settings
        with self.slots:
            try:
                return execute(StoreFolder(settings.store), query, timeout=settings.timeout,
                               allow_service=settings.allow_service, results=media, graphs=media)
            except GeokgError as exc:
                raise Refused(STATUS.get(exc.code, HTTPStatus.INTERNAL_SERVER_ERROR), exc.message) from None


def _query_of(fields: dict[str, list[str]]) -> str:
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


def _plain(status: int, message: str) -> Response:
    """An error as one line of text."""
    return PlainTextResponse(" ".join(message.split()) + "\n", status)


# --- the application ------------------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class Guard:
    """Refuse requests addressed to another name than the server's (DNS rebinding); mark every answer nosniff."""

    def __init__(self, app: App, loopback: bool, quiet: bool) -> None:
        self.app = app
        self.loopback = loopback
        self.quiet = quiet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").rsplit(":", 1)[0].strip("[]").lower()
        status: list[int] = []

        async def marked(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                message["headers"] = [*message.get("headers", []), (b"x-content-type-options", b"nosniff")]
            await send(message)

        if self.loopback and host not in LOOPBACK:
            where = "/api/" if scope["path"].startswith("/api/") else ""
            text = f"this server answers requests to 127.0.0.1, not to {host or '?'}"
            refusal = api.error_response(403, text) if where else _plain(403, text.replace("server", "endpoint"))
            await refusal(scope, receive, marked)
        else:
            await self.app(scope, receive, marked)
        if not self.quiet:
            client = (scope.get("client") or ("?",))[0]
            query = f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else ""
            sys.stderr.write(f"geokg serve: {client} \"{scope['method']} {scope['path']}{query}\" "
                             f"{status[0] if status else '-'}\n")


def page(title: str) -> str:
    """The explorer page for a server: exports/html.py's `render_workbench` if it offers one, else a short page."""
    from geokg.exports import html as pages

    render = getattr(pages, "render_workbench", None)
    if render is not None:
        return str(render(title=title, api="/api", static="/static"))
    return FALLBACK_PAGE.format(title=html.escape(title), path=PATH)


def create_app(settings: Settings, live: Live, *, loopback: bool = True, quiet: bool = True) -> App:
    """The whole server as an ASGI application: the explorer, its API and the SPARQL endpoint."""
    sparql = Sparql(settings)
    explorer = page(f"geokg: {settings.store.name}")

    async def home(request: Request) -> Response:
        return Response(explorer, 200, {"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"},
                        "text/html; charset=utf-8")

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return _plain(exc.status, exc.message)

    async def malformed(request: Request, exc: Exception) -> Response:
        return _plain(HTTPStatus.BAD_REQUEST, str(exc))

    async def failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if request.url.path.startswith("/api/"):
            return api.error_response(exc.status_code, f"no such API path {request.url.path}; see /api/meta"
                                      if exc.status_code == 404 else str(exc.detail))
        if exc.status_code == 404:
            return _plain(404, f"the SPARQL endpoint is {PATH}, the explorer /")
        return _plain(exc.status_code, str(exc.detail))

    static = str(files("geokg.exports").joinpath("static"))
    app = Starlette(routes=[
        Route("/", home, methods=["GET"]),
        Route(PATH, sparql.get, methods=["GET"]),
        Route(PATH, sparql.post, methods=["POST"]),
        *api.routes(live, lambda doc_id: document_text(settings.store, doc_id)),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ], exception_handlers={Refused: refused, HTTPException: failed,
                                                                       UnicodeDecodeError: malformed,
                                                                       ValueError: malformed})
    return Guard(app, loopback, quiet)


def document_text(store: Path, doc_id: str) -> str | None:
    """A stored document's text, None if the store keeps none (read now: the index holds no texts)."""
    try:
        with GraphStore(store, read_only=True) as kg:
            return kg.text(doc_id)
    except GeokgError:
        return None


# --- the server -----------------------------------------------------------------------------------------

class Server:
    """uvicorn serving the application on a socket bound at once (so a busy port is known before serving)."""

    def __init__(self, sock: socket.socket, settings: Settings, quiet: bool = False) -> None:
        self.socket = sock
        self.settings = settings
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        self.live = Live(settings.store, RELOAD_EVERY)
        host = self.server_address[0]
        app = create_app(settings, self.live, loopback=host in LOOPBACK, quiet=quiet)
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off",
                                log_level="warning" if quiet else "info", timeout_graceful_shutdown=5)
        self.uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The SPARQL endpoint's URL."""
        return f"{self.base}{PATH}"

    @property
    def base(self) -> str:
        """The server's URL (the explorer)."""
        host, port = self.server_address
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def serve_forever(self) -> None:
        """Make the index in the background and answer requests until `shutdown` (or Ctrl-C)."""
        self.live.start()
        try:
            self.uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving and wait until it has stopped."""
        self.uvicorn.should_exit = True
        deadline = time.monotonic() + 10
        while not self._stopped.wait(0.05) and time.monotonic() < deadline:
            self.uvicorn.should_exit = True

    def server_close(self) -> None:
        """Release the socket."""
        self.socket.close()


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
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on each connection (it checks the protocol):
        # without it a keep-alive client waits 40 ms for every answer (Nagle meets delayed ACKs)
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.bind((host, port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
    except OSError as exc:
        raise GeokgError(Errors.E801, host=host, port=port, reason=exc.strerror or exc) from None
    return Server(sock, Settings(store, timeout, allow_service), quiet)


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
            f"<pre>{html.escape(query)}</pre>{body}<p><a href=\"{PATH}\">another query</a></p></body></html>")
