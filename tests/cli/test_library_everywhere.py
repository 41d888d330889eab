"""The library gives the same rows wherever the graph is: graph.ttl, graph.trig, a store, and live Oxigraph
servers that read graph.trig (as `geokg push` leaves it) and graph.nq with the union default graph.

A union default graph repeats a triple once per graph that holds it; the dataset is laid out so that an
entity's description lives once (graph/assemble.py) and the library so that a fact several texts state
counts once (queries/*.rq), which this test holds them to, over three texts that name the same actors.
"""
from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geokg.cli import app
from geokg.graph.library import library
from servers import OXIGRAPH, oxigraph_serve

pytestmark = [pytest.mark.slow, pytest.mark.tools]

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
TEXTS = [ROOT / "geokg" / "data" / "seed-liveblog.txt", ROOT / "examples" / "liveblog-ukraine-2.txt",
         ROOT / "examples" / "liveblog-nahost.txt"]
#: Parameters that give each query rows on the three texts (the others run on their defaults).
PARAMS = {"leaders-at-date": ["--param", "date=2025-09-23", "--param", "country=NATO"],
          "relation-timeline": ["--param", "relation=criticizes"]}


def geokg(*args: str) -> str:
    """Run geokg in this process; its stdout, after checking the exit status is 0."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The three texts built into files (ttl, trig, nq) and, separately, into a store."""
    folder = tmp_path_factory.mktemp("everywhere")
    geokg("-q", "build", *map(str, TEXTS), "--out", str(folder / "out"), "--format", "ttl,trig,nq")
    geokg("-q", "build", *map(str, TEXTS), "--store", str(folder / "kg"))
    return folder / "out", folder / "kg"


@pytest.fixture(scope="module")
def pushed(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server, union default graph, holding what `geokg push graph.trig` leaves in it."""
    out, _ = built
    with oxigraph_serve(tmp_path_factory.mktemp("pushed") / "db", "--union-default-graph") as base:
        geokg("push", str(out / "graph.trig"), "--endpoint", f"{base}/store")
        yield base


@pytest.fixture(scope="module")
def loaded(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server, union default graph, over a database `oxigraph load` made from graph.nq."""
    out, _ = built
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI oxigraph) is not installed")
    db = tmp_path_factory.mktemp("loaded") / "db"
    subprocess.run([OXIGRAPH, "load", "--location", str(db), "--file", str(out / "graph.nq")], check=True,
                   capture_output=True)
    with oxigraph_serve(db, "--union-default-graph") as base:
        yield base


def rows(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """JSON rows, sorted, each GROUP_CONCAT cell's parts sorted (their order is the engine's)."""
    return sorted(tuple((key, *sorted(re.split(r" \| |, ", value))) for key, value in sorted(row.items()))
                  for row in json.loads(text))


@pytest.mark.parametrize("name", sorted(library()))
def test_library_everywhere_the_same_rows(name: str, built: tuple[Path, Path], pushed: str, loaded: str) -> None:
    out, store = built
    args = [name, *PARAMS.get(name, []), "--format", "json"]
    expected = rows(geokg("query", str(out / "graph.ttl"), *args))
    found = {"graph.trig": rows(geokg("query", str(out / "graph.trig"), *args)),
             "store": rows(geokg("query", "--store", str(store), *args)),
             "pushed graph.trig": rows(geokg("query", "--endpoint", f"{pushed}/query", *args)),
             "graph.nq loaded": rows(geokg("query", "--endpoint", f"{loaded}/query", *args))}
    assert expected or name in ("contradictions",), f"{name} gives no rows on the three texts"
    for where, got in found.items():
        assert got == expected, f"{name} over {where}"
