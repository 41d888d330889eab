#!/usr/bin/env python3
"""Materialize the held-out real-news gold set into a folder the shared scorer can read.

The gold files in eval/real-held/ carry no article text (the 10kGNAD texts are
CC BY-NC-SA and are not copied into this repository). Each NNNN.gold.json names
row NNNN of the 10kGNAD articles.csv, the sha256 of that row's text, and for every
triple an ``evidence_span`` [start, end] into the text. This script reads the CSV
and writes, for every gold file, into --out:

* NNNN.txt        the article text, exactly as csv.reader returns it;
* NNNN.gold.json  the gold with "evidence" strings cut from the spans, and
                  "evidence_span" and "sha256" removed.

Then score with:  python ../shared/eval/score_folder.py OUT
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_ARTICLES = Path(__file__).resolve().parents[2] / "shared/data/10kgnad/articles.csv"
DEFAULT_GOLD = HERE / "real-held"


class MaterializeError(Exception):
    """A problem that stops materialization; its message is printed as one line."""


def read_articles(path: Path) -> list[str]:
    """Return the article texts of the 10kGNAD CSV (label;text rows), by row index."""
    if not path.is_file():
        raise MaterializeError(f"articles CSV not found: {path} (pass --articles PATH)")
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'")]


def materialize_one(gold: dict, texts: list[str], name: str) -> tuple[str, str, dict]:
    """Return (text file name, text, scorer-ready gold) for one held-out gold dict."""
    text_name = gold["text"]
    try:
        row = int(Path(text_name).stem)
    except ValueError:
        raise MaterializeError(f"{name}: 'text' must be NNNN.txt, got {text_name!r}") from None
    if not 0 <= row < len(texts):
        raise MaterializeError(f"{name}: row {row} is not in the CSV ({len(texts)} rows)")
    text = texts[row]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != gold.get("sha256"):
        raise MaterializeError(f"{name}: sha256 of CSV row {row} does not match the gold "
                               f"(got {digest[:12]}…, expected {str(gold.get('sha256'))[:12]}…)")
    triples = []
    for i, triple in enumerate(gold["triples"]):
        start, end = triple["evidence_span"]
        if not 0 <= start < end <= len(text):
            raise MaterializeError(f"{name}: triple {i} has a bad evidence_span {[start, end]}")
        out = {"s": triple["s"], "r": triple["r"], "o": triple["o"], "evidence": text[start:end]}
        if triple.get("negated"):
            out["negated"] = True
        triples.append(out)
    scored = {k: v for k, v in gold.items() if k not in ("sha256", "triples")}
    scored["triples"] = triples
    return text_name, text, scored


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="folder to write NNNN.txt and NNNN.gold.json into")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help=f"gold folder (default {DEFAULT_GOLD})")
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES,
                    help=f"10kGNAD articles.csv (default {DEFAULT_ARTICLES})")
    args = ap.parse_args(argv)
    try:
        golds = sorted(args.gold.glob("*.gold.json"))
        if not golds:
            raise MaterializeError(f"no *.gold.json in {args.gold}")
        texts = read_articles(args.articles)
        args.out.mkdir(parents=True, exist_ok=True)
        for path in golds:
            gold = json.loads(path.read_text(encoding="utf-8"))
            text_name, text, scored = materialize_one(gold, texts, path.name)
            (args.out / text_name).write_text(text, encoding="utf-8", newline="")
            (args.out / path.name).write_text(json.dumps(scored, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
    except MaterializeError as exc:
        print(f"materialize: error: {exc}", file=sys.stderr)
        return 1
    print(f"materialize: wrote {len(golds)} texts with gold to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
