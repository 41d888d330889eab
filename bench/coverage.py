"""Lexicon coverage on real news: how often a sentence naming two actors yields an event statement.

Runs the default extraction pipeline over the 10kGNAD articles (derStandard.at, 2015–16; by
default the International and Inland sections, all their rows except the held-out ones of
eval/real-held) and prints a markdown report:

(a) sentences that name two or more actors (Person, Organization, Country; a Location when it
    stands as a bare noun phrase, not after a preposition) and how many of them yield at least
    one event statement (every relation but the static leads, affiliated_with, member_of,
    located_in, and states, which is not scored);
(b) in the two-actor sentences that yield nothing: the most frequent verb lemmas (separable
    particles joined as the clause finder does) and event-noun candidates (a noun followed by a
    prepositional phrase, as "Kritik an", "Besuch in"), with counts, whether a frame exists
    (`yes`; `light` when only light-verb readings do), and one short example context each — a
    known lemma there points at the clause or entity analysis rather than at the lexicon;
(c) statements per article.

The article texts are CC BY-NC-SA: the report only prints short contexts; nothing is written.

Usage::

    .venv/bin/python bench/coverage.py [--articles PATH] [--labels International,Inland] [--top 60] [--limit N]
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from geokg.extract.clauses import clauses
from geokg.extract.lang_de.frames import compound_tail, noun_frames, verb_frames
from geokg.extract.model import Statement
from geokg.extract.pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLES = ROOT.parent / "shared/data/10kgnad/articles.csv"
HELD_OUT = ROOT / "eval/real-held"
ACTORS = frozenset({"Person", "Organization", "Country"})
STATIC = frozenset({"leads", "affiliated_with", "member_of", "located_in", "states"})
PREPOSITIONS = frozenset({"mit", "gegen", "an", "nach", "in", "auf", "zu", "über", "für", "von", "bei", "um",
                          "zwischen", "aus"})
ISSUED = date(2016, 1, 15)  # 10kGNAD carries no dates; relative times are resolved against this one
CONTEXT = 6  # tokens either side of an example


@dataclass
class Tally:
    """Counts over all articles."""

    articles: int = 0
    sentences: int = 0
    two_actor: int = 0
    two_actor_with_event: int = 0
    statements: list[int] = field(default_factory=list)  # all statements per article
    events: list[int] = field(default_factory=list)  # event statements per article
    relations: Counter[str] = field(default_factory=Counter)
    verbs: Counter[str] = field(default_factory=Counter)
    nouns: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)


def read_articles(path: Path, labels: set[str], skip: set[int]) -> list[tuple[int, str]]:
    """(row, text) of the articles whose section is in `labels`, leaving out the rows in `skip`."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";", quotechar="'"))
    return [(n, r[1]) for n, r in enumerate(rows) if r[0] in labels and n not in skip and len(r) > 1]


def held_out_rows(folder: Path) -> set[int]:
    """The CSV rows annotated for the held-out evaluation (never to be mined)."""
    return {int(p.name.split(".")[0]) for p in folder.glob("*.gold.json")}


def analyse(nlp: Language, text: str) -> Doc:
    """The text through the pipeline, as explain.py and extract_document run it."""
    doc = nlp.make_doc(text)
    doc._.issued = ISSUED
    doc._.persons = {}
    return nlp(doc)


def actors(sent: Span) -> set[str]:
    """Identities of the actor entities a sentence names (a place only as a bare noun phrase)."""
    bare = {i for cl in clauses(sent) for p in cl.phrases if p.prep is None for i in range(p.start, p.end)}
    out = set()
    for ent in sent.ents:
        ref = ent._.entity
        if ref is None:
            continue
        if ref.type in ACTORS or (ref.type == "Location" and ent.start in bare):
            out.add(ref.ident)
    return out


def context(sent: Span, i: int) -> str:
    """A few words either side of token i, one line."""
    doc = sent.doc
    a, b = max(sent.start, i - CONTEXT), min(sent.end, i + CONTEXT + 1)
    return " ".join(t.text for t in doc[a:b]).replace("\n", " ")


def candidates(sent: Span) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(verb lemma, token) and (noun lemma + preposition, token) of the clauses of a sentence."""
    verbs, nouns = [], []
    for cl in clauses(sent):
        if cl.verb is not None and cl.lemma:
            verbs.append((cl.lemma, cl.verb.i))
        for p, nxt in zip(cl.phrases, cl.phrases[1:]):
            head = sent.doc[p.head]
            end = p.genitive.end if p.genitive is not None else p.end  # "Kritik der EU an …"
            begin = nxt.begin if nxt.begin >= 0 else nxt.start
            if head.tag_ == "NN" and nxt.prep in PREPOSITIONS and begin == end and not (p.time or nxt.time):
                nouns.append((f"{head.lemma_} {nxt.prep}", head.i))
    return verbs, nouns


def count(doc: Doc, tally: Tally) -> None:
    """Add one analysed article to the tally."""
    statements: list[Statement] = doc._.statements or []
    events = [s for s in statements if s.relation not in STATIC]
    tally.articles += 1
    tally.statements.append(len(statements))
    tally.events.append(len(events))
    tally.relations.update(s.relation for s in events)
    starts = {s.char_start for s in events}
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        tally.sentences += 1
        if len(actors(sent)) < 2:
            continue
        tally.two_actor += 1
        offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        if offset in starts:
            tally.two_actor_with_event += 1
            continue
        verbs, nouns = candidates(sent)
        for counter, kind, found in ((tally.verbs, "v", verbs), (tally.nouns, "n", nouns)):
            for word, i in found:
                counter[f"{kind}:{word}"] += 1
                tally.examples.setdefault(f"{kind}:{word}", context(sent, i))


def _known(key: str) -> str:
    """`yes` if a verb or noun frame exists for a candidate, `light` if only light-verb readings
    (zur Rede stellen) do, else blank."""
    kind, word = key.split(":", 1)
    if kind == "v":
        frames = verb_frames().get(word, ())
        if not frames:
            return ""
        return "light" if all(f.with_noun for f in frames) else "yes"
    noun = word.split()[0]
    return "yes" if compound_tail(noun, noun_frames()) else ""


def report(tally: Tally, top: int, seconds: float) -> str:
    """The markdown report."""
    pct = 100 * tally.two_actor_with_event / tally.two_actor if tally.two_actor else 0.0
    st, ev = tally.statements or [0], tally.events or [0]
    lines = [
        f"# Coverage on {tally.articles} articles ({seconds:.0f} s)", "",
        "| measure | value |", "| --- | --- |",
        f"| sentences | {tally.sentences} |",
        f"| sentences with ≥ 2 actors | {tally.two_actor} |",
        f"| … of which with ≥ 1 event statement | {tally.two_actor_with_event} ({pct:.1f} %) |",
        f"| statements per article (all): mean / median / max | {statistics.mean(st):.2f} / "
        f"{statistics.median(st):g} / {max(st)} |",
        f"| event statements per article: mean / median / max | {statistics.mean(ev):.2f} / "
        f"{statistics.median(ev):g} / {max(ev)} |",
        f"| articles with no event statement | {sum(1 for e in ev if e == 0)} |", "",
        "## Event statements by relation", "",
        "| relation | statements |", "| --- | --- |",
        *[f"| {r} | {n} |" for r, n in tally.relations.most_common()], "",
    ]
    for title, counter in (("Verb lemmas", tally.verbs), ("Noun + preposition", tally.nouns)):
        lines += [f"## {title} in two-actor sentences with no event statement", "",
                  "| lemma | count | frame | example |", "| --- | --- | --- | --- |"]
        for key, n in counter.most_common(top):
            example = tally.examples[key].replace("|", "/")
            lines.append(f"| {key[2:]} | {n} | {_known(key)} | {example} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the pipeline over the articles, print the report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="the 10kGNAD articles.csv")
    ap.add_argument("--labels", default="International,Inland", help="sections to read, comma-separated")
    ap.add_argument("--top", type=int, default=60, help="rows of each frequency table")
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles (0: all)")
    args = ap.parse_args(argv)
    if not args.articles.is_file():
        print(f"articles CSV not found: {args.articles} (pass --articles PATH)", file=sys.stderr)
        return 2
    articles = read_articles(args.articles, set(args.labels.split(",")), held_out_rows(HELD_OUT))
    if args.limit:
        articles = articles[:args.limit]
    nlp = default_pipeline()
    tally = Tally()
    started = time.perf_counter()
    for n, (_, text) in enumerate(articles, 1):
        count(analyse(nlp, text), tally)
        if n % 50 == 0:
            print(f"{n}/{len(articles)} articles", file=sys.stderr)
    print(report(tally, args.top, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
