"""geokg serve's JSON API (docs/explorer-api.md) over a real store: records, filters, bounds, errors, a live reload."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from geokg.api import LIMITS, Answers
from geokg.extract.model import Document
from geokg.graph.store import GraphStore
from geokg.graph.workbench import Index, Live, load_index
from geokg.serve import Settings, create_app
from servers import free_port

ID = "https://w3id.org/geokg/id/"
RUSSIA, TRUMP, PUTIN = ID + "russland", ID + "donald-trump", ID + "wladimir-putin"
GEOKG = Path(sys.executable).parent / "geokg"
STATEMENT_KEYS = {"id", "evidence", "document", "document_title", "date", "published", "attributed_to", "modality",
                  "rule", "confidence", "subject", "object", "relation", "family", "negated", "char_start",
                  "char_end", "url"}
NODE_KEYS = {"id", "label", "type", "alt_labels", "wikidata", "role", "importance", "size", "statements"}
EDGE_KEYS = {"id", "from", "to", "relation", "family", "negated", "statements", "count", "smooth"}


@pytest.fixture(scope="module")
def client(workbench_store: Path) -> Iterator[TestClient]:
    """The application over the workbench store, its index made."""
    live = Live(workbench_store)
    live.load_now()
    with TestClient(create_app(Settings(workbench_store), live), base_url="http://127.0.0.1:8000") as test:
        yield test


def get(client: TestClient, path: str, **params: Any) -> Any:
    """The JSON of a 200 answer."""
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"
    return answer.json()


def label_of(client: TestClient, entity: str) -> str:
    return str(get(client, "/api/entity", id=entity)["label"])


@pytest.mark.parametrize("path, params, key", [
    ("/api/meta", {}, "totals"),
    ("/api/entity", {"id": RUSSIA}, "label"),
    ("/api/overview", {}, "nodes"),
    ("/api/search", {"q": "russ"}, "items"),
    ("/api/neighbourhood", {"id": RUSSIA}, "edges"),
    ("/api/statements", {"entity": RUSSIA}, "items"),
    ("/api/timeline", {}, "event"),
    ("/api/path", {"from": RUSSIA, "to": TRUMP}, "paths"),
])
def test_serve_api_answers_json_that_no_cache_keeps(client: TestClient, path: str, params: dict[str, str],
                                                    key: str) -> None:
    assert get(client, path, **params)[key]


def test_serve_api_meta_counts_the_whole_store(client: TestClient, workbench_store: Path) -> None:
    meta = get(client, "/api/meta")
    with GraphStore(workbench_store, read_only=True) as kg:
        statements = kg.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a gkg:Statement }").rows()[0][0]
        documents = len(kg.documents())
    assert meta["totals"]["statements"] == int(statements or 0) and meta["totals"]["documents"] == documents
    assert sum(r["count"] for r in meta["relations"]) == meta["totals"]["statements"]
    assert meta["dates"]["event"][0] <= meta["dates"]["event"][1] and meta["dates"]["published"]
    assert set(meta["styles"]["types"]) >= {"Person", "Country"} and meta["limits"]["search"] == list(LIMITS["search"])


def test_serve_api_search_by_other_name(client: TestClient) -> None:
    found = get(client, "/api/search", q="Putin")
    best = found["items"][0]
    assert (best["id"], best["label"], best["matched"]) == (PUTIN, "Wladimir Putin", "Putin")
    assert set(best) == NODE_KEYS | {"matched"} and found["total"] >= 1


@pytest.mark.parametrize("path, params, listed", [
    ("/api/search", {"q": "e"}, "items"),
    ("/api/neighbourhood", {"id": RUSSIA}, "nodes"),
    ("/api/statements", {"entity": RUSSIA}, "items"),
    ("/api/overview", {}, "nodes"),
])
def test_serve_api_lists_are_bounded_and_say_so(client: TestClient, path: str, params: dict[str, str],
                                                listed: str) -> None:
    whole = get(client, path, **params, limit=LIMITS[path.rsplit("/", 1)[-1]][1])
    cut = get(client, path, **params, limit=2)
    assert len(cut[listed]) == 2 and cut.get("cut", cut.get("meta", {}).get("cut")) is True
    assert len(whole[listed]) > 2


def test_serve_api_neighbourhood_links_the_entity_to_its_neighbours(client: TestClient) -> None:
    around = get(client, "/api/neighbourhood", id=RUSSIA, limit=4, per_link=2)
    shown = {n["id"] for n in around["nodes"]}
    assert around["node"]["id"] == RUSSIA and len(shown) == 4 and around["total"] >= 4
    assert {e["from"] for e in around["edges"]} | {e["to"] for e in around["edges"]} == shown | {RUSSIA}
    for edge in around["edges"]:
        assert set(edge) == EDGE_KEYS and RUSSIA in (edge["from"], edge["to"]) and len(edge["statements"]) <= 2
        assert all(set(s) == STATEMENT_KEYS for s in edge["statements"])
        listed = get(client, "/api/statements", subject=edge["from"], object=edge["to"], relation=edge["relation"],
                     negated=str(edge["negated"]).lower())
        assert listed["total"] == edge["count"]
        assert [s["id"] for s in listed["items"][:len(edge["statements"])]] == \
               [s["id"] for s in reversed(edge["statements"])], "the edge lists the latest, the page the newest first"


def test_serve_api_edge_ids_are_stable_across_answers(client: TestClient) -> None:
    """The page merges edges from several calls: one link, one id."""
    ids: dict[tuple[str, str, str, bool], set[str]] = {}
    for answer in (get(client, "/api/neighbourhood", id=RUSSIA), get(client, "/api/neighbourhood", id=PUTIN),
                   get(client, "/api/overview"), get(client, "/api/path", **{"from": RUSSIA, "to": TRUMP})):
        for e in answer["edges"]:
            ids.setdefault((e["from"], e["to"], e["relation"], e["negated"]), set()).add(e["id"])
    assert ids and all(len(found) == 1 for found in ids.values())
    assert len({next(iter(v)) for v in ids.values()}) == len(ids)


def test_serve_api_statements_page_through_all_newest_first(client: TestClient) -> None:
    first = get(client, "/api/statements", entity=RUSSIA, limit=500)
    pages = [get(client, "/api/statements", entity=RUSSIA, limit=3, offset=o)["items"]
             for o in range(0, first["total"], 3)]
    assert [s["id"] for page in pages for s in page] == [s["id"] for s in first["items"]]
    days = [s["date"] or s["published"] or "" for s in first["items"]]
    assert days == sorted(days, reverse=True) and len(days) == first["total"] > 3
    assert all(RUSSIA in (s["subject"], s["object"]) for s in first["items"])


@pytest.mark.parametrize("params, keeps", [
    ({"families": "conflict"}, lambda s: s["family"] == "conflict"),
    ({"relations": "meets,visits"}, lambda s: s["relation"] in ("meets", "visits")),
    ({"negated": "false"}, lambda s: not s["negated"]),
    ({"min_confidence": "0.8"}, lambda s: (s["confidence"] or 0) >= 0.8),
    ({"from": "2025-09-01", "to": "2025-09-30"}, lambda s: "2025-09-01" <= (s["date"] or "") <= "2025-09-30"),
    ({"from": "2025-09-04", "to": "2025-09-04", "date": "published"}, lambda s: s["published"] == "2025-09-04"),
    ({"modality": "Reported,Intended"}, lambda s: s["modality"] in ("Reported", "Intended")),
])
def test_serve_api_filters_narrow_every_answer(client: TestClient, params: dict[str, str], keeps: Any) -> None:
    everything = get(client, "/api/statements", entity=RUSSIA, limit=500)["items"]
    narrowed = get(client, "/api/statements", entity=RUSSIA, limit=500, **params)
    assert [s["id"] for s in narrowed["items"]] == [s["id"] for s in everything if keeps(s)]
    overview = get(client, "/api/overview", limit=1000, per_link=50, **params)
    assert all(keeps(s) for e in overview["edges"] for s in e["statements"])
    timeline = get(client, "/api/timeline", **params)
    assert timeline["total"] == overview["meta"]["total_statements"]


def test_serve_api_overview_filters_first_then_cuts(client: TestClient) -> None:
    meta = get(client, "/api/meta")
    conflict = next(f["count"] for f in meta["families"] if f["family"] == "conflict")
    overview = get(client, "/api/overview", families="conflict", limit=3)
    assert overview["meta"]["total_statements"] == conflict and overview["meta"]["shown_nodes"] == 3
    assert overview["edges"] and all(e["family"] == "conflict" for e in overview["edges"])
    kept = {n["id"] for n in overview["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in overview["edges"])
    everyone = get(client, "/api/overview", families="conflict", limit=1000)
    importance = sorted((n["importance"] for n in everyone["nodes"]), reverse=True)
    assert sorted((n["importance"] for n in overview["nodes"]), reverse=True) == importance[:3]


def test_serve_api_overview_ranked_by_statements(client: TestClient) -> None:
    """rank=statements keeps the entities in most passing statements, as the static page draws them."""
    top = get(client, "/api/overview", limit=3, rank="statements", families="diplomacy")
    everyone = get(client, "/api/overview", limit=1000, per_link=1, families="diplomacy")
    count: Counter[str] = Counter()
    for edge in everyone["edges"]:
        count[edge["from"]] += edge["count"]
        count[edge["to"]] += edge["count"] if edge["to"] != edge["from"] else 0
    assert sorted(count[n["id"]] for n in top["nodes"]) == sorted(count.values())[-3:]
    assert client.get("/api/overview", params={"rank": "fame"}).status_code == 400


def test_serve_api_timeline_keeps_the_dates_apart(client: TestClient) -> None:
    meta, line = get(client, "/api/meta"), get(client, "/api/timeline")
    assert sum(x["count"] for x in line["event"]) + line["no_event_date"] == meta["totals"]["statements"]
    assert line["undated"] == meta["dates"]["undated"]
    assert {x["day"] for x in line["published"]} != {x["day"] for x in line["event"]}
    mine = get(client, "/api/timeline", entity=RUSSIA)
    assert mine["total"] == get(client, "/api/statements", entity=RUSSIA)["total"]


def test_serve_api_path_between_two_actors(client: TestClient) -> None:
    found = get(client, "/api/path", **{"from": RUSSIA, "to": TRUMP, "max": 2})
    assert found["paths"] and len(found["paths"]) <= 2 and found["length"] == len(found["paths"][0]) - 1
    on = {n["id"] for n in found["nodes"]}
    for path in found["paths"]:
        assert (path[0], path[-1]) == (RUSSIA, TRUMP) and set(path) <= on
        for a, b in zip(path, path[1:]):
            assert any({e["from"], e["to"]} == {a, b} for e in found["edges"])


def test_serve_api_path_under_filters(client: TestClient) -> None:
    found = get(client, "/api/path", **{"from": RUSSIA, "to": TRUMP, "families": "diplomacy,static"})
    assert found["paths"] and all(e["family"] in ("diplomacy", "static") for e in found["edges"])
    nothing = get(client, "/api/path", **{"from": RUSSIA, "to": TRUMP, "families": "conflict"})
    assert (nothing["paths"], nothing["length"], nothing["edges"]) == ([], None, [])
    assert client.get("/api/path", params={"from": RUSSIA, "to": TRUMP, "date": "event",
                                           "undated": "maybe"}).status_code == 400


def test_serve_api_document_highlights_evidence_in_its_text(client: TestClient) -> None:
    statement = get(client, "/api/statements", entity=RUSSIA, limit=1)["items"][0]
    doc = get(client, "/api/document", id=statement["document"])
    assert doc["text"] and doc["note"] is None and doc["total"] == len(doc["statements"])
    for s in doc["statements"]:
        assert doc["text"][s["char_start"]:s["char_end"]] == s["evidence"]
    assert [s["char_start"] for s in doc["statements"]] == sorted(s["char_start"] for s in doc["statements"])
    assert get(client, "/api/document", id=statement["document"].rsplit("/", 1)[-1])["id"] == doc["id"]


def test_serve_api_markup_labels_stay_plain_json_strings(client: TestClient, markup_name: str) -> None:
    """A label that is markup comes back as the very string: the page sets it as text."""
    answer = client.get("/api/search", params={"q": "script"})
    assert answer.headers["x-content-type-options"] == "nosniff"
    [item] = [i for i in answer.json()["items"] if i["label"] == markup_name]
    doc = get(client, "/api/document", id="0123456789abcdef")
    assert doc["text"] is None and "no text" in doc["note"] and doc["statements"][0]["subject_label"] == markup_name
    assert doc["statements"][0]["evidence"].startswith(markup_name)
    statements = get(client, "/api/statements", entity=item["id"])["items"]
    assert statements[0]["evidence"].startswith(markup_name)


@pytest.mark.parametrize("path, params, says", [
    ("/api/search", {}, "give q"),
    ("/api/search", {"q": "x" * 101}, "at most 100"),
    ("/api/search", {"q": "a", "limit": "0"}, "limit must be"),
    ("/api/search", {"q": "a", "limit": "101"}, "from 1 to 100"),
    ("/api/search", {"q": "a", "limit": "ten"}, "limit must be"),
    ("/api/search", {"q": "a", "colour": "red"}, "unknown parameter 'colour'"),
    ("/api/overview", {"families": "war"}, "unknown family 'war'"),
    ("/api/overview", {"relations": "attacks,hugs"}, "unknown relation 'hugs'"),
    ("/api/overview", {"types": "Alien"}, "unknown type 'Alien'"),
    ("/api/overview", {"modality": "asserted"}, "unknown modality"),
    ("/api/timeline", {"from": "2025-02-30"}, "from must be a day"),
    ("/api/timeline", {"to": "04.09.2025"}, "to must be a day"),
    ("/api/timeline", {"from": "2025-09-05", "to": "2025-09-04"}, "is after to"),
    ("/api/timeline", {"date": "tomorrow"}, "date must be event or published"),
    ("/api/timeline", {"min_confidence": "1.5"}, "min_confidence must be"),
    ("/api/timeline", {"min_confidence": "nan"}, "min_confidence must be"),
    ("/api/timeline", {"negated": "yes"}, "negated must be true or false"),
    ("/api/statements", {}, "give entity"),
    ("/api/statements", {"entity": RUSSIA, "subject": RUSSIA}, "not both"),
    ("/api/statements", {"subject": RUSSIA, "object": PUTIN}, "give relation"),
    ("/api/statements", {"entity": RUSSIA, "offset": "-1"}, "offset must be"),
    ("/api/neighbourhood", {}, "give id"),
    ("/api/path", {"from": RUSSIA, "to": RUSSIA}, "the same entity"),
    ("/api/path", {"from": RUSSIA, "to": TRUMP, "max": "21"}, "max must be"),
])
def test_serve_api_bad_parameters_are_a_400_with_one_line(client: TestClient, path: str, params: dict[str, str],
                                                          says: str) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert says in error and "\n" not in error and list(answer.json()) == ["error"]


def test_serve_api_a_parameter_given_twice_is_a_400(client: TestClient) -> None:
    answer = client.get("/api/search?q=a&q=b")
    assert answer.status_code == 400 and "give q once" in answer.json()["error"]


@pytest.mark.parametrize("path, params", [
    ("/api/entity", {"id": ID + "nobody"}),
    ("/api/neighbourhood", {"id": ID + "nobody"}),
    ("/api/statements", {"entity": "nobody"}),
    ("/api/timeline", {"entity": ID + "nobody"}),
    ("/api/path", {"from": RUSSIA, "to": ID + "nobody"}),
    ("/api/document", {"id": "fffffff"}),
    ("/api/overview", {"document": "fffffff"}),
    ("/api/nothing", {}),
])
def test_serve_api_unknown_ids_are_a_404(client: TestClient, path: str, params: dict[str, str]) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 404 and answer.json()["error"]


@pytest.mark.parametrize("path", ["/api/meta", "/api/search?q=a", "/", "/static/explorer.js"])
def test_serve_api_refuses_another_host(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Host": "rebound.example:8000"})
    assert answer.status_code == 403 and "not to rebound.example" in answer.text


def test_serve_api_only_get(client: TestClient) -> None:
    assert client.post("/api/meta").status_code == 405


def test_serve_api_answers_503_until_the_index_is_made(workbench_store: Path) -> None:
    release = threading.Event()

    def slow(path: Path, stamp: tuple[object, ...]) -> Index:
        release.wait(60)
        return load_index(path, stamp)

    live = Live(workbench_store, load=slow)
    live.start()
    with TestClient(create_app(Settings(workbench_store), live), base_url="http://127.0.0.1") as test:
        waiting = test.get("/api/meta")
        assert waiting.status_code == 503 and "being made" in waiting.json()["error"]
        assert waiting.headers["retry-after"]
        release.set()
        assert live.wait(60) is not None
        assert test.get("/api/meta").status_code == 200


def _json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def _when_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> Any:
    """The JSON at url once the server answers it with 200 (its index made)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return _json(url)
        except (urllib.error.URLError, OSError):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, f"no answer from {url}"
            time.sleep(0.2)


@pytest.mark.slow
def test_serve_api_a_real_server_follows_a_growing_store(growing_store: tuple[Path, Document]) -> None:
    """geokg serve in its own process over HTTP: explorer, API and SPARQL; a document added meanwhile shows up."""
    path, second = growing_store
    base = f"http://127.0.0.1:{free_port()}"
    proc = subprocess.Popen([str(GEOKG), "-q", "serve", "--store", str(path), "--port", base.rsplit(":", 1)[1]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    try:
        before = _when_up(f"{base}/api/meta", proc)["totals"]
        assert before["documents"] == 1
        with urllib.request.urlopen(f"{base}/", timeout=30) as page:
            assert page.status == 200 and b"/api" in page.read()
        found = _json(f"{base}/api/search?q=Putin")["items"]
        assert found[0]["label"] == "Wladimir Putin"
        sparql = f"{base}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s gkg:attacks ?o }"})
        assert _json(sparql)["boolean"] is True
        with GraphStore(path) as kg:
            kg.add(second)
        deadline = time.monotonic() + 120
        while (now := _json(f"{base}/api/meta")["totals"]) == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert now["documents"] == 2 and now["statements"] == before["statements"] + len(second.statements)
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()


def test_serve_api_kept_answers_stay_within_their_budget() -> None:
    kept = Answers(budget=10)
    made: list[str] = []

    def make(text: str) -> Any:
        return lambda: (made.append(text), text.encode())[1]

    assert kept.get(("a",), make("aaaa")) == b"aaaa" and kept.get(("a",), make("other")) == b"aaaa"
    kept.get(("b",), make("bbbb"))
    kept.get(("a",), make("again"))  # a is now the most recently asked
    kept.get(("c",), make("cccc"))
    assert list(kept.kept) == [("a",), ("c",)] and kept.size == 8 and made == ["aaaa", "bbbb", "cccc"]
    kept.get(("d",), make("x" * 20))
    assert kept.size <= 10
