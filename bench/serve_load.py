"""Load test of the served workbench: `geokg serve` over a store of 100,000+ statements, 8 clients at once.

Builds (or reuses, in the cache folder given) a store from bench/corpus.py's synthetic liveblogs
with `geokg build … --store`, starts `geokg serve` on 127.0.0.1, and lets CLIENTS threads (one
keep-alive HTTP connection each) send a fixed, seeded list of requests: search (prefixes of
entity names, one to six letters), neighbourhood (random entities and the biggest hubs) and
timeline (the whole store, one entity, a family). It reports p50/p95/max latency per endpoint,
the errors, and the server's resident memory at start, middle and end, and writes them into
bench/results.md between the ``serve-load`` markers (bench/run.py keeps that section).

    python bench/serve_load.py /tmp/geokg-serve-bench [--requests 4000] [--clients 8]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

GEOKG = Path(sys.executable).parent / "geokg"
BEGIN, END = "<!-- serve-load -->", "<!-- /serve-load -->"
#: The share of each kind of request in the mix.
MIX = {"search": 0.4, "neighbourhood": 0.4, "timeline": 0.2}
#: How the store was built, as the report says it.
HOW = {"store": "built with `geokg build … --store`",
       "files": "built with `geokg build … --out --format trig` and graph.trig loaded into an Oxigraph store"}
#: When the server's memory is taken, as the report says it.
PHASES = {"start": "with its index made", "quarter": "after a quarter of the requests", "middle": "halfway",
          "three-quarters": "after three quarters", "end": "at the end"}
#: The p95 the issue asks for, in milliseconds, per endpoint.
GOALS = {"search": 200.0, "neighbourhood": 200.0}


@dataclass
class Tally:
    """Latencies (ms) and errors per endpoint, from every client thread."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, error: str | None, counted: bool = True) -> None:
        """One answered (or failed) request (`counted`: not a second view of one already added)."""
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            if error:
                self.errors.setdefault(kind, []).append(error)
            self.done += counted


def store_of(cache: Path, files: int, entries: int, seed: int, via: str) -> tuple[Path, dict[str, object]]:
    """The cached store, built first if it is not there (its corpus too); how it was built and how long it took.

    `via` "store" adds the liveblogs one by one with `geokg build … --store`; "files" builds graph.trig
    with `geokg build … --out` and loads it into an Oxigraph store as tests/conftest.py's demo store is
    made — the same default graph, without the bookkeeping (so without texts), for when adding document
    by document, each re-resolving the persons of the whole store, is too slow on the machine at hand.
    """
    kg, record = cache / "kg", cache / "build.json"
    if record.is_file() and (kg / "CURRENT").is_file():
        return kg, dict(json.loads(record.read_text()))
    corpus = cache / "corpus"
    if not corpus.is_dir():
        write_corpus(corpus, files=files, entries=entries, seed=seed)
    started = time.monotonic()
    if via == "store":
        subprocess.run([str(GEOKG), "-q", "build", str(corpus), "--store", str(kg)], check=True)
    else:
        subprocess.run([str(GEOKG), "-q", "build", str(corpus), "--out", str(cache / "out"), "--format", "trig"],
                       check=True)
        load_trig(cache / "out" / "graph.trig", kg)
    built = {"seconds": round(time.monotonic() - started, 1), "files": files, "entries": entries, "via": via}
    record.write_text(json.dumps(built))
    return kg, built


def load_trig(trig: Path, kg: Path) -> None:
    """An Oxigraph store with the named graphs of `trig` and their union as default graph."""
    import pyoxigraph as ox

    store = ox.Store(str(kg))
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.optimize()
    store.flush()
    del store


def rss_mb(pid: int) -> float:
    """A process's resident memory in MB (psutil if installed, else /proc)."""
    try:
        import psutil

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except ImportError:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def serve(kg: Path, port: int) -> subprocess.Popen[bytes]:
    """`geokg serve` over the store on 127.0.0.1:port."""
    return subprocess.Popen([str(GEOKG), "-q", "serve", "--store", str(kg), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_index(base: str, proc: subprocess.Popen[bytes], seconds: float = 1800) -> dict[str, object]:
    """/api/meta once the server has made its index."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"geokg serve stopped: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            answer = httpx.get(f"{base}/api/meta", timeout=10)
            if answer.status_code == 200:
                return dict(answer.json())
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the index was not made in time")


def requests_of(base: str, n: int, seed: int) -> list[tuple[str, str]]:
    """A seeded mix of (kind, URL): search prefixes, neighbourhoods (hubs among them), timelines."""
    nodes = httpx.get(f"{base}/api/overview", params={"limit": 1000, "per_link": 1}, timeout=120).json()["nodes"]
    ranked = sorted(nodes, key=lambda node: -node["importance"])
    hubs = [node["id"] for node in ranked[:10]]
    labels = [node["label"] for node in nodes]
    rng = random.Random(seed)
    families = ["conflict", "diplomacy", "cooperation", "communication", "static"]
    made = []
    for _ in range(n):
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if kind == "search":
            label = rng.choice(labels)
            params = {"q": label[:rng.randint(1, min(6, len(label)))], "limit": "20"}
        elif kind == "neighbourhood":
            entity = rng.choice(hubs) if rng.random() < 0.3 else rng.choice(nodes)["id"]
            params = {"id": entity, "limit": "25"}
        else:
            pick = rng.random()
            params = ({} if pick < 0.4 else {"entity": rng.choice(hubs)} if pick < 0.7
                      else {"families": rng.choice(families)})
        made.append((kind, f"{base}/api/{kind}?{urllib.parse.urlencode(params)}"))
    return made


def first_asks(work: list[tuple[str, str]]) -> set[int]:
    """The positions of the requests whose URL comes for the first time (the server has no answer kept for it)."""
    seen: set[str] = set()
    firsts = set()
    for i, (_, url) in enumerate(work):
        if url not in seen:
            seen.add(url)
            firsts.add(i)
    return firsts


def run_clients(work: list[tuple[str, str]], clients: int, tally: Tally) -> float:
    """Send the requests from `clients` threads, each its own keep-alive connection; the wall seconds."""
    firsts = first_asks(work)
    queue = list(reversed(list(enumerate(work))))
    take = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=60) as http:
            while True:
                with take:
                    if not queue:
                        return
                    i, (kind, url) = queue.pop()
                started = time.perf_counter()
                error = None
                try:
                    answer = http.get(url)
                    answer.read()
                    if answer.status_code != 200:
                        error = f"{answer.status_code} {answer.text[:80]}"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - started) * 1000
                tally.add(kind, ms, error)
                if i in firsts:
                    tally.add(f"{kind}, first ask", ms, None, counted=False)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(tally: Tally, memory: dict[str, float], meta: dict[str, object], built: dict[str, object],
           load_seconds: float, wall: float, clients: int, notes: list[str]) -> str:
    """The markdown section for bench/results.md."""
    totals = meta["totals"]
    assert isinstance(totals, dict)
    rows = ["| endpoint | requests | p50 ms | p95 ms | max ms | errors | goal |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for kind in [k for name in MIX for k in (name, f"{name}, first ask")]:
        got = tally.latencies.get(kind, [])
        if not got:
            continue
        p95 = percentile(got, 0.95)
        goal = GOALS.get(kind.split(",")[0])
        verdict = "–" if goal is None else f"p95 < {goal:.0f} ms: {'met' if p95 < goal else 'NOT met'}"
        rows.append(f"| {kind} | {len(got):,} | {statistics.median(got):.1f} | {p95:.1f} | {max(got):.1f} | "
                    f"{len(tally.errors.get(kind, []))} | {verdict} |")
    load = os.getloadavg()
    firsts = sum(len(got) for kind, got in tally.latencies.items() if kind.endswith("first ask"))
    lines = [
        BEGIN,
        "## The served workbench under load (`make bench-serve`, bench/serve_load.py)",
        "",
        f"`geokg serve` over a store of {totals['statements']:,} statements, {totals['entities']:,} entities and "
        f"{totals['documents']:,} documents (bench/corpus.py, {built.get('files')} liveblogs × "
        f"{built.get('entries')} entries, {HOW[str(built.get('via', 'store'))]} in "
        f"{float(str(built.get('seconds', 0))):,.0f} s); "
        f"{clients} clients on 127.0.0.1, each one keep-alive connection, {tally.done:,} requests in "
        f"{wall:.1f} s ({tally.done / wall:,.0f}/s).",
        "",
        *rows,
        "",
        "- server memory (RSS): " + ", ".join(f"{memory[k]:.0f} MB {PHASES[k]}" for k in PHASES if k in memory)
        + f"; the index took {load_seconds:.1f} s to make at start-up; each index keeps its encoded answers "
        f"(at most 64 MB), so a URL asked again is answered from memory — the \"first ask\" rows are the "
        f"requests whose URL came for the first time ({firsts:,} of {tally.done:,})",
        *(f"- {note}" for note in notes),
        f"- requests: search for 1–6-letter prefixes of entity names; neighbourhood of random entities, 30 % of them "
        f"the 10 biggest hubs (limit 25); timeline of the whole store, a hub or a family",
        f"- measured {date.today().isoformat()} on {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, shared with other work while it ran (load average {load[0]:.1f} at the end); "
        "client threads run on the same machine",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put the section into results.md, in place of an earlier one."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> int:
    """Build or reuse the store, serve it, load it, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("cache", type=Path, help="folder for the corpus and the store (reused when there)")
    parser.add_argument("--files", type=int, default=320)
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--via", choices=("store", "files"), default="store",
                        help="build the store with geokg build --store (default), or --out then load graph.trig")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--note", action="append", default=[], help="a line to add to the report (repeatable)")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    kg, built = store_of(args.cache, args.files, args.entries, args.seed, args.via)
    base = f"http://127.0.0.1:{args.port}"
    proc = serve(kg, args.port)
    try:
        started = time.monotonic()
        meta = wait_for_index(base, proc)
        load_seconds = time.monotonic() - started
        work = requests_of(base, args.requests, args.seed)
        memory = {"start": rss_mb(proc.pid)}
        tally = Tally()
        watcher = threading.Thread(target=_watch, args=(tally, len(work), proc.pid, memory), daemon=True)
        watcher.start()
        wall = run_clients(work, args.clients, tally)
        memory["end"] = rss_mb(proc.pid)
        assert proc.poll() is None, "the server stopped under load"
    finally:
        proc.terminate()
        proc.wait(30)
    section = report(tally, memory, meta, built, load_seconds, wall, args.clients, args.note)
    print(section)
    write_section(args.out, section)
    return 1 if any(tally.errors.values()) else 0


def _watch(tally: Tally, total: int, pid: int, memory: dict[str, float]) -> None:
    """Take the server's RSS as a quarter, half and three quarters of the requests are answered."""
    for name, share in (("quarter", 0.25), ("middle", 0.5), ("three-quarters", 0.75)):
        while tally.done < total * share:
            time.sleep(0.02)
        memory[name] = rss_mb(pid)


if __name__ == "__main__":
    raise SystemExit(main())
