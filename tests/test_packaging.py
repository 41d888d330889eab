"""One import package, layers that run one way, and a wheel that holds all geokg needs and nothing else."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PACKAGE_DIRS: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
#: Each layer may import itself and the layers before it: extract → graph → exports → CLI, never back.
#: ontology/ is data and vocabulary that extract and graph both read.
LAYERS = ["ontology", "extract", "graph", "exports"]
CLI_LAYER = {"geokg.cli", "geokg.build", "geokg.executors", "geokg.push", "geokg.serve", "geokg.api",
             "geokg.__main__"}


def _imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports are within their package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", [f for f in PACKAGE_DIRS.values() if f != "geokg"])
def test_packaging_top_folders_are_geokg_subpackages(folder: str) -> None:
    link = ROOT / "geokg" / folder
    assert PACKAGE_DIRS[f"geokg.{folder}"] == folder
    assert link.is_symlink() and link.resolve() == (ROOT / folder).resolve(), \
        f"geokg/{folder} should link to ../{folder}, as pyproject.toml maps geokg.{folder}"


@pytest.mark.parametrize("layer", LAYERS)
def test_packaging_layers_import_only_what_comes_before(layer: str) -> None:
    later = {f"geokg.{name}" for name in LAYERS[LAYERS.index(layer) + 1:]} | CLI_LAYER
    if layer == "ontology":  # vocabulary and data: it imports none of the layers
        later |= {"geokg.extract", "geokg.graph"}
    wrong = {f"{path.relative_to(ROOT)}: {name}"
             for path in _modules(layer) for name in _imports(path)
             if any(name == bad or name.startswith(bad + ".") for bad in later)
             or name.split(".")[0] in set(PACKAGE_DIRS.values()) - {"geokg"}}  # `import extract` is not ours
    assert not wrong, sorted(wrong)


def test_packaging_errors_are_written_once_in_the_table() -> None:
    """Every raise names a code of geokg/errors.py; no message is written at the raise."""
    from geokg.errors import Errors

    inline = []
    for folder in [*LAYERS, "geokg"]:
        for path in _modules(folder):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "GeokgError":
                    first = node.args[0] if node.args else None
                    if not (isinstance(first, ast.Attribute) and getattr(first.value, "id", "") == "Errors"
                            and hasattr(Errors, first.attr)):
                        inline.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not inline


@pytest.mark.slow
def test_packaging_wheel_holds_one_package_and_its_data(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("geokg-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        top_level = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/top_level.txt"))
    assert top_level.split() == ["geokg"]
    assert {n.split("/")[0] for n in names} == {"geokg", wheel.name.split("-py3")[0] + ".dist-info"}
    for data in ["geokg/extract/lang_de/relation_verbs.tsv", "geokg/extract/lang_de/hanta_words.tsv.gz",
                 "geokg/extract/ner/model/meta.json", "geokg/extract/ner/model/ner/model",
                 "geokg/ontology/geokg.ttl", "geokg/ontology/background.ttl", "geokg/ontology/context.jsonld",
                 "geokg/queries/who-did-what.rq", "geokg/exports/static/vis-network.min.js",
                 "geokg/exports/templates/graph.html", "geokg/data/seed-liveblog.txt", "geokg/py.typed"]:
        assert data in names, data
