"""Running the command line inside the test process, for the tests at the top of tests/."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from geokg.cli import app

runner = CliRunner()


def geokg(*args: str | Path) -> tuple[int, str, str]:
    """Run `geokg ARGS` in this process: exit code, stdout, stderr (never a traceback)."""
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output + result.stderr, result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def one_line_each(stderr: str) -> list[str]:
    """The messages on stderr; each must be one line starting with 'geokg:'."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert all(ln.startswith("geokg: ") for ln in lines), stderr
    return lines
