"""Executors: results in input order; a build on 2 processes or a Dask cluster writes the same bytes.

The tests that start processes or a Dask cluster are marked slow (`make test` runs them, `make test-fast` not).
"""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from geokg import executors
from geokg.errors import GeokgError

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [ROOT / "geokg" / "data" / "seed-liveblog.txt", ROOT / "examples" / "liveblog-nahost.txt",
          ROOT / "examples" / "liveblog-ukraine-2.txt"]
FORMATS = ["ttl", "trig", "nt", "nq", "jsonl", "html"]


def _slow_square(x: int) -> int:
    """Later items finish first: the result order must still be the input order."""
    time.sleep(0.02 * (5 - x % 5))
    return x * x


@pytest.mark.slow
def test_executors_local_pool_keeps_input_order() -> None:
    with executors.get("local", workers=2) as pool:
        assert list(pool.map(_slow_square, range(12))) == [x * x for x in range(12)]


_PRELOADED: list[str] = []


def _preloaded(_: int) -> list[str]:
    return _PRELOADED


@pytest.mark.slow
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_executors_local_pool_loads_once_before_it_forks() -> None:
    """The workers find what the parent preloaded (the pipeline, in a build), loaded once."""
    try:
        with executors.get("local", workers=2, preload=lambda: _PRELOADED.append("pipeline")) as pool:
            assert list(pool.map(_preloaded, range(4))) == [["pipeline"]] * 4
        assert _PRELOADED == ["pipeline"]
    finally:
        _PRELOADED.clear()


@pytest.mark.parametrize("name, workers, scheduler, message", [
    ("threads", 1, None, "unknown executor"),
    ("local", 0, None, "at least 1"),
    ("local", 1, "tcp://127.0.0.1:8786", "needs --executor dask"),
    ("dask", 1, None, "needs --scheduler"),
])
def test_executors_bad_settings_are_user_errors(name: str, workers: int, scheduler: str | None,
                                               message: str) -> None:
    with pytest.raises(GeokgError, match=message) as err:
        executors.get(name, workers, scheduler).__enter__()
    assert err.value.code.startswith("E70")


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three documents built in this process: the reference bytes."""
    from geokg.build import build

    out = tmp_path_factory.mktemp("local")
    build(INPUTS, out, FORMATS)
    return out


def _same_files(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.slow
def test_executors_two_workers_write_the_same_bytes(local_build: Path, tmp_path: Path) -> None:
    from geokg.build import build

    build(INPUTS, tmp_path, FORMATS, workers=2)
    _same_files(local_build, tmp_path)


@pytest.mark.slow
def test_executors_the_default_command_uses_the_cores_and_writes_the_bytes_of_one_worker(
        local_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`geokg build` without --workers runs a pool of one process per core (two here, whatever the machine has)."""
    from invoke import geokg

    from geokg import build

    asked: list[int] = []
    get = executors.get
    monkeypatch.setattr(executors, "available_cores", lambda: 2)
    monkeypatch.setattr(build, "SMALL_INPUT", 1_000)
    monkeypatch.setattr(executors, "get", lambda name, workers, *a, **k: (asked.append(workers),
                                                                           get(name, workers, *a, **k))[1])
    code, _, err = geokg("-q", "build", *INPUTS, "--out", tmp_path / "default", "--format", ",".join(FORMATS))
    assert code == 0, err
    code, _, err = geokg("-q", "build", *INPUTS, "--out", tmp_path / "one", "--format", ",".join(FORMATS),
                         "--workers", "1")
    assert code == 0, err
    assert asked == [2, 1]
    _same_files(local_build, tmp_path / "default")
    _same_files(local_build, tmp_path / "one")


def test_executors_a_small_input_left_to_the_build_is_extracted_in_its_own_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from geokg.build import SMALL_INPUT, workers_for

    monkeypatch.setattr(executors, "available_cores", lambda: 8)
    paths = [(p, str(p)) for p in INPUTS]
    assert sum(p.stat().st_size for p in INPUTS) < SMALL_INPUT
    assert workers_for(paths, None) == 1
    assert workers_for(paths, 3) == 3
    assert workers_for(paths * 5, None) == 8  # past SMALL_INPUT
    assert workers_for([(ROOT / "missing.txt", "missing.txt")], None) == 1


@pytest.mark.parametrize("affinity, expected", [({0}, 1), ({0, 2, 3}, 3)])
def test_executors_available_cores_are_those_the_process_may_use(
        affinity: set[int], expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `taskset` or a container's CPU set limits the default workers, not the machine's count."""
    import os

    monkeypatch.delattr(os, "process_cpu_count", raising=False)  # Python 3.13 reads the affinity itself
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: affinity, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert executors.available_cores() == expected


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")  # distributed warns about ports, event loops and clocks
def test_executors_dask_cluster_writes_the_same_bytes(local_build: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from geokg.build import build

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        build(INPUTS, tmp_path, FORMATS, executor="dask", scheduler=cluster.scheduler_address)
    _same_files(local_build, tmp_path)


@pytest.mark.slow
def test_executors_unreachable_scheduler_is_a_user_error(tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    from geokg.build import build

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(GeokgError, match="cannot reach the Dask scheduler"):
        build(INPUTS[:1], tmp_path, ["jsonl"], executor="dask", scheduler="tcp://127.0.0.1:9")


def test_executors_shards_make_the_graph_assemble_makes(local_build: Path, tmp_path: Path) -> None:
    """The build's quads (graph/shards.py) against rdflib's Dataset from graph.assemble: same bytes, same graph."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from geokg.exports import Bundle, export
    from geokg.extract.pipeline import extract
    from geokg.build import read_inputs
    from geokg.graph.assemble import assemble, union
    from geokg.graph.network import to_networkx
    from geokg.graph.resolve import resolve

    documents = resolve(list(extract(read_inputs(INPUTS))))
    dataset = assemble(documents)
    export(Bundle(dataset, to_networkx(documents), documents, title=f"{len(documents)} documents"),
           FORMATS, tmp_path)
    _same_files(local_build, tmp_path)
    expected = union(dataset)  # pyoxigraph writes "x"^^xsd:string as "x": the same literal in RDF 1.1
    parsed = Graph().parse(local_build / "graph.ttl", format="turtle")
    assert len(parsed) == len(expected)
    assert isomorphic(_plain_strings(parsed), _plain_strings(expected))


def _plain_strings(graph):  # type: ignore[no-untyped-def]
    """The graph with every xsd:string literal written as a plain literal (equal in RDF 1.1)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def test_shards_of_a_large_document_are_made_in_batches_with_the_same_quads(sample: Path, nlp: object,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A document of many statements is turned into quads a batch at a time: the same graph."""
    from geokg.extract.pipeline import extract
    from geokg.extract.reader import read_document
    from geokg.graph import shards

    (document,) = extract([read_document(sample)], nlp)
    assert len(document.statements) > 4
    whole = shards.document_quads(document)
    parts = list(shards._parts(document, size=3))
    assert len(parts) > 1 and sum(len(p.statements) for p in parts) == len(document.statements)
    monkeypatch.setattr(shards, "BATCH", 3)
    assert list(shards._parts(document)) == parts
    assert sorted(shards.document_quads(document)) == sorted(whole)


def test_executors_a_build_spooled_to_disk_writes_the_same_bytes(local_build: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents and quads past tiny limits go to disk (graph/spool.py): the files do not change."""
    from geokg.graph import spool
    from geokg.build import build

    monkeypatch.setattr(spool, "STATEMENTS", 10)
    monkeypatch.setattr(spool, "LIMIT", 300)
    spills: list[int] = []
    spill, init = spool.QuadSpool._spill, spool.DocumentSpool.__init__
    monkeypatch.setattr(spool.QuadSpool, "_spill", lambda self: (spills.append(len(self.held)), spill(self))[1])
    documents: list[spool.DocumentSpool] = []
    monkeypatch.setattr(spool.DocumentSpool, "__init__",
                        lambda self, *a: (documents.append(self), init(self, *a))[1])
    on_disk = []  # each spool, when it is read: documents held on disk, none in memory
    iterate = spool.DocumentSpool.__iter__
    monkeypatch.setattr(spool.DocumentSpool, "__iter__",
                        lambda self: (on_disk.append(self.count > 0 and not self.held), iterate(self))[1])
    build(INPUTS, tmp_path, FORMATS)
    _same_files(local_build, tmp_path)
    assert len(spills) >= 2 and len(documents) == 2 and on_disk and all(on_disk)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".geokg-")]  # the spools are gone


@pytest.mark.slow
def test_executors_parts_of_long_documents_give_the_same_bytes_on_two_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long documents are extracted in parts, and the parts spread over workers: still the same bytes."""
    from geokg.extract import pipeline
    from geokg.build import build

    monkeypatch.setattr(pipeline, "MAX_PART", 2_000)
    assert len(list(pipeline.parts(_read(INPUTS[0])))) > 2
    build(INPUTS, tmp_path / "one", FORMATS)
    build(INPUTS, tmp_path / "two", FORMATS, workers=2)
    _same_files(tmp_path / "one", tmp_path / "two")
    assert (tmp_path / "one" / "statements.jsonl").stat().st_size > 10_000


def _read(path: Path):  # type: ignore[no-untyped-def]
    from geokg.extract.reader import read_document

    return read_document(path)
