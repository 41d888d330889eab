"""`geokg explain` and `geokg build` read a text the same way: the same statements, rule for rule."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geokg.build import build
from geokg.extract.explain import explain

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = re.compile(r"^  (.+?) --(not )?(\w+)--> (.+?)  \[(.+?)\](?:.*? date=(\S+))?", re.M)
TEXTS = {
    "liveblog-header": "Liveblog\nStand: 04.09.2025 11:21 Uhr\n\nRussland hat Odessa in der Nacht mit Drohnen "
                       "angegriffen. NATO-Generalsekretär Mark Rutte verurteilte den Angriff. Rutte forderte "
                       "mehr Hilfe für die Ukraine.\n",
    "dateline-and-stamp": "Teheran – Der Iran hat Israel erneut als Erzfeind bezeichnet und die USA kritisiert. "
                          "Präsident Hassan Rohani lehnte Gespräche mit Washington ab. (APA, 11.9.2015)\n",
    "invisible-characters": "Russ\u00adland greift Char\u200bkiw an. Der ukrainische Präsident Wolodymyr "
                            "Selen\u00adskyj bat die EU um Flug\u00adabwehr.\n",
    "undated-relative-time": "Am Montag traf Wladimir Putin in Moskau den chinesischen Präsidenten Xi Jinping. "
                             "Gestern kritisierte die EU das Treffen.\n",
}


def _explained(text: str) -> list[tuple[str, ...]]:
    """The statements `explain` prints: subject, negation, relation, object, rule, event date."""
    return sorted(STATEMENT.findall(explain(text).split("statements:\n", 1)[1]))


def _built(text: str, tmp: Path) -> list[tuple[str, ...]]:
    """The statements a build of the text as a file writes to statements.jsonl, in the same shape."""
    path = tmp / "text.txt"
    path.write_text(text, encoding="utf-8")
    build([path], tmp / "out", ["jsonl"])
    records = [json.loads(line) for line in (tmp / "out" / "statements.jsonl").read_text("utf-8").splitlines()]
    return sorted((r["subject"]["name"], "not " if r["negated"] else "", r["relation"], r["object"]["name"],
                   r["rule"], r["event_date"] or "") for r in records)


@pytest.mark.parametrize("name", [*TEXTS, "sample"])
def test_explain_states_what_the_build_states(name: str, tmp_path: Path) -> None:
    text = TEXTS.get(name) or (ROOT / "geokg" / "data" / "seed-liveblog.txt").read_text("utf-8")
    explained = _explained(text)
    assert explained, "the text should state something"
    assert explained == _built(text, tmp_path)
