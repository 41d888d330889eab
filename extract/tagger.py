"""A spaCy component that tags German tokens with HanTa: STTS tag, UPOS, lemma."""
from __future__ import annotations

import csv
import math
from collections.abc import Callable, Hashable
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from geokg.errors import GeokgError

# HanTa's reserved state numbers (HanTa.HanoverTagger.EMPTY, START, END, UNKNOWN).
EMPTY, START, END, UNKNOWN = 0, 1, 2, 3


@lru_cache(maxsize=1)
def tag_table() -> dict[str, tuple[str, str]]:
    """HanTa tag → (STTS tag, UPOS), from `lang_de/hanta_tags.tsv`."""
    text = resources.files("extract.lang_de").joinpath("hanta_tags.tsv").read_text("utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t")
    return {r["hanta"]: (r["stts"], r["upos"]) for r in rows}


if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)  # the verb of a participle adjective (geforderten)
QUOTE_CHARS = frozenset("„“”\"»«‚‘’")
# HanTa's morpheme Viterbi is cubic in a word's length (400 characters take seconds): longer
# "words" (URLs, base64, runs of symbols) are tagged by their last MAX_WORD characters, where
# a German compound keeps its head, and keep their own text as lemma. UD German's longest is 32.
MAX_WORD = 64
CACHE_SIZE = 200_000  # entries per memo; a full memo is emptied, so memory stays flat


class Memo:
    """A bounded memo of a pure function's results, keyed by its arguments.

    >>> square = Memo(lambda x: x * x, size=2)
    >>> square(3), square(3), len(square.results)
    (9, 9, 1)
    """

    def __init__(self, func: Callable[..., Any], size: int = CACHE_SIZE) -> None:
        self.func = func
        self.size = size
        self.results: dict[Hashable, Any] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The cached result for these arguments, computed on first use."""
        key = (args, tuple(kwargs.items())) if kwargs else args
        try:
            return self.results[key]
        except KeyError:
            pass
        if len(self.results) >= self.size:
            self.results.clear()
        result = self.results[key] = self.func(*args, **kwargs)
        return result


def speed_up(tagger: Any, size: int = CACHE_SIZE) -> Any:
    """Make one HanTa tagger fast without changing a tag or lemma; return it.

    HanTa computes a word's tag distribution (`_tag_word`, a Viterbi over its morphemes) and its
    lemma for a tag (`_analyze`) afresh at every occurrence; both depend on their arguments only,
    so they are memoized. The sentence Viterbi runs for every sentence, as `SentenceViterbi`.
    """
    tagger._tag_word = Memo(tagger._tag_word, size)
    tagger._analyze = Memo(tagger._analyze, size)
    tagger.tag_sent_viterbi = SentenceViterbi(tagger)
    return tagger


class SentenceViterbi:
    """HanTa's `tag_sent_viterbi`, visiting only the tags a word can take.

    HanTa walks all ~56 successor tags of each kept state and skips those not among the word's
    tags; this visits the word's few tags in that same order (the order of the state's transition
    table), so every sum, comparison and tie-break is HanTa's and the path is the same.
    """

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger
        self.successors: dict[tuple[int, int], dict[int, tuple[int, float]]] = {}

    def _successors(self, state: tuple[int, int]) -> dict[int, tuple[int, float]]:
        """Tag → (position in the state's transition table, log prob), END left out."""
        found = self.successors.get(state)
        if found is None:
            table = self.tagger.LP_trans_word[state]
            found = self.successors[state] = {c: (n, lp) for n, (c, lp) in enumerate(table.items()) if c != END}
        return found

    def __call__(self, sent: list[str], casesensitive: bool = True) -> list[int]:
        """The most likely tag (as HanTa's int) of every word of `sent`."""
        tagger = self.tagger
        lowerbound = -1e6
        table: list[dict[tuple[int, int], float]] = []
        backpointer: list[dict[tuple[int, int], tuple[int, int]]] = []
        cs = False
        for i, w in enumerate(sent):
            if i == 0:
                cs = False
            elif casesensitive:
                cs = True
            wprobs = dict(tagger._tag_word(w, cutoff=5, casesensitive=cs, conditional=True))
            if len(wprobs) == 1 and UNKNOWN in wprobs:
                wprobs = {}
            row: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], tuple[int, int]] = {}
            backpointer.append(back)
            prevrow = {(EMPTY, START): 0.0} if i == 0 else table[i - 1]
            rowbound = sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else lowerbound
            for state, lp0 in prevrow.items():
                if lp0 < rowbound:
                    continue
                if wprobs:  # the word's tags, in the order HanTa meets them
                    succ = self._successors(state)
                    steps = []
                    for c, lpwc in wprobs.items():
                        hit = succ.get(c)
                        if hit is not None:
                            steps.append((hit[0], c, hit[1], lpwc))
                    if len(steps) > 1:
                        steps.sort()
                else:  # an unknown word may take any tag
                    steps = [(0, c, lp_tc, 0) for c, lp_tc in tagger.LP_trans_word[state].items() if c != END]
                for _, c, lp_tc, lpwc in steps:
                    lp = lp0 + lp_tc + lpwc
                    if lp > lowerbound:
                        newstate = (state[1], c)
                        if newstate not in row or lp > row[newstate]:
                            row[newstate] = lp
                            back[newstate] = state
            table.append(row)
        finalstate = (END, EMPTY)
        last: dict[tuple[int, int], float] = {}
        back = {}
        backpointer.append(back)
        for state, lp0 in table[-1].items():
            lp = lp0 + tagger.LP_trans_word[state].get(END, -math.inf)
            if lp > last.get(finalstate, -math.inf):
                last[finalstate] = lp
                back[finalstate] = state
        tags = []
        state = finalstate
        for i in range(len(backpointer) - 1, 0, -1):
            state = backpointer[i][state]
            tags.append(state[1])
        return tags[::-1]


class HantaTagger:
    """Sets `tag_`, `pos_` and `lemma_` from HanTa's German HMM model.

    Quote marks are tagged as punctuation whatever HanTa makes of them.
    """

    def __init__(self, nlp: Language, name: str, model: str) -> None:
        from HanTa import HanoverTagger

        try:
            self.tagger: Any = speed_up(HanoverTagger.HanoverTagger(model))
        except Exception as exc:  # HanTa raises bare exceptions for missing models
            raise GeokgError("E002", f"cannot load HanTa model {model!r}: {exc}") from exc
        self.name = name
        self.table = tag_table()
        self.participles: dict[str, str | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Tag every sentence of `doc` (whole doc if no sentences are set)."""
        spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for span in spans:
            words = [_normalize(t.text) for t in span]
            if not words:
                continue
            for token, (_, lemma, tag) in zip(span, self.tagger.tag_sent(words, taglevel=1)):
                if token.is_space:
                    token.tag_, token.pos_, token.lemma_ = "_SP", "SPACE", token.text
                    continue
                if len(token.text) > MAX_WORD:
                    lemma = token.text
                if token.text in QUOTE_CHARS:
                    tag = "$("
                stts, upos = self.table.get(tag, (tag, "X"))
                token.tag_, token.pos_, token.lemma_ = stts, upos, lemma
                if stts == "ADJA":
                    token._.verb_lemma = self._participle(lemma)
        return doc

    def _participle(self, lemma: str) -> str | None:
        """The verb whose participle an adjective is (gefordert → fordern), cached."""
        if len(lemma) > MAX_WORD:
            return None
        if lemma not in self.participles:
            if len(self.participles) >= CACHE_SIZE:
                self.participles.clear()
            verb, tag = self.tagger.analyze(lemma)
            self.participles[lemma] = verb if tag == "VV(PP)" else None
        return self.participles[lemma]


def _normalize(word: str) -> str:
    """Quotes as HanTa knows them, line breaks as a plain space."""
    if word in QUOTE_CHARS:
        return '"'
    if len(word) > MAX_WORD:
        return word[-MAX_WORD:]
    return word if word.strip() else " "


@Language.factory(
    "geokg_hanta",
    assigns=["token.tag", "token.pos", "token.lemma"],
    default_config={"model": "morphmodel_ger.pgz"},
)
def make_hanta_tagger(nlp: Language, name: str, model: str) -> HantaTagger:
    """Create the HanTa tagger component."""
    return HantaTagger(nlp, name, model)
