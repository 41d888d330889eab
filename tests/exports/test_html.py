"""Tests for exports/html.py: the self-contained interactive explorer (graph.html)."""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset

from geokg.exports import Bundle
from geokg.exports.html import (
    MAX_LINKS,
    MAX_STATEMENTS_PER_LINK,
    render_documents,
    render_html,
    write_bundle,
    write_html,
)
from geokg.extract.model import Document
from geokg.extract.pipeline import extract
from geokg.extract.reader import read_document
from geokg.errors import GeokgError
from geokg.graph.network import to_networkx

ID = "https://w3id.org/geokg/id/"
STMT = "https://w3id.org/geokg/id/stmt/"
DOC = "https://w3id.org/geokg/id/doc/"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

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


def _capped_graph(undated: int = 1) -> nx.MultiDiGraph:
    """Russland attacks Ukraine six times on shuffled dates and ``undated`` times undated; Putin leads Russland."""
    g = nx.MultiDiGraph()
    russia = _entity(g, "russland", "Russland", "Country")
    ukraine = _entity(g, "ukraine", "Ukraine", "Country")
    putin = _entity(g, "wladimir-putin", "Wladimir Putin", "Person")
    dates = [None] * undated + ["2025-09-06", "2025-09-02", "2025-09-05", "2025-09-01", "2025-09-04", "2025-09-03"]
    for n, date in enumerate(dates, 1):
        _statement(g, n, russia, "attacks", "conflict", ukraine, f"Angriff {n}.", date=date)
    _statement(g, 0, putin, "leads", "static", russia, "Kremlchef Putin sagte am Abend …")
    return g


def _ranked_links_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """Five links of 4, 3, 3, 3 and 1 statements among five entities; ``e`` has only the one-statement link."""
    g = nx.MultiDiGraph()
    a, b, c, d, e = (_entity(g, slug, slug.upper(), "Country") for slug in "abcde")
    links = [(a, "attacks", "conflict", b, 4), (c, "meets", "diplomacy", a, 3), (b, "meets", "diplomacy", c, 3),
             (b, "attacks", "conflict", c, 3), (d, "leads", "static", e, 1)]
    statements = [(s, rel, fam, o, i) for s, rel, fam, o, count in links for i in range(count)]
    for n, (s, rel, fam, o, i) in enumerate(reversed(statements) if reverse else statements):
        _statement(g, n if not reverse else len(statements) - 1 - n, s, rel, fam, o, f"{rel} {i}.",
                   date=f"2025-09-{1 + i:02d}")
    return g


class _Passes:
    """Documents that count how often they are read, as a spool on disk is read once per pass."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.passes = 0

    def __iter__(self) -> Iterator[Document]:
        self.passes += 1
        return iter(self.documents)


def _refuse(*args: Any, **kwargs: Any) -> nx.MultiDiGraph:
    """Stands in for to_networkx where the page must be made without it."""
    raise AssertionError("the streamed page must not build the networkx graph")


@pytest.fixture(scope="module")
def documents(sample: Path, nlp: Any) -> list[Document]:
    """The sample liveblog and the two example liveblogs, extracted."""
    return list(extract([read_document(p) for p in [sample, *sorted(EXAMPLES.glob("*.txt"))]], nlp))


@pytest.fixture
def no_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make to_networkx fail wherever the code under test would look it up (this module keeps its own)."""
    monkeypatch.setattr("geokg.graph.network.to_networkx", _refuse)


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
    assert all(e["count"] == len(e["statements"]) for e in data["edges"])
    assert data["date_range"] == ["2025-09-04", "2025-09-05"]


def test_html_cap_keeps_the_latest_statements_and_counts_all(tmp_path: Path) -> None:
    path = tmp_path / "capped.html"
    write_html(_capped_graph(), path, max_statements_per_link=3)
    page = path.read_text(encoding="utf-8")
    data = _graph_data(page)
    attacks, leads = (next(e for e in data["edges"] if e["relation"] == r) for r in ("attacks", "leads"))
    assert [s["evidence"] for s in attacks["statements"]] == ["Angriff 6.", "Angriff 4.", "Angriff 2."]
    assert [s["date"] for s in attacks["statements"]] == ["2025-09-04", "2025-09-05", "2025-09-06"]
    assert attacks["count"] == 7 and leads["count"] == len(leads["statements"]) == 1
    assert data["meta"]["total_statements"] == data["meta"]["shown_statements"] == 8
    assert "1 of 2 links have more than 3 statements: each lists its 3 most recent." in page


def test_html_cap_default_is_the_module_constant() -> None:
    g = nx.MultiDiGraph()
    a, b = _entity(g, "a", "A", "Country"), _entity(g, "b", "B", "Country")
    for n in range(MAX_STATEMENTS_PER_LINK + 5):
        _statement(g, n, a, "attacks", "conflict", b, f"Satz {n}.", date=f"2025-{1 + n // 28:02d}-{1 + n % 28:02d}")
    (edge,) = _graph_data(render_html(g))["edges"]
    assert len(edge["statements"]) == MAX_STATEMENTS_PER_LINK and edge["count"] == MAX_STATEMENTS_PER_LINK + 5
    assert edge["statements"][0]["evidence"] == "Satz 5."


@pytest.mark.parametrize("limits", [{"max_nodes": 0}, {"max_statements_per_link": 0}, {"max_links": 0}])
def test_html_limits_below_one_are_refused(sample_graph: nx.MultiDiGraph, limits: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        render_html(sample_graph, **limits)
    with pytest.raises(ValueError):
        render_documents([], **limits)


@pytest.mark.parametrize(("max_nodes", "cap", "max_links"), [(400, MAX_STATEMENTS_PER_LINK, MAX_LINKS),
                                                           (400, 2, MAX_LINKS), (15, 1, MAX_LINKS),
                                                           (400, MAX_STATEMENTS_PER_LINK, 20), (15, 1, 5)])
def test_html_streamed_page_equals_networkx_page(documents: list[Document], no_networkx: None,
                                                 max_nodes: int, cap: int, max_links: int) -> None:
    expected = render_html(to_networkx(documents), title="Drei Liveblogs", max_nodes=max_nodes,
                           max_statements_per_link=cap, max_links=max_links)
    streamed = render_documents(documents, title="Drei Liveblogs", max_nodes=max_nodes, max_statements_per_link=cap,
                                max_links=max_links)
    assert streamed == expected
    data = _graph_data(streamed)
    assert data["meta"]["cut"] == (max_nodes < data["meta"]["total_nodes"])
    assert any(e["count"] > len(e["statements"]) for e in data["edges"]) == (cap < 3)
    assert len(data["edges"]) == min(max_links, data["meta"].get("total_links", len(data["edges"])))
    assert ("total_links" in data["meta"]) == (max_links < MAX_LINKS)


@pytest.mark.parametrize("max_nodes", [400, 15])
def test_html_link_cap_that_does_not_bite_changes_nothing(documents: list[Document], max_nodes: int) -> None:
    graph = to_networkx(documents)
    links = len(_graph_data(render_html(graph, max_nodes=max_nodes))["edges"])
    assert links < MAX_LINKS
    page = render_html(graph, max_nodes=max_nodes)
    assert render_html(graph, max_nodes=max_nodes, max_links=links) == page
    assert render_documents(documents, max_nodes=max_nodes, max_links=links) == page
    assert set(_graph_data(page)["meta"]) == {"total_nodes", "shown_nodes", "total_statements",
                                              "shown_statements", "cut"}
    assert "links with most statements" not in page


@pytest.mark.parametrize(("with_network", "passes"), [(True, 0), (False, 2)])
def test_html_write_bundle_streams_documents_in_two_passes(tmp_path: Path, documents: list[Document],
                                                           no_networkx: None, with_network: bool,
                                                           passes: int) -> None:
    expected = tmp_path / "expected.html"
    write_html(to_networkx(documents), expected, title="Drei Liveblogs")
    read = _Passes(documents)
    bundle = Bundle(Dataset(), to_networkx(documents) if with_network else None, read, title="Drei Liveblogs")
    write_bundle(bundle, tmp_path / "graph.html")
    assert read.passes == passes
    assert (tmp_path / "graph.html").read_bytes() == expected.read_bytes()


def test_html_streams_a_document_in_parts_as_one(documents: list[Document], no_networkx: None) -> None:
    whole = documents[0]
    half = len(whole.statements) // 2
    parts = [dataclasses.replace(whole, statements=whole.statements[:half]),
             dataclasses.replace(whole, statements=whole.statements[half:])]
    assert render_documents(parts, max_statements_per_link=2) == \
        render_html(to_networkx([whole]), max_statements_per_link=2)


def test_html_link_cap_keeps_the_links_with_most_statements() -> None:
    data = _graph_data(render_html(_ranked_links_graph(), max_links=3))
    drawn = [(e["from"][len(ID):], e["relation"], e["to"][len(ID):], e["count"]) for e in data["edges"]]
    # of the three links with 3 statements, the two first by (from, to, relation) are drawn
    assert drawn == [("a", "attacks", "b", 4), ("b", "attacks", "c", 3), ("b", "meets", "c", 3)]
    assert [e["id"] for e in data["edges"]] == ["e0", "e1", "e2"]
    assert len(data["nodes"]) == 5  # d and e lost their only link and are still shown
    assert data["meta"] == {"total_nodes": 5, "shown_nodes": 5, "total_statements": 14, "shown_statements": 10,
                            "cut": False, "total_links": 5, "shown_links": 3, "total_link_statements": 14}


def test_html_link_cap_ties_do_not_depend_on_order() -> None:
    reversed_page = render_html(_ranked_links_graph(reverse=True), max_links=2)
    assert render_html(_ranked_links_graph(), max_links=2) == reversed_page


def test_html_link_cap_notice(tmp_path: Path) -> None:
    path = tmp_path / "links.html"
    write_html(_ranked_links_graph(), path, max_links=2, max_statements_per_link=3)
    page = path.read_text(encoding="utf-8")
    notice = re.search(r'<div id="notice" role="status">(.*?)</div>', page)
    assert notice and notice.group(1) == (
        "Showing the 2 links with most statements of 5 between these entities; the other 3 links "
        "(7 statements) are not drawn. Entities without a drawn link are still shown. "
        "1 of 2 links have more than 3 statements: each lists its 3 most recent.")


def test_html_link_cap_notice_after_the_entity_cut_counts_statements_apart() -> None:
    page = render_html(_star_graph(50), max_nodes=10, max_links=3)
    meta = _graph_data(page)["meta"]
    assert meta["shown_links"] == 3 and meta["total_links"] > 3
    between = meta["total_link_statements"]
    assert f"{meta['total_statements'] - between} of {meta['total_statements']} statements involve the others" in page
    assert f"the other {meta['total_links'] - 3} links ({between - meta['shown_statements']} statements)" in page


def test_html_link_cap_default_is_the_module_constant() -> None:
    g = nx.MultiDiGraph()
    hub = _entity(g, "hub", "Hub", "Country")
    for n in range(MAX_LINKS + 3):
        _statement(g, 2 * n, hub, "meets", "diplomacy", _entity(g, f"x{n:05d}", f"X {n}", "Person"), f"Satz {n}.")
        if n < 3:  # three links of two statements, drawn whatever their key
            _statement(g, 2 * n + 1, hub, "meets", "diplomacy", ID + f"x{n + MAX_LINKS:05d}", f"Satz {n}.")
    data = _graph_data(render_html(g, max_nodes=MAX_LINKS + 10))
    assert len(data["edges"]) == MAX_LINKS and data["meta"]["total_links"] == MAX_LINKS + 3
    assert sorted(e["count"] for e in data["edges"])[-3:] == [2, 2, 2]
    assert len(data["nodes"]) == MAX_LINKS + 4


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
    assert err.value.code == "E301"
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
def test_html_browser_panel_keeps_event_and_publication_dates_apart(open_page: Callable[[Path], Explorer],
                                                                     tmp_path: Path) -> None:
    """Each statement shows its event date and its document's date apart, "undated" where there is none;
    the date filter takes the event date, else the publication date."""
    g = nx.MultiDiGraph()
    russia, ukraine = _entity(g, "russland", "Russland", "Country"), _entity(g, "ukraine", "Ukraine", "Country")
    for n, (date, published) in enumerate([("2025-09-03", "2025-09-04"), (None, "2025-09-05"), (None, None)], 1):
        _statement(g, n, russia, "attacks", "conflict", ukraine, f"Angriff {n}.", date=date)
        g.edges[russia, ukraine, f"{STMT}{n:04d}"]["published"] = published
    path = tmp_path / "graph.html"
    write_html(g, path)
    ex = open_page(path)
    attacks = ex.edge_id("attacks")
    ex.js("id => { window.geokg.network.selectEdges([id]); window.geokg.onSelect({nodes: [], edges: [id]}); }", attacks)
    undated, first, second = ex.page.locator("#panel .statement").all_inner_texts()
    assert "Angriff 3." in undated and undated.count("undated") == 2
    assert "Angriff 1." in first and "Event date" in first and "2025-09-03" in first and "2025-09-04" in first
    assert "Angriff 2." in second and "not given" in second and "2025-09-05" in second
    ex.page.fill("#filter-date-from", "2025-09-05")
    ex.page.uncheck("#filter-undated")
    assert ex.js("id => window.geokg.edges.get(id).label", attacks) == "attacks"  # Angriff 2, by its document's date
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


@pytest.mark.browser
def test_html_browser_link_cap_notice_and_stats(open_page: Callable[[Path], Explorer], tmp_path: Path) -> None:
    path = tmp_path / "links.html"
    write_html(_ranked_links_graph(), path, max_links=2)
    ex = open_page(path)
    assert ex.js("window.geokg.nodes.length") == 5 and len(ex.js("window.geokg.drawnNodeIds()")) == 5
    assert ex.page.inner_text("#stats") == "5 entities \u00b7 7 statements (2 links) shown"
    assert "Showing the 2 links with most statements of 5" in ex.page.inner_text("#notice")
    ex.page.check("#filter-hide-isolated")
    assert sorted(ex.js("window.geokg.drawnNodeIds()")) == [ID + "a", ID + "b", ID + "c"]
    ex.assert_clean()


@pytest.mark.browser
def test_html_browser_capped_link_counts_all_statements(open_page: Callable[[Path], Explorer],
                                                        tmp_path: Path) -> None:
    path = tmp_path / "capped.html"
    write_html(_capped_graph(undated=1228), path, max_statements_per_link=3)
    ex = open_page(path)
    attacks = ex.edge_id("attacks")
    label = "id => window.geokg.edges.get(id).label"
    assert ex.page.inner_text("#stats") == "3 entities \u00b7 1,235 statements (2 links) shown"
    assert ex.js(label, attacks) == "attacks \u00d71,234"
    assert "1,234 statements" in ex.js("id => window.geokg.edges.get(id).title.textContent", attacks)
    assert "1 of 2 links have more than 3 statements" in ex.page.inner_text("#notice")
    ex.js("id => window.geokg.onSelect({nodes: [], edges: [id]})", attacks)
    assert "showing 3 of 1,234 statements, the most recent" in ex.panel_text()
    evidence = ex.page.locator("#panel .statement .evidence").all_inner_texts()
    assert evidence == ["Angriff 1233.", "Angriff 1231.", "Angriff 1229."]
    ex.js("id => window.geokg.selectNode(id, false)", ID + "russland")
    assert ex.page.text_content("#panel h3:last-of-type") == "Statements (1,235)"
    assert "attacks · Ukraine (1,234)" in ex.panel_text()
    ex.page.fill("#filter-date-from", "2025-09-05")
    assert ex.js(label, attacks) == "attacks \u00d72"  # of the statements listed
    ex.js("id => window.geokg.onSelect({nodes: [], edges: [id]})", attacks)
    assert "showing 3 of 1,234 statements, the most recent (2 in the date range)" in ex.panel_text()
    ex.page.click("#filter-reset")
    assert ex.js(label, attacks) == "attacks \u00d71,234"
    ex.assert_clean()
