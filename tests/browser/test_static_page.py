"""The static explorer (graph.html) in headless Chromium: it works offline with its embedded data."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from browsing import ARTIFACTS, PHONE, Explorer, browser, open_page  # noqa: F401 - fixtures
from explorer_pages import XSS, cut_documents, iri, sample_documents, write_page, xss_documents

pytestmark = pytest.mark.browser
Open = Callable[..., Explorer]
DOC = "https://w3id.org/geokg/id/doc/"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test pages, written once a module."""
    folder = tmp_path_factory.mktemp("pages")
    return {"sample": write_page(sample_documents(), folder / "sample.html"),
            "cut": write_page(cut_documents(), folder / "cut.html", title="Bericht"),
            "xss": write_page(xss_documents(), folder / "xss.html", title="x")}


def test_static_page_draws_offline_with_labels_on_the_first_screen(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    assert len(ex.drawn_nodes()) == 8 and len(ex.drawn_links()) == 8
    assert ex.page.inner_text("#stats") == "8 entities \u00b7 9 statements (8 links) drawn"
    assert ex.painted() > 1000
    assert ex.js("window.geokg.network.physics.physicsEnabled") is False
    graph = ex.page.locator("#graph").bounding_box()
    labels = ex.js("window.geokg.labelsOnScreen()")
    assert len(labels) == 8
    for label in labels:
        assert label["px"] >= 12, label
        assert graph["x"] <= label["x"] <= graph["x"] + graph["width"] and \
            graph["y"] <= label["y"] <= graph["y"] + graph["height"], label
    assert ex.page.get_attribute("html", "lang") == "en"
    assert ex.page.get_attribute("#search", "lang") == "de"
    ex.assert_clean()


@pytest.mark.parametrize("query, expected", [("nato-chef", "Mark Rutte"), ("RUTTE", "Mark Rutte"),
                                             ("rus", "Russland")])
def test_static_page_search_with_arrow_keys(open_page: Open, pages: dict[str, Path], query: str,
                                            expected: str) -> None:
    ex = open_page(pages["sample"])
    ex.page.fill("#search", query)
    ex.page.wait_for_selector("#search-results li[role=option]")
    options = ex.page.locator("#search-results li[role=option]").all_inner_texts()
    assert expected in options[0]
    if len(options) > 1:
        ex.page.press("#search", "ArrowDown")
        assert ex.page.get_attribute("#search", "aria-activedescendant") == "search-option-1"
        ex.page.press("#search", "ArrowUp")
    assert ex.page.get_attribute("#search", "aria-activedescendant") == "search-option-0"
    ex.page.press("#search", "Enter")
    ex.idle()
    selected = ex.js("window.geokg.selection()")
    assert selected["kind"] == "node" and ex.page.inner_text("#panel-title") == expected
    assert ex.js("window.geokg.network.getSelectedNodes()") == [selected["id"]]
    ex.assert_clean()


def test_static_page_filter_first_then_cut(open_page: Open, pages: dict[str, Path]) -> None:
    """The overview draws 150 of 200 entities and no attack; the conflict family alone draws every attack."""
    ex = open_page(pages["cut"])
    assert len(ex.drawn_nodes()) == 150
    assert not [link for link in ex.drawn_links() if link["relation"] == "attacks"]
    assert "Drawing the 150 entities with most statements in this filter, of 204" in ex.page.inner_text("#cut-note")
    layouts = ex.js("window.geokg.layouts()")
    ex.page.uncheck("#filter-family-cooperation")
    ex.page.uncheck("#filter-family-diplomacy")
    ex.idle()
    attacks = [link for link in ex.drawn_links() if link["relation"] == "attacks"]
    assert len(attacks) == 20 and len(ex.drawn_links()) == 20 and len(ex.drawn_nodes()) == 40
    assert ex.js("window.geokg.layouts()") > layouts  # laid out again for what is drawn now
    assert "All 40 entities and 20 statements of this filter are drawn." in ex.page.inner_text("#cut-note")
    assert ex.page.is_checked("#filter-relation-attacks")
    ex.page.click("#filter-reset")
    ex.idle()
    assert len(ex.drawn_nodes()) == 150
    ex.assert_clean()


def test_static_page_shows_what_was_cut_and_expands_step_by_step(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["cut"])
    ex.page.fill("#search", "Angreifer 07")
    ex.page.press("#search", "Enter")
    ex.idle()
    attacker = ex.js("window.geokg.selection()")["id"]
    assert attacker in ex.drawn_nodes()  # drawn because the analyst went to it, though the overview cut it
    assert "not drawn" in ex.panel_text() and "attacks \u00b7 Ziel 07" in ex.panel_text()
    ex.page.click("#expand")
    ex.idle()
    assert [link["relation"] for link in ex.drawn_links() if attacker in (link["from"], link["to"])] == ["attacks"]
    assert "Expand one more step (2)" in ex.panel_text()
    ex.page.select_option("#overview-limit", "50")
    ex.idle()
    assert len([n for n in ex.drawn_nodes() if "/kette-" in n]) == 0
    ex.page.fill("#search", "Kette 0")
    ex.page.press("#search", "Enter")
    ex.idle()
    ex.page.click("#expand")
    ex.idle()
    assert sorted(n.rsplit("/", 1)[1] for n in ex.drawn_nodes() if "/kette-" in n) == ["kette-0", "kette-1"]
    ex.page.click("#expand")
    ex.idle()
    assert sorted(n.rsplit("/", 1)[1] for n in ex.drawn_nodes() if "/kette-" in n) == ["kette-0", "kette-1", "kette-2"]
    expansions = parse_qs(ex.js("window.geokg.stateHash()"))["expand"][0].split(" ")
    assert expansions == ["1:" + attacker, "2:" + ex.js("window.geokg.selection()")["id"]]
    ex.page.click("#collapse")
    ex.idle()
    assert [n for n in ex.drawn_nodes() if "/kette-" in n] == [ex.js("window.geokg.selection()")["id"]]
    ex.assert_clean()


def test_static_page_dates_event_and_publication_apart(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    assert "3 with an event date, 6 without; 9 with a publication date, 0 without." in ex.page.inner_text("#timeline")
    ex.page.fill("#filter-date-from", "2025-09-04")
    ex.page.locator("#filter-date-from").dispatch_event("change")
    ex.idle()
    relations = sorted(link["relation"] for link in ex.drawn_links())
    assert "attacks" in relations  # one attack has its event date in the range
    attacks = next(link for link in ex.drawn_links() if link["relation"] == "attacks")
    assert attacks["count"] == 1
    ex.page.uncheck("#filter-undated")
    ex.idle()
    assert sorted(link["relation"] for link in ex.drawn_links()) == ["attacks", "criticizes"]
    ex.page.select_option("#filter-date-kind", "published")
    ex.idle()  # now by the documents' dates: only the second liveblog (2025-09-10) and the first (09-04)
    assert len(ex.drawn_links()) == 8
    ex.page.fill("#filter-date-from", "2025-09-05")
    ex.page.locator("#filter-date-from").dispatch_event("change")
    ex.idle()
    assert sorted(link["relation"] for link in ex.drawn_links()) == ["criticizes", "provides_aid", "provides_aid"]
    ex.page.focus("#date-slider-to")
    ex.page.keyboard.press("Home")
    ex.page.locator("#date-slider-to").dispatch_event("change")
    ex.idle()
    assert ex.drawn_links() == [] and ex.js("window.geokg.filters().dateTo") == "2025-09-03"  # the scale's first day
    ex.assert_clean()


@pytest.mark.parametrize("control, value, relations", [
    ("#filter-modality-Asserted", None, ["attacks"]),
    ("#filter-attributed", "afp", ["attacks"]),
    ("#filter-source", "tagesschau", ["attacks", "leads", "leads", "meets", "rejects"]),
    ("#filter-hide-negated", None, ["attacks", "criticizes", "leads", "leads", "meets", "provides_aid",
                                    "provides_aid"]),
])
def test_static_page_statement_filters(open_page: Open, pages: dict[str, Path], control: str, value: str | None,
                                       relations: list[str]) -> None:
    ex = open_page(pages["sample"])
    if value is None:
        ex.page.click(control)
    else:
        ex.page.fill(control, value)
        ex.page.press(control, "Enter")
    ex.idle()
    assert sorted(link["relation"] for link in ex.drawn_links()) == relations
    ex.assert_clean()


def test_static_page_confidence_filter(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    ex.js("window.geokg.setFilters({minConfidence: 0.5})")
    assert "meets" not in [link["relation"] for link in ex.drawn_links()]
    assert ex.page.input_value("#filter-min-confidence") == "0.5"
    ex.assert_clean()


def test_static_page_path_between_two_actors(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    ex.page.fill("#path-from", "Mark Rutte")
    ex.page.fill("#path-to", "Merkel")
    ex.page.click("#path-find")
    ex.until("document.getElementById('panel-title').textContent.startsWith('Path')")
    ex.idle()
    assert ex.page.inner_text("#panel-title") == "Path: Mark Rutte \u2192 Angela Merkel"
    steps = ex.page.locator("#panel .path-steps li").all_inner_texts()
    assert steps == ["Mark Rutte \u2192 meets Wladimir Putin", "Wladimir Putin \u2190 criticizes Angela Merkel"]
    assert "path=" in ex.js("window.geokg.stateHash()")
    ex.js("window.geokg.setFilters({offRelations: {meets: true, leads: true}})")
    assert "No path" in ex.panel_text()  # the path keeps to the filters
    ex.assert_clean()


def test_static_page_link_panel_names_the_source_and_reads_the_article(open_page: Open,
                                                                       pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    attacks = ex.link_id("attacks")
    ex.js("id => window.geokg.selectEdge(id, true)", attacks)
    evidence = ex.page.locator("#panel .statement .evidence").all_inner_texts()
    assert evidence == ["Russland hat die Ukraine in der Nacht mit Drohnen angegriffen.",
                        "Erneut beschoss Russland die Stadt Odessa."]
    assert ex.page.get_attribute("#panel .statement .evidence", "lang") == "de"
    fields = ex.js("""() => Object.fromEntries([...document.querySelectorAll('#panel .statement')][0]
        .querySelectorAll('dt').values().map(dt => [dt.textContent, dt.nextElementSibling.textContent]))""")
    assert fields == {"Source": "tagesschau.de", "Document": "Liveblog Ukraine-Krieg", "Published": "2025-09-04",
                      "Event date": "2025-09-03", "According to": "AFP", "Modality": "Reported", "Negated": "no",
                      "Rule": "verb:attacks", "Confidence": "0.80"}
    assert ex.page.get_attribute("#panel .statement a", "href") == "https://www.tagesschau.de/liveblog/ukraine-100.html"
    ex.page.locator("#panel .statement button.read").first.click()
    ex.page.wait_for_selector("#reader[open] #reader-mark")
    assert ex.page.inner_text("#reader-mark") == evidence[0]
    assert ex.page.inner_text("#reader-text").startswith("Liveblog\nRusslands hat"[:9])
    assert ex.js("document.activeElement.id") == "reader-close"
    ex.page.keyboard.press("Escape")
    assert not ex.page.is_visible("#reader")
    ARTIFACTS.mkdir(exist_ok=True)
    ex.page.screenshot(path=str(ARTIFACTS / "explorer.png"))
    ex.assert_clean()


def test_static_page_on_a_phone(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"], PHONE)
    graph = ex.page.locator("#graph").bounding_box()
    assert graph["width"] >= 350 and graph["height"] >= 300
    assert ex.painted() > 1000
    assert ex.js("document.documentElement.scrollWidth") <= PHONE["width"]
    assert all(label["px"] >= 12 for label in ex.js("window.geokg.labelsOnScreen()"))
    ex.assert_clean()


def test_static_page_by_keyboard_alone(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    ex.page.keyboard.press("Tab")
    assert ex.js("document.activeElement.textContent") == "Skip to search"
    ex.page.keyboard.press("Enter")
    assert ex.js("document.activeElement.id") == "search"
    ex.page.keyboard.type("putin")
    ex.page.wait_for_selector("#search-results li[role=option]")
    ex.page.keyboard.press("Enter")
    ex.idle()
    assert ex.page.inner_text("#panel-title") == "Wladimir Putin"
    ex.page.keyboard.press("Tab")  # the first control of the details panel is next
    assert ex.js("document.activeElement.id") == "expand"
    ex.page.keyboard.press("Enter")
    ex.idle()
    assert "Expand one more step" in ex.panel_text()
    tabs = 0
    while ex.js("document.activeElement.classList.contains('linklike')") is False and tabs < 6:
        ex.page.keyboard.press("Tab")
        tabs += 1
    assert tabs < 6  # the entity's links are a few tabs away
    ex.page.keyboard.press("Enter")
    ex.idle()
    assert ex.js("window.geokg.selection()")["kind"] == "edge"
    assert ex.page.locator("#panel .statement").count() >= 1
    ex.page.focus("#graph")
    ex.page.keyboard.press("Home")
    ex.idle()
    top = ex.js("window.geokg.selection()")["id"]
    moved = set()
    for key in ("ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp"):
        ex.page.keyboard.press(key)
        ex.idle()
        moved.add(ex.js("window.geokg.selection()")["id"])
    assert moved - {top}  # the arrows went to other entities
    ex.page.keyboard.press("Escape")
    ex.idle()
    assert ex.js("window.geokg.selection()") is None
    ex.assert_clean()


def test_static_page_state_in_the_url_and_export(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["sample"])
    ex.page.uncheck("#filter-family-static")
    ex.idle()
    ex.js("id => window.geokg.selectNode(id, true)", iri("putin"))
    url = ex.page.url
    assert "relations=" in url and "leads" not in url.split("relations=")[1].split("&")[0]
    with ex.page.expect_download() as got:
        ex.page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
    assert sorted(r["relation"] for r in rows) == sorted(
        ["attacks", "attacks", "meets", "rejects", "provides_aid", "criticizes", "provides_aid"])
    assert {r["evidence"] for r in rows} >= {"Merkel kritisierte Putin scharf."}
    exported = json.loads(ex.js("window.geokg.exportView('json')"))
    assert len(exported["statements"]) == 7 and "leads" not in exported["filters"]["relations"]
    again = open_page(url)
    assert again.js("window.geokg.selection()") == {"kind": "node", "id": iri("putin")}
    assert not again.page.is_checked("#filter-family-static")
    assert sorted(link["relation"] for link in again.drawn_links()) == sorted(link["relation"] for link in ex.drawn_links())
    ex.assert_clean()
    again.assert_clean()


def test_static_page_untrusted_text_never_runs(open_page: Open, pages: dict[str, Path]) -> None:
    ex = open_page(pages["xss"])
    for node in ex.drawn_nodes():
        ex.js("id => window.geokg.selectNode(id, true)", node)
        ex.page.mouse.move(10, 10)
    for link in ex.drawn_links():
        ex.js("id => window.geokg.selectEdge(id, true)", link["id"])
        for button in ex.page.locator("#panel button.read").all():
            button.click()
            ex.page.wait_for_selector("#reader[open]")
            ex.page.keyboard.press("Escape")
    assert XSS[0] in ex.panel_text() or XSS[1] in ex.panel_text()
    ex.page.fill("#search", "script")
    ex.page.press("#search", "Enter")
    ex.idle()
    ex.page.wait_for_timeout(200)  # give an injected handler the chance to run (it must not)
    assert ex.js("typeof window.__xss") == "undefined"
    assert ex.page.locator("#panel a[href^=javascript]").count() == 0
    assert ex.page.locator("img, iframe, #panel svg").count() == 0
    ex.assert_clean()


def test_static_page_capped_payload_says_so(open_page: Open, tmp_path: Path) -> None:
    from geokg.exports.html import render_documents

    path = tmp_path / "capped.html"
    path.write_text(render_documents(cut_documents(), max_nodes=50), encoding="utf-8")
    ex = open_page(path)
    assert "Showing 50 of 204 entities" in ex.page.inner_text("#notice")
    assert 0 < len(ex.drawn_nodes()) <= 50
    ex.assert_clean()


def test_static_page_evidence_text_without_texts(open_page: Open, tmp_path: Path, monkeypatch: Any) -> None:
    """Too much text to embed: the page says nothing of reading the article, and still lists the evidence."""
    monkeypatch.setattr("geokg.exports.html.MAX_EMBEDDED_TEXT", 10)
    path = write_page(sample_documents(), tmp_path / "notexts.html")
    ex = open_page(path)
    ex.js("id => window.geokg.selectEdge(id, true)", ex.link_id("attacks"))
    assert ex.page.locator("#panel .statement").count() == 2
    assert ex.page.locator("#panel button.read").count() == 0
    ex.assert_clean()
