"""The on-disk spools of a build: documents read back as written, quads merged from sorted runs."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph import spool
from geokg.graph.spool import DocumentSpool, QuadSpool


def _quads(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """`n` random quads with repeats, some in the default graph, some triples in several graphs."""
    rng = random.Random(seed)
    graphs = ["", "<http://e/g1>", "<http://e/g2>"]
    return [(rng.choice(graphs), f"<http://e/s{rng.randrange(n // 3 + 1)}> <http://e/p> \"{rng.randrange(5)}\"")
            for _ in range(n)]


@pytest.mark.parametrize("limit", [1, 7, 100, 10_000])
def test_quad_spool_gives_each_quad_once_sorted_at_any_limit(tmp_path: Path, limit: int) -> None:
    quads = _quads(500)
    spool = QuadSpool(tmp_path, limit=limit)
    for k in range(0, len(quads), 37):
        spool.update(quads[k:k + 37])
    assert list(spool.quads()) == sorted(set(quads))
    assert list(spool.triples()) == sorted({t for _, t in quads})
    assert len(spool) == len(set(quads))
    assert (len(spool.runs) > 0) == (limit < len(set(quads)))


def test_quad_spool_merges_its_runs_before_there_are_too_many(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "MERGE_AT", 3)
    quads = _quads(400)
    found = QuadSpool(tmp_path, limit=5)
    for k in range(0, len(quads), 9):
        found.update(quads[k:k + 9])
    assert 1 <= len(found.runs) < 3
    assert len(list(tmp_path.iterdir())) == 2 * len(found.runs)  # merged runs are removed
    assert list(found.quads()) == sorted(set(quads))
    assert list(found.triples()) == sorted({t for _, t in quads})


def test_quad_spool_reads_twice_and_removes_its_runs(tmp_path: Path) -> None:
    spool = QuadSpool(tmp_path, limit=10)
    spool.update(_quads(200))
    assert list(spool.quads()) == list(spool.quads())
    assert list(tmp_path.iterdir())
    spool.close()
    assert not list(tmp_path.iterdir())


def _document(k: int) -> Document:
    ref = EntityRef(f"Ort {k}", "Location")
    st = Statement(EntityRef("Russland", "Country", key="country:RU"), "attacks", ref,
                   f"Russland griff Ort {k} an.", 0, 20, "test")
    return Document(f"doc{k}", "Russland griff Ort an. " * 100, f"Titel {k}", f"{k}.txt",
                    datetime(2025, 1, k + 1, tzinfo=timezone.utc), [st], [ref])


@pytest.mark.parametrize("limit", [0, 2, 100])
def test_document_spool_reads_back_in_order_without_the_text(tmp_path: Path, limit: int) -> None:
    spool = DocumentSpool(tmp_path, limit=limit)
    written = [_document(k) for k in range(5)]
    for document in written:
        spool.append(document)
    for _ in range(2):  # each writer reads it again
        back = list(spool)
        assert [d.id for d in back] == [d.id for d in written]
        assert [d.statements for d in back] == [d.statements for d in written]
        assert {d.text for d in back} == {""}
    assert len(spool) == 5
    assert spool.path.exists() == (limit < 5)  # one statement a document
    with pytest.raises(RuntimeError):
        spool.append(written[0])
    spool.close()
    assert not spool.path.exists() and not list(spool) and not spool
