"""The compiled modules: used only when built from exactly the sources beside them, and the same bytes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geokg import native

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the compiled modules' sources and a native folder stamped with their hashes."""
    sources = tmp_path / "extract"
    sources.mkdir()
    for name in native.MODULES:
        (sources / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(native.source_dir() / f"{name}.py", sources / f"{name}.py")
    root = tmp_path / "geokg-native"
    (root / "geokg" / "extract").mkdir(parents=True)
    stamp = {"python": sys.implementation.cache_tag, "sources": native.fingerprints(sources)}
    (root / native.STAMP).write_text(json.dumps(stamp), "utf-8")
    return root, sources


def test_native_fresh_build_is_used(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root, sources = built
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    assert native.fresh_dir(root, sources) == root / "geokg" / "extract"


def test_native_one_edited_source_turns_the_build_off(built: tuple[Path, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root, sources = built
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    edited = sources / f"{native.MODULES[-1]}.py"
    edited.write_text(edited.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert native.fresh_dir(root, sources) is None


@pytest.mark.parametrize("stamp", ['{"python": "cpython-00", "sources": {}}', "not json", None])
def test_native_other_python_or_broken_stamp_is_not_used(built: tuple[Path, Path], stamp: str | None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root, sources = built
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    if stamp is None:
        (root / native.STAMP).unlink()
    else:
        (root / native.STAMP).write_text(stamp, "utf-8")
    assert native.fresh_dir(root, sources) is None


def test_native_pure_python_switch(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root, sources = built
    monkeypatch.setenv(native.PURE_ENV, "1")
    assert native.fresh_dir(root, sources) is None


def test_native_activate_puts_the_fresh_build_first(built: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, sources = built
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    monkeypatch.setattr(native, "native_root", lambda: root)
    monkeypatch.setattr(native, "source_dir", lambda: sources)
    path = ["/the/sources"]
    assert native.activate(path)
    assert path == [str(root / "geokg" / "extract"), "/the/sources"]


def _run(code: str, *args: str, pure: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=True)


@pytest.mark.slow
def test_native_and_plain_python_build_the_same_bytes(tmp_path: Path) -> None:
    """What `make native` compiles must change the speed and nothing else (and be what runs)."""
    if native.built_here() is None:
        if os.environ.get("CI"):
            pytest.fail("no fresh compiled modules: `make test` builds them first (make native)")
        pytest.skip("no fresh compiled modules here: `make native` builds them")
    where = "import geokg.extract.statements as s; print(s.__file__)"
    assert _run(where, pure=False).stdout.strip().endswith(".so")
    assert _run(where, pure=True).stdout.strip().endswith("statements.py")
    build = "from geokg.cli import main; main()"
    text = ROOT / "examples" / "liveblog-nahost.txt"
    outputs = {}
    for pure in (False, True):
        out = tmp_path / ("plain" if pure else "compiled")
        _run(build, "-q", "build", str(text), "--out", str(out), "--format", "ttl,trig,jsonl", pure=pure)
        outputs[pure] = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
    assert outputs[False].keys() == outputs[True].keys() and len(outputs[False]) >= 3
    assert b"gkg:" in outputs[False]["graph.ttl"]
    assert outputs[False] == outputs[True]
