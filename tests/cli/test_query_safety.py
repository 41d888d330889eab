"""Queries never reach the network and stop at their timeout: a local listener records whether anything came.

Every refused query names a URL of the listener, so that a query that slipped through would reach it;
`test_query_safety_the_listener_hears_an_allowed_service` shows that it does hear one.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geokg.cli import app

runner = CliRunner()
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A TCP listener on loopback that records every connection and the bytes it sent, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The base URL of the listener."""
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(65536) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        """Stop listening."""
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A fresh listener for each test."""
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def store(demo_store: Path) -> Path:
    """The demo's graphs as a store."""
    return demo_store


def _run(*args: str) -> tuple[int, list[str], str]:
    """geokg ARGS in this process: exit status, the lines on stderr, stdout."""
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output + result.stderr, result.stderr
    return result.exit_code, [ln for ln in result.stderr.splitlines() if ln.strip()], result.stdout


#: Queries that would reach {url} if they ran, and what the refusal says.
REACHING = [
    ("SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }", "SERVICE <{url}/sparql>"),
    ("SELECT * WHERE { ?x a gkg:Statement . SERVICE SILENT <{url}/sparql> { ?x ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <{url}/> { ?s ?p ?o } }", "SERVICE <{url}/>"),
    ("SELECT * FROM <{url}/graph.ttl> WHERE { ?s ?p ?o }", "FROM <{url}/graph.ttl>"),
    ("SELECT * FROM NAMED <{url}/graph.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ("LOAD <{url}/data.ttl>", "LOAD is an update"),
    ("INSERT DATA { <{url}/s> <{url}/p> <{url}/o> }", "INSERT is an update"),
]


@pytest.mark.parametrize("where", ["file", "store", "endpoint"])
@pytest.mark.parametrize("query, says", REACHING, ids=[f"q{i}" for i in range(len(REACHING))])
def test_query_safety_refuses_with_one_line_and_sends_nothing(query: str, says: str, where: str, listener: Listener,
                                                             demo_out: Path, store: Path) -> None:
    text = query.replace("{url}", listener.url)
    target = {"file": [str(demo_out / "graph.ttl"), text], "store": ["--store", str(store), text],
              "endpoint": ["--endpoint", f"{listener.url}/sparql", text]}[where]
    code, lines, _ = _run("query", *target)
    time.sleep(0.3)  # a connection that was made has had time to be recorded
    assert code == 2 and len(lines) == 1 and lines[0].startswith("geokg: error: query refused: ")
    assert says.replace("{url}", listener.url) in lines[0]
    assert listener.received == []


def test_query_safety_a_shared_rq_file_is_checked_too(tmp_path: Path, listener: Listener, demo_out: Path) -> None:
    rq = tmp_path / "shared.rq"
    rq.write_text(f"# Looks harmless?\nSELECT * WHERE {{ ?s ?p ?o SERVICE <{listener.url}/x> {{ ?s ?p ?o }} }}\n",
                  encoding="utf-8")
    code, lines, _ = _run("query", str(demo_out / "graph.ttl"), str(rq))
    assert code == 2 and "SERVICE" in lines[0] and listener.received == []


@pytest.mark.parametrize("command", ["query", "stats", "push"])
def test_query_safety_no_remote_jsonld_context(command: str, tmp_path: Path, listener: Listener) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": f"{listener.url}/context.jsonld",
                                "@id": "https://w3id.org/geokg/id/a", "label": "A"}), encoding="utf-8")
    args = {"query": [str(path), "SELECT * WHERE { ?s ?p ?o }"], "stats": [str(path)],
            "push": [str(path), "--endpoint", "http://127.0.0.1:9/store"]}[command]
    code, lines, _ = _run(command, *args)
    time.sleep(0.3)
    assert code == 2 and len(lines) == 1 and f"cannot parse {path}" in lines[0]
    assert listener.received == []


def test_query_safety_the_listener_hears_an_allowed_service(listener: Listener, demo_out: Path) -> None:
    """With --allow-service the engine does call out: the listener works, and the failure is still one line."""
    code, lines, _ = _run("query", str(demo_out / "graph.ttl"), "--allow-service", "--timeout", "20",
                          f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
    assert listener.received and listener.received[0].startswith(b"POST /sparql")
    assert code == 2 and len(lines) == 1 and lines[0].startswith("geokg: error: query failed")


@pytest.mark.parametrize("where", ["file", "store"])
def test_query_safety_a_runaway_query_stops_at_the_timeout(where: str, demo_out: Path, store: Path) -> None:
    target = [str(demo_out / "graph.ttl"), CROSS] if where == "file" else ["--store", str(store), CROSS]
    started = time.monotonic()
    code, lines, _ = _run("query", *target, "--timeout", "1.5")
    assert code == 2 and lines == ["geokg: error: query stopped at its timeout of 1.5 s "
                                   "(--timeout SECONDS allows more)"]
    assert time.monotonic() - started < 30  # killed, not waited for (it would run for hours)


@pytest.mark.parametrize("args, says", [
    (["--timeout", "0"], "--timeout must be more than 0 seconds"),
    (["--timeout", "-3"], "--timeout must be more than 0 seconds"),
])
def test_query_safety_timeout_must_be_positive(args: list[str], says: str, demo_out: Path) -> None:
    code, lines, _ = _run("query", str(demo_out / "graph.ttl"), "SELECT * WHERE { ?s ?p ?o }", *args)
    assert code == 2 and lines == [f"geokg: error: {says}, not {float(args[1]):g}"]


def test_query_safety_engine_errors_are_one_line(demo_out: Path) -> None:
    code, lines, _ = _run("query", str(demo_out / "graph.ttl"), "SELECT ?x WHERE { ?x ?y }")
    assert code == 2 and len(lines) == 1 and lines[0].startswith("geokg: error: query failed: ")
