"""The pipeline over whole documents: texts longer than one chunk."""
from __future__ import annotations

from datetime import datetime, timezone

from extract.model import Document
from extract.pipeline import MAX_CHUNK, chunks, extract_document


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
