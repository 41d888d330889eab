"""Benchmark geokg: throughput of every stage and export, peak memory, and the ratio to spaCy's tokenizer.

The headline corpus is real news: the 1,002 articles of 10kGNAD's test split
(`../shared/data/10kgnad/articles.csv` beside the clone, or under $GEOKG_DATA_DIR), one file each,
built end to end with the default command (`geokg build DIR --out OUT`: as many workers as cores)
and with `--workers 1`, in fresh processes, beside spaCy's German tokenizer alone on the same text
in the same run (in this process, and in a fresh process with its start-up, as the builds are timed);
tokens/s and statements/s of wall time, peak memory of the build and its workers
(the sum of their proportional set sizes, sampled). Extra corpora: a seeded synthetic liveblog
corpus (bench/corpus.py, a few thousand entries) and, where Debian's `fortunes-de` is installed,
the German fortune cookies under /usr/share/games/fortunes/de (real German not written for this
project; `apt-get install fortunes-de`).

Per corpus, in this process: read, extract (the spaCy pipeline with HanTa), assemble (persons
resolved, RDF dataset, networkx graph) and each registered export, as tokens/s and statements/s
of CPU time; rdflib's own Turtle writer for comparison. In fresh subprocesses: the end-to-end
build (read → extract → graph → Turtle) with 1 and 2 workers, wall time and peak RSS.

Usage::

    python bench/run.py [--entries 3000] [--big] [--huge] [--limits] [--out bench/results.md]

--big adds a build of ~1 million tokens with the default command (peak memory), --huge one 50 MB file
(minutes): all the real German at hand (fortunes-de, UD German's sentences; ~3 MB), then synthetic entries.

It also times the odd inputs the tests check only for what comes out (a wall-clock limit in a unit
test fails on a loaded machine): each row says its limit and whether it was met. `--limits` runs
only those (seconds), prints them and leaves results.md alone.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from geokg import native  # noqa: E402

FORTUNES = Path("/usr/share/games/fortunes/de")
# beside the clone, as the tests expect it
DATA = Path(os.environ.get("GEOKG_DATA_DIR", ROOT.parent / "shared" / "data"))
UD = DATA / "ud-german"
GNAD = DATA / "10kgnad" / "articles.csv"
GEOKG = Path(sys.executable).parent / "geokg"  # the command, from the environment that runs this

E2E = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from geokg.extract.pipeline import default_pipeline
from geokg.build import build
default_pipeline()
loaded = time.perf_counter()
cpu = time.process_time()
build([Path(sys.argv[1])], Path(sys.argv[2]), sys.argv[3].split(","), workers=int(sys.argv[4]))
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"load": loaded - started, "wall": time.perf_counter() - loaded,
                  "cpu": time.process_time() - cpu, "children_cpu": children.ru_utime + children.ru_stime,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_rss_mb": children.ru_maxrss / 1024}))
"""


@dataclass
class Row:
    """One line of the table."""

    corpus: str
    stage: str
    seconds: float
    tokens: int
    statements: int | None = None
    note: str = ""

    def cells(self) -> list[str]:
        tps = f"{self.tokens / self.seconds:,.0f}" if self.seconds and self.tokens else "–"
        sps = f"{self.statements / self.seconds:,.0f}" if self.seconds and self.statements is not None else "–"
        return [self.corpus, self.stage, f"{self.seconds:.2f}", tps, sps, self.note]


@dataclass
class Report:
    """The rows and the notes of one benchmark run."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        head = ["corpus", "stage", "seconds", "tokens/s", "statements/s", "note"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r.cells()) + " |" for r in self.rows]
        return "\n".join(lines + [""] + [f"- {n}" for n in self.notes]) + "\n"


def fortune_corpus(out: Path, per_file: int = 25_000) -> list[Path] | None:
    """The German fortunes as text files (the first `per_file` characters of each), or None if not installed."""
    if not FORTUNES.is_dir():
        return None
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted(FORTUNES.iterdir()):
        if source.suffix in (".dat", ".u8") or source.is_symlink() or not source.is_file():
            continue
        text = source.read_text("utf-8", errors="replace")
        entries = [" ".join(e.split()) for e in text.split("\n%\n") if e.strip()]
        kept, size = [], 0
        for entry in entries:
            if size + len(entry) > per_file:
                break
            kept.append(entry)
            size += len(entry) + 1
        target = out / f"{source.name}.txt"
        target.write_text("\n".join(kept) + "\n", encoding="utf-8")
        paths.append(target)
    return paths


def gnad_corpus(out: Path) -> list[Path] | None:
    """10kGNAD's articles as one text file each (the text column), or None if the data is not there.

    Measuring data only (CC BY-NC-SA): written to the bench's temporary folder, never into the repository.
    """
    if not GNAD.is_file():
        return None
    out.mkdir(parents=True, exist_ok=True)
    with GNAD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";", quotechar="'"))
    paths = []
    for n, row in enumerate(rows):
        path = out / f"article-{n:04d}.txt"
        path.write_text(row[1], encoding="utf-8")
        paths.append(path)
    return paths


def tokenizer_ceiling(paths: list[Path]) -> tuple[int, float]:
    """(tokens, tokens/s of CPU) of spaCy's German tokenizer alone over the files, in this process."""
    import spacy

    blank = spacy.blank("de")
    blank.max_length = 10 ** 9
    texts = [p.read_text("utf-8") for p in paths]
    tokens, seconds = timed(lambda: sum(len(blank.make_doc(text)) for text in texts))
    return tokens, tokens / seconds


TOKENIZE = """
import sys
from pathlib import Path

import spacy

blank = spacy.blank("de")
blank.max_length = 10 ** 9
print(sum(len(blank.make_doc(p.read_text("utf-8"))) for p in sorted(Path(sys.argv[1]).iterdir())))
"""


def tokenizer_process(folder: Path) -> float:
    """Wall seconds of spaCy's German tokenizer alone over a folder in a fresh process, start-up included,
    measured as the builds are (the speed issue's ceiling: 103,000 tokens/s, 5,554 ÷ 0.054)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", TOKENIZE, str(folder)], check=True, capture_output=True)
    return time.perf_counter() - started


class PeakMemory:
    """The highest sum of the proportional set sizes (PSS) of a process and its descendants, sampled.

    PSS shares a page among the processes that map it, so the forked workers' shared pipeline is
    counted once; without /proc (not Linux) it stays 0 and the caller falls back to ru_maxrss.
    Reading smaps_rollup walks a process's page tables under its memory lock: sampled every 0.1 s,
    it took ~2 s of a 25 s two-worker build's wall time on two cores; a build's memory is a
    plateau held for seconds, so every 0.5 s finds the same peak.
    """

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid = pid
        self.every = every
        self.peak_mb = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak_mb = max(self.peak_mb, sum(_pss_kb(p) for p in _tree(self.pid)) / 1024)
            self.done.wait(self.every)


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from the parent ids in /proc/*/stat (Linux); [pid] elsewhere."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _pss_kb(pid: int) -> int:
    """A process's proportional set size in kB (0 if it is gone or /proc does not tell)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def default_command(name: str, folder: Path, tokens: int, report: Report, work: Path, workers: int | None = None,
                    tokenizer_tps: float | None = None) -> dict[str, float]:
    """`geokg build FOLDER --out OUT` as a user runs it (with `--workers N` if given), in a fresh process:
    wall time from start to exit (start-up included), statements written, peak memory."""
    out = work / f"cmd-{name}-{workers or 'default'}"
    args = [str(GEOKG), "-q", "build", str(folder), "--out", str(out)] + (
        ["--workers", str(workers)] if workers else [])
    before = _children_cpu()
    started = time.perf_counter()
    with subprocess.Popen(args, stderr=subprocess.PIPE, text=True) as proc, PeakMemory(proc.pid) as memory:
        _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    cpu = _children_cpu() - before  # the build's and, as it waits for them, its workers'
    if proc.returncode != 0:
        raise SystemExit(f"geokg build failed: {stderr.strip().splitlines()[-1:]}")
    statements = sum(1 for _ in (out / "statements.jsonl").open(encoding="utf-8"))
    peak = memory.peak_mb or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    used = _workers(folder, workers)
    label = f"default command, {used} worker{'s' * (used > 1)}" + (" (--workers 1)" if workers == 1 else "")
    note = f"geokg build DIR --out OUT{' --workers 1' if workers == 1 else ''}; wall seconds, start-up included; " \
           f"{statements} statements; peak memory {peak:,.0f} MB (PSS of the build and its workers); " \
           f"{cpu:.1f} CPU s in all"
    if tokenizer_tps:
        note += f"; {tokens / wall / tokenizer_tps:.3f}× the tokenizer alone"
    report.rows.append(Row(name, label, wall, tokens, statements, note))
    if used == 1:
        report.rows.append(Row(name, f"{label} (CPU)", cpu, tokens, statements,
                               "CPU seconds of the build: throughput on one core, whatever else runs"))
    return {"wall": wall, "cpu": cpu, "statements": statements, "peak_mb": peak}


EXPLAIN = "Russland greift Kiew an."


def explain_cold(report: Report, runs: int = 3) -> None:
    """`geokg explain "Russland greift Kiew an."` in `runs` fresh processes: the slowest wall time, all of them noted."""
    walls, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run([str(GEOKG), "explain", EXPLAIN], capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - before)
        if done.returncode != 0 or "--attacks-->" not in done.stdout:
            raise SystemExit(f"geokg explain failed: {done.stderr.strip().splitlines()[-1:]}")
    report.rows.append(Row("one sentence", f'explain "{EXPLAIN}", cold start', max(walls), 0,
                           note=f"wall seconds, the slowest of {runs} fresh processes "
                                f"({', '.join(f'{w:.2f}' for w in walls)}; CPU {', '.join(f'{c:.2f}' for c in cpus)}); "
                                f"limit < 2 s: {'met' if max(walls) < 2 else 'missed'}"))


def _children_cpu() -> float:
    """User and system seconds of the finished child processes of this one (and of theirs that were waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cores() -> int:
    """The cores `geokg build` may use here."""
    from geokg.executors import available_cores

    return available_cores()


def _workers(folder: Path, asked: int | None) -> int:
    """The workers `geokg build FOLDER` runs with `--workers asked` (None: the default)."""
    from geokg.build import workers_for
    from geokg.extract.reader import sources

    return workers_for(list(sources([folder])), asked)


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    """The result of func() and the CPU seconds it took."""
    started = time.process_time()
    result = func()
    return result, time.process_time() - started


def stages(name: str, paths: list[Path], report: Report, work: Path) -> tuple[int, float]:
    """Read, tokenize, extract, assemble and export one corpus in this process; return (tokens, tok/s of the tokenizer)."""
    import spacy

    from geokg.exports import FORMATS, Bundle, get
    from geokg.extract.pipeline import default_pipeline, extract
    from geokg.extract.reader import read_document
    from geokg.graph.shards import document_quads
    from geokg.graph.spool import QuadSpool
    from geokg.graph.assemble import assemble, union
    from geokg.graph.network import to_networkx
    from geokg.graph.resolve import Resolver, entity_names, person_names, resolve_with

    documents, t_read = timed(lambda: [read_document(p) for p in paths])
    blank = spacy.blank("de")
    blank.max_length = 10 ** 9
    tokens, t_tok = timed(lambda: sum(len(blank(d.text)) for d in documents))
    report.rows.append(Row(name, "read", t_read, tokens, note=f"{len(documents)} files"))
    report.rows.append(Row(name, "spaCy tokenizer alone", t_tok, tokens, note="spacy.blank('de')"))
    default_pipeline()
    extracted, t_ext = timed(lambda: list(extract(documents)))
    n = sum(len(d.statements) for d in extracted)
    report.rows.append(Row(name, "extract (pipeline)", t_ext, tokens, n, f"{n} statements"))

    def graph() -> tuple[Any, Any, Any]:
        resolver = Resolver(person_names(extracted), entity_names(extracted))
        docs, quads = resolve_with(extracted, resolver), QuadSpool(work)
        for document in docs:
            quads.update(document_quads(document))
        return docs, quads, to_networkx(docs)

    (docs, quads, network), t_graph = timed(graph)
    report.rows.append(Row(name, "graph assembly", t_graph, tokens, n,
                           f"{len(quads)} quads: resolve, shards, background, networkx"))
    dataset, t_rdflib_graph = timed(lambda: assemble(docs))
    report.rows.append(Row(name, "(rdflib Dataset assembly)", t_rdflib_graph, tokens, n,
                           "graph.assemble, needed only by formats with needs_dataset (exports.FORMATS)"))
    bundle = Bundle(dataset, network, docs, title=name, quads=quads)
    for fmt, exporter in FORMATS.items():
        target = work / f"{name}-{exporter.filename.rstrip('/')}"
        _, t_exp = timed(lambda: get(fmt)(bundle, target))
        size = sum(p.stat().st_size for p in target.rglob("*")) if target.is_dir() else target.stat().st_size
        report.rows.append(Row(name, f"export {fmt}", t_exp, tokens, n, f"{size / 1e6:.1f} MB"))
    _, t_rdflib = timed(lambda: union(dataset).serialize(format="turtle", encoding="utf-8"))
    report.rows.append(Row(name, "(rdflib Turtle writer)", t_rdflib, tokens, n,
                           f"{len(quads) / t_rdflib:,.0f} quads/s, against the pyoxigraph path above"))
    return tokens, tokens / t_tok


def end_to_end(name: str, folder: Path, tokens: int, workers: int, report: Report, work: Path,
               tokenizer_tps: float | None = None, formats: str = "ttl") -> dict[str, float]:
    """A fresh `build --format FORMATS` in a subprocess: wall time and peak memory."""
    proc = subprocess.run([sys.executable, "-c", E2E, str(folder), str(work / f"e2e-{name}-{workers}"), formats,
                           str(workers)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"end-to-end build failed: {proc.stderr.strip().splitlines()[-1:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    rss = max(result["rss_mb"], result["children_rss_mb"])
    label = f"end to end → {formats}, {workers} worker{'s' * (workers > 1)}"
    note = f"peak RSS {rss:,.0f} MB; pipeline load {result['load']:.1f} s not counted"
    if tokenizer_tps:
        note += f"; {tokens / result['wall'] / tokenizer_tps:.3f}× the tokenizer alone"
    report.rows.append(Row(name, f"{label} (wall)", result["wall"], tokens, None, note))
    if workers == 1:
        report.rows.append(Row(name, f"{label} (CPU)", result["cpu"], tokens, None,
                               "CPU seconds of the one process: throughput on one core, whatever else runs"))
    else:
        report.rows.append(Row(name, f"{label} (CPU)", result["cpu"] + result["children_cpu"], tokens, None,
                               f"{result['cpu']:.1f} s in the main process (serial), "
                               f"{result['children_cpu']:.1f} s in the workers"))
    return result


#: A German word HanTa would take minutes on (its morpheme Viterbi is cubic in the length), and a
#: 20,000-word sentence; tests/ checks what geokg makes of them, this file how long that takes.
OVERLONG_WORD = "Donaudampfschifffahrtsgesellschaft" * 300
LONG_SENTENCE_WORDS = ("Russland hat die Stadt Odessa mit Drohnen angegriffen und die NATO kritisiert das scharf "
                       "während Kiew Hilfe fordert").split()


@dataclass(frozen=True)
class Limit:
    """A wall-clock limit on one odd input, and the test that checks the same input for function."""

    corpus: str
    stage: str
    seconds: float
    test: str


#: Sentences of several shapes, repeated into one line of 30 MB (no line break to cut at).
ONE_LINE_SENTENCES = ("Russland hat die ukrainische Stadt Odessa in der Nacht mit Drohnen angegriffen.",
                      "Die EU forderte Sanktionen, sagte Dr. Müller am 3. September.",
                      "Warum lehnt China die Vorschläge der EU ab?")

LIMITS = (
    Limit("one 10,200-character word", "tag (pipeline, loaded)", 5,
          "tests/extract/test_tagger.py::test_tagger_overlong_word_is_its_own_lemma"),
    Limit("one 20,000-word sentence", "build → ttl,jsonl (pipeline loaded)", 60,
          "tests/test_robustness.py::test_robustness_twenty_thousand_word_sentence"),
    Limit("8 MB of text with nothing to normalize", "normalize", 1,
          "tests/extract/test_normalize.py::test_normalize_maps_a_long_text"),
    Limit("30 MB on one line", "cut into spaCy Docs and build parts", 10,
          "tests/test_robustness_input.py::test_robustness_input_thirty_megabytes_on_one_line_are_cut_only_between_sentences"),
)


def limits(report: Report, work: Path) -> list[str]:
    """Time each odd input of LIMITS (wall seconds, the pipeline loaded before) into `report`; the missed ones."""
    from geokg.build import build
    from geokg.extract.normalize import normalize
    from geokg.extract.pipeline import MAX_CHUNK, MAX_PART, chunks, default_pipeline

    nlp = default_pipeline()
    path = work / "long-sentence" / "long.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    words = [LONG_SENTENCE_WORDS[(i * 7) % len(LONG_SENTENCE_WORDS)] for i in range(20_000)]
    path.write_text(" ".join(words) + ".\n", encoding="utf-8")
    clean = "Die NATO kritisierte den Angriff auf Odessa scharf, sagte Müller. " * 120_000
    one_line = " ".join(ONE_LINE_SENTENCES[i % 3] for i in range(30_000_000 // 60))
    runs: list[Callable[[], int]] = [
        lambda: len(nlp(f"Die {OVERLONG_WORD} wurde gegründet.")),
        lambda: (build([path], work / "long-sentence" / "out", ["ttl", "jsonl"]), len(words) + 1)[1],
        lambda: len(normalize(clean).text),
        lambda: sum(len(list(chunks(one_line, limit=limit))) for limit in (MAX_CHUNK, MAX_PART)),
    ]
    missed = []
    for limit, run in zip(LIMITS, runs):
        count, seconds = timed(run)
        verdict = "met" if seconds < limit.seconds else "MISSED"
        if verdict == "MISSED":
            missed.append(f"{limit.corpus}: {seconds:.1f} s, limit {limit.seconds:g} s")
        report.rows.append(Row(limit.corpus, limit.stage, seconds, count,
                               note=f"wall seconds; limit < {limit.seconds:g} s: {verdict} ({limit.test})"))
    return missed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the Markdown table and write it to --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=3000, help="synthetic liveblog entries (100 a file)")
    parser.add_argument("--big", action="store_true", help="also build ~1 million tokens (peak memory)")
    parser.add_argument("--huge", action="store_true", help="also build one 50 MB file (takes many minutes)")
    parser.add_argument("--limits", action="store_true",
                        help="only time the odd inputs against their limits (seconds); results.md is left alone")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    report = Report()
    if args.limits:
        with tempfile.TemporaryDirectory(prefix="geokg-bench-") as tmp:
            missed = limits(report, Path(tmp))
        print(report.markdown())
        for line in missed:
            print(f"limit missed: {line}")
        return 1 if missed else 0
    report.notes.append(f"{platform.python_implementation()} {platform.python_version()}, {_cpu_name()}, "
                        f"{_cores()} cores usable, {time.strftime('%Y-%m-%d')}; load average "
                        f"{os.getloadavg()[0]:.1f} at the start; stage rows are CPU seconds of one process, "
                        "end-to-end and default-command rows wall seconds of a fresh process")
    compiled = native.built_here() is not None
    report.notes.append("the extraction's compiled modules (`make native`, geokg/native.py): "
                        + ("in use" if compiled else "not built or stale, so plain Python"))
    with tempfile.TemporaryDirectory(prefix="geokg-bench-") as tmp:
        work = Path(tmp)
        gnad = gnad_corpus(work / "10kgnad")
        if gnad is None:
            report.notes.append(f"10kGNAD is not at {GNAD}: the real-news headline was skipped")
        else:
            gtokens, gtok_tps = tokenizer_ceiling(gnad)
            report.rows.append(Row("10kGNAD", "spaCy tokenizer alone (the ceiling)", gtokens / gtok_tps, gtokens,
                                   note=f"{len(gnad)} articles; spacy.blank('de'), CPU seconds, this run"))
            fresh = tokenizer_process(work / "10kgnad")
            report.rows.append(Row("10kGNAD", "spaCy tokenizer alone, a fresh process", fresh, gtokens,
                                   note="wall seconds, start-up included, as the builds below (the speed "
                                        "issue's ceiling)"))
            default = default_command("10kGNAD", work / "10kgnad", gtokens, report, work, tokenizer_tps=gtok_tps)
            one = default_command("10kGNAD", work / "10kgnad", gtokens, report, work, workers=1,
                                  tokenizer_tps=gtok_tps)
            report.notes.append(f"10kGNAD, the default command: {gtokens / default['wall']:,.0f} tokens/s "
                                f"({gtokens / default['wall'] / gtok_tps:.3f}× the tokenizer's "
                                f"{gtok_tps:,.0f} in this process, {fresh / default['wall']:.3f}× its "
                                f"{gtokens / fresh:,.0f} in a fresh process, start-up included), "
                                f"{default['statements'] / default['wall']:,.1f} statements/s, "
                                f"peak {default['peak_mb']:,.0f} MB; --workers 1: {gtokens / one['wall']:,.0f} "
                                f"tokens/s, peak {one['peak_mb']:,.0f} MB; load average "
                                f"{os.getloadavg()[0]:.1f} after them")
        explain_cold(report)
        synthetic = work / "synthetic"
        paths = write_corpus(synthetic, files=max(1, args.entries // 100), entries=min(100, args.entries), seed=7)
        tokens, tok_tps = stages("synthetic", paths, report, work)
        for line in limits(report, work):
            report.notes.append(f"limit missed: {line}")
        one = end_to_end("synthetic", synthetic, tokens, 1, report, work, tok_tps)
        two = end_to_end("synthetic", synthetic, tokens, 2, report, work, tok_tps)
        ideal = one["cpu"] / (two["cpu"] + two["children_cpu"] / 2)
        report.notes.append(f"--workers 2: {one['wall'] / two['wall']:.2f}× as fast as one worker in wall time "
                            f"here (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); "
                            f"{ideal:.2f}× on two idle cores, from the CPU seconds (one-worker CPU ÷ "
                            "(main process + workers ÷ 2))")
        fortunes = fortune_corpus(work / "fortunes")
        if fortunes is None:
            report.notes.append("fortunes-de is not installed (apt-get install fortunes-de): "
                                "the real-German corpus was skipped")
        else:
            report.notes.append(f"fortunes-de: {len(fortunes)} files of German fortunes from {FORTUNES}")
            ftokens, ftok_tps = stages("fortunes-de", fortunes, report, work)
            end_to_end("fortunes-de", work / "fortunes", ftokens, 1, report, work, ftok_tps)
        if args.big:
            big = work / "big"
            write_corpus(big, files=270, entries=100, seed=11)
            default_command("1M tokens", big, _count_tokens(big), report, work)
        if args.huge:
            huge = work / "huge"
            huge.mkdir()
            (huge / "huge.txt").write_text(huge_text(work / "huge-parts"), encoding="utf-8")
            end_to_end("50 MB file", huge, _count_tokens(huge), 1, report, work, formats="ttl,trig,jsonl,html")
    table = report.markdown()
    print(table)
    args.out.write_text("# geokg benchmark\n\nWritten by `make bench` (bench/run.py).\n\n" + table
                        + _kept_sections(args.out), encoding="utf-8")
    return 0


def _kept_sections(path: Path) -> str:
    """The sections other benches write into results.md between markers (bench/serve_load.py's), kept as they are."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return "".join("\n" + m.group(0) for m in re.finditer(r"<!-- ([a-z0-9-]+) -->.*?<!-- /\1 -->\n?", text, flags=re.DOTALL))


def _cpu_name() -> str:
    """The processor's model name (Linux), else the machine type."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.machine()
    return next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith("model name")),
                platform.machine())


def huge_text(parts: Path, size: int = 50_000_000) -> str:
    """One text of `size` bytes: all real German at hand (fortunes-de, UD German sentences), then synthetic entries."""
    real = []
    if FORTUNES.is_dir():
        for source in sorted(FORTUNES.iterdir()):
            if source.suffix in (".dat", ".u8") or source.is_symlink() or not source.is_file():
                continue
            text = source.read_text("utf-8", errors="replace")
            real += [" ".join(e.split()) for e in text.split("\n%\n") if e.strip()]
    for conllu in sorted(UD.glob("*.conllu")) if UD.is_dir() else []:
        real += [ln[len("# text = "):] for ln in conllu.read_text("utf-8").splitlines() if ln.startswith("# text = ")]
    text = "\n".join(real) + "\n"
    synthetic = "".join(p.read_text("utf-8") for p in write_corpus(parts, files=330, entries=600, seed=13))
    while len(text.encode("utf-8")) < size:
        text += synthetic
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def _count_tokens(folder: Path) -> int:
    """Tokens of spaCy's German tokenizer over every file in a folder."""
    import spacy

    blank = spacy.blank("de")
    blank.max_length = 200_000_000
    total = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        for start in range(0, len(text), 1_000_000):
            total += len(blank(text[start:start + 1_000_000]))
    return total


if __name__ == "__main__":
    raise SystemExit(main())
