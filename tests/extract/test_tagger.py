"""The HanTa component's speed-ups change nothing: same tags and lemmas as HanTa, bounded time on odd input."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract.tagger import MAX_WORD, Memo, speed_up

UD = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ud-german"
MODEL = "morphmodel_ger.pgz"


def _hanta():  # type: ignore[no-untyped-def]
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(MODEL)


def _ud_sentences(name: str, limit: int) -> list[list[str]]:
    conllu = pytest.importorskip("conllu")
    path = UD / f"{name}.conllu"
    if not path.is_file():
        pytest.skip("../shared/data/ud-german is not beside this clone")
    sentences = []
    with path.open(encoding="utf-8") as handle:
        for sentence in conllu.parse_incr(handle):
            sentences.append([t["form"] for t in sentence if isinstance(t["id"], int)])
            if len(sentences) == limit:
                break
    return sentences


@pytest.mark.parametrize("corpus", ["de_gsd-ud-test", "de_pud-ud-test"])
def test_tagger_speed_up_gives_hantas_tags_and_lemmas(corpus: str) -> None:
    sentences = _ud_sentences(corpus, 250)
    stock, fast = _hanta(), speed_up(_hanta())
    expected = [stock.tag_sent(s, taglevel=1) for s in sentences]
    assert [fast.tag_sent(s, taglevel=1) for s in sentences] == expected  # cold memo
    assert [fast.tag_sent(s, taglevel=1) for s in sentences] == expected  # warm memo
    lower = [[w.lower() for w in s] for s in sentences[:60]]
    assert [fast.tag_sent(s, casesensitive=False) for s in lower] == \
        [stock.tag_sent(s, casesensitive=False) for s in lower]


def test_tagger_speed_up_handles_unknown_words_like_hanta() -> None:
    sentences = [["Xqzv", "Brrrt", "!"], ["1.800", "Menschen", "verließen", "Qwertzuiop-Gebiet", "."],
                 ["„", "Nein", "“", ",", "sagte", "er", "."], ["😀"], ["a"] * 40]
    stock, fast = _hanta(), speed_up(_hanta())
    assert [fast.tag_sent(s) for s in sentences] == [stock.tag_sent(s) for s in sentences]


def test_tagger_memo_is_bounded() -> None:
    calls: list[int] = []
    memo = Memo(lambda x: calls.append(x) or x, size=3)
    for x in [1, 2, 1, 3, 4, 5, 1]:
        memo(x)
    assert calls == [1, 2, 3, 4, 5, 1] and len(memo.results) <= 3


def test_tagger_overlong_word_is_tagged_quickly(nlp) -> None:  # type: ignore[no-untyped-def]
    word = "Donaudampfschifffahrtsgesellschaft" * 300
    started = time.perf_counter()
    doc = nlp(f"Die {word} wurde gegründet.")
    assert time.perf_counter() - started < 5
    long = [t for t in doc if len(t.text) > MAX_WORD]
    assert long and all(t.lemma_ == t.text for t in long)
