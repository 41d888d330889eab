"""CLI manners: examples in --help, --quiet and --verbose, progress only where it helps, the query library."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.main import get_command
from typer.testing import CliRunner

from geokg.extract.model import Document
from geokg.build import build
from geokg.cli import Settings, _BuildProgress, app
from geokg.graph.library import library

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def _examples(command: str) -> list[str]:
    """The example command lines of a command's docstring."""
    doc = get_command(app).commands[command].help or ""  # type: ignore[attr-defined]
    lines = [line.strip().removeprefix("Example:").strip() for line in doc.splitlines()]
    return [line for line in lines if line.startswith("geokg ")]


@pytest.fixture(scope="module")
def two_texts(tmp_path_factory: pytest.TempPathFactory, sample: Path) -> Path:
    """A folder with two short liveblog texts."""
    folder = tmp_path_factory.mktemp("two")
    text = sample.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text[:1200], encoding="utf-8")
    (folder / "b.txt").write_text(text[:200] + text[2700:3300], encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_shows_its_example_unwrapped(command: str) -> None:
    examples = _examples(command)
    assert examples, f"geokg {command}: no 'Example: geokg …' in its docstring"
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = [ANSI.sub("", line).strip(" │") for line in result.output.splitlines()]
    for example in examples:
        assert any(line.endswith(example) for line in lines), f"rewrapped: {example!r}\n{result.output}"


def test_cli_quiet_build_prints_nothing(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--quiet", "build", str(sample), "--out", str(tmp_path)])
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "graph.ttl").is_file()


def test_cli_verbose_build_says_more(two_texts: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["-v", "build", str(two_texts), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert re.search(r"a\.txt: \d+ statements, \d+ entities", result.output)
    assert "b.txt:" in result.output and "built in" in result.output
    assert "extracting" not in result.output  # not a terminal: no progress bar
    assert str(tmp_path / "graph.ttl") in result.output


def test_cli_settings_do_not_leak_between_runs(sample: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["--quiet", "build", str(sample), "--out", str(tmp_path)])
    result = runner.invoke(app, ["build", str(sample), "--out", str(tmp_path)])
    assert str(tmp_path / "graph.ttl") in result.output


def test_cli_quiet_and_verbose_exclude_each_other() -> None:
    result = runner.invoke(app, ["-q", "-v", "query", "--list"])
    assert result.exit_code == 2 and result.output.strip() == \
        "geokg: error: --quiet and --verbose exclude each other"


def test_cli_build_reports_progress_per_document(two_texts: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str | None]] = []

    def hook(done: int, total: int, document: Document | None) -> None:
        calls.append((done, total, document.source if document else None))

    build([two_texts], tmp_path, ["ttl"], progress=hook)
    assert calls == [(0, 2, None), (1, 2, "a.txt"), (2, 2, "b.txt")]


@pytest.mark.parametrize("terminal, total, shown", [(True, 2, True), (True, 1, False), (False, 2, False)])
def test_cli_progress_bar_only_on_a_terminal_for_several(terminal: bool, total: int, shown: bool) -> None:
    out = io.StringIO()
    with _BuildProgress(Settings()) as progress:
        progress.console = Console(file=out, force_terminal=terminal, width=80)
        for done in range(total + 1):
            progress(done, total, None)
    assert ("extracting" in out.getvalue()) is shown
    assert (f"{total}/{total}" in out.getvalue()) is shown


def test_cli_progress_bar_silent_when_quiet() -> None:
    out = io.StringIO()
    with _BuildProgress(Settings(quiet=True)) as progress:
        progress.console = Console(file=out, force_terminal=True, width=80)
        progress(0, 3, None)
        progress(1, 3, None)
    assert out.getvalue() == ""


def test_cli_query_list_needs_no_graph() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name, query in library().items():
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(query.question)}$", result.output, re.M)
    assert "--param actor=" in result.output


def test_cli_query_by_name_with_param(demo_out: Path) -> None:
    result = runner.invoke(app, ["query", str(demo_out / "graph.ttl"), "actor-timeline",
                                 "--param", "actor=russland", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"relation": "attacks", "object": "Odessa"}.items() <= next(
        r for r in rows if r["relation"] == "attacks").items()


def test_cli_query_verbose_shows_the_bound_sparql(demo_out: Path) -> None:
    result = runner.invoke(app, ["--verbose", "query", str(demo_out / "graph.ttl"), "relation-timeline",
                                 "-p", "relation=meets"])
    assert result.exit_code == 0, result.output
    assert 'VALUES ?relation { "meets" }' in result.output and "Wladimir Putin" in result.output


@pytest.mark.parametrize("args, message", [
    (["actor-timelin"], "no query named 'actor-timelin'"),
    (["negated", "--param", "actor=x"], "no parameter 'actor'"),
    (["negated", "--param", "actor"], "--param wants name=value"),
])
def test_cli_query_library_errors_are_one_line(args: list[str], message: str, demo_out: Path) -> None:
    result = runner.invoke(app, ["query", str(demo_out / "graph.ttl"), *args])
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
