"""Guards the dev-set scores of ../shared/eval against regressions (SPEC §4)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# The scores reached when this guard was last raised; a change that lowers them fails here.
MIN_STATEMENT_F1 = 0.50
MIN_ENTITY_F1 = 0.75


def test_eval_dev_liveblog_scores(shared_eval: Path, tmp_path: Path) -> None:
    from geokg.build import build

    build([shared_eval / "dev" / "seed-liveblog.txt"], tmp_path, ["ttl"])
    proc = subprocess.run([sys.executable, str(shared_eval / "score.py"), "--json",
                           "--gold", str(shared_eval / "dev" / "seed-liveblog.gold.json"),
                           "--graph", str(tmp_path / "graph.ttl")],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout)
    assert result["triples"]["f1"] >= MIN_STATEMENT_F1, result["missed"]
    assert result["entities"]["f1"] >= MIN_ENTITY_F1, result["entities_missed"]
