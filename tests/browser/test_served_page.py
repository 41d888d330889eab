"""The explorer as `geokg serve --store` serves it, in headless Chromium: the same page reading the JSON API.

The server is the real command in its own process, over a store built from the repository's sample
liveblogs and one text that tries script injection; the page's Content-Security-Policy stays on.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import PHONE, Explorer, browser, open_page  # noqa: F401 - fixtures
from explorer_pages import write_page
from servers import free_port, wait_until_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]
Open = Callable[..., Explorer]
ROOT = Path(__file__).resolve().parents[2]
GEOKG = shutil.which("geokg", path=str(Path(sys.executable).parent)) or "geokg"
INJECTION = ("Liveblog\nStand: 05.09.2025 10:00 Uhr\n"
             "Russland hat die Stadt Charkiw angegriffen <img src=x onerror=\"window.__xss=1\"> "
             "</script><script>window.__xss=2</script>.\n")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample liveblog, the two example liveblogs and a text with markup in its sentences."""
    folder = tmp_path_factory.mktemp("texts")
    injection = folder / "injection.txt"
    injection.write_text(INJECTION, encoding="utf-8")
    return [ROOT / "geokg" / "data" / "seed-liveblog.txt", *sorted((ROOT / "examples").glob("*.txt")), injection]


@pytest.fixture(scope="module")
def store(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from geokg.build import build_store

    path = tmp_path_factory.mktemp("store") / "kg"
    build_store(inputs, path)
    return path


@pytest.fixture(scope="module")
def served(store: Path) -> Iterator[str]:
    """`geokg serve --store` on a free loopback port, until its API answers; its base URL."""
    base = f"http://127.0.0.1:{free_port()}"
    command = [GEOKG, "-q", "serve", "--store", str(store), "--port", base.rsplit(":", 1)[1]]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        try:
            _until_the_api_answers(base, proc)
            yield base
        finally:
            proc.terminate()  # leaving the with block waits for it to stop


def _until_the_api_answers(base: str, proc: subprocess.Popen[bytes]) -> None:
    """Until /api/meta answers 200 (it answers 503 while the server makes its index)."""
    wait_until_up(f"{base}/api/meta", proc, "geokg serve", seconds=120)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/meta", timeout=10) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("geokg serve's API never answered")
            time.sleep(0.2)


def _api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        return json.loads(answer.read())


def _find(ex: Explorer, name: str) -> str:
    """Select an entity by typing its name and pressing Enter; its id."""
    ex.page.fill("#search", name)
    ex.page.wait_for_selector("#search-results li[role=option]")
    ex.page.press("#search", "Enter")
    ex.idle()
    selected: str = ex.js("window.geokg.selection()")["id"]
    return selected


def _only(ex: Explorer, family: str) -> None:
    """Uncheck every relation family but one, as an analyst clicks them."""
    for box in ex.page.locator("#filter-families input.family-box").all():
        if box.get_attribute("data-value") != family:
            box.uncheck()
    ex.idle()


def test_served_page_draws_from_the_api(open_page: Open, served: str) -> None:
    ex = open_page(served + "/")
    assert ex.js("document.body.dataset.source") == "api" and ex.js("window.geokg.data") is None
    meta = _api(served, "/api/meta")
    assert ex.page.inner_text("#title") == meta["title"]
    assert len(ex.drawn_nodes()) == min(150, ex.js("window.geokg.overview().total.entities")) > 10
    assert ex.painted() > 1000
    labels = ex.js("window.geokg.labelsOnScreen()")
    assert labels and min(label["px"] for label in labels) >= 12
    ex.assert_clean()


def test_served_page_search_expand_filter_and_read(open_page: Open, served: str) -> None:
    ex = open_page(served + "/")
    putin = _find(ex, "Putin")
    assert ex.page.inner_text("#panel-title") == "Wladimir Putin"
    ex.page.click("#expand")
    ex.idle()
    first = set(ex.drawn_nodes())
    neighbours = {n["id"] for n in _api(served, "/api/neighbourhood?limit=200&id=" + putin)["nodes"]}
    assert neighbours <= first
    ex.page.click("#expand")
    ex.idle()
    assert first <= set(ex.drawn_nodes())
    _only(ex, "conflict")
    assert {link["family"] for link in ex.drawn_links()} == {"conflict"}
    ex.page.fill("#filter-date-from", "2025-09-04")
    ex.page.locator("#filter-date-from").dispatch_event("change")
    ex.page.fill("#filter-date-to", "2025-09-04")
    ex.page.locator("#filter-date-to").dispatch_event("change")
    ex.page.uncheck("#filter-undated")
    ex.idle()
    attacks = [link for link in ex.drawn_links() if link["relation"] == "attacks"]
    assert attacks and all(link["family"] == "conflict" for link in ex.drawn_links())
    ex.js("id => window.geokg.selectEdge(id, true)", attacks[0]["id"])
    items = ex.page.locator("#panel .statement")
    assert items.count() >= 1
    assert all(d == "2025-09-04" for d in ex.page.locator("#panel .statement dt:text('Event date') + dd").all_inner_texts())
    evidence = items.first.locator(".evidence").inner_text()
    items.first.locator("button.read").click()
    ex.until("document.getElementById('reader-mark') !== null")
    assert ex.page.inner_text("#reader-mark") == evidence
    assert len(ex.page.inner_text("#reader-text")) > len(evidence)
    ex.assert_clean()


def test_served_page_path_between_two_actors(open_page: Open, served: str) -> None:
    ex = open_page(served + "/")
    ex.page.fill("#path-from", "Putin")
    ex.page.fill("#path-to", "Rutte")
    ex.page.click("#path-find")
    ex.until("document.getElementById('panel-title').textContent.startsWith('Path')")
    ex.idle()
    steps = ex.page.locator("#panel .path-steps li").all_inner_texts()
    assert steps and steps[0].startswith("Wladimir Putin") and steps[-1].endswith("Mark Rutte")
    path = ex.js("window.geokg.drawnLinks().length")
    assert path >= len(steps)
    ex.js("window.geokg.setFilters({offTypes: {Person: true}})")
    assert "No path" in ex.panel_text()  # the server's path keeps to the filters
    ex.assert_clean()


def test_served_page_equals_the_static_page_under_a_filter(open_page: Open, served: str, inputs: list[Path],
                                                           tmp_path: Path, nlp: Any) -> None:
    """One explorer, two sources: the same texts draw the same overview, and under a filter the same links."""
    from geokg.extract.pipeline import extract
    from geokg.extract.reader import read_document

    documents = list(extract([read_document(p) for p in inputs], nlp))
    static = open_page(write_page(documents, tmp_path / "graph.html"))
    live = open_page(served + "/")
    assert static.drawn_nodes() == live.drawn_nodes()  # the same overview, ranked alike
    links = []
    for ex in (static, live):
        _only(ex, "conflict")
        links.append(sorted((link["from"], link["relation"], link["to"], link["count"]) for link in ex.drawn_links()))
    assert links[0] == links[1] and links[0]
    static.assert_clean()
    live.assert_clean()


def test_served_page_on_a_phone_and_by_keyboard(open_page: Open, served: str) -> None:
    ex = open_page(served + "/", PHONE)
    graph = ex.page.locator("#graph").bounding_box()
    assert graph["width"] >= 350 and graph["height"] >= 300 and ex.painted() > 1000
    ex.page.keyboard.press("Tab")
    ex.page.keyboard.press("Enter")  # skip to search
    ex.page.keyboard.type("rutte")
    ex.page.wait_for_selector("#search-results li[role=option]")
    ex.page.keyboard.press("ArrowDown")
    ex.page.keyboard.press("ArrowUp")
    ex.page.keyboard.press("Enter")
    ex.idle()
    assert ex.page.inner_text("#panel-title") == "Mark Rutte"
    ex.page.keyboard.press("Tab")
    assert ex.js("document.activeElement.id") == "expand"
    ex.assert_clean()


def test_served_page_untrusted_text_never_runs(open_page: Open, served: str) -> None:
    ex = open_page(served + "/")
    _find(ex, "Charkiw")
    link = ex.js("window.geokg.drawnLinks().find(l => l.to === window.geokg.selection().id).id")
    ex.js("id => window.geokg.selectEdge(id, true)", link)
    evidence = ex.page.locator("#panel .statement .evidence").all_inner_texts()
    assert any("<img src=x" in text for text in evidence)
    ex.page.locator("#panel .statement button.read").first.click()
    ex.until("document.getElementById('reader-mark') !== null")
    assert "</script>" in ex.page.inner_text("#reader-text")
    ex.page.wait_for_timeout(200)  # give an injected handler the chance to run (it must not)
    assert ex.js("typeof window.__xss") == "undefined"
    assert ex.page.locator("img, iframe, script:not([src]):not([type='application/json'])").count() == 0
    ex.assert_clean()
