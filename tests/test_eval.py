"""Guards the dev-set scores of ../shared/eval against regressions (SPEC §4)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# (text, gold, min statement F1, min entity F1): the scores reached when this guard was last
# raised, a little below; a change that lowers them fails here. The dev liveblog is ../shared's;
# the two examples are this project's own, written apart from the rules.
CASES = [
    ("dev/seed-liveblog.txt", "dev/seed-liveblog.gold.json", 0.82, 0.94),
    ("liveblog-nahost.txt", "liveblog-nahost.gold.json", 0.77, 0.95),
    ("liveblog-ukraine-2.txt", "liveblog-ukraine-2.gold.json", 0.79, 0.95),
]


def score(shared_eval: Path, text: Path, gold: Path, out: Path) -> dict:
    """Build one text and score its graph.ttl with ../shared/eval/score.py."""
    from geokg.build import build

    build([text], out, ["ttl"])
    proc = subprocess.run([sys.executable, str(shared_eval / "score.py"), "--json", "--gold", str(gold),
                           "--graph", str(out / "graph.ttl")], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("text, gold, min_statements, min_entities", CASES, ids=[c[0] for c in CASES])
def test_eval_scores(shared_eval: Path, tmp_path: Path, text: str, gold: str,
                     min_statements: float, min_entities: float) -> None:
    base = shared_eval if text.startswith("dev/") else EXAMPLES
    result = score(shared_eval, base / text, base / gold, tmp_path)
    assert result["triples"]["f1"] >= min_statements, result["missed"]
    assert result["entities"]["f1"] >= min_entities, result["entities_missed"]


def _real_news_means(shared_eval: Path, folder: Path, tmp_path: Path) -> tuple[float, float, float]:
    """Mean statement F1, mean statement precision and mean entity F1 over a folder's articles."""
    sys.path.insert(0, str(shared_eval))
    from score import load_graph
    from score import score as score_graph

    from geokg.build import build

    results = []
    for gold in sorted(folder.glob("*.gold.json")):
        out = tmp_path / gold.name.replace(".gold.json", "")
        build([gold.with_name(gold.name.replace(".gold.json", ".txt"))], out, ["ttl"])
        results.append(score_graph(json.loads(gold.read_text("utf-8")), load_graph(out / "graph.ttl")))
    mean = lambda part, key: sum(r[part][key] for r in results) / len(results)  # noqa: E731
    return mean("triples", "f1"), mean("triples", "precision"), mean("entities", "f1")


@pytest.mark.slow
def test_eval_real_news_does_not_fall(shared_eval: Path, tmp_path: Path) -> None:
    """The real-news issue's measure on ../shared/eval/real-dev, a little below where it stands."""
    f1, precision, entities = _real_news_means(shared_eval, shared_eval / "real-dev", tmp_path)
    assert f1 >= 0.54 and precision >= 0.85 and entities >= 0.93, (f1, precision, entities)


@pytest.mark.parametrize("gold", ["real-held", "real-tune", "real-tune2", "real-tune3"])
def test_eval_own_gold_sets_materialize(shared_eval: Path, tmp_path: Path, gold: str) -> None:
    """Our gold sets keep no article text: materialize.py takes each from 10kGNAD and checks its hash."""
    root = Path(__file__).resolve().parent.parent
    articles = shared_eval.parent / "data" / "10kgnad" / "articles.csv"
    if not articles.is_file():
        pytest.skip("../shared/data/10kgnad is not beside this checkout")
    subprocess.run([sys.executable, str(root / "eval" / "materialize.py"), "--gold", str(root / "eval" / gold),
                    "--out", str(tmp_path), "--articles", str(articles)], check=True, capture_output=True)
    golds = sorted((root / "eval" / gold).glob("*.gold.json"))
    assert len(golds) >= 12
    for g in golds:
        made = json.loads((tmp_path / g.name).read_text("utf-8"))
        text = (tmp_path / g.name.replace(".gold.json", ".txt")).read_bytes().decode("utf-8")
        assert made["triples"] and all(t["evidence"] and t["evidence"] in text for t in made["triples"])
