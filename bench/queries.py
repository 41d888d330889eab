"""Query speed: every library query through `geokg query`, on files and on a store, beside Oxigraph's own CLI.

Each measurement is the wall time of whole commands, as a user runs them, load included:

- ``geokg query DIR/graph.ttl NAME`` and ``geokg query DIR/graph.trig NAME`` (start, read the file,
  run the query in the engine's child process, print);
- ``geokg query --store KG NAME`` (start, open the store read-only, run, print), with --store;
- Oxigraph's CLI on the same file and the same query text: ``oxigraph load --location TMP --file
  DIR/graph.ttl`` into a fresh database, then ``oxigraph query --location TMP --query-file Q``.

The best of --repeat runs is kept (the machine is shared; the minimum is the least disturbed run).
The last column is geokg on graph.ttl over Oxigraph's CLI.

With --compare it checks instead that every library query gives the same rows through
``geokg query`` on graph.ttl, graph.trig and the store, and through a live ``oxigraph serve
--union-default-graph`` loaded from graph.trig (GROUP_CONCAT cells compared as sets: their order
is the engine's).

Usage::

    python bench/queries.py --out DIR [--store KG] [--repeat 3] [--markdown FILE]
    python bench/queries.py --out DIR --store KG --compare

Build DIR first with ``geokg build … --out DIR --format ttl,trig`` (and KG with ``--store KG``), for
example from ../shared/data/10kgnad/articles.csv written as JSON Lines (bench/queries.py --articles
N --jsonl FILE writes the first N articles so).
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GEOKG = str(BIN / "geokg")
OXIGRAPH = shutil.which("oxigraph") or str(BIN / "oxigraph")
ARTICLES = ROOT.parent / "shared" / "data" / "10kgnad" / "articles.csv"

#: Parameters that give the parameterized queries rows on Austrian news of 2015–16.
PARAMS = {"actor-timeline": {"actor": "Österreich"}, "against-country": {"country": "Österreich"},
          "leaders-at-date": {"country": "Österreich", "date": "2016-01-15"},
          "leaders-over-time": {"country": "Österreich"}, "relation-timeline": {"relation": "criticizes"},
          "document-statements": {"document": ""}}


@dataclass(frozen=True)
class Timing:
    """One library query: its rows and the best wall time of each way of running it (None: not measured)."""

    name: str
    rows: int
    ttl: float
    trig: float
    store: float | None
    oxigraph: float


def run(args: Sequence[str]) -> tuple[float, str]:
    """Wall time and stdout of a command that must succeed."""
    started = time.perf_counter()
    done = subprocess.run(list(args), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed, done.stdout


def best(args: Sequence[str], repeat: int) -> tuple[float, str]:
    """The fastest of `repeat` runs of a command, and its output."""
    runs = [run(args) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[0][1]


def oxigraph_cli(graph: Path, query: Path, repeat: int) -> float:
    """The fastest of `repeat` runs of Oxigraph's CLI: load the file into a fresh database, then query it."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            load, _ = run([OXIGRAPH, "load", "--location", tmp, "--file", str(graph)])
            ask, _ = run([OXIGRAPH, "query", "--location", tmp, "--query-file", str(query),
                          "--results-format", "csv"])
            times.append(load + ask)
    return min(times)


def measure(out: Path, store: Path | None, repeat: int) -> list[Timing]:
    """Every library query, timed every way."""
    from geokg.graph.library import library

    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, query in library().items():
            params = PARAMS.get(name, {})
            flags = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
            text = Path(tmp) / f"{name}.rq"
            text.write_text(query.bind(params), encoding="utf-8")
            ttl, answer = best([GEOKG, "query", str(out / "graph.ttl"), name, *flags, "--format", "csv"], repeat)
            trig, _ = best([GEOKG, "query", str(out / "graph.trig"), name, *flags, "--format", "csv"], repeat)
            kept = best([GEOKG, "query", "--store", str(store), name, *flags, "--format", "csv"], repeat)[0] \
                if store is not None else None
            rows = max(0, len(list(csv.reader(answer.splitlines()))) - 1)
            timings.append(Timing(name, rows, ttl, trig, kept, oxigraph_cli(out / "graph.ttl", text, repeat)))
            print(f"{name}: {rows} rows, {ttl:.2f} s (ttl), oxigraph CLI {timings[-1].oxigraph:.2f} s",
                  file=sys.stderr)
    return timings


def markdown(timings: list[Timing], out: Path) -> str:
    """The timings as a markdown table, slowest geokg query first."""
    size = (out / "graph.ttl").stat().st_size / 1e6
    lines = [f"`{out}/graph.ttl`: {size:.1f} MB. Wall time of whole commands, best of the runs, in seconds.", "",
             "| query | rows | geokg graph.ttl | geokg graph.trig | geokg --store | oxigraph load + query | ratio |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for t in sorted(timings, key=lambda t: -t.ttl):
        kept = f"{t.store:.2f}" if t.store is not None else "–"
        lines.append(f"| {t.name} | {t.rows} | {t.ttl:.2f} | {t.trig:.2f} | {kept} | {t.oxigraph:.2f} | "
                     f"{t.ttl / t.oxigraph:.1f}× |")
    slowest = max(timings, key=lambda t: t.ttl)
    lines += ["", f"Slowest through geokg on graph.ttl: {slowest.name}, {slowest.ttl:.2f} s, "
                  f"{slowest.ttl / slowest.oxigraph:.1f}× Oxigraph's CLI on the same file and query."]
    return "\n".join(lines) + "\n"


def _rows(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """JSON rows as sorted tuples, each cell's GROUP_CONCAT parts sorted."""
    return sorted(tuple((k, *sorted(re.split(r" \| |, ", v))) for k, v in sorted(row.items()))
                  for row in json.loads(text))


def compare(out: Path, store: Path) -> str:
    """Whether each library query gives the same rows on graph.ttl, graph.trig, the store and oxigraph serve."""
    from geokg.graph.library import library

    with tempfile.TemporaryDirectory() as tmp:
        run([OXIGRAPH, "load", "--location", tmp, "--file", str(out / "graph.trig")])
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([OXIGRAPH, "serve", "--location", tmp, "--bind", f"127.0.0.1:{port}",
                                   "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(2)
            url = f"http://127.0.0.1:{port}/query"
            lines = ["| query | rows | graph.trig | store | oxigraph serve (union default graph, from graph.trig) |",
                     "| --- | ---: | --- | --- | --- |"]
            for name in library():
                flags = [arg for key, value in PARAMS.get(name, {}).items() for arg in ("--param", f"{key}={value}")]
                ask = [name, *flags, "--format", "json"]
                expected = _rows(run([GEOKG, "query", str(out / "graph.ttl"), *ask])[1])
                found = [_rows(run(args)[1]) == expected for args in (
                    [GEOKG, "query", str(out / "graph.trig"), *ask], [GEOKG, "query", "--store", str(store), *ask],
                    [GEOKG, "query", "--endpoint", url, *ask])]
                lines.append(f"| {name} | {len(expected)} | " + " | ".join("same" if f else "**differs**" for f in found)
                             + " |")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return "\n".join(lines) + "\n"


def write_articles(count: int, path: Path) -> None:
    """The first `count` articles of 10kGNAD as JSON Lines records (text, title), for `geokg build`."""
    rows = list(csv.reader(ARTICLES.open(encoding="utf-8"), delimiter=";", quotechar="'"))[:count]
    with path.open("w", encoding="utf-8") as fh:
        for i, (_, text) in enumerate(rows):
            fh.write(json.dumps({"id": f"a{i:04d}", "title": text[:60], "text": text}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Measure and print (or write) the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="a geokg build's output folder (graph.ttl, graph.trig)")
    parser.add_argument("--store", type=Path, help="a geokg store of the same texts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="write the table here instead of printing it")
    parser.add_argument("--articles", type=int, help="with --jsonl: write this many 10kGNAD articles and stop")
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare rows everywhere instead of timing")
    args = parser.parse_args(argv)
    if args.articles:
        write_articles(args.articles, args.jsonl)
        return 0
    if args.out is None:
        parser.error("--out DIR is needed")
    if args.compare and args.store is None:
        parser.error("--compare needs --store KG")
    table = compare(args.out, args.store) if args.compare else markdown(measure(args.out, args.store, args.repeat),
                                                                         args.out)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    else:
        print(table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
