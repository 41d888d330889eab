"""Reading input files: dates from the liveblog header, stable ids, clear errors for bad input."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest

from geokg.extract.reader import body_start, decode, document_id, read_document, sources
from geokg.errors import GeokgError

LIVEBLOG = "liveblog\nStand: 04.09.2025 11:21 Uhr\nErster Eintrag.\nZweiter Eintrag.\n"


def test_reader_header_gives_issued_and_body(tmp_path: Path) -> None:
    path = tmp_path / "blog.txt"
    path.write_text(LIVEBLOG, encoding="utf-8")
    doc = read_document(path)
    assert doc.issued is not None and doc.issued.isoformat() == "2025-09-04T11:21:00+02:00"
    assert doc.text[body_start(doc.text):].startswith("Erster Eintrag.")
    assert doc.title == "Erster Eintrag."
    assert doc.id == document_id(LIVEBLOG) and len(doc.id) == 16


def test_reader_cp1252_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "alt.txt"
    path.write_bytes("Außenminister Müller reiste nach Kiew.".encode("cp1252"))
    assert "Außenminister Müller" in read_document(path).text


def test_reader_binary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(GeokgError) as err:
        read_document(path)
    assert err.value.code == "E103"


def test_reader_missing_input_is_named(tmp_path: Path) -> None:
    with pytest.raises(GeokgError, match="input not found"):
        list(sources([tmp_path / "nope.txt"]))


def test_reader_folder_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "c.bin"):
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    assert [source for _, source in sources([tmp_path])] == ["a.txt", "b.txt"]


def test_reader_sources_keep_same_named_files_of_two_folders_apart(tmp_path: Path) -> None:
    for day in ("2025-09-22", "2025-09-23"):
        (tmp_path / "news" / day).mkdir(parents=True)
        (tmp_path / "news" / day / "liveblog.txt").write_text(f"Liveblog vom {day}.", encoding="utf-8")
    named = list(sources([tmp_path / "news", tmp_path / "news" / "2025-09-23" / "liveblog.txt"]))
    assert [source for _, source in named] == ["2025-09-22/liveblog.txt", "2025-09-23/liveblog.txt", "liveblog.txt"]
    assert read_document(*named[0]).source == "2025-09-22/liveblog.txt"
    assert read_document(named[0][0]).source == "liveblog.txt"


def _read(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path).text


def test_reader_stray_cp1252_byte_in_utf8_is_repaired_and_named(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    data = "Zeile eins.\nAußenminister Müller traf den Präsidenten.\n".encode("utf-8")
    data = data.replace("Präsidenten".encode("utf-8"), "Präsidenten".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="geokg"):
        text = _read(tmp_path, "stray.txt", data)
    assert text == "Zeile eins.\nAußenminister Müller traf den Präsidenten.\n"
    (warning,) = caplog.messages
    assert "stray.txt" in warning and "1 byte" in warning and "line 2" in warning


def test_reader_a_cp1252_text_with_one_utf8_sequence_is_cp1252() -> None:
    raw = "".join(f"Zeile {k}: Müller und Präsident\n" for k in range(20)).encode("cp1252") + "„“".encode("utf-8")
    assert decode(raw, "x.txt").startswith("Zeile 0: Müller und Präsident\n")


def test_reader_stray_bytes_are_named_by_their_first_lines(caplog: pytest.LogCaptureFixture) -> None:
    raw = "".join(f"Zeile {k}: Präsident „Merz“ über Ärzte\n" for k in range(1, 41)).encode("utf-8")
    raw = raw.replace(b"\xc3\xbcber", b"\xfcber")  # über in cp1252, 40 times
    with caplog.at_level(logging.WARNING, logger="geokg"):
        text = decode(raw, "x.txt")
    assert "Zeile 7: Präsident „Merz“ über Ärzte\n" in text
    assert caplog.messages == ["x.txt: 40 bytes not UTF-8 (lines 1, 2, 3, 4, 5, …) read as cp1252, the rest as UTF-8"]


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_reader_reads_utf16_and_utf32_by_their_byte_order_mark(tmp_path: Path, codec: str) -> None:
    text = "Außenminister Müller reiste nach Kiew.\n„Wir helfen“, sagte er.\n"
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff") + data
    assert _read(tmp_path, "wide.txt", data) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_reader_reads_utf16_without_byte_order_mark(tmp_path: Path, codec: str) -> None:
    text = "Außenminister Müller reiste nach Kiew. Die NATO tagte.\n"
    assert _read(tmp_path, "wide.txt", text.encode(codec)) == text


def test_reader_nul_bytes_in_a_text_become_spaces_with_a_warning(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geokg"):
        text = _read(tmp_path, "nul.txt", b"Russland griff Odessa an.\nDie NATO\x00\x00 tagte.\n")
    assert text == "Russland griff Odessa an.\nDie NATO   tagte.\n"
    (warning,) = caplog.messages
    assert "nul.txt" in warning and "2 NUL bytes" in warning and "line 2" in warning


@pytest.mark.parametrize("data, found", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(50), "a ZIP archive"),
    (b"\x1f\x8b\x08\x00" + bytes(50), "gzip-compressed data"),
    (bytes(range(256)) * 40, "binary data: 864 control bytes in the first 8 KiB"),
    (bytes(range(32)) * 3, "binary data: 81 control bytes in the first 96 bytes"),
])
def test_reader_binary_says_what_it_is(tmp_path: Path, data: bytes, found: str) -> None:
    with pytest.raises(GeokgError, match="is not a text file") as err:
        _read(tmp_path, "x.txt", data)
    assert err.value.code == "E103" and found in err.value.message and "binary" in err.value.message


@pytest.mark.parametrize("make, kind", [(os.mkfifo, "a named pipe")])
def test_reader_a_named_pipe_is_refused_not_read(tmp_path: Path, make: Any, kind: str) -> None:
    pipe = tmp_path / "pipe.txt"
    make(pipe)
    with pytest.raises(GeokgError) as err:  # reading it would wait for a writer for ever
        list(sources([pipe]))
    assert err.value.code == "E109" and kind in err.value.message
    with pytest.raises(GeokgError, match="not a regular file"):
        read_document(pipe)
    assert list(sources([tmp_path])) == []  # in a folder: not a file, passed over


def test_reader_a_device_is_refused() -> None:
    with pytest.raises(GeokgError, match="a character device"):
        list(sources([Path("/dev/null")]))


def test_reader_sources_never_read_the_builds_outputs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    news = tmp_path / "news"
    (news / "out" / "neo4j").mkdir(parents=True)
    (news / ".geokg-1@host-x").mkdir()
    (news / "2025" / ".cache").mkdir(parents=True)
    for name in ["a.txt", "graph.html", "out/graph.html", "out/statements.jsonl", "out/notes.txt",
                 "out/neo4j/nodes", ".geokg-1@host-x/part", "2025/b.txt", "2025/.cache/c.txt"]:
        (news / name).write_text("Russland griff Odessa an.", encoding="utf-8")
    outputs = {"graph.html", "statements.jsonl", "neo4j"}
    with caplog.at_level(logging.WARNING, logger="geokg"):
        found = [source for _, source in sources([news, news / "out"], news / "out", outputs)]
    assert found == ["2025/b.txt", "a.txt", "graph.html", "out/notes.txt", "notes.txt"]
    (warning,) = caplog.messages  # said once, though two inputs hold the output folder
    assert "--out" in warning and str(news / "out") in warning
    assert [s for _, s in sources([news])] == ["2025/b.txt", "a.txt", "graph.html", "out/graph.html",
                                               "out/neo4j/nodes", "out/notes.txt", "out/statements.jsonl"]


def test_reader_sources_pass_over_an_output_named_as_input(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "graph.html").write_text("<html><body><p>Text.</p></body></html>", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geokg"):
        assert list(sources([tmp_path / "graph.html"], tmp_path, {"graph.html"})) == []
    assert "output of this build" in caplog.text


def test_reader_id_title_and_date_come_from_the_normalized_text(tmp_path: Path) -> None:
    clean = "Live\u00adblog\nStand:\u00a004.09.2025 11:21 Uhr\nRuss\u200bland greift Odessa an.\n"
    doc = read_document(_write(tmp_path / "blog.txt", clean))
    assert doc.text == clean  # the text as read
    assert doc.id == document_id("Liveblog\nStand: 04.09.2025 11:21 Uhr\nRussland greift Odessa an.\n")
    assert doc.title == "Russland greift Odessa an."
    assert doc.issued is not None and doc.issued.isoformat() == "2025-09-04T11:21:00+02:00"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [300, 5_000])
def test_reader_deeply_nested_html_is_read(tmp_path: Path, depth: int, caplog: pytest.LogCaptureFixture) -> None:
    article = "Russland hat die ukrainische Stadt Odessa in der Nacht mit Drohnen angegriffen. " * 3
    page = ("<html><head><title>Angriff</title></head><body><nav><a href='/'>Startseite</a></nav><article>"
            + "<div class='wrap'>" * depth + f"<p>{article}</p>" + "</div>" * depth
            + "</article><footer>Impressum</footer></body></html>")
    with caplog.at_level(logging.WARNING, logger="geokg"):
        doc = read_document(_write(tmp_path / "deep.html", page))
    assert "Odessa in der Nacht" in doc.text and "Impressum" not in doc.text
    assert "deeper than 255 levels" in caplog.text and "<div>" in caplog.text


def test_reader_a_broken_utf16_text_is_read_with_what_was_replaced(caplog: pytest.LogCaptureFixture) -> None:
    raw = "Zeile eins\nMüller reiste nach Kiew.\n".encode("utf-16") + b"\x00"  # one byte short of a character
    with caplog.at_level(logging.WARNING, logger="geokg"):
        assert decode(raw, "wide.txt").startswith("Zeile eins\nMüller reiste nach Kiew.\n")
    assert caplog.messages == ["wide.txt: 1 character not valid UTF-16 (line 3) replaced by U+FFFD"]


# --- dates: from the document or the user, never from the file system -----------------------------

ARTICLE = "Wien – Die Regierung berät über die Lage in der Ukraine.\nRussland griff am Montag Odessa an.\n"


def test_reader_undated_text_has_no_date_whatever_its_modification_time(tmp_path: Path) -> None:
    old, new = _write(tmp_path / "old.txt", ARTICLE), _write(tmp_path / "new.txt", ARTICLE)
    os.utime(old, (1_420_070_400, 1_420_070_400))  # 2015-01-01
    first, second = read_document(old, "a.txt"), read_document(new, "a.txt")
    assert first.issued is None and second.issued is None
    assert first == second


@pytest.mark.parametrize("text, expected", [
    (ARTICLE + "(APA, 11.9.2015)\n", "2015-09-11T00:00:00+02:00"),
    (ARTICLE + "Kairo sagt nichts.  (APA/Reuters, 2.8.2015)", "2015-08-02T00:00:00+02:00"),
    ("(red, 12.1.2016) " + ARTICLE, "2016-01-12T00:00:00+01:00"),
    (ARTICLE + "(bau, APA, 3.4.16)\n", "2016-04-03T00:00:00+02:00"),
    (ARTICLE + "(APA, 11.9.2015)\n(red, 12.9.2015)\n", "2015-09-12T00:00:00+02:00"),  # an update: the latest
    ("Berlin (dpa) – " + ARTICLE, None),  # a stamp without a date dates nothing
    (ARTICLE + "RND/fw/AP/dpa\n", None),
    (ARTICLE + "(APA, 31.2.2015)\n", None),  # no such day
], ids=["apa-end", "apa-reuters", "red-start", "two-year-digits", "latest-stamp", "dpa", "rnd", "no-such-day"])
def test_reader_agency_stamp_dates_the_document(tmp_path: Path, text: str, expected: str | None) -> None:
    doc = read_document(_write(tmp_path / "a.txt", text))
    assert (doc.issued.isoformat() if doc.issued else None) == expected


def test_reader_ticker_stamps_date_the_document_by_the_latest_entry(tmp_path: Path) -> None:
    text = ("Ukraine-Ticker\n22.12.2023, 15:00 Uhr\nRussland greift Kiew an.\n"
            "21.12.2023, 9.30 Uhr\nSelenskyj reist nach Washington.\n")
    doc = read_document(_write(tmp_path / "ticker.txt", text))
    assert doc.issued is not None and doc.issued.isoformat() == "2023-12-22T15:00:00+01:00"
    assert doc.title == "Ukraine-Ticker"


def test_reader_stand_line_wins_and_the_users_date_only_fills_in(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    given = datetime(2020, 1, 2, tzinfo=timezone.utc)
    dated = read_document(_write(tmp_path / "blog.txt", LIVEBLOG), default_date=given).issued
    assert dated is not None and dated.isoformat() == "2025-09-04T11:21:00+02:00"
    assert read_document(_write(tmp_path / "a.txt", ARTICLE), default_date=given).issued == given


def test_reader_html_metadata_dates_the_page(tmp_path: Path) -> None:
    body = ("<article><h1>Gipfel in Paris</h1><p>Die Koalition der Willigen berät heute in Paris über "
            "Sicherheitsgarantien für die Ukraine.</p></article>")
    meta = '<meta property="article:published_time" content="2015-09-11T10:00:00+02:00">'
    dated = read_document(_write(tmp_path / "a.html", f"<html><head>{meta}</head><body>{body}</body></html>"))
    undated = read_document(_write(tmp_path / "b.html", f"<html><head></head><body>{body}</body></html>"))
    assert dated.issued is not None and dated.issued.date().isoformat() == "2015-09-11"
    assert undated.issued is None


# --- structured inputs: one article a record ---------------------------------------------------------

def _records(tmp_path: Path, name: str, text: str) -> list[Any]:
    from geokg.extract.reader import read_documents

    return list(read_documents(_write(tmp_path / name, text)))


def test_reader_jsonl_record_is_a_document_with_date_url_title(tmp_path: Path) -> None:
    import json

    lines = [{"text": ARTICLE, "date": "2015-09-11", "url": "https://example.org/a/1", "title": "Lage"},
             {"maintext": "Russland griff Kiew an.", "date_publish": "2015-09-12 08:00:00", "id": "np-2"},
             {"text": "Die NATO tagt.", "source": "Agentur X"},
             {"text": "Die NATO tagt wieder."}]
    docs = _records(tmp_path, "crawl.jsonl", "\n".join(json.dumps(r) for r in lines) + "\n")
    assert [d.source for d in docs] == ["https://example.org/a/1", "np-2", "Agentur X", "crawl.jsonl:4"]
    assert [d.url for d in docs] == ["https://example.org/a/1", None, None, None]
    assert docs[0].title == "Lage" and docs[1].title == "Russland griff Kiew an."
    assert docs[0].issued is not None and docs[0].issued.isoformat() == "2015-09-11T00:00:00+02:00"
    assert docs[1].issued is not None and docs[1].issued.isoformat() == "2015-09-12T08:00:00+02:00"
    assert docs[2].issued is None and docs[0].id == document_id(ARTICLE)


def test_reader_bad_records_are_skipped_with_file_and_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = ('{"text": "Russland griff Kiew an.", "date": "2015-09-11"}\n'
            '{"text": "kaputt\n'
            '{"title": "ohne Text"}\n'
            '\n'
            '{"text": "Die NATO tagt.", "date": "gestern"}\n'
            '["kein", "Objekt"]\n'
            '{"text": "Die EU tagt."}\n')
    with caplog.at_level(logging.WARNING, logger="geokg"):
        docs = _records(tmp_path, "crawl.jsonl", text)
    assert [d.text for d in docs] == ["Russland griff Kiew an.", "Die EU tagt."]
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 4 and all("crawl.jsonl, line " in w and "record skipped" in w for w in warnings)
    assert [w.split("line ")[1].split(":")[0] for w in warnings] == ["2", "3", "5", "6"]
    assert "not JSON" in warnings[0] and "no text" in warnings[1] and "'gestern' is not a date" in warnings[2]


def test_reader_csv_records_with_a_header(tmp_path: Path) -> None:
    text = ('id,title,text,date,url\n'
            'a1,Erster,"Russland griff Kiew an.\nDie NATO tagt.",11.9.2015,https://example.org/1\n'
            'a2,Zweiter,Die EU tagt.,,\n')
    docs = _records(tmp_path, "crawl.csv", text)
    assert [(d.source, d.title, d.url) for d in docs] == [("https://example.org/1", "Erster", "https://example.org/1"),
                                                          ("a2", "Zweiter", None)]
    assert docs[0].text == "Russland griff Kiew an.\nDie NATO tagt."
    assert docs[0].issued is not None and docs[0].issued.date().isoformat() == "2015-09-11" and docs[1].issued is None


def test_reader_a_file_without_one_article_record_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GeokgError) as err:
        _records(tmp_path, "empty.jsonl", '{"title": "ohne Text"}\n')
    assert err.value.code == "E120"


def test_reader_folders_yield_record_files(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.csv", "c.json"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [source for _, source in sources([tmp_path])] == ["a.jsonl", "b.csv"]
