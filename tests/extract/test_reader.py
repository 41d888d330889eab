"""Reading input files: dates from the liveblog header, stable ids, clear errors for bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg.extract.reader import body_start, document_id, read_document, sources
from geokg.errors import GeokgError

LIVEBLOG = "liveblog\nStand: 04.09.2025 11:21 Uhr\nErster Eintrag.\nZweiter Eintrag.\n"


def test_reader_header_gives_issued_and_body(tmp_path: Path) -> None:
    path = tmp_path / "blog.txt"
    path.write_text(LIVEBLOG, encoding="utf-8")
    doc = read_document(path)
    assert doc.issued.isoformat() == "2025-09-04T11:21:00+02:00"
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
