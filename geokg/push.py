"""geokg push: send an exported graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One request per target graph, ``PUT`` (replace) or ``POST`` (add), to ``ENDPOINT?graph=IRI``
or ``ENDPOINT?default``. A Turtle or N-Triples file is one graph, hence one request, which
a store applies whole or not at all. A TriG, N-Quads or JSON-LD file holds several named
graphs, and the protocol has no transaction across requests: before the first write each
target graph is read (``GET``), and if a later request is refused the graphs already
written are put back as they were (``PUT`` of the saved copy, or ``DELETE`` where the graph
did not exist). docs/databases.md explains the choice.
"""
from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from geokg.errors import Errors, GeokgError
from geokg.graph.names import PREFIXES
from geokg.graph.query import read_quads
from geokg.graph.store import from_ox

SYNTAX = (".ttl", ".nt", ".trig", ".nq", ".jsonld")
UPLOAD_TYPE = "text/turtle; charset=utf-8"
SNAPSHOT_ACCEPT = "application/n-triples, text/turtle;q=0.9"


@dataclass(frozen=True)
class Endpoint:
    """A Graph Store Protocol endpoint (e.g. http://localhost:3030/geokg/data) and its credentials."""

    url: str
    user: str | None = None
    password: str | None = None
    timeout: float = 120.0

    def graph_url(self, graph: str | None) -> str:
        """The URL of one graph: indirect identification, ?graph=IRI, or ?default.

        >>> Endpoint("http://localhost:7878/store").graph_url("https://w3id.org/geokg/id/graph/x")
        'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgeokg%2Fid%2Fgraph%2Fx'
        >>> Endpoint("http://h/repositories/r/rdf-graphs/service?x=1").graph_url(None)
        'http://h/repositories/r/rdf-graphs/service?x=1&default'
        """
        query = "default" if graph is None else "graph=" + quote(graph, safe="")
        return self.url + ("&" if "?" in self.url else "?") + query

    def headers(self) -> dict[str, str]:
        """HTTP headers every request carries: Basic authentication when a user is given."""
        if self.user is None:
            return {}
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode("utf-8")).decode("ascii")
        return {"Authorization": f"Basic {token}"}


@dataclass(frozen=True)
class Pushed:
    """One graph sent: its IRI (None for the default graph), its size and the HTTP method."""

    graph: str | None
    triples: int
    method: str


@dataclass(frozen=True)
class _Response:
    status: int
    reason: str
    content_type: str
    body: bytes


def read_graphs(path: Path, graph: str | None = None) -> dict[str | None, Graph]:
    """The graphs of an exported file by target IRI; triples outside named graphs go to `graph` (None: default)."""
    if path.is_dir():
        raise GeokgError(Errors.E601, path=path)
    if not path.is_file():
        raise GeokgError(Errors.E602, path=path)
    if path.suffix.lower() not in SYNTAX:
        raise GeokgError(Errors.E603, name=path.name, known=", ".join(SYNTAX))
    graphs: dict[str | None, Graph] = {}
    for quad in read_quads(path):  # read by Oxigraph, which never fetches a remote JSON-LD @context
        name = quad.graph_name
        if isinstance(name, ox.BlankNode):
            raise GeokgError(Errors.E605, name=path.name)
        target = graph if isinstance(name, ox.DefaultGraph) else name.value
        if target not in graphs:
            graphs[target] = Graph()
            for prefix, ns in PREFIXES.items():
                graphs[target].bind(prefix, ns, override=True)
        graphs[target].add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return dict(sorted(graphs.items(), key=lambda item: (item[0] is not None, item[0] or "")))


def push(path: Path, endpoint: Endpoint, graph: str | None = None, replace: bool = True) -> list[Pushed]:
    """Send the graphs of an exported file: PUT replaces each target graph, POST (replace=False) adds to it."""
    scheme = urlsplit(endpoint.url).scheme
    if scheme not in ("http", "https"):
        raise GeokgError(Errors.E606, url=endpoint.url)
    if graph is not None and not urlsplit(graph).scheme:
        raise GeokgError(Errors.E607, graph=graph)
    graphs = read_graphs(path, graph)
    if not graphs:
        raise GeokgError(Errors.E608, path=path)
    opener = urllib.request.build_opener(_NoRedirect())
    method = "PUT" if replace else "POST"
    snapshots = {g: _snapshot(opener, endpoint, g) for g in graphs} if len(graphs) > 1 else {}
    pushed: list[Pushed] = []
    for target, triples in graphs.items():
        body = triples.serialize(format="turtle", encoding="utf-8")
        try:
            _check(_send(opener, endpoint, method, target, body, UPLOAD_TYPE), method, target, endpoint)
        except GeokgError as exc:
            if not pushed:
                raise
            left = _restore(opener, endpoint, snapshots, [p.graph for p in pushed])
            outcome = (f"the {len(pushed)} graph(s) already sent were put back as they were" if not left
                       else f"could not put back {', '.join(_name(g) for g in left)}")
            raise GeokgError(Errors.E609, reason=exc.message, outcome=outcome) from exc
        pushed.append(Pushed(target, len(triples), method))
    return pushed


def _snapshot(opener: urllib.request.OpenerDirector, endpoint: Endpoint, graph: str | None) -> _Response | None:
    """The graph as the store holds it now, or None where it does not exist (404)."""
    response = _send(opener, endpoint, "GET", graph, None, None)
    if response.status == 404:
        return None
    _check(response, "GET", graph, endpoint)
    return response


def _restore(opener: urllib.request.OpenerDirector, endpoint: Endpoint,
             snapshots: dict[str | None, _Response | None], graphs: list[str | None]) -> list[str | None]:
    """Put the graphs back as they were before the push; return those that could not be restored."""
    left = []
    for graph in graphs:
        saved = snapshots.get(graph)
        try:
            if saved is None:
                response = _send(opener, endpoint, "DELETE", graph, None, None)
                if response.status != 404:
                    _check(response, "DELETE", graph, endpoint)
            else:
                _check(_send(opener, endpoint, "PUT", graph, saved.body, saved.content_type or UPLOAD_TYPE),
                       "PUT", graph, endpoint)
        except GeokgError:
            left.append(graph)
    return left


def _send(opener: urllib.request.OpenerDirector, endpoint: Endpoint, method: str, graph: str | None,
          body: bytes | None, content_type: str | None) -> _Response:
    """One HTTP request to a graph's URL; any HTTP answer is returned, a network failure raises E610."""
    url = endpoint.graph_url(graph)
    headers = dict(endpoint.headers())
    if content_type:
        headers["Content-Type"] = content_type
    if method == "GET":
        headers["Accept"] = SNAPSHOT_ACCEPT
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with opener.open(request, timeout=endpoint.timeout) as answer:
            return _Response(answer.status, answer.reason, answer.headers.get("Content-Type", ""), answer.read())
    except urllib.error.HTTPError as err:
        with err:
            content = err.read() if err.fp is not None else b""
        return _Response(err.code, str(err.reason), err.headers.get("Content-Type", "") if err.headers else "",
                         content)
    except (urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise GeokgError(Errors.E610, url=endpoint.url, reason=reason) from exc


def _check(response: _Response, method: str, graph: str | None, endpoint: Endpoint) -> None:
    """A GeokgError (E611) with the status and the first line of the server's message unless it is 2xx."""
    if 200 <= response.status < 300:
        return
    text = response.body.decode("utf-8", errors="replace")
    if "html" in response.content_type.lower() or text.lstrip().startswith("<"):
        text = re.sub(r"<[^>]*>", "\n", text)
    line = _first_line(text)
    detail = f" {response.reason}".rstrip() + (f": {line}" if line else "")
    raise GeokgError(Errors.E611, method=method, graph=_name(graph), url=endpoint.url, status=response.status,
                     detail=detail)


def _first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line, shortened to `limit` characters."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _name(graph: str | None) -> str:
    return "the default graph" if graph is None else f"<{graph}>"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers, not detours: urllib would turn a redirected POST into a GET and lose the data."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> None:
        """Never follow: the 3xx reaches _check as a refusal."""
        return None
