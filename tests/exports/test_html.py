"""Tests for exports/html.py: the self-contained interactive explorer (graph.html)."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from exports.html import write_html
from geokg.errors import GeokgError

ID = "https://w3id.org/geokg/id/"
STMT = "https://w3id.org/geokg/id/stmt/"
DOC = "https://w3id.org/geokg/id/doc/"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

XSS_PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=2</script>",
    "\"quoted\" \\ back\\slash </script><script>window.__xss=3</script>\nzweite Zeile \U0001f680",
    '<svg onload="window.__xss=4">',
    '<iframe src="javascript:window.__xss=5"></iframe>',
    "<!--<script>window.__xss=6</script>-->",
]


def _entity(graph: nx.MultiDiGraph, slug: str, label: str, type_: str, alt: list[str] | None = None,
            wikidata: str | None = None, role: str | None = None) -> str:
    iri = ID + slug
    graph.add_node(iri, label=label, type=type_, alt_labels=alt or [], wikidata=wikidata, role=role)
    return iri


def _statement(graph: nx.MultiDiGraph, n: int, subject: str, relation: str, family: str, obj: str,
               evidence: str, *, negated: bool = False, date: str | None = None,
               attributed_to: str | None = None, modality: str = "Asserted",
               title: str = "Liveblog Ukraine-Krieg") -> None:
    graph.add_edge(
        subject, obj, key=f"{STMT}{n:04d}", relation=relation, family=family, negated=negated,
        modality=modality, evidence=evidence, document=DOC + "liveblog-1", document_title=title,
        date=date, attributed_to=attributed_to, rule=f"verb:{relation}", confidence=0.8,
    )


def _sample_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """Six entities, seven statements of four families; one negated, two dated."""
    g = nx.MultiDiGraph()
    specs: list[tuple[Any, ...]] = [
        ("wladimir-putin", "Wladimir Putin", "Person", ["Putin", "Kremlchef"], "https://www.wikidata.org/entity/Q7747", "Präsident"),
        ("russland", "Russland", "Country", [], "https://www.wikidata.org/entity/Q159", None),
        ("ukraine", "Ukraine", "Country", ["die Ukraine"], "https://www.wikidata.org/entity/Q212", None),
        ("nato", "NATO", "Organization", ["Nordatlantikpakt", "Allianz"], "https://www.wikidata.org/entity/Q7184", None),
        ("mark-rutte", "Mark Rutte", "Person", ["NATO-Chef Rutte", "Rutte"], None, "NATO-Generalsekretär"),
        ("waffenruhe", "Waffenruhe", "Concept", [], None, None),
    ]
    for spec in reversed(specs) if reverse else specs:
        _entity(g, *spec)
    putin, russia, ukraine, nato, rutte, ceasefire = (ID + s[0] for s in specs)
    statements: list[tuple[Any, ...]] = [
        (1, russia, "attacks", "conflict", ukraine, "Russland hat die Ukraine in der Nacht mit Drohnen angegriffen.",
         {"date": "2025-09-04", "attributed_to": "ukrainische Luftwaffe", "modality": "Reported"}),
        (2, russia, "attacks", "conflict", ukraine, "Erneut beschoss Russland die Stadt Odessa.", {"date": "2025-09-05"}),
        (3, putin, "leads", "static", russia, "Kremlchef Putin sagte am Abend …", {}),
        (4, rutte, "leads", "static", nato, "NATO-Chef Rutte äußerte sich in Brüssel.", {}),
        (5, rutte, "meets", "diplomacy", putin, "Rutte trifft Putin nicht, sagte ein Sprecher.", {}),
        (6, putin, "rejects", "diplomacy", ceasefire, "Putin lehnt eine Waffenruhe nicht ab.", {"negated": True}),
        (7, nato, "provides_aid", "cooperation", ukraine, "Die NATO liefert der Ukraine weitere Luftabwehrsysteme.", {}),
    ]
    for n, s, rel, fam, o, ev, extra in reversed(statements) if reverse else statements:
        _statement(g, n, s, rel, fam, o, ev, **extra)
    return g


def _xss_graph() -> nx.MultiDiGraph:
    """Every untrusted field carries a script-injection payload."""
    g = nx.MultiDiGraph()
    a = _entity(g, "a", XSS_PAYLOADS[0], "Person", [XSS_PAYLOADS[1], XSS_PAYLOADS[5]],
                wikidata="javascript:window.__xss=7", role=XSS_PAYLOADS[3])
    b = _entity(g, "b", XSS_PAYLOADS[1], "Country", [XSS_PAYLOADS[0]], role=None)
    c = _entity(g, "c", "Harmlos", '"><img src=x onerror="window.__xss=8">', [XSS_PAYLOADS[4]])
    _statement(g, 1, a, "attacks", "conflict", b, XSS_PAYLOADS[2], title=XSS_PAYLOADS[3],
               attributed_to=XSS_PAYLOADS[4], date="2025-09-04")
    _statement(g, 2, b, '<img src=x onerror="window.__xss=9">', "<b>family</b>", c, XSS_PAYLOADS[5],
               negated=True, title=XSS_PAYLOADS[0], attributed_to=XSS_PAYLOADS[1])
    return g


def _star_graph(size: int) -> nx.MultiDiGraph:
    """``size`` entities; lower numbers are hubs with more statements."""
    g = nx.MultiDiGraph()
    for i in range(size):
        _entity(g, f"e{i:02d}", f"Entität {i}", "Organization" if i % 2 else "Person")
    n = 0
    for i in range(size):
        for j in range(max(1, 6 - i // 8)):
            target = (i * 7 + j * 3 + 1) % size
            if target != i:
                n += 1
                _statement(g, n, ID + f"e{i:02d}", "cooperates_with", "cooperation", ID + f"e{target:02d}",
                           f"Satz {n}.")
    return g


@pytest.fixture
def sample_graph() -> nx.MultiDiGraph:
    return _sample_graph()


@pytest.fixture
def sample_html(tmp_path: Path, sample_graph: nx.MultiDiGraph) -> Path:
    path = tmp_path / "graph.html"
    write_html(sample_graph, path, title="Liveblog <Ukraine>")
    return path


@pytest.fixture
def xss_html(tmp_path: Path) -> Path:
    path = tmp_path / "xss.html"
    write_html(_xss_graph(), path)
    return path


def _graph_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL)
    assert match, "graph-data element missing"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


# ------------------------------------------------------------------ static checks


def test_html_loads_no_external_resources(sample_html: Path) -> None:
    page = sample_html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<link\b|@import|bootstrap|cdn\.|cdnjs|unpkg|jsdelivr", page, re.IGNORECASE)
    assert "vis-network" in page and "new vis.Network" in page


def test_html_same_graph_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "one.html", tmp_path / "two.html"
    write_html(_sample_graph(), first)
    write_html(_sample_graph(reverse=True), second)
    assert first.read_bytes() == second.read_bytes()


def test_html_escapes_untrusted_text(xss_html: Path) -> None:
    page = xss_html.read_text(encoding="utf-8")
    for payload in XSS_PAYLOADS:
        assert payload not in page
    assert "<img" not in page and "<svg onload" not in page and "<iframe" not in page
    # three <script> elements (data, vis-network, explorer), each closed exactly once
    assert page.lower().count("</script") == 3
    data = _graph_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert XSS_PAYLOADS[0] in labels and XSS_PAYLOADS[1] in labels
    evidence = {s["evidence"] for e in data["edges"] for s in e["statements"]}
    assert XSS_PAYLOADS[2] in evidence
    assert all(n["wikidata"] is None for n in data["nodes"])  # javascript: IRI dropped


def test_html_title_is_escaped(sample_html: Path) -> None:
    page = sample_html.read_text(encoding="utf-8")
    assert "<title>Liveblog &lt;Ukraine&gt;</title>" in page


def test_html_groups_statements_per_relation(sample_html: Path, sample_graph: nx.MultiDiGraph) -> None:
    data = _graph_data(sample_html.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == sample_graph.number_of_nodes()
    assert sum(len(e["statements"]) for e in data["edges"]) == sample_graph.number_of_edges()
    attacks = [e for e in data["edges"] if e["relation"] == "attacks"]
    assert len(attacks) == 1 and len(attacks[0]["statements"]) == 2
    assert data["date_range"] == ["2025-09-04", "2025-09-05"]


def test_html_max_nodes_keeps_most_important(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    write_html(_star_graph(50), path, max_nodes=10)
    page = path.read_text(encoding="utf-8")
    data = _graph_data(page)
    assert len(data["nodes"]) == 10 and data["meta"]["total_nodes"] == 50
    assert 'id="notice"' in page and "Showing 10 of 50 entities" in page
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


def test_html_no_notice_when_everything_fits(sample_html: Path) -> None:
    assert 'id="notice"' not in sample_html.read_text(encoding="utf-8")


def test_html_unwritable_path_raises_geokg_error(tmp_path: Path, sample_graph: nx.MultiDiGraph) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GeokgError) as err:
        write_html(sample_graph, blocker / "graph.html")
    assert err.value.code == "E004"
    assert list(tmp_path.iterdir()) == [blocker]


# ------------------------------------------------------------------ browser checks

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield browser
        browser.close()


class Explorer:
    """An opened graph.html with every outside request and every console error recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1440, "height": 860})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.geokg && window.geokg.ready", timeout=30000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def drawn_edges(self) -> list[dict[str, Any]]:
        ids = self.js("window.geokg.drawnEdgeIds()")
        result: list[dict[str, Any]] = self.js(
            "ids => window.geokg.data.edges.filter(e => ids.includes(e.id))", ids)
        return result

    def edge_id(self, relation: str) -> str:
        edge_id: str = self.js("r => window.geokg.data.edges.find(e => e.relation === r).id", relation)
        return edge_id

    def panel_text(self) -> str:
        text: str = self.page.inner_text("#panel")
        return text

    def assert_clean(self) -> None:
        assert self.requests == [], f"outside requests: {self.requests}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[Path], Explorer]]:
    opened: list[Explorer] = []

    def _open(path: Path) -> Explorer:
        explorer = Explorer(browser, path)
        opened.append(explorer)
        return explorer

    yield _open
    for explorer in opened:
        explorer.page.close()


@pytest.mark.browser
def test_html_browser_draws_graph_offline(open_page: Callable[[Path], Explorer], sample_html: Path,
                                          sample_graph: nx.MultiDiGraph) -> None:
    ex = open_page(sample_html)
    assert ex.js("window.geokg.nodes.length") == sample_graph.number_of_nodes()
    assert len(ex.js("window.geokg.drawnNodeIds()")) == sample_graph.number_of_nodes()
    assert ex.js("window.geokg.edges.length") == 6  # seven statements, two of them one edge
    painted = ex.js("""() => {
        const c = document.querySelector('#graph canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; }
        return n; }""")
    assert painted > 1000
    assert ex.js("window.geokg.network.physics.physicsEnabled") is False
    assert "6 entities" in ex.page.inner_text("#stats")
    legend = ex.page.inner_text("#legend")
    for name in ("Person", "Organization", "Country", "Location", "Concept",
                 "conflict", "cooperation", "diplomacy", "communication", "static"):
        assert name in legend
    ex.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["nato-chef", "RUTTE", "Mark"])
def test_html_browser_search_selects_entity(open_page: Callable[[Path], Explorer], sample_html: Path,
                                            query: str) -> None:
    ex = open_page(sample_html)
    ex.page.fill("#search", query)
    assert "Mark Rutte" in ex.page.inner_text("#search-results")
    ex.page.press("#search", "Enter")
    assert ex.js("window.geokg.selection()") == {"kind": "node", "id": ID + "mark-rutte"}
    assert ex.js("window.geokg.network.getSelectedNodes()") == [ID + "mark-rutte"]
    assert ex.page.inner_text("#panel-title") == "Mark Rutte"
    assert "NATO-Generalsekretär" in ex.panel_text() and "NATO-Chef Rutte" in ex.panel_text()
    ex.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("family", ["conflict", "cooperation", "diplomacy", "static"])
def test_html_browser_family_filter_hides_edges(open_page: Callable[[Path], Explorer], sample_html: Path,
                                                family: str) -> None:
    ex = open_page(sample_html)
    before = ex.drawn_edges()
    assert any(e["family"] == family for e in before)
    ex.page.uncheck(f"#filter-family-{family}")
    after = ex.drawn_edges()
    assert after and not any(e["family"] == family for e in after)
    assert len(after) == len([e for e in before if e["family"] != family])
    ex.page.check(f"#filter-family-{family}")
    assert len(ex.drawn_edges()) == len(before)
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_type_filter_hides_nodes_and_their_edges(open_page: Callable[[Path], Explorer],
                                                              sample_html: Path) -> None:
    ex = open_page(sample_html)
    ex.page.uncheck("#filter-type-Person")
    drawn = ex.js("window.geokg.drawnNodeIds()")
    assert ID + "wladimir-putin" not in drawn and ID + "mark-rutte" not in drawn and len(drawn) == 4
    assert sorted(e["relation"] for e in ex.drawn_edges()) == ["attacks", "provides_aid"]
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_hide_negated(open_page: Callable[[Path], Explorer], sample_html: Path) -> None:
    ex = open_page(sample_html)
    assert any(e["negated"] for e in ex.drawn_edges())
    ex.page.check("#filter-hide-negated")
    drawn = ex.drawn_edges()
    assert len(drawn) == 5 and not any(e["negated"] for e in drawn)
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_date_range(open_page: Callable[[Path], Explorer], sample_html: Path) -> None:
    ex = open_page(sample_html)
    attacks = ex.edge_id("attacks")
    ex.page.fill("#filter-date-from", "2025-09-05")
    assert ex.js("id => window.geokg.edges.get(id).label", attacks) == "attacks"  # one of two left
    ex.page.fill("#filter-date-from", "2025-09-06")
    assert attacks not in ex.js("window.geokg.drawnEdgeIds()")
    ex.page.uncheck("#filter-undated")
    assert ex.js("window.geokg.drawnEdgeIds()") == []
    ex.page.click("#filter-reset")
    assert len(ex.js("window.geokg.drawnEdgeIds()")) == 6
    assert ex.js("id => window.geokg.edges.get(id).label", attacks) == "attacks \u00d72"
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_edge_panel_shows_evidence(open_page: Callable[[Path], Explorer], sample_html: Path) -> None:
    ex = open_page(sample_html)
    attacks = ex.edge_id("attacks")
    ex.js("id => { window.geokg.network.selectEdges([id]); window.geokg.onSelect({nodes: [], edges: [id]}); }", attacks)
    evidence = ex.page.locator("#panel .statement .evidence").all_inner_texts()
    assert evidence == ["Russland hat die Ukraine in der Nacht mit Drohnen angegriffen.",
                        "Erneut beschoss Russland die Stadt Odessa."]
    panel = ex.panel_text()
    for text in ("Liveblog Ukraine-Krieg", "2025-09-04", "ukrainische Luftwaffe", "Reported", "verb:attacks", "0.80"):
        assert text in panel
    assert ex.page.inner_text("#panel-title") == "Russland \u2192 attacks \u2192 Ukraine"
    ARTIFACTS.mkdir(exist_ok=True)
    ex.page.screenshot(path=str(ARTIFACTS / "explorer.png"))
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_click_node_highlights_neighbourhood(open_page: Callable[[Path], Explorer],
                                                          sample_html: Path) -> None:
    ex = open_page(sample_html)
    point = ex.js("""id => {
        const net = window.geokg.network;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('graph').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y}; }""", ID + "ukraine")
    ex.page.mouse.click(point["x"], point["y"])
    ex.page.wait_for_function("window.geokg.selection() !== null")
    assert ex.js("window.geokg.selection()") == {"kind": "node", "id": ID + "ukraine"}
    assert ex.page.inner_text("#panel-title") == "Ukraine"
    assert "provides_aid" in ex.panel_text() and "attacks" in ex.panel_text()
    colour = "id => window.geokg.nodes.get(id).color.background"
    assert ex.js(colour, ID + "waffenruhe") == "#eceef1"  # not a neighbour: dimmed
    assert ex.js(colour, ID + "nato") != "#eceef1"  # neighbour
    ex.js("window.geokg.onSelect({nodes: [], edges: []})")
    assert ex.js(colour, ID + "waffenruhe") != "#eceef1"
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_untrusted_text_never_runs(open_page: Callable[[Path], Explorer], xss_html: Path) -> None:
    ex = open_page(xss_html)
    for node_id in ex.js("window.geokg.nodes.getIds()"):
        ex.js("id => window.geokg.selectNode(id, true)", node_id)
    for edge_id in ex.js("window.geokg.edges.getIds()"):
        ex.js("id => window.geokg.onSelect({nodes: [], edges: [id]})", edge_id)
        ex.page.mouse.move(10, 10)
    ex.js("id => window.geokg.onSelect({nodes: [], edges: [id]})", "e0")
    assert XSS_PAYLOADS[2].replace("\n", "") in ex.panel_text().replace("\n", "")
    ex.page.fill("#search", "script")
    ex.page.press("#search", "Enter")
    ex.page.wait_for_timeout(200)
    assert ex.js("typeof window.__xss") == "undefined"
    assert ex.page.locator("#panel a").count() == 0  # javascript: wikidata never becomes a link
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_max_nodes_notice(open_page: Callable[[Path], Explorer], tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    write_html(_star_graph(50), path, max_nodes=10)
    ex = open_page(path)
    assert ex.js("window.geokg.nodes.length") == 10
    assert ex.page.is_visible("#notice")
    assert "Showing 10 of 50 entities" in ex.page.inner_text("#notice")
    ex.assert_clean()

