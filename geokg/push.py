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

from rdflib import BNode, Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from geokg.errors import GeokgError

SYNTAX = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}
DATASET_SYNTAX = ("trig", "nquads", "json-ld")
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
        raise GeokgError("E001", f"{path} is a folder: push an exported graph file (graph.trig, graph.nq, "
                                 "graph.ttl); for a store, `geokg export --store KG --out DIR --format trig` first")
    if not path.is_file():
        raise GeokgError("E001", f"graph not found: {path}")
    syntax = SYNTAX.get(path.suffix.lower())
    if syntax is None:
        raise GeokgError("E001", f"cannot push {path.name}: not an RDF export ({', '.join(SYNTAX)})")
    data: Graph = Dataset() if syntax in DATASET_SYNTAX else Graph()
    try:
        data.parse(str(path), format=syntax)
    except Exception as exc:  # rdflib's parsers raise many kinds; all mean "not valid RDF"
        raise GeokgError("E001", f"cannot parse {path}: {_first_line(str(exc)) or type(exc).__name__}") from exc
    if not isinstance(data, Dataset):
        return {graph: data} if len(data) else {}
    graphs: dict[str | None, Graph] = {}
    for g in sorted(data.graphs(), key=lambda g: str(g.identifier)):
        if not len(g):
            continue
        if isinstance(g.identifier, BNode):
            raise GeokgError("E001", f"cannot push {path.name}: a named graph has a blank-node name")
        target = graph if g.identifier == DATASET_DEFAULT_GRAPH_ID else str(g.identifier)
        if target not in graphs:
            graphs[target] = Graph(namespace_manager=data.namespace_manager)
        for triple in g:
            graphs[target].add(triple)
    return dict(sorted(graphs.items(), key=lambda item: (item[0] is not None, item[0] or "")))


def push(path: Path, endpoint: Endpoint, graph: str | None = None, replace: bool = True) -> list[Pushed]:
    """Send the graphs of an exported file: PUT replaces each target graph, POST (replace=False) adds to it."""
    scheme = urlsplit(endpoint.url).scheme
    if scheme not in ("http", "https"):
        raise GeokgError("E010", f"push refused: --endpoint must be an http:// or https:// URL, not {endpoint.url!r}")
    if graph is not None and not urlsplit(graph).scheme:
        raise GeokgError("E010", f"push refused: --graph must be an absolute IRI, not {graph!r}")
    graphs = read_graphs(path, graph)
    if not graphs:
        raise GeokgError("E001", f"nothing to push: {path} holds no triples")
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
            raise GeokgError("E010", f"{exc.message}; {outcome}") from exc
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
    """One HTTP request to a graph's URL; any HTTP answer is returned, a network failure raises E010."""
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
        raise GeokgError("E010", f"push refused: cannot reach {endpoint.url}: {reason}") from exc


def _check(response: _Response, method: str, graph: str | None, endpoint: Endpoint) -> None:
    """A GeokgError (E010) with the status and the first line of the server's message unless it is 2xx."""
    if 200 <= response.status < 300:
        return
    text = response.body.decode("utf-8", errors="replace")
    if "html" in response.content_type.lower() or text.lstrip().startswith("<"):
        text = re.sub(r"<[^>]*>", "\n", text)
    line = _first_line(text)
    raise GeokgError("E010", f"push refused: {method} of {_name(graph)} to {endpoint.url} answered "
                             f"HTTP {response.status} {response.reason}".rstrip() + (f": {line}" if line else ""))


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
