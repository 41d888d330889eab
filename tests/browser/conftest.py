"""Fixtures for the explorer's browser tests: one headless Chromium per module, pages that refuse the network."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import Explorer

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module's tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Explorer]]:
    """Open explorer pages (a file path or a URL); closed after the test."""
    opened: list[Explorer] = []

    def _open(where: Path | str, viewport: dict[str, int] | None = None) -> Explorer:
        url = where.resolve().as_uri() if isinstance(where, Path) else where
        explorer = Explorer(browser, url, viewport)
        opened.append(explorer)
        return explorer

    yield _open
    for explorer in opened:
        explorer.close()
