"""Fixtures of the extraction tests."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from geokg.extract.lang_de import tables


@pytest.fixture
def swapped_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Call a cached lexicon loader with its table `name` replaced by `text` (caches cleared around it)."""
    def load(loader: Any, name: str, text: str) -> Any:
        (tmp_path / name).write_text(text, "utf-8")

        class Files:
            @staticmethod
            def files(package: str) -> Path:
                return tmp_path

        monkeypatch.setattr(tables, "resources", Files)
        loader.cache_clear()
        try:
            return loader()
        finally:
            monkeypatch.undo()
            loader.cache_clear()

    return load
