#!/usr/bin/env python3
"""Score a gold folder twice: all statements (as score_folder.py), and event statements alone.

Issue 14 asks for the precision of event statements beside F1: the static facts (leads,
affiliated_with, member_of, located_in) are easy to get right and can hide how well the events
themselves are coded. Each NAME.txt of the folder is built on its own with geokg, as the shared
``score_folder.py`` does, and scored with the shared ``score.py``; for the event rows the static
relations are left out of both the gold and the graph.

    python eval/event_scores.py ../shared/eval/real-dev
    python eval/materialize.py --out /tmp/held && python eval/event_scores.py /tmp/held
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval"
STATIC = frozenset({"leads", "affiliated_with", "member_of", "located_in"})


def _scorer(path: Path) -> Any:
    """The shared scorer module (../shared/eval/score.py)."""
    if not (path / "score.py").is_file():
        raise SystemExit(f"event_scores: no scorer at {path / 'score.py'} (pass --scorer DIR)")
    sys.path.insert(0, str(path))
    import score  # noqa: PLC0415 - the shared scorer lives beside the clone, not in the package

    return score


def _events_only(gold: dict) -> dict:
    """The gold with its static facts left out."""
    return {**gold, "triples": [t for t in gold["triples"] if set(t["r"]) - STATIC]}


def main(argv: list[str] | None = None) -> int:
    """Build and score every text; print mean P/R/F1 and pooled precision for all and for event statements.

    A text with no predicted statement counts as precision 0 in the mean; the pooled precision is
    the share of all predicted statements that are right.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--geokg", default=str(ROOT / ".venv" / "bin" / "geokg"))
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args(argv)
    score = _scorer(args.scorer)
    rows: dict[str, list[dict]] = {"all statements": [], "event statements": []}
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in sorted(args.folder.glob("*.gold.json")):
            text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            out = Path(tmp) / text.stem
            subprocess.run([args.geokg, "-q", "build", str(text), "--out", str(out)], check=True)
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            graph = score.load_graph(out / "graph.ttl")
            rows["all statements"].append(score.score(gold, graph)["triples"])
            unscored = score.UNSCORED
            score.UNSCORED = unscored | STATIC  # the scorer's own switch for relations it leaves out
            try:
                rows["event statements"].append(score.score(_events_only(gold), graph)["triples"])
            finally:
                score.UNSCORED = unscored
    print(f"| {args.folder.name} ({len(rows['all statements'])} texts) | mean P | mean R | mean F1 | pooled P "
          "(right / predicted) |")
    print("| --- | --- | --- | --- | --- |")
    for name, found in rows.items():
        mean = {k: sum(r[k] for r in found) / max(len(found), 1) for k in ("precision", "recall", "f1")}
        right = round(sum(r["precision"] * r["predicted"] for r in found))
        predicted = sum(r["predicted"] for r in found)
        print(f"| {name} | {mean['precision']:.2f} | {mean['recall']:.2f} | {mean['f1']:.3f} | "
              f"{right / max(predicted, 1):.2f} ({right} / {predicted}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
