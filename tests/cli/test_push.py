"""geokg push against a real Oxigraph server, and against a scripted loopback server for what Oxigraph lacks."""
from __future__ import annotations

import base64
import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from geokg.cli import app
from servers import free_port, oxigraph_serve

runner = CliRunner()
PREFIXES = "PREFIX gkg: <https://w3id.org/geokg/ontology#>\n"
STATEMENTS = PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a gkg:Statement } }"
ATTACKS = PREFIXES + "SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s gkg:attacks ?o } }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port; yields its base URL, killed afterwards."""
    with oxigraph_serve(tmp_path / "store") as base:
        yield base


def _select(base: str, query: str) -> list[dict[str, str]]:
    """Rows of a SPARQL SELECT over HTTP (SPARQL results JSON), values as strings."""
    request = urllib.request.Request(f"{base}/query", data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        result = json.load(answer)
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def _local(path: Path, query: str) -> list[dict[str, str]]:
    """The same query answered by rdflib over the local file."""
    ds = Dataset().parse(path, format="trig")
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in ds.query(query)]  # type: ignore[union-attr]


@pytest.mark.tools
def test_push_trig_matches_rdflib(demo_out: Path, oxigraph: str) -> None:
    trig = demo_out / "graph.trig"
    for _ in range(2):  # PUT replaces: pushing twice leaves the same store
        result = runner.invoke(app, ["push", str(trig), "--endpoint", f"{oxigraph}/store"])
        assert result.exit_code == 0, result.output
    assert "pushed" in result.output.splitlines()[-1]
    assert _select(oxigraph, STATEMENTS) == _local(trig, STATEMENTS)
    assert int(_select(oxigraph, STATEMENTS)[0]["n"]) > 10
    attacks = _select(oxigraph, ATTACKS)
    assert attacks and sorted(map(str, attacks)) == sorted(map(str, _local(trig, ATTACKS)))
    assert int(_select(oxigraph, QUADS)[0]["n"]) == sum(1 for _ in Dataset().parse(trig, format="trig").quads())


@pytest.mark.tools
def test_push_turtle_into_named_graph(demo_out: Path, oxigraph: str) -> None:
    iri = "https://example.org/graph/geokg-demo"
    result = runner.invoke(app, ["push", str(demo_out / "graph.ttl"), "--endpoint", f"{oxigraph}/store",
                                 "--graph", iri])
    assert result.exit_code == 0, result.output
    rows = _select(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert int(rows[0]["n"]) == len(Graph().parse(demo_out / "graph.ttl"))


@pytest.mark.tools
def test_push_refused_is_one_line(demo_out: Path, oxigraph: str) -> None:
    result = runner.invoke(app, ["push", str(demo_out / "graph.ttl"), "--endpoint", f"{oxigraph}/no/such/store"])
    assert result.exit_code == 2
    assert "push refused" in result.output and "HTTP 404" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@dataclass
class Script:
    """What the loopback server answers (status, body) per method and graph IRI, and what it was asked."""

    answers: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            from urllib.parse import parse_qs, urlsplit

            query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            graph = query["graph"][0] if "graph" in query else "default"
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            script.requests.append((self.command, graph, dict(self.headers), body))
            status, content = script.answers.get((self.command, graph), (204 if self.command != "GET" else 404, b""))
            self.send_response(status)
            self.send_header("Content-Type", "application/n-triples" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


@pytest.fixture
def loopback() -> Iterator[Callable[[Script], str]]:
    """Start a scripted Graph Store on loopback; yields a function Script → endpoint URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(script: Script) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/ds/data"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_push_sends_basic_auth(demo_out: Path, loopback: Callable[[Script], str]) -> None:
    script = Script()
    endpoint = loopback(script)
    result = runner.invoke(app, ["push", str(demo_out / "graph.ttl"), "--endpoint", endpoint,
                                 "--user", "admin", "--add"], env={"GEOKG_PASSWORD": "s3cret:pw"})
    assert result.exit_code == 0, result.output
    [(method, graph, headers, body)] = script.requests
    assert (method, graph) == ("POST", "default")
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"admin:s3cret:pw").decode()
    assert headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == len(Graph().parse(demo_out / "graph.ttl"))


TRIG = """
<https://example.org/a> { <https://example.org/s> <https://example.org/p> "new a" . }
<https://example.org/b> { <https://example.org/s> <https://example.org/p> "new b" . }
<https://example.org/c> { <https://example.org/s> <https://example.org/p> "new c" . }
"""


def test_push_puts_back_what_it_replaced(tmp_path: Path, loopback: Callable[[Script], str]) -> None:
    saved_a = b'<https://example.org/s> <https://example.org/p> "old a" .\n'
    script = Script({("GET", "https://example.org/a"): (200, saved_a),
                     ("PUT", "https://example.org/c"): (500, b"Transaction aborted: disk full\nat line 2\n")})
    (tmp_path / "g.trig").write_text(TRIG, encoding="utf-8")
    result = runner.invoke(app, ["push", str(tmp_path / "g.trig"), "--endpoint", loopback(script)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "HTTP 500" in result.output and "disk full" in result.output and "put back" in result.output
    calls = [(m, g.rsplit("/", 1)[-1]) for m, g, _, _ in script.requests]
    assert calls == [("GET", "a"), ("GET", "b"), ("GET", "c"), ("PUT", "a"), ("PUT", "b"), ("PUT", "c"),
                     ("PUT", "a"), ("DELETE", "b")]
    assert script.requests[-2][3] == saved_a  # graph a restored byte for byte, graph b (new) removed


def test_push_refuses_before_writing_when_a_graph_cannot_be_read(tmp_path: Path,
                                                                 loopback: Callable[[Script], str]) -> None:
    script = Script({("GET", "https://example.org/b"): (401, b"Unauthorized")})
    (tmp_path / "g.nq").write_text(Dataset().parse(data=TRIG, format="trig").serialize(format="nquads"),
                                   encoding="utf-8")
    result = runner.invoke(app, ["push", str(tmp_path / "g.nq"), "--endpoint", loopback(script)])
    assert result.exit_code == 2 and "HTTP 401" in result.output
    assert {m for m, *_ in script.requests} == {"GET"}


@pytest.mark.parametrize("target, extra, message", [
    ("{out}", [], "is a folder"),
    ("{out}/nope.trig", [], "graph not found"),
    ("{out}/statements.jsonl", [], "not an RDF export"),
    ("{out}/graph.ttl", ["--graph", "news"], "absolute IRI"),
    ("{out}/graph.ttl", ["--endpoint", "ftp://127.0.0.1/store"], "http:// or https://"),
])
def test_push_bad_input_is_one_line(demo_out: Path, target: str, extra: list[str], message: str) -> None:
    args = ["push", target.format(out=demo_out), "--endpoint", "http://127.0.0.1:9/store", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_push_unreachable_endpoint(demo_out: Path) -> None:
    result = runner.invoke(app, ["push", str(demo_out / "graph.ttl"), "--endpoint", f"http://127.0.0.1:{free_port()}/x"])
    assert result.exit_code == 2 and "cannot reach" in result.output
    assert len(result.output.strip().splitlines()) == 1
