"""The golden sentences: every relation of the catalogue, and the phenomena (modality, attribution, …).

Each JSONL record holds a German text, its document date, the statements it must yield and
those it must not. A record passes when every expected statement is extracted with the expected
polarity (and modality / source / date / the end of its rule id where the record gives them) and no
forbidden one is.
The suite as a whole must reach the recall floor below; the records that fail are listed.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from geokg.extract.model import Document, Statement
from geokg.extract.pipeline import extract_document
from geokg.extract.reader import document_id

GOLDEN = Path(__file__).parent / "golden"
SYMMETRIC = {"meets", "talks_with", "cooperates_with"}


def records(name: str) -> list[dict]:
    path = GOLDEN / name
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _words(name: str | None) -> list[str]:
    """Lower-cased, accent-free words of a name."""
    text = unicodedata.normalize("NFKD", (name or "").casefold().replace("ß", "ss"))
    return [w for w in re.split(r"[^a-z0-9]+", "".join(c for c in text if not unicodedata.combining(c))) if w]


def _word_match(a: str, b: str) -> bool:
    """Same word up to an inflection ending (Sanktion ~ Sanktionen, Plan ~ Pläne)."""
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3)


def _same(pred: str, gold: str) -> bool:
    """True if the gold name's words occur in the predicted name or the other way round."""
    p, g = _words(pred), _words(gold)

    def within(hay: list[str], needle: list[str]) -> bool:
        n = len(needle)
        return n > 0 and any(all(_word_match(h, w) for h, w in zip(hay[i:i + n], needle))
                             for i in range(len(hay) - n + 1))

    return within(p, g) or within(g, p)


def matches(st: Statement, exp: dict) -> bool:
    """True if a statement is the expected one (names compared loosely, symmetric both ways)."""
    if st.relation != exp["r"]:
        return False
    subj = (st.subject.name, st.subject.surface)
    obj = (st.object.name, st.object.surface)

    def named(ref: tuple[str, str], gold: str) -> bool:
        return any(_same(n, gold) for n in ref if n)

    straight = named(subj, exp["s"]) and named(obj, exp["o"])
    swapped = exp["r"] in SYMMETRIC and named(obj, exp["s"]) and named(subj, exp["o"])
    return straight or swapped


def run(record: dict, nlp) -> list[Statement]:
    issued = datetime.fromisoformat(record.get("date", "2025-09-04")).replace(tzinfo=timezone.utc)
    doc = Document(document_id(record["text"]), record["text"], record["id"], record["id"], issued)
    return extract_document(doc, nlp).statements


def failures(record: dict, statements: list[Statement]) -> list[str]:
    """What a record misses or wrongly yields, as readable lines."""
    out = []
    for exp in record.get("expected", []):
        hits = [s for s in statements if matches(s, exp) and s.negated == exp.get("negated", False)]
        if not hits:
            out.append(f"missing {exp['s']} -{exp['r']}-> {exp['o']} (negated={exp.get('negated', False)})")
            continue
        st = hits[0]
        if "modality" in exp and st.modality != exp["modality"]:
            out.append(f"modality {st.modality} != {exp['modality']} for {exp['r']}")
        if exp.get("attributed_to") and not (st.attributed_to and _same(st.attributed_to.name, exp["attributed_to"])):
            out.append(f"source {st.attributed_to and st.attributed_to.name} != {exp['attributed_to']}")
        if exp.get("event_date") and (st.event_date is None or st.event_date.isoformat() != exp["event_date"]):
            out.append(f"date {st.event_date} != {exp['event_date']}")
        if exp.get("rule_ends") and not st.rule.endswith(exp["rule_ends"]):
            out.append(f"rule {st.rule} does not end in {exp['rule_ends']}")
    for bad in record.get("forbidden", []):
        if any(matches(s, bad) and s.negated == bad.get("negated", False) for s in statements):
            out.append(f"forbidden {bad['s']} -{bad['r']}-> {bad['o']}")
    return out


#: relations.jsonl and phenomena.jsonl (liveblog style), then one file per kind of real-news sentence.
FILES = tuple(sorted(p.name for p in GOLDEN.glob("*.jsonl")))
# Records the extractor does not get right yet, one id a line. A listed record that starts to
# pass fails the run (strict xfail): take it off the list then.
KNOWN = {line.split("#")[0].strip() for line in (GOLDEN / "known_failures.txt").read_text("utf-8").splitlines()
         if line.split("#")[0].strip()}


def _cases() -> list:
    cases = []
    for name in FILES:
        for r in records(name):
            marks = [pytest.mark.xfail(strict=True, reason="known failure")] if r["id"] in KNOWN else []
            cases.append(pytest.param(r, id=r["id"], marks=marks))
    return cases


@pytest.mark.parametrize("record", _cases())
def test_golden_record(record: dict, nlp) -> None:
    problems = failures(record, run(record, nlp))
    assert not problems, f"{record['text']}\n" + "\n".join(problems)


def test_golden_known_failures_exist() -> None:
    ids = {r["id"] for name in FILES for r in records(name)}
    assert KNOWN <= ids, sorted(KNOWN - ids)


@pytest.mark.parametrize("name", FILES)
def test_golden_every_relation_has_three_sentences(name: str) -> None:
    from geokg.ontology import relations

    if name != "relations.jsonl":
        pytest.skip("only the relation file is organised by relation")
    ids = [r["id"].rsplit("-", 1)[0] for r in records(name)]
    assert all(ids.count(rel) >= 3 for rel in relations()), {rel: ids.count(rel) for rel in relations()}


@pytest.mark.parametrize("name", FILES)
def test_golden_records_are_well_formed(name: str) -> None:
    from geokg.ontology import relations

    known = set(relations())
    ids = [r["id"] for r in records(name)]
    assert len(ids) == len(set(ids)), "duplicate record ids"
    for r in records(name):
        assert r["text"].strip() and r["expected"] is not None
        for exp in r["expected"] + r.get("forbidden", []):
            assert exp["r"] in known, (r["id"], exp["r"])
