"""The pipeline over whole documents: texts longer than one chunk."""
from __future__ import annotations

from datetime import datetime, timezone

from geokg.extract.model import Document
from geokg.extract.pipeline import MAX_CHUNK, chunks, extract_document, extract_part, parts


def test_pipeline_a_surname_resolves_across_chunks(nlp) -> None:  # type: ignore[no-untyped-def]
    first = "Der Bürgermeister Jaroslav Kowalczyk sprach in Odessa.\n"
    filler = "Es blieb ruhig.\n" * (MAX_CHUNK // 16 + 10)
    last = "Kowalczyk kritisierte Russland.\n"
    text = first + filler + last
    assert len(list(chunks(text))) > 1
    document = Document("0" * 16, text, "Test", "test.txt", datetime(2025, 9, 4, tzinfo=timezone.utc))
    found = extract_document(document, nlp)
    assert ("Jaroslav Kowalczyk", "criticizes", "Russland") in [
        (s.subject.name, s.relation, s.object.name) for s in found.statements]


def _document(text: str) -> Document:
    return Document("0" * 16, text, "Test", "test.txt", datetime(2025, 9, 4, tzinfo=timezone.utc))


def test_pipeline_a_short_document_is_one_part() -> None:
    document = _document("Titel\n\nRussland griff Odessa an.\n")
    (part,) = parts(document)
    assert part.document is document and part.offset == 0 and part.last


def test_pipeline_parts_cut_a_long_text_at_line_breaks_and_cover_it() -> None:
    lines = [f"Zeile {k}: Russland griff Odessa an.\n" for k in range(400)]
    document = _document("".join(lines))
    found = list(parts(document, size=1_000))
    assert len(found) > 5 and [p.last for p in found] == [False] * (len(found) - 1) + [True]
    assert all(p.document.id == document.id and len(p.document.text) <= 1_000 for p in found)
    assert all(p.document.text.endswith("\n") for p in found)
    start = found[0].offset
    assert "".join(p.document.text for p in found) == document.text[start:]
    assert all(document.text[p.offset:p.offset + len(p.document.text)] == p.document.text for p in found)


def test_pipeline_parts_give_offsets_into_the_whole_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "".join(f"Am Morgen {k} griff Russland die Stadt Odessa mit Drohnen an.\n" for k in range(60))
    document = _document(text)
    statements = [st for p in parts(document, size=500) for st in extract_part(p, nlp).document.statements]
    whole = extract_document(_document(text), nlp).statements
    assert len(statements) == len(whole) > 30
    assert [(s.char_start, s.char_end, s.relation) for s in statements] == [
        (s.char_start, s.char_end, s.relation) for s in whole]
    assert all(text[s.char_start:s.char_end] == s.evidence for s in statements)
