"""Every command ends whatever goes wrong in one line and an exit status (geokg/cli.py `guarded`)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geokg.cli import app

runner = CliRunner()

#: A command, the function inside it that is made to fail, and the arguments that reach it.
COMMANDS = [
    ("query", "geokg.graph.engine.execute", ["query", "{graph}", "SELECT * WHERE { ?s ?p ?o }"]),
    ("stats", "geokg.graph.stats.compute", ["stats", "{graph}"]),
    ("explain", "geokg.extract.explain.explain", ["explain", "Russland greift Kiew an."]),
]


def _raising(exc: BaseException) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise exc
    return fail


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    path.write_text("<https://w3id.org/geokg/id/a> <https://w3id.org/geokg/id/b> <https://w3id.org/geokg/id/c> .\n",
                    encoding="utf-8")
    return path


def _run(args: list[str], graph: Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(graph) if a == "{graph}" else a for a in args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("name, target, args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_cli_errors_a_bug_is_one_line_and_exit_1(name: str, target: str, args: list[str], graph: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(target, _raising(RuntimeError("boom\nwith a second line")))
    code, stderr = _run(args, graph)
    assert code == 1
    assert stderr.splitlines() == ["geokg: error: internal error (RuntimeError: boom); run with -v for the traceback"]


@pytest.mark.parametrize("name, target, args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_cli_errors_verbose_shows_the_traceback(name: str, target: str, args: list[str], graph: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(target, _raising(RuntimeError("boom")))
    code, stderr = _run(["-v", *args], graph)
    assert code == 1
    assert "Traceback (most recent call last)" in stderr and "RuntimeError: boom" in stderr
    assert stderr.rstrip().splitlines()[-1].startswith("geokg: error: internal error (RuntimeError: boom)")


@pytest.mark.parametrize("exc, code, line", [
    (KeyboardInterrupt(), 130, "geokg: interrupted"),
    (OSError(28, "No space left on device", "/data/x.ttl"), 2, "geokg: error: /data/x.ttl: No space left on device"),
    (OSError(5, "Input/output error"), 2, "geokg: error: Input/output error"),
], ids=["interrupt", "oserror-with-file", "oserror"])
def test_cli_errors_interrupts_and_system_errors(exc: BaseException, code: int, line: str, graph: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("geokg.graph.engine.execute", _raising(exc))
    found, stderr = _run(["query", "{graph}", "SELECT * WHERE { ?s ?p ?o }"], graph)
    assert (found, stderr.splitlines()) == (code, [line])
