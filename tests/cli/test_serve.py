"""geokg serve: the SPARQL 1.1 Protocol over a store, read-only, safe, with a form a browser can send."""
from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geokg.cli import app
from geokg.errors import GeokgError
from geokg.serve import Server, make_server
from test_query_safety import CROSS, Listener

runner = CliRunner()
COUNT = "SELECT (COUNT(?st) AS ?n) WHERE { ?st a gkg:Statement }"
ATTACKS = "SELECT ?a ?b WHERE { ?x gkg:attacks ?y . ?x rdfs:label ?a . ?y rdfs:label ?b } ORDER BY ?a ?b"


@pytest.fixture(scope="module")
def store(demo_store: Path) -> Path:
    """The demo's graphs as a store."""
    return demo_store


def _running(server: Server) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def endpoint(store: Path) -> Iterator[str]:
    """geokg serve on a free loopback port, in this process; its /sparql URL."""
    yield from _running(make_server(store, port=0, timeout=10, quiet=True))


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
             method: str | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of a request (an error status is an answer too)."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers.get("Content-Type", ""), err.read()


def _get(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
    return _request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def _geokg_rows(store: Path, query: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["query", "--store", str(store), query, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def test_serve_get_json_like_geokg_query(endpoint: str, store: Path) -> None:
    status, media, body = _get(endpoint, ATTACKS)
    assert status == 200 and media == "application/sparql-results+json"
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]
    assert rows == _geokg_rows(store, ATTACKS) and {"a": "Russland", "b": "Odessa"} in rows


@pytest.mark.parametrize("how", ["sparql-query", "form"])
@pytest.mark.parametrize("accept, media", [
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
])
def test_serve_post_in_every_results_format(how: str, accept: str, media: str, endpoint: str, store: Path) -> None:
    if how == "form":
        data, kind = urllib.parse.urlencode({"query": COUNT}).encode(), "application/x-www-form-urlencoded"
    else:
        data, kind = COUNT.encode(), "application/sparql-query"
    status, found, body = _request(endpoint, data=data, headers={"Content-Type": kind, "Accept": accept})
    assert status == 200 and found == media
    assert _values(accept, body) == [_geokg_rows(store, COUNT)[0]["n"]]


def _values(media: str, body: bytes) -> list[str]:
    """The values of the one column of SPARQL results in a format (read without pyoxigraph, whose result
    objects belong to the thread that made them)."""
    text = body.decode("utf-8")
    if media == "text/csv":
        return [row[0] for row in csv.reader(io.StringIO(text))][1:]
    if media == "text/tab-separated-values":  # literals in N-Triples syntax: "31"^^<…#integer>
        return [line.split("^^")[0].strip('"') for line in text.splitlines()[1:]]
    if media == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [e.text or "" for e in ElementTree.fromstring(text).findall(".//r:binding/r:literal", ns)]
    return [b["n"]["value"] for b in json.loads(text)["results"]["bindings"]]


@pytest.mark.parametrize("query, accept, media, check", [
    ("ASK { ?s gkg:attacks ?o }", "application/sparql-results+json", "application/sparql-results+json",
     lambda body: json.loads(body)["boolean"] is True),
    ("CONSTRUCT { ?s gkg:attacks ?o } WHERE { ?s gkg:attacks ?o }", "text/turtle", "text/turtle; charset=utf-8",
     lambda body: b"https://w3id.org/geokg/ontology#attacks" in body),
    ("CONSTRUCT { ?s gkg:attacks ?o } WHERE { ?s gkg:attacks ?o }", "*/*", "application/n-triples; charset=utf-8",
     lambda body: body.count(b"\n") >= 1),
])
def test_serve_ask_and_construct(query: str, accept: str, media: str, check: Any, endpoint: str) -> None:
    status, found, body = _get(endpoint, query, accept)
    assert status == 200 and found == media and check(body)


@pytest.mark.parametrize("make, status, says", [
    (lambda u: _get(u, COUNT, "image/png"), 406, "answers come as"),
    (lambda u: _request(u, data=b"INSERT DATA { <http://a/s> <http://a/p> 1 }",
                        headers={"Content-Type": "application/sparql-update"}), 403, "read-only"),
    (lambda u: _request(u, data=b"update=CLEAR+ALL", headers={"Content-Type": "application/x-www-form-urlencoded"}),
     403, "read-only"),
    (lambda u: _get(u, "CLEAR ALL"), 403, "CLEAR is an update"),
    (lambda u: _get(u, "SELECT WHERE {"), 400, "query failed"),
    (lambda u: _request(u), 400, "exactly one query"),
    (lambda u: _request(u, data=b"x", headers={"Content-Type": "text/plain"}), 415, "application/sparql-query"),
    (lambda u: _request(u.replace("/sparql", "/store")), 404, "/sparql"),
    (lambda u: _request(f"{u}?query=ASK%7B%7D", headers={"Host": "evil.example:80"}), 403, "not to evil.example"),
    (lambda u: _request(f"{u}?query=ASK%7B%7D&default-graph-uri=http://x/"), 400, "not supported"),
])
def test_serve_errors_are_one_line_with_a_status(make: Any, status: int, says: str, endpoint: str) -> None:
    found, media, body = make(endpoint)
    assert found == status and media.startswith("text/plain")
    assert says in body.decode() and body.decode().count("\n") == 1


def test_serve_explorer_page_at_the_root(endpoint: str) -> None:
    status, media, page = _request(endpoint.replace("/sparql", "/"))
    assert status == 200 and media.startswith("text/html") and b"/api" in page
    status, media, script = _request(endpoint.replace("/sparql", "/static/explorer.js"))
    assert status == 200 and "javascript" in media and script
    assert _request(endpoint.replace("/sparql", "/static/nothing.js"))[0] == 404


def test_serve_service_reaches_nobody(endpoint: str) -> None:
    listener = Listener()
    try:
        found, _, body = _get(endpoint, f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)
        assert found == 403 and b"SERVICE" in body and listener.received == []
    finally:
        listener.close()


def test_serve_a_runaway_query_stops_at_the_timeout(store: Path) -> None:
    for url in _running(make_server(store, port=0, timeout=1.5, quiet=True)):
        started = time.monotonic()
        found, _, body = _get(url, CROSS)
        assert found == 503 and b"timeout of 1.5 s" in body
        assert time.monotonic() - started < 30


def test_serve_binds_loopback_and_names_a_busy_port(store: Path) -> None:
    server = make_server(store, port=0, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
        # asyncio sets TCP_NODELAY on a connection only if its socket names TCP: else keep-alive answers wait 40 ms
        assert server.socket.proto == socket.IPPROTO_TCP
        with pytest.raises(GeokgError, match="cannot listen on 127.0.0.1"):
            make_server(store, port=server.server_address[1], quiet=True)
    finally:
        server.server_close()
    with pytest.raises(GeokgError, match="no store at"):
        make_server(store.parent / "none")


def test_serve_geokg_query_endpoint_runs_the_library(endpoint: str, store: Path) -> None:
    for name in ("who-did-what", "conflict-cooperation", "who-is-who"):
        remote = runner.invoke(app, ["query", "--endpoint", endpoint, name, "--format", "json"])
        assert remote.exit_code == 0, remote.output
        assert json.loads(remote.stdout) == _geokg_rows(store, name) and json.loads(remote.stdout)


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser sends


def test_serve_form_and_html_answer_for_a_browser(endpoint: str) -> None:
    status, media, page = _request(endpoint, headers={"Accept": BROWSER})
    assert status == 200 and media.startswith("text/html") and b'action="/sparql"' in page
    status, media, body = _get(endpoint, ATTACKS + " # <script>alert(1)</script>", BROWSER)
    assert status == 200 and media.startswith("text/html")
    assert b"<td>Russland</td><td>Odessa</td>" in body and b"<script>" not in body


@pytest.mark.browser
def test_serve_a_browser_sends_a_query(endpoint: str) -> None:
    from pathlib import Path as _Path

    if not _Path("/usr/bin/chromium").exists():
        pytest.skip("chromium is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(endpoint)
            page.click("button[type=submit]")
            page.wait_for_selector("table", timeout=30000)
            assert "Russland" in page.inner_text("table") and "Odessa" in page.inner_text("table")
        finally:
            browser.close()
