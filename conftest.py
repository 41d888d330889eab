"""pytest's hooks for the whole tree (tests/conftest.py holds the tests' fixtures)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg import native


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave out the doctests of modules that run compiled here: a compiled module has no Python
    functions for doctest to find. `make test` runs them on the plain source in a pass of their own."""
    return True if collection_path.suffix == ".py" and native.is_native_source(collection_path) else None
