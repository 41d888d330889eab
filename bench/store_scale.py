"""How `geokg build --store` scales: the first N 10kGNAD articles into a fresh store, for several N.

Each row is one whole command as a user runs it (start-up and extraction included), into an
empty store: ``geokg -q build FILE.jsonl --date 2016-01-15 --store KG``. It reports documents per
second, the peak RSS of the build process, and the store's size on disk after the build (the
RocksDB files, write-ahead log included). The articles are written as JSON Lines by
bench/queries.py's `write_articles`.

Usage::

    python bench/store_scale.py --sizes 100,200,400,1002 --work /tmp/store-scale [--label after]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queries import GEOKG, write_articles  # noqa: E402


def disk_size(path: Path) -> int:
    """Bytes of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def wal_size(path: Path) -> int:
    """Bytes of RocksDB's write-ahead log files (*.log) under `path`."""
    return sum(p.stat().st_size for p in path.glob("*.log"))


def articles_file(count: int, work: Path, leave_out: set[str]) -> tuple[Path, int]:
    """The first `count` articles as JSON Lines, without the records `leave_out` names; the file and its records."""
    path = work / f"articles-{count}-without-{len(leave_out)}.jsonl"
    write_articles(count, path)
    lines = [line for line in path.read_text("utf-8").splitlines() if json.loads(line)["id"] not in leave_out]
    path.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return path, len(lines)


def measure(count: int, work: Path, extra: list[str], leave_out: set[str]) -> dict[str, float]:
    """Build the first `count` articles into a fresh store; seconds, docs/s, peak RSS and sizes."""
    articles, count = articles_file(count, work, leave_out)
    store = work / f"kg-{count}"
    shutil.rmtree(store, ignore_errors=True)
    start = time.perf_counter()
    child = subprocess.Popen([GEOKG, "-q", "build", str(articles), *extra, "--date", "2016-01-15",
                              "--store", str(store)])
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {count} articles failed ({status})")
    return {"docs": count, "seconds": seconds, "rate": count / seconds, "rss_mb": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime, "store_mb": disk_size(store) / 2**20,
            "wal_mb": wal_size(store) / 2**20}


def row(label: str, m: dict[str, float]) -> str:
    """One markdown table row."""
    return (f"| {label} | {m['docs']:,.0f} | {m['seconds']:.1f} | {m['cpu']:.1f} | {m['rate']:.2f} | "
            f"{m['rss_mb']:,.0f} | {m['store_mb']:,.0f} | {m['wal_mb']:,.0f} |")


def main(argv: list[str] | None = None) -> int:
    """Measure each size and print markdown rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,400,1002")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "geokg-store-scale")
    parser.add_argument("--label", default="this code")
    parser.add_argument("--extra", default="", help="more `geokg build` options, space-separated")
    parser.add_argument("--leave-out", default="",
                        help="record ids to leave out, comma-separated (the results of 2026-12-06 left out a0718, "
                             "whose extraction stopped any build until the participle fix)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print("| code | articles | wall s | CPU s | docs/s | peak RSS MB | store MB | WAL MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for count in (int(s) for s in args.sizes.split(",")):
        left_out = set(filter(None, args.leave_out.split(",")))
        print(row(args.label, measure(count, args.work, args.extra.split(), left_out)), flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
