"""The command line as a user runs it: build, query, demo, and clear errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geokg.cli import app

runner = CliRunner()


def test_cli_build_writes_the_four_files(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(sample), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "statements.jsonl", "graph.html"):
        assert (tmp_path / "o" / name).stat().st_size > 0
    first = json.loads((tmp_path / "o" / "statements.jsonl").read_text("utf-8").splitlines()[0])
    assert {"subject", "relation", "object", "negated", "modality", "attributed_to", "evidence",
            "document", "char_start", "char_end"} <= set(first)


def test_cli_query_who_attacked_what(demo_out: Path) -> None:
    q = "SELECT ?a ?b WHERE { ?x gkg:attacks ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
    result = runner.invoke(app, ["query", str(demo_out / "graph.ttl"), q, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"a": "Russland", "b": "Odessa"} in rows


def test_cli_query_reads_rq_file_and_csv(demo_out: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a gkg:Statement }", encoding="utf-8")
    result = runner.invoke(app, ["query", str(demo_out / "graph.trig"), str(rq), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "n" and int(result.output.splitlines()[1]) > 10


@pytest.mark.parametrize("args, message", [
    (["build", "does-not-exist.txt"], "input not found"),
    (["query", "nope.ttl", "SELECT * WHERE {?s ?p ?o}"], "graph not found"),
    (["build", "{sample}", "--format", "xyz"], "unknown format"),
])
def test_cli_errors_are_one_line(args: list[str], message: str, sample: Path, tmp_path: Path) -> None:
    args = [a.replace("{sample}", str(sample)) for a in args] + ["--out", str(tmp_path)] * (args[0] == "build")
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_bad_query_is_reported(demo_out: Path) -> None:
    result = runner.invoke(app, ["query", str(demo_out / "graph.ttl"), "SELECT WHERE {"])
    assert result.exit_code == 2 and "query failed" in result.output


def test_cli_demo_says_where_to_look(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "graph.html" in result.output and (tmp_path / "out" / "graph.ttl").is_file()


def test_cli_formats_come_from_the_exporters_table() -> None:
    """--format's help and default are the FORMATS table's: a new exporter needs no CLI edit."""
    import typer

    from geokg.exports import DEFAULT_FORMATS, FORMATS

    command = typer.main.get_command(app)
    options = {name: next(p for p in command.commands[name].params if p.name == "formats")  # type: ignore[attr-defined]
               for name in ("build", "export")}
    assert all(f"{e.name} ({e.description})" in (options["build"].help or "") for e in FORMATS.values())
    assert all(option.default == ",".join(DEFAULT_FORMATS) for option in options.values())


def test_cli_the_command_is_main_and_exits_as_the_app_does(tmp_path: Path) -> None:
    """`geokg` runs `main` (the app, then no last garbage collection): the app's output and exit status."""
    import subprocess
    import sys
    from importlib.metadata import entry_points

    (command,) = entry_points(group="console_scripts", name="geokg")
    assert command.value == "geokg.cli:main"
    run = [sys.executable, "-c", "from geokg.cli import main; main()"]
    failed = subprocess.run(run + ["stats"], capture_output=True, text=True, cwd=tmp_path)
    assert failed.returncode == 2 and failed.stderr.startswith("geokg: error:"), failed.stderr
    listed = subprocess.run(run + ["query", "--list"], capture_output=True, text=True, cwd=tmp_path)
    assert listed.returncode == 0 and "who-did-what" in listed.stdout
