"""A document's date comes from the document or the user, never from the file system or the clock (SPEC §1).

Each date source as a build sees it: none (undated: no dcterms:issued, no gkg:eventDate from a relative
expression, the same bytes whatever the file's modification time), `--date`, an agency stamp, ticker
entries each dated by its own stamp, and JSON Lines / CSV records with their date, URL and title.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from typer.testing import CliRunner

from geokg.cli import app
from geokg.ontology.namespace import GKG

runner = CliRunner()
#: Relative dates only: an undated document resolves none of them.
UNDATED = ("Wien – Russland hat am Montag die ukrainische Stadt Odessa angegriffen.\n"
           "Gestern hat Selenskyj die Angriffe scharf kritisiert.\n")


def _build(tmp_path: Path, inputs: list[Path], *options: str, out: str = "out") -> Path:
    result = runner.invoke(app, ["build", *map(str, inputs), "--out", str(tmp_path / out), *options])
    assert result.exit_code == 0, result.output
    return tmp_path / out


def _graph(out: Path) -> Graph:
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return g


def _event_dates(g: Graph) -> dict[str, str]:
    """Object label → event date of every statement that has one."""
    return {str(g.value(g.value(st, RDF.object), RDFS.label)): str(day)
            for st, day in g.subject_objects(GKG.eventDate)}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_dates_undated_text_gives_the_same_bytes_whatever_its_modification_time(tmp_path: Path) -> None:
    old = _write(tmp_path / "a" / "article.txt", UNDATED)
    new = _write(tmp_path / "b" / "article.txt", UNDATED)
    os.utime(old, (1_420_070_400, 1_420_070_400))  # 2015-01-01
    os.utime(new, (1_780_000_000, 1_780_000_000))  # 2026
    first, second = _build(tmp_path, [old], out="first"), _build(tmp_path, [new], out="second")
    for name in ("graph.ttl", "graph.trig", "statements.jsonl", "graph.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    g = _graph(first)
    assert len(set(g.subjects(RDF.type, GKG.Statement))) >= 2
    assert not list(g.triples((None, GKG.eventDate, None)))
    assert not list(g.triples((None, DCTERMS.issued, None)))
    records = [json.loads(line) for line in (first / "statements.jsonl").read_text("utf-8").splitlines()]
    assert records and all(r["event_date"] is None and r["document_date"] is None for r in records)
    data = _page_data(first / "graph.html")
    statements = [s for e in data["edges"] for s in e["statements"]]
    assert statements and all(s["date"] is None and s["published"] is None for s in statements)
    assert data["date_range"] is None


def _page_data(page: Path) -> dict:
    """The graph-data JSON of an explorer page."""
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>',
                      page.read_text("utf-8"), re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_dates_undated_document_still_resolves_absolute_dates(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "Am 3. September 2015 hat Russland die ukrainische Stadt Odessa angegriffen.\n")
    assert _event_dates(_graph(_build(tmp_path, [path]))) == {"Odessa": "2015-09-03"}


def test_dates_user_date_dates_documents_without_their_own(tmp_path: Path) -> None:
    article = _write(tmp_path / "a.txt", UNDATED)
    liveblog = _write(tmp_path / "blog.txt", "liveblog\nStand: 04.09.2025 11:21 Uhr\n"
                      "Russland hat gestern die ukrainische Stadt Charkiw angegriffen.\n")
    g = _graph(_build(tmp_path, [article, liveblog], "--date", "2015-09-11"))
    issued = {str(g.value(doc, DCTERMS.source)): str(day) for doc, day in g.subject_objects(DCTERMS.issued)}
    assert issued == {"a.txt": "2015-09-11T00:00:00+02:00", "blog.txt": "2025-09-04T11:21:00+02:00"}
    dates = _event_dates(g)
    assert (dates["Odessa"], dates["Charkiw"]) == ("2015-09-07", "2025-09-03")  # am Montag; the liveblog's gestern
    assert "2015-09-10" in dates.values()  # the article's gestern, against --date


def test_dates_a_bad_user_date_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(_write(tmp_path / "a.txt", UNDATED)), "--out", str(tmp_path / "o"),
                                 "--date", "11.9.2015"])
    assert result.exit_code == 2 and "--date '11.9.2015' is not a date" in result.output
    assert not (tmp_path / "o").exists()


def test_dates_agency_stamp_dates_the_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", UNDATED + "(APA, 11.9.2015)\n")
    g = _graph(_build(tmp_path, [path], "--date", "2020-01-01"))  # the stamp is the document's own date
    assert [str(day) for day in g.objects(None, DCTERMS.issued)] == ["2015-09-11T00:00:00+02:00"]
    assert _event_dates(g)["Odessa"] == "2015-09-07"  # 11.9.2015 was a Friday


def test_dates_ticker_entries_are_dated_by_their_own_stamps(tmp_path: Path) -> None:
    text = ("Ukraine-Ticker\n"
            "22.12.2023, 15:00 Uhr\n"
            "Russland hat heute die ukrainische Stadt Odessa angegriffen.\n"
            "Update vom 20. Dezember, 9.38 Uhr\n"
            "Russland hat gestern die ukrainische Stadt Charkiw angegriffen.\n")
    g = _graph(_build(tmp_path, [_write(tmp_path / "ticker.txt", text)]))
    assert [str(day) for day in g.objects(None, DCTERMS.issued)] == ["2023-12-22T15:00:00+01:00"]
    assert _event_dates(g) == {"Odessa": "2023-12-22", "Charkiw": "2023-12-19"}


@pytest.mark.parametrize("name", ["crawl.jsonl", "crawl.csv"])
def test_dates_records_are_documents_with_their_date_url_and_title(tmp_path: Path, name: str) -> None:
    records = [{"text": "Russland hat am Montag die ukrainische Stadt Odessa angegriffen.", "date": "2015-09-11",
                "url": "https://example.org/2015/odessa", "title": "Angriff auf Odessa"},
               {"text": "Russland hat gestern die ukrainische Stadt Charkiw angegriffen.", "id": "np-2"},
               {"title": "ohne Text"}]
    if name.endswith(".jsonl"):
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    else:
        text = "text,date,url,title,id\n" + "".join(
            f'"{r.get("text", "")}",{r.get("date", "")},{r.get("url", "")},{r.get("title", "")},{r.get("id", "")}\n'
            for r in records)
    result = runner.invoke(app, ["build", str(_write(tmp_path / name, text)), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    line = 4 if name.endswith(".csv") else 3  # a CSV file's records start on line 2
    assert re.search(rf"warning: .*{re.escape(name)}, line {line}: no text; record skipped", result.output)
    g = _graph(tmp_path / "out")
    url = URIRef("https://example.org/2015/odessa")
    (dated,) = g.subjects(DCTERMS.source, url)
    assert (dated, RDF.type, GKG.Document) in g
    assert g.value(dated, DCTERMS.title) == Literal("Angriff auf Odessa", lang="de")
    assert g.value(dated, DCTERMS.issued) == Literal("2015-09-11T00:00:00+02:00", datatype=XSD.dateTime)
    assert str(dated).startswith("https://w3id.org/geokg/id/document/")  # the IRI stays the id-based one
    (undated,) = g.subjects(DCTERMS.source, Literal("np-2"))
    assert g.value(undated, DCTERMS.issued) is None
    assert _event_dates(g) == {"Odessa": "2015-09-07"}


def test_dates_library_queries_keep_the_statements_of_undated_documents(tmp_path: Path) -> None:
    out = _build(tmp_path, [_write(tmp_path / "a.txt", UNDATED)])
    result = runner.invoke(app, ["query", str(out / "graph.ttl"), "relation-timeline", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["object"], r.get("date") or None) for r in rows] == [("Odessa", None)]  # no date, not left out


def test_dates_a_long_ticker_in_parts_dates_each_part_by_the_entry_it_starts_in(nlp: object) -> None:
    """A part of a long ticker (extracted on its own) that starts inside an entry takes that entry's stamp."""
    from geokg.extract.model import Document
    from geokg.extract.pipeline import extract_part, parts
    from geokg.extract.reader import document_id

    filler = "Die Lage an der Front blieb nach Angaben der Armee unübersichtlich. " * 40
    text = ("Ukraine-Ticker\n22.12.2023, 15:00 Uhr\n" + filler + "\n"
            + "Russland hat heute die ukrainische Stadt Odessa angegriffen.\n")
    document = Document(document_id(text), text, "Ticker", "ticker.txt", None)
    pieces = list(parts(document, size=1000))
    assert len(pieces) > 1 and pieces[-1].entry is not None
    dates = {st.object.name: st.event_date for p in pieces for st in extract_part(p, nlp).document.statements}  # type: ignore[arg-type]
    assert str(dates["Odessa"]) == "2023-12-22"
