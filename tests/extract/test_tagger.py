"""The HanTa component's speed-ups change nothing: same tags and lemmas as HanTa, the same on odd input.

The rules on top, compounds analysed by their head (hyphenated: `ByHead`, closed: `Compounds`) and
numbers as cardinals (`Cardinals`), are tested on their own.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from geokg.extract.tagger import (END, MAX_WORD, SHARDS, Cardinals, Compounds, Lemmas, Memo, SentenceViterbi, WordCache,
                                  WordViterbi, hyphen_head, model_digest, speed_up, tag_order)

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


def _ud_forms(limit: int, leave_out: dict[str, object]) -> list[str]:
    """Distinct lower-case word forms of UD German, in corpus order, but those in `leave_out`."""
    forms = [w.lower() for name in ("de_gsd-ud-test", "de_pud-ud-test", "de_gsd-ud-dev")
             for s in _ud_sentences(name, 100_000) for w in s]
    return [f for f in dict.fromkeys(forms) if f not in leave_out][:limit]


ODD_FORMS = ["a", "ab", "abc", "xqzv", "brrrt", "1.800", "qwertzuiop-gebiet", "😀", "---", "e-mail-adresse",
             "donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen", "zzzzzzzzzzzz", "ääää", "'", "§"]


def test_word_viterbi_gives_hantas_morpheme_analyses() -> None:
    """Both morpheme Viterbis, re-implemented, give HanTa's floats, tags and paths, on 2,000 UD forms."""
    stock = _hanta()
    words = WordViterbi(_hanta())
    forms = _ud_forms(2000, leave_out=stock.cache) + ODD_FORMS  # HanTa's own cache needs no analysis
    assert len(forms) > 2000
    for form in forms:
        expected = stock.analyze_forward(form)
        assert words.forward(form) == expected, form
        for tag, _ in expected[:3]:
            assert words.viterbi(form, -tag) == stock.analyze_viterbi(form, -tag), (form, tag)
    assert words.viterbi("xqzv", -10_000) == stock.analyze_viterbi("xqzv", -10_000)  # no path: UNKNOWN


def test_tagger_lemmas_are_hantas() -> None:
    """`Lemmas` makes HanTa's lemma for every tag, also where a tag's longest suffix is longer than the stem."""
    stock = _hanta()
    lemmas = Lemmas(stock)
    stems = [["geh"], ["ab", "lehn"], ["arbeit"], ["häus"], ["a"], ["lauf", "end"], ["wahl", "kampf"], ["ge", "fordert"]]
    for tag in stock.tag2int:
        for morphemes in stems:
            assert lemmas(morphemes, tag) == stock.makelemma(morphemes, tag), (morphemes, tag)


def test_word_cache_is_hantas_and_for_this_model() -> None:
    """The shipped analyses (every 100th line checked) are stock HanTa's; rebuild with bench/build_tagger_cache.py."""
    cache = WordCache(MODEL)
    assert len(cache.lines) > 100_000, "hanta_words.tsv.gz missing or made with another HanTa model"
    stock = _hanta()
    checked = 0
    for form, line in list(cache.lines.items())[::100]:
        if line.startswith("-"):
            assert form in stock.cache
        else:
            assert cache.forward(form) == stock.analyze_forward(form), form
        for path in filter(None, line.split("\t")[1].split("|")):
            tag = int(path.split("=")[0])
            assert cache.viterbi(form, -tag) == stock.analyze_viterbi(form, -tag), (form, tag)
            checked += 1
    assert checked > 1000
    assert cache.forward("xqzvxqzv") is None and cache.viterbi("xqzvxqzv", -20) is None
    assert len(model_digest(MODEL)) == 64


def test_word_cache_reads_the_one_shard_a_form_is_in() -> None:
    cache = WordCache(MODEL)
    assert cache.forward("russland") is not None
    assert cache.shards is not None and len(cache.shards) == SHARDS
    assert [n for n, shard in enumerate(cache.shards) if shard is not None] == [zlib.crc32(b"russland") % SHARDS]
    assert cache.viterbi("russland", -20) == cache.viterbi("russland", -20)  # the same shard, read once
    assert sum(shard is not None for shard in cache.shards) == 1


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("corpus", ["de_gsd-ud-test", "de_pud-ud-test"])
def test_tagger_speed_up_gives_hantas_tags_and_lemmas(corpus: str, cached: bool) -> None:
    sentences = _ud_sentences(corpus, 250)
    stock, fast = _hanta(), speed_up(_hanta(), cache=WordCache(MODEL) if cached else None, rules=False)
    expected = [stock.tag_sent(s, taglevel=1) for s in sentences]
    assert [fast.tag_sent(s, taglevel=1) for s in sentences] == expected  # cold memo
    assert [fast.tag_sent(s, taglevel=1) for s in sentences] == expected  # warm memo
    lower = [[w.lower() for w in s] for s in sentences[:60]]
    assert [fast.tag_sent(s, casesensitive=False) for s in lower] == \
        [stock.tag_sent(s, casesensitive=False) for s in lower]


def test_tagger_speed_up_handles_unknown_words_like_hanta() -> None:
    sentences = [["Xqzv", "Brrrt", "!"], ["1.800", "Menschen", "verließen", "Qwertzuiop-Gebiet", "."],
                 ["„", "Nein", "“", ",", "sagte", "er", "."], ["😀"], ["a"] * 40]
    stock, fast = _hanta(), speed_up(_hanta(), rules=False)
    assert [fast.tag_sent(s) for s in sentences] == [stock.tag_sent(s) for s in sentences]


def test_tagger_one_order_of_tags_is_each_states_order() -> None:
    """The sentence Viterbi visits a word's tags in one order: the order of every state's transition table."""
    fast = speed_up(_hanta())
    fast.tag_sent(["Die", "NATO", "tagt", "."])
    rank = fast.tag_sent_viterbi.rank
    assert rank and len(rank) > 50
    tables = [[c for c in table if c != END] for table in fast.LP_trans_word.values()]
    assert all(rank[a] < rank[b] for table in tables for a, b in zip(table, table[1:]))
    assert tag_order(tables) == rank


def test_tagger_a_model_without_one_order_of_tags_keeps_hantas_sentence_viterbi() -> None:
    class Model:
        LP_trans_word = {(0, 1): {5: -1.0, 6: -2.0}, (1, 5): {6: -1.0, 5: -2.0}}

        def tag_sent_viterbi(self, sent: list[str], casesensitive: bool = True) -> list[int]:
            return [6] * len(sent)

    assert SentenceViterbi(Model())(["a", "b"]) == [6, 6]


def test_tagger_memo_is_bounded() -> None:
    calls: list[int] = []
    memo = Memo(lambda x: calls.append(x) or x, size=3)
    for x in [1, 2, 1, 3, 4, 5, 1]:
        memo(x)
    assert calls == [1, 2, 3, 4, 5, 1] and len(memo.results) <= 3


def test_tagger_overlong_word_is_its_own_lemma(nlp) -> None:  # type: ignore[no-untyped-def]
    """A word past MAX_WORD is tagged by its tail and keeps its text as lemma (bench/run.py times it: < 5 s)."""
    word = "Donaudampfschifffahrtsgesellschaft" * 300
    doc = nlp(f"Die {word} wurde gegründet.")
    long = [t for t in doc if len(t.text) > MAX_WORD]
    assert long and all(t.lemma_ == t.text for t in long)


@pytest.mark.parametrize("word, tag, lemma", [
    # HanTa's search over the whole word tags these NE, FM or ADJ(A): wrong, a compound is its head
    ("Qwertzuiop-Gebiet", "NN", "Qwertzuiop-gebiet"),
    ("Unicredit-Chef", "NN", "Unicredit-chef"),
    ("iPad-Verkäufe", "NN", "Ipad-verkauf"),
    ("Marshmallow-Eis", "NN", "Marshmallow-eis"),
    ("Multimillionen-Dollar-Bonus", "NN", "Multimillionen-dollar-bonus"),
    ("schwarz-grüne", "ADJ(A)", "schwarz-grün"),
])
def test_tagger_hyphenated_compound_is_tagged_and_lemmatized_by_its_head(word: str, tag: str, lemma: str) -> None:
    fast = speed_up(_hanta())
    assert fast.tag_sent(["Das", "ist", "die", word, "."])[3] == (word, lemma, tag)


@pytest.mark.parametrize("word", ["C-483", "Entgelt-", "-", "---", "E-Mail-Adresse"])
def test_tagger_hyphen_head_only_for_a_word_after_the_last_hyphen(word: str) -> None:
    parts = hyphen_head(word)
    if word == "E-Mail-Adresse":
        assert parts == ("E-Mail-", "Adresse")
    else:  # no head word: HanTa analyses the whole
        assert parts is None
        stock, fast = _hanta(), speed_up(_hanta())
        assert fast.tag_sent(["Die", word, "."]) == stock.tag_sent(["Die", word, "."])


@pytest.mark.parametrize("sentence", [
    ["Bis", "2027", "soll", "es", "fertig", "sein", "."],
    ["Um", "21.41", "Uhr", "kam", "er", "."],
    ["Das", "Spiel", "endete", "4:7", "."],
    ["Es", "kostet", "7808,366", "Euro", "."],
    ["Der", "Abgeordnete", "Meier", "2027", "sagte", "."],
])
def test_tagger_a_number_is_a_cardinal_as_hanta_tags_it_in_a_sentence(sentence: list[str]) -> None:
    assert speed_up(_hanta()).tag_sent(sentence) == _hanta().tag_sent(sentence)


def _no_search(word: str, *args: object) -> object:
    raise AssertionError(f"morpheme search for {word}")


@pytest.mark.parametrize("word", ["2.000", "1,5", "4:0", "24/7", "2016", "17.277.119.722"])
def test_tagger_a_number_needs_no_morpheme_search(word: str) -> None:
    cardinals = Cardinals(_no_search, _no_search, card=7)
    assert cardinals.forward(word) == [(7, 0.0)]
    assert cardinals.analyze(word, 7) == (word, "CARD")


@pytest.mark.parametrize("word", ["58.", "1990er", "4:0:", "2.000-mal", "x2"])
def test_tagger_an_ordinal_or_a_word_with_digits_is_searched(word: str) -> None:
    searched: list[str] = []
    cardinals = Cardinals(lambda w: searched.append(w) or [], lambda w, pos, level=1: (w, "X"), card=7)
    cardinals.forward(word)
    assert searched == [word]
    assert cardinals.analyze(word, 7) == (word, "X")


@pytest.fixture(scope="module")
def cached_tagger():  # type: ignore[no-untyped-def]
    """HanTa as geokg runs it: sped up, with the shipped word analyses and the rules."""
    return speed_up(_hanta(), cache=WordCache(MODEL))


@pytest.mark.parametrize("word, tag, lemma", [
    # HanTa's search over the whole word clips these lemmas; the head's analysis has them right
    ("Privatbeteiligtenvertreterin", "NN", "Privatbeteiligtenvertreterin"),
    ("Laminatböden", "NN", "Laminatboden"),
    ("Kompromisspapiers", "NN", "Kompromisspapier"),
    ("Konsumentenschutzverbänden", "NN", "Konsumentenschutzverband"),
    ("Antikorruptionsstaatsanwaltschaft", "NN", "Antikorruptionsstaatsanwaltschaft"),
    ("Sachgüterindustrie", "NN", "Sachgüterindustrie"),      # "Industrie" may be FM too, but is a noun first
])
def test_tagger_closed_compound_is_tagged_and_lemmatized_by_its_head(cached_tagger, word: str, tag: str,  # type: ignore[no-untyped-def]
                                                                     lemma: str) -> None:
    assert cached_tagger.tag_sent(["Das", "ist", "die", word, "."])[3] == (word, lemma, tag)


#: Words of HanTa's own lexicon for `_compounds`; the shipped analyses hold these and fragments such as "iges".
LEXICON = {"haus", "schutz", "verfassung", "gericht", "verbänden", "schutzverbänden", "weiter", "zutreiben", "amt"}


def _compounds(searched: list[str]) -> Compounds:
    """`Compounds` over LEXICON (nouns all); the stock functions record the words HanTa would search."""
    shipped = LEXICON | {"iges"}

    def forward(word: str) -> list[tuple[int, float]]:
        if word not in shipped:
            searched.append(word)
        return [(20, -1.0)]

    def analyze(word: str, pos: int, taglevel: int = 1) -> tuple[str, str]:
        return word.capitalize(), "NN"

    return Compounds(forward, analyze, shipped.__contains__, LEXICON.__contains__, lambda head: True)


@pytest.mark.parametrize("word, parts", [
    ("schutzgericht", ("schutz", "gericht")),
    ("verfassungsgericht", ("verfassungs", "gericht")),        # a link: Verfassung-s-
    ("hausschutzverbänden", ("haus", "schutzverbänden")),     # the longest known head
    ("hausschutzgericht", ("hausschutz", "gericht")),         # a prefix of two words
])
def test_compounds_split_off_the_longest_known_head(word: str, parts: tuple[str, str]) -> None:
    searched: list[str] = []
    compounds = _compounds(searched)
    assert compounds.split(word) == parts
    compounds.forward(word)
    assert searched == []
    assert compounds.analyze(word.capitalize(), 20) == (parts[0].capitalize() + parts[1], "NN")


@pytest.mark.parametrize("word", [
    "gericht",            # a known word is not split
    "qxgericht",          # the rest is no word
    "abcdgericht",        # nor of words
    "hausiges",           # a short head must be in HanTa's own lexicon: "iges" is only in the shipped forms
    "weiterzutreiben",    # a zu-infinitive
    "haus-gericht",       # hyphenated: ByHead's
    "hausamt",            # the head is shorter than MIN_HEAD
])
def test_compounds_leave_other_words_to_hanta(word: str) -> None:
    searched: list[str] = []
    compounds = _compounds(searched)
    assert compounds.split(word) is None
    compounds.forward(word)
    assert searched == ([] if word == "gericht" else [word])


@pytest.mark.parametrize("sentence", [
    ["Er", "herauslöste", "es", "."],          # written in lower case: no noun compound
    ["Das", "Bombenlegen", "ist", "verboten", "."],  # "legen" is a verb: HanTa analyses the whole
])
def test_compounds_take_only_a_capitalized_word_with_a_noun_head(cached_tagger, sentence: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A verb's or adjective's prefix changes how it inflects (herauslöste): analysed whole, as stock HanTa does."""
    assert cached_tagger.tag_sent(sentence) == _hanta().tag_sent(sentence)
