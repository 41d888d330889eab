"""The extraction's hottest modules compiled to C with mypyc, beside the source and used only when fresh.

mypyc (mypy's compiler, the one that builds black and mypy itself) turns type-annotated modules
into C extensions with the same behaviour; here it takes about a sixth off a build's wall time.
The compiled modules live outside the source tree, under the environment's prefix
(``.venv/geokg-native``, built by ``make native``), with the hash of every source they were built
from. On import, `geokg.extract` puts that folder ahead of its own on its ``__path__`` only if
every hash still matches, so an edited module is never shadowed by a stale build: until
``make native`` runs again the package is the plain Python it always was. ``GEOKG_PURE_PYTHON=1``
turns the compiled modules off.

    python -m geokg.native            # build them (about 2 minutes on two cores)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

PACKAGE = "geokg.extract"
# The statement, clause, entity and role rules, the tagger's own code, places, dates and frames: the
# Python of a profile of the extraction on 10kGNAD. model.py, whose objects cross process
# boundaries, and the CLI, graph and exports stay plain.
MODULES = ("attribution", "chunks", "clauses", "entities", "ents", "kb", "lang_de/frames", "mentions", "parties",
           "phrases", "places", "relations", "roles", "sentences", "stances", "statements", "statistical", "tagger",
           "timex", "titles")
PURE_ENV = "GEOKG_PURE_PYTHON"
STAMP = "sources.json"


def native_root() -> Path:
    """Where the compiled modules live: ``geokg-native`` under the environment's prefix."""
    return Path(sys.prefix) / "geokg-native"


def source_dir() -> Path:
    """The folder of `geokg.extract`'s source files."""
    return Path(__file__).resolve().parent / "extract"


def fingerprints(folder: Path) -> dict[str, str]:
    """The SHA-256 of each compiled module's source, by module name."""
    return {name: hashlib.sha256((folder / f"{name}.py").read_bytes()).hexdigest() for name in MODULES}


def fresh_dir(root: Path, sources: Path) -> Path | None:
    """The compiled package folder if it was built from exactly these sources for this Python, else None."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        stamp = json.loads((root / STAMP).read_text("utf-8"))
        if stamp.get("python") != sys.implementation.cache_tag:
            return None
        if stamp.get("sources") != fingerprints(sources):
            return None
    except (OSError, ValueError):
        return None
    return root / "geokg" / "extract"


def built_here() -> Path | None:
    """`fresh_dir` of this environment's build and this package's sources: the compiled modules in use."""
    return fresh_dir(native_root(), source_dir())


def activate(package_path: list[str], subpackage: str = "") -> bool:
    """Put the fresh compiled modules ahead of the sources on `package_path`, the __path__ of
    geokg.extract or of its `subpackage` (lang_de)."""
    folder = built_here()
    if folder is None:
        return False
    package_path.insert(0, str(folder / subpackage if subpackage else folder))
    return True


def is_native_source(path: Path) -> bool:
    """True for the source file of a module that runs compiled here (fresh build, not turned off)."""
    if built_here() is None:
        return False
    return path.resolve() in {(source_dir() / f"{name}.py").resolve() for name in MODULES}


def build(root: Path | None = None) -> Path:
    """Compile MODULES with mypyc into `root` and stamp it with their sources' hashes."""
    from mypyc.build import mypycify  # the test extra brings mypy; plain users never call this
    from setuptools import setup

    root = root or native_root()
    repo = Path(__file__).resolve().parent.parent
    stamp = {"python": sys.implementation.cache_tag, "sources": fingerprints(source_dir())}
    paths = [f"geokg/extract/{name}.py" for name in MODULES]
    with tempfile.TemporaryDirectory() as work:
        cwd = os.getcwd()
        os.chdir(repo)  # mypyc names modules by their path from here, and reads pyproject's [tool.mypy]
        try:
            extensions = mypycify(paths, opt_level="3", group_name=f"{PACKAGE}._native",
                                  target_dir=str(Path(work) / "c"))
            for ext in extensions:  # the C files are named from the repository; setup runs in `work`
                ext.sources = [str(repo / source) for source in ext.sources]
            os.chdir(work)  # away from pyproject.toml, which setup() would read as the project's
            setup(name="geokg-native", ext_modules=extensions,
                  script_args=["--quiet", "build_ext", "--build-lib", "lib", "--build-temp", "tmp"])
        finally:
            os.chdir(cwd)
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(Path(work) / "lib", root)
    (root / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", "utf-8")
    return root


if __name__ == "__main__":
    print(build())
