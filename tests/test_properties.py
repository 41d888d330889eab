"""Property: any Unicode text, through the whole pipeline, gives Turtle that parses back to the same graph size."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

# German news words mixed into arbitrary text, so that statements (and their evidence) occur too.
FRAGMENTS = ["Russland hat die Stadt Odessa mit Drohnen angegriffen. ", "Die NATO kritisiert Russland. ",
             "„Wir lehnen das ab“, sagte Kanzler Merz. ", "Laut AFP traf Macron in Paris Selenskyj. ", "\n",
             "Mark Rutte", " und ", "<&>", "\\", '"', "\x00", "\x7f", "😀", "\u2028", "Ü-Boot-Äußerung"]
texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), max_size=12).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=texts)
def test_properties_any_text_gives_turtle_that_parses_back(nlp, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    from geokg.exports import Bundle
    from geokg.exports.rdf import write_turtle
    from geokg.graph.shards import quads_of
    from geokg.extract.model import Document
    from geokg.extract.pipeline import extract_document
    from geokg.extract.reader import document_id
    from geokg.graph import assemble, to_networkx

    document = extract_document(Document(document_id(text), text, text[:20], "prop.txt",
                                         datetime(2025, 9, 4, tzinfo=timezone.utc)), nlp)
    dataset = assemble([document])
    path = tmp_path / "graph.ttl"
    write_turtle(Bundle(dataset, to_networkx([document]), [document]), path)
    parsed = Graph().parse(path, format="turtle")
    assert len(parsed) == len({triple for _, triple in quads_of(dataset)})
    assert len(parsed) == len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))})
