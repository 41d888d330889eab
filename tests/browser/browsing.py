"""The explorer's browser tests' tools: one headless Chromium per module (`browser`), pages that refuse
every request off this machine and record console errors (`open_page`, `Explorer`).

The fixtures live here, not in a conftest.py, so that no second module named `conftest` meets the
suite's own under --doctest-modules; a test module imports them by name.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class Explorer:
    """An opened explorer page with every request off this machine refused and recorded, and every
    console error recorded; `assert_clean` fails a test on either."""

    def __init__(self, browser: Any, url: str, viewport: dict[str, int] | None = None) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url)
        self.wait()

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob") or (parts.scheme == "http" and parts.hostname == "127.0.0.1"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def wait(self) -> None:
        """Until the first layout is done and no data is being fetched or laid out."""
        self.until("window.geokg && window.geokg.ready")
        self.idle()

    def until(self, condition: str, seconds: float = 60) -> None:
        """Until the JavaScript `condition` holds. Not Playwright's wait_for_function: it compiles its
        predicate with eval, which the served page's Content-Security-Policy rightly refuses."""
        self.page.evaluate("""ms => new Promise((resolve, reject) => {
            const started = Date.now();
            (function poll() {
                if (%s) { resolve(true); }
                else if (Date.now() - started > ms) { reject(new Error("timed out waiting")); }
                else { setTimeout(poll, 25); }
            })(); })""" % condition, seconds * 1000)

    def idle(self) -> None:
        self.page.evaluate("window.geokg.idle()")

    def js(self, script: str, arg: Any = None) -> Any:
        """Evaluate `script` (a promise is awaited), then wait until the page is idle again."""
        result = self.page.evaluate(script, arg)
        self.idle()
        return result

    def drawn_links(self) -> list[dict[str, Any]]:
        links: list[dict[str, Any]] = self.page.evaluate("window.geokg.drawnLinks()")
        return links

    def drawn_nodes(self) -> list[str]:
        ids: list[str] = self.page.evaluate("window.geokg.drawnNodeIds()")
        return sorted(ids)

    def link_id(self, relation: str) -> str:
        found: str = self.page.evaluate("r => window.geokg.drawnLinks().find(l => l.relation === r).id", relation)
        return found

    def panel_text(self) -> str:
        text: str = self.page.inner_text("#panel")
        return text

    def painted(self) -> int:
        """Pixels the graph's canvas has drawn."""
        painted: int = self.page.evaluate("""() => {
            const c = document.querySelector('#graph canvas');
            if (!c || !c.width || !c.height) return 0;
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; }
            return n; }""")
        return painted

    def assert_clean(self) -> None:
        assert self.requests == [], f"requests off this machine: {self.requests}"
        assert self.errors == [], f"console errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


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
