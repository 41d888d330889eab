"""Text as news sites deliver it, through `geokg build` (issue 13, section 2, the input half).

One test per row: invisible characters, a stray cp1252 byte, UTF-16/32 and NUL bytes, HTML nested
300 levels deep, 30 MB on one line, --out inside an input folder, a named pipe as input.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from invoke import geokg

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "geokg" / "data" / "seed-liveblog.txt"
GOOD = "Russland hat die ukrainische Stadt Odessa mit Drohnen angegriffen. Die NATO kritisierte den Angriff.\n"
#: Sentences that each say what they say on their own (no pronoun, no surname needing an earlier one).
SENTENCES = ["Russland hat die ukrainische Stadt Odessa in der Nacht mit Drohnen angegriffen.",
             "NATO-Generalsekretär Mark Rutte kritisierte den Angriff scharf, die EU forderte Sanktionen.",
             "Am 3. September traf der französische Präsident Emmanuel Macron in Paris Wolodymyr Selenskyj.",
             "Die USA liefern der Ukraine Waffen.", "Warum lehnt China die Vorschläge der EU ab?",
             "„Wir lehnen das ab“, sagte Kanzler Friedrich Merz.", "Dr. Müller reiste z.B. nach Kiew.",
             "Die Bundesregierung kündigte weitere Hilfe für die Ukraine an."]


def statements(out: Path) -> list[dict]:
    """The records of out/statements.jsonl."""
    return [json.loads(line) for line in (out / "statements.jsonl").read_text("utf-8").splitlines()]


def delivered(text: str) -> str:
    """The text as a news site may deliver it: soft hyphens and zero-width characters in its words,
    bidi marks and isolates around some, no-break spaces, every fifth word decomposed (u + U+0308)."""
    count = 0

    def word(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        w = m.group()
        if len(w) >= 6:
            w = w[:len(w) // 2] + "\u00ad\u200b\u200c\u200d\u2060\ufeff"[count % 6] + w[len(w) // 2:]
        if count % 7 == 0:
            w = f"\u200e{w}\u200f"
        if count % 11 == 0:
            w = f"\u2066{w}\u2069"
        return unicodedata.normalize("NFD", w) if count % 5 == 0 else w

    return re.sub(r"\w+", word, text).replace(" der ", "\u00a0der ").replace(" die ", " die\u202f")


def entities(graph: Graph) -> set[tuple[object, ...]]:
    """Every entity with its types, label and other names."""
    found = set()
    for s in set(graph.subjects(RDFS.label)):
        if isinstance(s, URIRef) and "/id/" in str(s):
            found.add((s, frozenset(graph.objects(s, RDF.type)), frozenset(graph.objects(s, RDFS.label)),
                       frozenset(graph.objects(s, SKOS.altLabel))))
    return found


def test_robustness_input_invisible_characters_give_the_entities_of_the_clean_text(tmp_path: Path) -> None:
    """Done when: a text full of soft hyphens and zero-width characters gives a graph that conforms to
    ontology/shapes.ttl and has exactly the entities of the clean text."""
    import pyshacl

    from geokg.extract.normalize import normalize
    from geokg.ontology import load_ontology, load_shapes

    clean = SAMPLE.read_text("utf-8")
    (tmp_path / "clean.txt").write_text(clean, encoding="utf-8")
    dirty = delivered(clean)
    (tmp_path / "dirty.txt").write_text(dirty, encoding="utf-8")
    assert dirty.count("\u00ad") > 50 and dirty.count("\u200b") > 50 and normalize(dirty).text == clean
    for name in ("clean", "dirty"):
        code, _, stderr = geokg("build", tmp_path / f"{name}.txt", "--out", tmp_path / name, "--format", "ttl,jsonl")
        assert code == 0, stderr
    graphs = {name: Graph().parse(tmp_path / name / "graph.ttl") for name in ("clean", "dirty")}
    conforms, _, report = pyshacl.validate(graphs["dirty"], shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                           inference="none", allow_warnings=True)
    assert conforms, report
    assert entities(graphs["dirty"]) == entities(graphs["clean"]) and len(entities(graphs["clean"])) > 30
    assert not any("person" in str(s) and "russland" in str(s) for s in graphs["dirty"].subjects())

    def without_offsets(records: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("char_start", "char_end")} for r in records]

    found = statements(tmp_path / "dirty")
    assert without_offsets(found) == without_offsets(statements(tmp_path / "clean")) and len(found) > 20
    for record in found:  # offsets into the text as delivered
        assert normalize(dirty[record["char_start"]:record["char_end"]]).text == record["evidence"]


def test_robustness_input_a_stray_cp1252_byte_keeps_the_file_utf8(tmp_path: Path) -> None:
    text = ("Stand: 04.09.2025 11:21 Uhr\nStaatspräsident Müller reiste nach Kiew.\n"
            "Der Präsident kritisierte Russland scharf.\n")
    path = tmp_path / "stray.txt"
    path.write_bytes(text.encode("utf-8").replace("Präsident".encode(), "Präsident".encode("cp1252")))
    code, _, stderr = geokg("build", path, "--out", tmp_path / "out", "--format", "ttl,jsonl")
    assert code == 0, stderr
    (warning,) = stderr.splitlines()
    assert warning.startswith("geokg: warning: ") and str(path) in warning and "line 3" in warning
    ttl = (tmp_path / "out" / "graph.ttl").read_text("utf-8")
    assert "Ã" not in ttl and "Müller" in ttl
    assert any(r["evidence"] == "Der Präsident kritisierte Russland scharf." for r in statements(tmp_path / "out"))
    code, _, stderr = geokg("-q", "build", path, "--out", tmp_path / "out", "--format", "ttl,jsonl")
    assert code == 0 and stderr == ""  # --quiet: answers and errors only


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-bom", "utf-32", "utf-8-sig"])
def test_robustness_input_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(b"\xfe\xff" + GOOD.encode("utf-16-be") if codec == "utf-16-be-bom" else GOOD.encode(codec))
    code, _, stderr = geokg("build", path, "--out", tmp_path / "out", "--format", "jsonl")
    assert code == 0 and not stderr, stderr
    assert {(r["subject"]["name"], r["relation"]) for r in statements(tmp_path / "out")} >= {("Russland", "attacks")}


def test_robustness_input_nul_bytes_in_a_text_are_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Ein Titel\x00\n" + GOOD.encode("utf-8"))
    code, _, stderr = geokg("build", path, "--out", tmp_path / "out", "--format", "jsonl")
    assert code == 0, stderr
    assert stderr == f"geokg: warning: {path}: 1 NUL byte (line 1) read as spaces\n"
    assert statements(tmp_path / "out")


@pytest.mark.parametrize("content, found", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "a PNG image"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 4, "a PDF document"),
    (bytes(range(256)) * 40, "864 control bytes in the first 8 KiB"),
])
def test_robustness_input_binary_files_are_refused_saying_what_they_are(tmp_path: Path, content: bytes,
                                                                        found: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, _, stderr = geokg("build", path, "--out", tmp_path / "out")
    assert code == 2
    skipped, error = stderr.splitlines()
    assert skipped == f"geokg: skipped: {path} is not a text file (binary data: {found})"
    assert "nothing to build" in error


def test_robustness_input_html_nested_300_levels_is_read(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<!DOCTYPE html><html lang='de'><head><title>Angriff auf Odessa</title></head><body>"
                    "<nav><a href='/'>Startseite</a></nav><article><h1>Angriff auf Odessa</h1>"
                    + "<div class='c'>" * 300 + f"<p>{GOOD}</p>" + "</div>" * 300
                    + "</article><footer>Impressum · Datenschutz</footer></body></html>", encoding="utf-8")
    code, _, stderr = geokg("build", page, "--out", tmp_path / "out", "--format", "jsonl")
    assert code == 0, stderr
    assert stderr == (f"geokg: warning: {page}: markup nested deeper than 255 levels; "
                      "read with its <div> tags removed\n")
    found = statements(tmp_path / "out")
    assert ("Russland", "attacks", "Odessa") in {(r["subject"]["name"], r["relation"], r["object"]["name"])
                                                for r in found}
    assert not any("Impressum" in r["evidence"] for r in found)


def test_robustness_input_thirty_megabytes_on_one_line_are_cut_only_between_sentences() -> None:
    """Nothing lost: the pieces (spaCy Docs and build parts) cover the text and each ends a sentence.

    How long cutting takes is bench/run.py's to measure (--limits)."""
    from geokg.extract.pipeline import MAX_CHUNK, MAX_PART, chunks

    rng = random.Random(13)
    text = " ".join(rng.choice(SENTENCES) for _ in range(30_000_000 // 55))
    assert len(text) > 30_000_000 and "\n" not in text
    for limit in (MAX_CHUNK, MAX_PART):
        pieces = list(chunks(text, limit=limit))
        assert "".join(piece for _, piece in pieces) == text
        assert len(pieces) >= len(text) // limit
        for k, (start, piece) in enumerate(pieces):
            assert len(piece) <= limit
            assert piece.endswith(tuple(s + " " for s in SENTENCES)) or k == len(pieces) - 1
            assert text.startswith(tuple(SENTENCES), start)


def test_robustness_input_a_long_line_gives_the_statements_of_its_sentences_one_by_one(nlp) -> None:  # type: ignore[no-untyped-def]
    """A one-line text, cut into Docs and parts (limits lowered to make it short), states what each
    sentence extracted on its own states: nothing is lost or doubled at a cut."""
    from datetime import datetime, timezone

    from geokg.extract.model import Document
    from geokg.extract.pipeline import extract_document, extract_part, parts
    from geokg.extract.reader import document_id

    def document(text: str) -> Document:
        return Document(document_id(text), text, "t", "long.txt", datetime(2025, 9, 4, tzinfo=timezone.utc))

    def triples(doc: Document) -> Counter[tuple[str, str, str]]:
        return Counter((s.subject.name, s.relation, s.object.name) for s in doc.statements)

    rng = random.Random(5)
    order = [rng.randrange(len(SENTENCES)) for _ in range(160)]
    text = " ".join(SENTENCES[k] for k in order)
    one_by_one: Counter[tuple[str, str, str]] = Counter()
    alone = [triples(extract_document(document(s), nlp)) for s in SENTENCES]
    for k in order:
        one_by_one.update(alone[k])
    assert sum(one_by_one.values()) > 150
    assert triples(extract_document(document(text), nlp, limit=900)) == one_by_one
    in_parts = Counter[tuple[str, str, str]]()
    for part in parts(document(text), size=2_500):
        in_parts.update(triples(extract_part(part, nlp).document))
    assert in_parts == one_by_one


def test_robustness_input_out_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(GOOD, encoding="utf-8")
    (news / ".geokg-99@elsewhere-x").mkdir()  # a work folder another build left
    (news / ".geokg-99@elsewhere-x" / "part").write_text("Die EU sanktionierte Belarus.", encoding="utf-8")
    code, _, first = geokg("build", news, "--out", news)
    assert code == 0, first
    before = (news / "statements.jsonl").read_bytes()
    code, stdout, second = geokg("build", news, "--out", news)
    assert code == 0, second
    assert (news / "statements.jsonl").read_bytes() == before and "Belarus" not in before.decode()
    assert second == first == f"geokg: warning: --out {news} lies in the input folder {news}: " \
                              "the build's own outputs there are not read\n"
    feed = tmp_path / "feed"  # and an output folder below the input folder
    (feed / "2025").mkdir(parents=True)
    (feed / "2025" / "a.txt").write_text(GOOD, encoding="utf-8")
    for _ in range(2):
        code, _, stderr = geokg("build", feed, "--out", feed / "2025" / "out", "--format", "ttl,jsonl,html,neo4j")
        assert code == 0 and stderr.count("warning") == 1, stderr
        assert {r["document"] for r in statements(feed / "2025" / "out")} == {r["document"] for r in statements(news)}


def test_robustness_input_a_named_pipe_is_refused_and_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    proc = subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", "build", str(pipe),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr == f"geokg: error: {pipe} is not a regular file (a named pipe): name a text file or a folder\n"
    assert not (tmp_path / "out").exists()
