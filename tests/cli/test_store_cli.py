"""The store from the command line: build --store, query --store, export --store, a killed build, oxigraph serve."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geokg.extract.pipeline import extract
from geokg.build import read_inputs
from geokg.cli import app
from geokg.graph.query import query_text
from geokg.graph.store import GraphStore
from servers import oxigraph_serve

runner = CliRunner()
GEOKG = Path(sys.executable).parent / "geokg"
ATTACKS = "SELECT ?a ?b WHERE { ?x gkg:attacks ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
LABELS = "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }"


def invoke(*args: str) -> str:
    """Run geokg in-process; the output, after checking the exit status is 0."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def store(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample liveblog, built from the command line."""
    path = tmp_path_factory.mktemp("cli") / "kg"
    assert invoke("build", str(sample), "--store", str(path)).startswith("added seed-liveblog.txt")
    return path


def test_store_cli_build_again_adds_nothing_and_writes_no_files(store: Path, sample: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with GraphStore(store) as kg:
        before = {str(q) for q in kg.store}
    output = invoke("build", str(sample), "--store", str(store))
    assert output.startswith("unchanged seed-liveblog.txt") and "already in the store" in output
    with GraphStore(store) as kg:
        assert {str(q) for q in kg.store} == before
    assert not (tmp_path / "out").exists()  # no --out: no file exports


def test_store_cli_same_file_name_in_two_folders_stays_two_documents(tmp_path: Path) -> None:
    news = tmp_path / "news"
    for day, city in (("2025-09-22", "Odessa"), ("2025-09-23", "Charkiw")):
        (news / day).mkdir(parents=True)
        (news / day / "liveblog.txt").write_text(f"Russland hat {city} mit Drohnen angegriffen.", encoding="utf-8")
    output = invoke("build", str(news), "--store", str(tmp_path / "kg"))
    assert "added 2025-09-22/liveblog.txt" in output and "added 2025-09-23/liveblog.txt" in output
    with GraphStore(tmp_path / "kg") as kg:
        assert sorted(d.source for d in kg.documents()) == ["2025-09-22/liveblog.txt", "2025-09-23/liveblog.txt"]


def test_store_cli_query_answers_like_the_file(store: Path, demo_out: Path) -> None:
    """The store's default graph is graph.ttl: what the texts name, not the whole gazetteer (that is in GRAPH)."""
    for q in (ATTACKS, LABELS, "actor-timeline"):
        from_store = json.loads(invoke("query", "--store", str(store), q, "--format", "json"))
        from_file = json.loads(invoke("query", str(demo_out / "graph.ttl"), q, "--format", "json"))
        assert sorted(map(str, from_store)) == sorted(map(str, from_file)) and from_store, q
    background = json.loads(invoke("query", "--store", str(store), "--format", "json",
                                   "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/geokg/id/graph/background> { ?s rdfs:label ?l } }"))
    assert int(background[0]["n"]) > 6000


def test_store_cli_query_with_parameters(store: Path) -> None:
    rows = json.loads(invoke("query", "--store", str(store), "leaders-at-date", "--param", "country=USA",
                             "--param", "date=2025-09-01", "--format", "json"))
    assert rows[0]["leader"] == "Donald Trump"


def test_store_cli_export(store: Path, demo_out: Path, tmp_path: Path) -> None:
    output = invoke("export", "--store", str(store), "--out", str(tmp_path), "--format", "ttl,jsonl")
    assert output.split() == [str(tmp_path / "graph.ttl"), str(tmp_path / "statements.jsonl")]
    ours = sorted((tmp_path / "statements.jsonl").read_text("utf-8").splitlines())
    assert ours == sorted((demo_out / "statements.jsonl").read_text("utf-8").splitlines())


def test_store_cli_build_with_out_exports_too(store: Path, sample: Path, tmp_path: Path) -> None:
    output = invoke("build", str(sample), "--store", str(store), "--out", str(tmp_path), "--format", "ttl")
    assert output.splitlines()[-1] == str(tmp_path / "graph.ttl")


@pytest.mark.parametrize("args, message", [
    (["query", "--store", "{tmp}/none", "SELECT * WHERE { ?s ?p ?o }"], "no store at"),
    (["export", "--store", "{tmp}/none", "--out", "{tmp}/o"], "no store at"),
    (["query", "--store", "{store}", "x.ttl", "SELECT * WHERE { ?s ?p ?o }"], "only the QUERY"),
    (["query", "x.ttl"], "give a GRAPH file and a QUERY"),
    (["query", "--store", "{store}", "SELECT WHERE {"], "query failed"),
])
def test_store_cli_errors_are_one_line(args: list[str], message: str, store: Path, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)).replace("{store}", str(store)) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_store_cli_store_in_use(store: Path, sample: Path) -> None:
    with GraphStore(store):
        result = runner.invoke(app, ["build", str(sample), "--store", str(store)])
    assert result.exit_code == 2 and "in use by another process" in result.output


TEXT = ("Stand: {day:02d}.03.2025 10:00 Uhr\nMeldung {i}: Russland hat die Stadt Odessa mit Drohnen angegriffen. "
        "Bundeskanzler Friedrich Merz kritisierte den Angriff. Merz telefonierte mit Wolodymyr Selenskyj.\n")


def test_store_cli_build_killed_midway_keeps_the_finished_documents(nlp: object, tmp_path: Path) -> None:
    """SIGKILL during a build: the store opens and holds exactly the documents finished before."""
    files = []
    for i in range(12):
        files.append(tmp_path / f"meldung-{i:02d}.txt")
        files[-1].write_text(TEXT.format(day=i + 1, i=i), "utf-8")
    path = tmp_path / "kg"
    reported = []
    with subprocess.Popen([str(GEOKG), "build", *map(str, files), "--store", str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"}) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:  # "added SOURCE (ID)" once a document's transaction is committed
            reported.append(line.split()[2].strip("()"))
            if len(reported) == 2:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    documents = {d.id: d for d in extract(read_inputs(files))}
    order = list(documents)
    with GraphStore(path) as kg:
        stored = [d.id for d in kg.documents()]
        killed = {str(q) for q in kg.store}
    assert stored == order[:len(stored)] and reported == order[:2]
    assert len(stored) in (2, 3), "killed after the second document: it or the third was being written"
    with GraphStore(tmp_path / "clean") as clean:
        clean.ensure_background()
        clean.ensure_layout()
        for doc_id in stored:
            clean.add(documents[doc_id])
        assert {str(q) for q in clean.store} == killed


DOCUMENTS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a gkg:Document }"


@pytest.mark.slow
def test_store_cli_two_queries_and_a_build_at_once(store: Path, tmp_path: Path) -> None:
    """Queries open the store read-only: two at a time answer, again and again, while a build adds to it."""
    kg = Path(shutil.copytree(store, tmp_path / "kg"))
    files = []
    for i in range(40):
        files.append(tmp_path / f"meldung-{i:02d}.txt")
        files[-1].write_text(TEXT.format(day=i % 28 + 1, i=i), "utf-8")
    query = [str(GEOKG), "query", "--store", str(kg), DOCUMENTS, "--format", "csv"]
    added: list[str] = []
    rounds: list[tuple[list[int], list[str], bool]] = []  # exit statuses, outputs, whether it ran beside writes
    with subprocess.Popen([str(GEOKG), "build", *map(str, files), "--store", str(kg)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}) as build:
        reader = threading.Thread(target=lambda: added.extend(build.stdout or []), daemon=True)
        reader.start()
        while build.poll() is None and len(rounds) < 200:
            written, running = len(added), build.poll() is None
            pair = [subprocess.Popen(query, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for _ in range(2)]
            answers = [p.communicate(timeout=120) for p in pair]
            # beside the writes: the build had written and went on, or it committed documents meanwhile
            # (a fast build may write all 40 between two rounds started)
            rounds.append(([p.returncode for p in pair], [out + err for out, err in answers],
                           (written > 0 and running) or len(added) > written))
        build.wait(timeout=300)
        reader.join(10)
        errors = build.stderr.read() if build.stderr else ""
    assert build.returncode == 0 and len(added) == 40, errors
    assert all(codes == [0, 0] for codes, *_ in rounds), [texts for codes, texts, _ in rounds if codes != [0, 0]]
    assert any(beside for *_, beside in rounds), "no pair of queries ran while the build was writing"
    counts = [[int(text.splitlines()[1]) for text in texts] for _, texts, _ in rounds]
    assert all(1 <= n <= 41 for pair in counts for n in pair)
    assert all(min(later) >= max(earlier) for earlier, later in zip(counts, counts[1:])), counts  # never back
    final = subprocess.run(query, capture_output=True, text=True, timeout=120)
    assert final.stdout.splitlines()[1] == "41"


def _http_query(base: str, sparql: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        f"{base}/query", data=urllib.parse.urlencode({"query": query_text(sparql)}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    return [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]


@pytest.mark.tools
def test_store_cli_oxigraph_serve_answers_like_geokg_query(store: Path) -> None:
    expected = {q: json.loads(invoke("query", "--store", str(store), q, "--format", "json")) for q in (ATTACKS, LABELS)}
    with oxigraph_serve(store) as base:
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:  # the query UI
            assert response.status == 200 and "html" in response.headers["Content-Type"]
        for q, rows in expected.items():
            assert sorted(map(str, _http_query(base, q))) == sorted(map(str, rows)), q


def test_store_cli_stats_counts_what_the_store_holds(store: Path, demo_out: Path) -> None:
    from_store = invoke("stats", "--store", str(store))
    from_file = invoke("stats", str(demo_out / "graph.ttl"))
    assert "Russland" in from_store
    assert from_store == from_file  # the store holds the sample, as the demo's graph.ttl does


def test_store_cli_stats_wants_a_graph_or_a_store(store: Path, demo_out: Path) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code != 0 and "--store" in result.output
    result = runner.invoke(app, ["stats", str(demo_out / "graph.ttl"), "--store", str(store)])
    assert result.exit_code != 0 and "one of them" in result.output
