"""Tests for exports/html.py: the self-contained interactive explorer (graph.html)."""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset

from geokg.exports import Bundle
from geokg.exports.html import (
    MAX_LINKS,
    MAX_STATEMENTS_PER_LINK,
    STATIC_FILES,
    render_documents,
    render_html,
    render_workbench,
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


def _graph_only(page: str) -> dict[str, Any]:
    """The payload without what only documents know (offsets, sources, web addresses, texts)."""
    data = _graph_data(page)
    for edge in data["edges"]:
        for record in edge["statements"]:
            record["char_start"] = record["char_end"] = None
    data["documents"] = [{k: v for k, v in d.items() if k in ("id", "title", "published")} for d in data["documents"]]
    data["texts"] = False
    return data


def _outside_data(page: str) -> str:
    """The page around its payload."""
    return re.sub(r'(<script type="application/json" id="graph-data">).*?(</script>)', r"\1\2", page, flags=re.DOTALL)


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
    assert _graph_only(streamed) == _graph_only(expected)
    assert _outside_data(streamed) == _outside_data(expected)
    data = _graph_data(streamed)
    assert data["texts"] and all(d["text"] and d["source"] for d in data["documents"])
    assert all(isinstance(s["char_start"], int) for e in data["edges"] for s in e["statements"])
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
    assert _graph_only(render_documents(documents, max_nodes=max_nodes, max_links=links)) == _graph_only(page)
    assert set(_graph_data(page)["meta"]) == {"total_nodes", "shown_nodes", "total_statements",
                                              "shown_statements", "cut"}
    assert "links with most statements" not in page


@pytest.mark.parametrize("with_network", [True, False])
def test_html_write_bundle_streams_documents_in_two_passes(tmp_path: Path, documents: list[Document],
                                                           no_networkx: None, with_network: bool) -> None:
    """The page comes from the documents even beside a networkx graph: only they know offsets, sources, texts."""
    expected = tmp_path / "expected.html"
    expected.write_text(render_documents(documents, title="Drei Liveblogs", texts=False), encoding="utf-8")
    read = _Passes(documents)
    bundle = Bundle(Dataset(), to_networkx(documents) if with_network else None, read, title="Drei Liveblogs")
    write_bundle(bundle, tmp_path / "graph.html")
    assert read.passes == 2
    assert (tmp_path / "graph.html").read_bytes() == expected.read_bytes()


def test_html_streams_a_document_in_parts_as_one(documents: list[Document], no_networkx: None) -> None:
    whole = documents[0]
    half = len(whole.statements) // 2
    parts = [dataclasses.replace(whole, statements=whole.statements[:half]),
             dataclasses.replace(whole, statements=whole.statements[half:])]
    assert render_documents(parts, max_statements_per_link=2) == render_documents([whole], max_statements_per_link=2)


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


def test_html_page_holds_every_statement_of_a_build_under_the_caps(documents: list[Document]) -> None:
    """The page filters first and cuts after: every entity and every statement is in its data."""
    data = _graph_data(render_documents(documents))
    statements = sum(len(d.statements) for d in documents)
    assert sum(e["count"] for e in data["edges"]) == sum(len(e["statements"]) for e in data["edges"]) == statements
    assert data["meta"]["shown_nodes"] == data["meta"]["total_nodes"] and not data["meta"]["cut"]
    assert data["overview"] == {"limit": 150, "labels": 25}
    assert data["dates"]["published"] is not None


def test_html_texts_are_embedded_only_while_they_are_few(documents: list[Document],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = _graph_data(render_documents(documents))
    assert data["texts"] is True and {d["text"] for d in data["documents"]} == {d.text for d in documents}
    monkeypatch.setattr("geokg.exports.html.MAX_EMBEDDED_TEXT", sum(len(d.text) for d in documents) - 1)
    data = _graph_data(render_documents(documents))
    assert data["texts"] is False and not any("text" in d for d in data["documents"])
    monkeypatch.undo()
    assert _graph_data(render_documents(documents, texts=False))["texts"] is False


def test_html_workbench_page_has_no_data_and_no_inline_script() -> None:
    page = render_workbench('Store "kg" <x>', api="/api", static="/static/")
    assert "<title>Store &quot;kg&quot; &lt;x&gt;</title>" in page
    assert _graph_data(page)["api"] == "/api" and "nodes" not in _graph_data(page)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert [attrs for attrs, body in scripts if body.strip()] == [' type="application/json" id="graph-data"']
    for name in STATIC_FILES:
        assert f'/static/{name}"' in page
    assert "vis.Network" not in page  # linked, not inlined
