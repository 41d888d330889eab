"""Bad luck while a build writes, through the command line: signals, a full disk, a damaged store.

One test (or one parametrized family) per row of issue 13 §2, the build/output half:

- an unreadable file in a folder, with --store: skipped and reported, as --out does;
- SIGTERM during a build, with or without workers: as Ctrl-C, one line, exit 130, the previous output
  intact, no temporary folder and no worker process left;
- Ctrl-C or SIGTERM while the finished files are renamed: the renames finish, and the message says
  the new output is complete;
- a store with a damaged file: one line naming the store as damaged, the folder byte-identical after;
- --out on a full disk: one line naming the output folder and the room there, nothing half-written.
"""
from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geokg.exports import FORMATS as EXPORTERS
from geokg.exports import Bundle
from invoke import geokg, one_line_each

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "geokg" / "data" / "seed-liveblog.txt"
OTHER = ROOT / "examples" / "liveblog-nahost.txt"  # not the sample: its build changes every file
GEOKG = Path(sys.executable).parent / "geokg"
FORMATS = "ttl,trig,nq,jsonl"
FILES = sorted(EXPORTERS[name].filename for name in FORMATS.split(","))
GOOD = "Russland hat die ukrainische Stadt Odessa mit Drohnen angegriffen. Die NATO kritisierte den Angriff.\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, hidden ones too, with the SHA-256 of each file's bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def hidden(folder: Path) -> list[str]:
    """The temporary folders builds left in `folder`."""
    return sorted(p.name for p in folder.glob(".geokg-*"))


@pytest.fixture(scope="module")
def finished(sample_build: Path) -> Path:
    """The output of a finished build of the sample (each test copies it: the previous output it must keep)."""
    assert FORMATS.split(",") == ["ttl", "trig", "nq", "jsonl"], "the formats of conftest's sample_build"
    return sample_build


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of a finished build of OTHER: what a completed build over the previous output leaves."""
    from geokg.build import build

    out = tmp_path_factory.mktemp("other") / "out"
    build([OTHER], out, FORMATS.split(","))
    return out


@pytest.fixture
def previous(finished: Path, tmp_path: Path) -> Path:
    """An output folder holding a finished build's files."""
    return Path(shutil.copytree(finished, tmp_path / "out"))


# --- an unreadable file in a folder, with --store ----------------------------------------------------

def _folder_with_unreadable_files(folder: Path) -> list[str]:
    """A folder of one good text and files that cannot be read; the names of those."""
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    (folder / "d-unreadable.txt").symlink_to("/proc/self/mem")  # reading it fails, even for root
    return ["b-binary.txt", "c-empty.txt", "d-unreadable.txt"]


def test_robustness_build_store_skips_unreadable_files(tmp_path: Path) -> None:
    bad = _folder_with_unreadable_files(tmp_path / "in")
    code, stdout, stderr = geokg("build", tmp_path / "in", "--store", tmp_path / "kg")
    assert code == 0, stderr
    skipped = one_line_each(stderr)
    assert len(skipped) == len(bad) and all(line.startswith("geokg: skipped: ") for line in skipped), skipped
    for name in bad:
        assert sum(name in line for line in skipped) == 1, (name, skipped)
    assert stdout.startswith("added a-good.txt")
    code, stdout, _ = geokg("query", "--store", tmp_path / "kg", "SELECT ?d WHERE { ?d a gkg:Document }",
                            "--format", "csv")
    assert code == 0 and len(stdout.split()) == 2  # the header and the one document


def test_robustness_build_store_with_nothing_readable_makes_no_store(tmp_path: Path) -> None:
    bad = _folder_with_unreadable_files(tmp_path / "in")
    (tmp_path / "in" / "a-good.txt").unlink()
    code, _, stderr = geokg("build", tmp_path / "in", "--store", tmp_path / "kg")
    assert code == 2
    *skipped, error = one_line_each(stderr)
    assert len(skipped) == len(bad) and "nothing to build" in error
    assert not (tmp_path / "kg").exists()


# --- SIGTERM during a build ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic liveblogs (bench/corpus.py) whose build runs far longer than a test waits to signal it.

    `many/` holds forty, which keep every worker busy; `one/` holds one long one, so that one worker
    extracts it and the others wait for work.
    """
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("corpus")
    module.write_corpus(folder / "many", files=40, entries=80, seed=3)
    module.write_corpus(folder / "one", files=1, entries=600, seed=5)
    return folder


def alive_in_group(group: int) -> list[int]:
    """The processes of a process group that still run (zombies left out)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, pgrp, …
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def wait_for(condition: Callable[[], object], seconds: float) -> bool:
    """Whether `condition` came true within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def started(args: list[str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    """`geokg ARGS` in a process group of its own; whatever of it still runs afterwards is killed."""
    def default_sigint() -> None:  # a job started in the background inherits SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen([str(GEOKG), *args], cwd=cwd, start_new_session=True, preexec_fn=default_sigint,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        if alive_in_group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        for stream in (proc.stdout, proc.stderr):
            assert stream is not None
            stream.close()
        proc.wait()


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes in /proc (Linux)")


@pytest.mark.slow
@needs_proc
@pytest.mark.parametrize("texts, workers, sig, whole_group", [
    ("many", 1, signal.SIGTERM, False),
    ("many", 2, signal.SIGTERM, False),
    ("one", 2, signal.SIGTERM, False),  # one worker busy with the long text, one waiting for work
    ("one", 2, signal.SIGTERM, True),  # a service manager stopping everything the build started
    ("one", 2, signal.SIGINT, True),  # Ctrl-C in a terminal: its whole process group gets SIGINT
], ids=["SIGTERM-one-process", "SIGTERM-busy-workers", "SIGTERM-a-worker-waiting", "SIGTERM-to-the-group",
        "Ctrl-C-two-workers"])
def test_robustness_build_sigterm_stops_as_ctrl_c_does(previous: Path, corpus: Path, tmp_path: Path, texts: str,
                                                       workers: int, sig: signal.Signals, whole_group: bool) -> None:
    before = snapshot(previous)
    args = ["build", str(corpus / texts), "--out", str(previous), "--format", FORMATS, "--workers", str(workers)]
    with started(args, tmp_path) as proc:
        processes = 1 if workers == 1 else 1 + workers
        assert wait_for(lambda: proc.poll() is not None or (hidden(previous) and
                                                            len(alive_in_group(proc.pid)) >= processes), 240)
        time.sleep(0.5)  # extraction under way
        assert proc.poll() is None, "the build ended before it was signalled: make the corpus bigger"
        if whole_group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        try:
            _, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build (or a worker holding its stderr) went on for a minute after {sig.name}")
        assert wait_for(lambda: not alive_in_group(proc.pid), 10), "a worker outlived the build"
    assert proc.returncode == 130, stderr
    assert one_line_each(stderr) == ["geokg: interrupted; the previous output is unchanged"]
    assert snapshot(previous) == before  # the same files, the same bytes, and no hidden folder


@pytest.mark.slow
@needs_proc
def test_robustness_build_killed_leaves_no_worker_behind(corpus: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the workers end with the build instead of waiting for work forever."""
    with started(["build", str(corpus / "many"), "--out", str(tmp_path / "out"), "--workers", "2"], tmp_path) as proc:
        assert wait_for(lambda: proc.poll() is not None or len(alive_in_group(proc.pid)) >= 3, 240)
        assert proc.poll() is None, "the build ended before it was killed"
        proc.kill()
        proc.wait()
        assert wait_for(lambda: not alive_in_group(proc.pid), 10), "the workers outlived the killed build"


# --- Ctrl-C or SIGTERM inside the final rename --------------------------------------------------------

@pytest.fixture
def interruptible() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in this process, whatever the test runner set; handlers restored after."""
    old = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old[0])
        signal.signal(signal.SIGTERM, old[1])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_robustness_build_signal_during_the_renames_finishes_them(previous: Path, other: Path, interruptible: None,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  sig: signal.Signals) -> None:
    """A real signal once the first finished file is renamed into place: all files come new, and it says so."""
    replace = os.replace
    renamed: list[str] = []

    def replace_and_signal(src: str | Path, dst: str | Path) -> None:
        if Path(dst).parent == previous:  # a finished file into the output folder
            if len(renamed) == 1:  # one file is new already, the others are not yet
                os.kill(os.getpid(), sig)
            renamed.append(Path(dst).name)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_and_signal)
    code, stdout, stderr = geokg("build", OTHER, "--out", previous, "--format", FORMATS)
    assert code == 130, stdout + stderr
    assert one_line_each(stderr) == ["geokg: interrupted; the new output is complete"]
    assert sorted(renamed) == FILES
    assert snapshot(previous) == snapshot(other)  # every file new, no hidden folder left


def test_robustness_build_signal_while_writing_keeps_the_previous_output(previous: Path, interruptible: None,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The same signal a moment earlier, once a file is written aside: every file stays as it was, and it says so."""
    import geokg.exports.rdf as rdf

    before = snapshot(previous)
    write_trig = rdf.write_trig

    def write_and_signal(bundle: Bundle, path: Path) -> None:
        write_trig(bundle, path)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(rdf, "write_trig", write_and_signal)
    code, _, stderr = geokg("build", OTHER, "--out", previous, "--format", FORMATS)
    assert code == 130
    assert one_line_each(stderr) == ["geokg: interrupted; the previous output is unchanged"]
    assert snapshot(previous) == before


def test_robustness_build_interrupts_held_only_in_the_main_thread() -> None:
    """Python runs signal handlers in the main thread: elsewhere the hold leaves the handlers alone."""
    import threading

    from geokg.exports import interrupts_held

    seen: list[object] = []

    def run() -> None:
        with interrupts_held("note"):
            seen.append(signal.getsignal(signal.SIGINT))

    before = signal.getsignal(signal.SIGINT)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [before]


# --- a store folder with a damaged file -----------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample, built from the command line (each test damages a copy)."""
    path = tmp_path_factory.mktemp("store") / "kg"
    code, _, stderr = geokg("build", SAMPLE, "--store", path)
    assert code == 0, stderr
    return path


def _largest(kg: Path, pattern: str) -> Path:
    return max(kg.glob(pattern), key=lambda p: p.stat().st_size)


def _manifest(kg: Path) -> Path:
    return kg / (kg / "CURRENT").read_text().strip()


#: Damage RocksDB finds when it opens the store.
DAMAGES: dict[str, Callable[[Path], None]] = {
    "data-file-truncated": lambda kg: os.truncate(_largest(kg, "*.sst"), 100),
    "data-file-missing": lambda kg: _largest(kg, "*.sst").unlink(),
    "manifest-truncated": lambda kg: os.truncate(_manifest(kg), 10),
    "manifest-overwritten": lambda kg: _manifest(kg).write_bytes(bytes(range(256)) * 16),
    "current-names-no-manifest": lambda kg: (kg / "CURRENT").write_text("MANIFEST-999999\n"),
    "current-empty": lambda kg: (kg / "CURRENT").write_text(""),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_robustness_build_damaged_store_is_named_and_left_as_it_was(store: Path, tmp_path: Path,
                                                                    damage: str) -> None:
    kg = Path(shutil.copytree(store, tmp_path / "kg"))
    DAMAGES[damage](kg)
    (tmp_path / "new.txt").write_text(GOOD, encoding="utf-8")
    before = snapshot(kg)
    for args in (["query", "--store", kg, "who-did-what"], ["build", tmp_path / "new.txt", "--store", kg]):
        code, stdout, stderr = geokg(*args)
        assert code == 2, stdout + stderr
        (line,) = one_line_each(stderr)
        assert line.startswith(f"geokg: error: store {kg} is damaged and was left as it was ("), line
        assert snapshot(kg) == before  # nothing added (no LOCK, LOG, LOG.old.*), nothing changed


def test_robustness_build_store_damaged_inside_a_data_block_is_named(store: Path, tmp_path: Path) -> None:
    """Damage RocksDB finds only when a query reads it: the same clear error, not an internal one."""
    kg = Path(shutil.copytree(store, tmp_path / "kg"))
    for sst in kg.glob("*.sst"):
        size = sst.stat().st_size
        if size > 65536:  # the first half is data blocks; the index and footer at the end stay readable
            with sst.open("r+b") as fh:
                fh.seek(1000)
                fh.write(bytes(size // 2 - 1000))
    code, stdout, stderr = geokg("query", "--store", kg, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert code == 2, stdout + stderr
    (line,) = one_line_each(stderr)
    assert line.startswith(f"geokg: error: store {kg} is damaged ("), line


def test_robustness_build_store_in_use_or_foreign_is_left_as_it_was(store: Path, tmp_path: Path) -> None:
    from geokg.graph.store import GraphStore

    kg = Path(shutil.copytree(store, tmp_path / "kg"))
    with GraphStore(kg):
        names = sorted(p.name for p in kg.iterdir())
        code, stdout, stderr = geokg("query", "--store", kg, "who-did-what")  # a reader opens it beside the writer
        assert code == 0 and "Russland" in stdout, stderr
        code, _, stderr = geokg("build", SAMPLE, "--store", kg)  # a second writer is refused
        assert code == 2 and "in use by another process" in stderr
        assert sorted(p.name for p in kg.iterdir()) == names  # its LOG not renamed aside (LOG.old.*)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "CURRENT.txt").write_text("not a store", encoding="utf-8")
    code, _, stderr = geokg("build", SAMPLE, "--store", foreign)
    assert code == 2 and f"{foreign} is not a store" in stderr
    assert [p.name for p in foreign.iterdir()] == ["CURRENT.txt"]


# --- --out on a full disk ------------------------------------------------------------------------------

@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
                                   OSError("No space left on device (os error 28)")],  # as pyoxigraph says it
                         ids=["errno", "pyoxigraph"])
def test_robustness_build_full_disk_while_writing_names_the_output_folder(previous: Path, error: OSError,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import geokg.exports.rdf as rdf

    before = snapshot(previous)
    write_trig = rdf.write_trig

    def write_until_full(bundle: Bundle, path: Path) -> None:
        write_trig(bundle, path)
        raise error

    monkeypatch.setattr(rdf, "write_trig", write_until_full)
    code, _, stderr = geokg("build", OTHER, "--out", previous, "--format", FORMATS)
    assert code == 2
    (line,) = one_line_each(stderr)
    assert line.startswith(f"geokg: error: no space left on device writing graph.trig into {previous}: "
                           "the build needs more than the "), line
    assert line.endswith(" MB free there") and ".geokg-" not in line
    assert snapshot(previous) == before


def test_robustness_build_full_disk_while_spooling_names_the_output_folder(previous: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from geokg.graph.spool import QuadSpool

    before = snapshot(previous)

    def full(self: QuadSpool, quads: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(QuadSpool, "update", full)
    code, _, stderr = geokg("build", OTHER, "--out", previous, "--format", FORMATS)
    assert code == 2
    (line,) = one_line_each(stderr)
    assert line.startswith(f"geokg: error: no space left on device for the build's intermediate files in {previous}: ")
    assert snapshot(previous) == before


@contextmanager
def small_disk(where: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at `where` with these options (size=…, nr_inodes=…); skips where mounting is not allowed."""
    where.mkdir()
    mount = shutil.which("mount")
    proc = subprocess.run([mount, "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True) if mount else None
    if proc is None or proc.returncode != 0:
        reason = proc.stderr.strip() if proc is not None else "no mount command"
        pytest.skip(f"cannot mount a small tmpfs to fill ({reason}); the in-process tests above cover the messages")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


#: A small file system (tmpfs options) and the error a build of OTHER meets there: its explorer page alone
#: is about 0.8 MB. "{out}" is the output folder.
FULL_DISKS = {
    "outputs": ("size=512k", "no space left on device writing graph.html into {out}: the build needs more than "
                             "the 0.5 MB free there"),
    "outputs-over-previous": ("size=512k", "no space left on device writing graph.html into {out}: "),
    "work-folder": ("size=1m,nr_inodes=3", "cannot write to {out}: No space left on device"),  # not even a folder
    "no-more-files": ("size=2m,nr_inodes=4", "cannot write {out}/graph.ttl: its file system has no room for "
                                             "another file (no free inodes)"),
    "intermediate-files": ("size=96k", "no space left on device for the build's intermediate files in {out}: "),
}


@pytest.mark.parametrize("case", list(FULL_DISKS))
def test_robustness_build_on_a_really_full_disk(finished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                case: str) -> None:
    options, expected = FULL_DISKS[case]
    with small_disk(tmp_path / "disk", options) as disk:
        out = disk / "out"
        if case == "outputs-over-previous":
            shutil.copytree(finished, out)
        if case == "intermediate-files":  # the spools go to disk at once (graph/spool.py)
            monkeypatch.setattr("geokg.graph.spool.LIMIT", 50)
            monkeypatch.setattr("geokg.graph.spool.STATEMENTS", 0)
        before = snapshot(disk)
        code, _, stderr = geokg("build", OTHER, "--out", out)
        assert code == 2
        (line,) = one_line_each(stderr)
        assert line.startswith("geokg: error: " + expected.format(out=out)) and ".geokg-" not in line, line
        assert snapshot(disk) == before  # the previous output as it was, nothing half-written
