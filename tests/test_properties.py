"""Properties of the whole pipeline: any Unicode text gives Turtle that parses back; invisible characters change nothing."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

# German news words mixed into arbitrary text, so that statements (and their evidence) occur too.
FRAGMENTS = ["Russland hat die Stadt Odessa mit Drohnen angegriffen. ", "Die NATO kritisiert Russland. ",
             "„Wir lehnen das ab“, sagte Kanzler Merz. ", "Laut AFP traf Macron in Paris Selenskyj. ", "\n",
             "Mark Rutte", " und ", "<&>", "\\", '"', "\x00", "\x7f", "😀", "\u2028", "Ü-Boot-Äußerung"]
#: What news sites put into German text that no reader sees: soft hyphens, zero-width spaces and
#: joiners, word joiners, byte order marks, bidi marks and isolates (extract/normalize.py deletes them).
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
             "\u202c", "\u202e", "\u2066", "\u2069", "\u061c"]


@st.composite
def invisible(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[str, str]:
    """A text and the same text as a news site may deliver it: invisible characters put in anywhere,
    some spaces no-break, perhaps decomposed (u + U+0308 for ü)."""
    clean = draw(texts)
    dirty = list(clean)
    for _ in range(draw(st.integers(0, 12))):
        dirty.insert(draw(st.integers(0, len(dirty))), draw(st.sampled_from(INVISIBLE)))
    spaces = [i for i, c in enumerate(dirty) if c == " "]
    for i in draw(st.lists(st.sampled_from(spaces), max_size=3)) if spaces else []:
        dirty[i] = "\u00a0"
    text = "".join(dirty)
    return clean, unicodedata.normalize("NFD", text) if draw(st.booleans()) else text


texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), max_size=12).map("".join)
news = st.lists(st.sampled_from(FRAGMENTS[:4] + ["Mark Rutte", " und ", "Ü-Boot-Äußerung", "\n"]),
                min_size=1, max_size=8).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=st.one_of(texts, invisible(texts).map(lambda pair: pair[1])))
def test_properties_any_text_gives_turtle_that_parses_back(nlp, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    from geokg.exports import Bundle
    from geokg.exports.rdf import write_turtle
    from geokg.graph.shards import quads_of
    from geokg.extract.model import Document
    from geokg.extract.pipeline import extract_document
    from geokg.extract.reader import document_id
    from geokg.graph.assemble import assemble
    from geokg.graph.network import to_networkx

    document = extract_document(Document(document_id(text), text, text[:20], "prop.txt",
                                         datetime(2025, 9, 4, tzinfo=timezone.utc)), nlp)
    dataset = assemble([document])
    path = tmp_path / "graph.ttl"
    write_turtle(Bundle(dataset, to_networkx([document]), [document]), path)
    parsed = Graph().parse(path, format="turtle")
    assert len(parsed) == len({triple for _, triple in quads_of(dataset)})
    assert len(parsed) == len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(pair=invisible(news))
def test_properties_invisible_characters_change_no_statement(nlp, pair: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The same statements, entities and document as the clean text; offsets into the text as delivered."""
    from geokg.extract.model import Document
    from geokg.extract.normalize import normalize
    from geokg.extract.pipeline import extract_document
    from geokg.extract.reader import document_id

    def extracted(text: str) -> Document:
        return extract_document(Document(document_id(text), text, "t", "prop.txt",
                                         datetime(2025, 9, 4, tzinfo=timezone.utc)), nlp)

    clean, dirty = pair
    want, got = extracted(clean), extracted(dirty)
    assert got.id == want.id and got.entities == want.entities
    assert [(s.subject, s.relation, s.object, s.evidence, s.negated, s.attributed_to) for s in got.statements] == [
        (s.subject, s.relation, s.object, s.evidence, s.negated, s.attributed_to) for s in want.statements]
    for st_ in got.statements:
        assert st_.evidence in normalize(dirty[st_.char_start:st_.char_end]).text
