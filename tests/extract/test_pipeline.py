"""The pipeline over whole documents: texts longer than one chunk."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from geokg.extract.model import Document, Statement
from geokg.extract.normalize import normalize
from geokg.extract.pipeline import (MAX_CHUNK, build_pipeline, chunks, document_body, extract_document, extract_part,
                                    parts)


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


@pytest.mark.parametrize("text, limit, piece", [
    ("Erster Satz.\nZweiter Satz. Dritter Satz, der weitergeht.", 40, "Erster Satz.\n"),
    ("Erster Satz. Zweiter Satz, der weitergeht und weitergeht.", 40, "Erster Satz. "),
    ("Ein sehr langer Satz, der nicht endet und nicht endet", 40, "Ein sehr langer Satz, "),
    ("Ein sehr langer Satz ohne Komma der nicht endet", 30, "Ein sehr langer Satz ohne "),
    ("Einwortohneende" * 4, 20, "Einwortohneende" * 4),  # a word as long as the piece: cut in it
])
def test_pipeline_cut_prefers_lines_then_sentences_then_clauses_then_spaces(text: str, limit: int,
                                                                          piece: str) -> None:
    assert next(chunks(text, limit=limit))[1] == piece[:limit]


@pytest.mark.parametrize("text", [
    "Am 3. September griff Russland an.",
    "Im Jahr 2025. Die Lage ist ernst.",  # one token "2025." for the tokenizer: one sentence
    "Dr. Müller traf Prof. Meier.",
    "Er traf z.B. Herrn Meier.",
    "Die U.S. Army zog ab.",
    "Sie kamen um 14.30 Uhr.",
    "J. Smith kam an.",
    "„Kommen Sie?“, fragte er.",
    "Er sagte es. und ging.",
])
def test_pipeline_cut_keeps_numbers_abbreviations_and_quotes_in_their_sentence(text: str) -> None:
    pieces = [piece for _, piece in chunks(text + " " + text, limit=len(text) + 3)]
    assert pieces[0] == text + " "


def test_pipeline_cuts_only_where_the_sentence_splitter_starts_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    sentences = ["Am 3. September traf Dr. Müller in Kiew ein.", "„Wir helfen“, sagte er.",
                 "Warum schweigt die EU?", "Die U.S. Army zog ab, die NATO blieb.", "Selenskyj bat um Hilfe!",
                 "Im Jahr 2025. Die Zahl stieg auf 3,5 Mio. Menschen.", "Er kam (nach Paris.) Dann ging er."]
    text = " ".join(sentences[(k * 5) % len(sentences)] for k in range(300))
    doc = nlp.get_pipe("geokg_sentences")(nlp.make_doc(text))
    starts = {sent.start_char for sent in doc.sents} | {len(text)}
    for limit in (97, 250, 1_000):
        ends = [start + len(piece) for start, piece in chunks(text, limit=limit)]
        assert len(ends) > len(text) // limit and set(ends) <= starts, limit


def test_pipeline_a_long_line_loses_no_statement_at_its_cuts(nlp) -> None:  # type: ignore[no-untyped-def]
    sentences = ["Russland hat die ukrainische Stadt Odessa in der Nacht mit Drohnen angegriffen.",
                 "NATO-Generalsekretär Mark Rutte kritisierte den Angriff scharf, die EU forderte Sanktionen.",
                 "Am 3. September traf der französische Präsident Emmanuel Macron in Paris Wolodymyr Selenskyj.",
                 "Die USA liefern der Ukraine Waffen.", "Warum lehnt China die Vorschläge ab?"]
    text = " ".join(sentences[(k * 3) % len(sentences)] for k in range(60))
    whole = extract_document(_document(text), nlp).statements

    def triples(statements: list[Statement]) -> list[tuple[object, ...]]:
        return [(s.subject.name, s.relation, s.object.name, s.char_start, s.char_end, s.evidence) for s in statements]

    assert len(whole) >= 60
    cut_small = extract_document(_document(text), nlp, limit=700).statements
    in_parts = [st for p in parts(_document(text), size=1_500) for st in extract_part(p, nlp).document.statements]
    assert triples(cut_small) == triples(whole) == triples(in_parts)


def test_pipeline_offsets_point_into_the_text_as_read(nlp) -> None:  # type: ignore[no-untyped-def]
    clean = ("Titel\n\nRussland hat die Stadt Odessa mit Drohnen angegriffen. Die NATO kritisierte den Angriff.\n"
             "Der russische Präsident Wladimir Putin traf Emmanuel Macron in Paris.\n")
    text = (clean.replace("Russland", "Russ\u00adland").replace("Odessa", "\u200eOdes\u200bsa\u200f")
            .replace("Präsident", "Pra\u0308si\u00addent").replace("Putin", "Pu\u2060tin")
            .replace(" Paris", "\u00a0Paris"))
    found = extract_document(_document(text), nlp, document_body(_document(text))).statements
    expected = extract_document(_document(clean), nlp, document_body(_document(clean))).statements
    assert [(s.subject.name, s.relation, s.object.name, s.evidence) for s in found] == [
        (s.subject.name, s.relation, s.object.name, s.evidence) for s in expected] and len(found) >= 3
    for st in found:
        assert normalize(text[st.char_start:st.char_end]).text == st.evidence
    assert {s.subject.name for s in found} >= {"Russland", "Wladimir Putin"}


def test_pipeline_reads_on_first_use_what_a_text_needs_and_warm_reads_all() -> None:
    """Start-up: a text of known names needs no NER model and a few of the tagger's 64 shards; `warm` reads all."""
    from geokg.extract.pipeline import build_pipeline, warm

    nlp = build_pipeline()
    ner, words = nlp.get_pipe("geokg_ner"), nlp.get_pipe("geokg_hanta").words
    assert ner._model is None and words.shards is None  # nothing read while building
    nlp("Russland greift Kiew an.")
    assert ner._model is None
    assert words.shards and 0 < sum(s is not None for s in words.shards) <= 6
    nlp("Der Ortsvorsteher Kasimir Wojtaszczyk besuchte Gnesen.")  # names no gazetteer knows
    assert ner._model is not None
    assert not all(s is not None for s in words.shards)
    fresh = warm(build_pipeline())  # as a build's, before its pool forks
    assert fresh.get_pipe("geokg_ner")._model is not None
    assert all(s is not None for s in fresh.get_pipe("geokg_hanta").words.shards or [None])


@pytest.mark.parametrize("text, words", [
    ("Belgrad– Bei einem Angriff", ["Belgrad", "–", "Bei", "einem", "Angriff"]),
    ("Wien — Die Regierung", ["Wien", "—", "Die", "Regierung"]),
    ("die Jahre 2015–2016", ["die", "Jahre", "2015–2016"]),
])
def test_pipeline_splits_a_dash_off_the_end_of_a_word(text: str, words: list[str]) -> None:
    nlp = build_pipeline(ner=False)
    assert [t.text for t in nlp.make_doc(text)] == words
