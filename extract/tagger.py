"""A spaCy component that tags German tokens with HanTa: STTS tag, UPOS, lemma."""
from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import zlib
from collections.abc import Callable, Hashable, Iterable
from graphlib import CycleError, TopologicalSorter
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from operator import itemgetter
from typing import Any

from numpy import logaddexp

from spacy.language import Language
from spacy.tokens import Doc, Token

from geokg.errors import Errors, GeokgError

# HanTa's reserved state numbers (HanTa.HanoverTagger.EMPTY, START, END, UNKNOWN, END_UNKNOWN).
EMPTY, START, END, UNKNOWN, END_UNKNOWN = 0, 1, 2, 3, -3


@lru_cache(maxsize=1)
def tag_table() -> dict[str, tuple[str, str]]:
    """HanTa tag → (STTS tag, UPOS), from `lang_de/hanta_tags.tsv`."""
    text = resources.files("geokg.extract.lang_de").joinpath("hanta_tags.tsv").read_text("utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t")
    return {r["hanta"]: (r["stts"], r["upos"]) for r in rows}


if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)  # the verb of a participle adjective (geforderten)
QUOTE_CHARS = frozenset("„“”\"»«‚‘’")
DASH_CHARS = frozenset({"–", "—"})  # HanTa knows only "-": it takes the others for foreign words
# HanTa's morpheme Viterbi is cubic in a word's length (400 characters take seconds): longer
# "words" (URLs, base64, runs of symbols) are tagged by their last MAX_WORD characters, where
# a German compound keeps its head, and keep their own text as lemma. UD German's longest is 32.
MAX_WORD = 64
CACHE_SIZE = 200_000  # entries per memo; a full memo is emptied, so memory stays flat
CACHE_FILE = "hanta_words.tsv.gz"  # in extract/lang_de, written by bench/build_tagger_cache.py
SHARDS = 64  # gzip members of CACHE_FILE after its header, read one at a time (see WordCache)


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


def hyphen_head(word: str) -> tuple[str, str] | None:
    """(prefix with its hyphen, head) of a hyphenated compound whose head is a word ("EU-" "Kommission").

    >>> hyphen_head("EU-Kommission"), hyphen_head("Windows-10-User"), hyphen_head("C-483"), hyphen_head("-")
    (('EU-', 'Kommission'), ('Windows-10-', 'User'), None, None)
    """
    prefix, hyphen, head = word.rpartition("-")
    if not prefix or not head.isalpha():
        return None
    return prefix + hyphen, head


class ByHead:
    """HanTa's analyses of a hyphenated compound taken from its head: "EU-Kommission" is tagged as
    "Kommission" is, and lemmatized "EU-" + its lemma.

    A German compound takes its part of speech and inflection from its head; HanTa's morpheme
    search over the whole word is the slowest step on real news (a third of its time there goes to
    hyphenated words) and, for these, less accurate: it calls many of them foreign words or names
    (of 40 changed tags judged by hand, 27 are better, 9 worse; UD German splits such compounds,
    so bench/measure_tagger.py cannot show it).
    """

    def __init__(self, forward: Callable[[str], Any], analyze: Callable[..., Any]) -> None:
        self.stock_forward = forward
        self.stock_analyze = analyze

    def forward(self, word: str) -> Any:
        """`analyze_forward` of a lower-case form: its head's, for a hyphenated compound."""
        parts = hyphen_head(word)
        return self.stock_forward(parts[1] if parts else word)

    def analyze(self, word: str, pos: int, taglevel: int = 1) -> Any:
        """`_analyze`: for a hyphenated compound the prefix, lower case as HanTa writes it, before the head's lemma."""
        parts = hyphen_head(word)
        if parts is None or taglevel != 1:
            return self.stock_analyze(word, pos, taglevel)
        lemma, tag = self.stock_analyze(parts[1], pos, taglevel)
        joined = (parts[0] + lemma).lower()
        return (joined[:1].upper() + joined[1:] if lemma[:1].isupper() else joined), tag


#: The shortest first part and head of a closed compound that `Compounds` splits: "Zoll|kosten", "Außen|grenze".
MIN_PART = 3
MIN_HEAD = 4
#: A part shorter than this must be a word of HanTa's own lexicon: the shipped analyses' rarest
#: forms include fragments ("iges", "klass", "trang") that would split words wrongly.
SURE_PART = 6
#: HanTa's tags of a noun, the only heads `Compounds` takes: a verb's or adjective's particles and
#: prefixes change its inflection ("mit|streiten", "ge|orientiert") as a noun's first part does not.
NOUN_TAGS = ("NN", "NNA", "NNI")
NAME_TAGS = ("NE", "FM")  # what else a capitalized noun may be taken for ("Galerie", "Industrie")
#: How no head begins: "weiter|zutreiben" is a zu-infinitive, whose head is "treiben".
NOT_HEADS = ("zu",)
#: What may join the parts of a compound (Fugenelemente): "Verfassung-s-gericht", "Blume-n-beet".
LINKS = ("s", "es", "n", "en", "er", "e")


class Compounds:
    """HanTa's analyses of a closed compound it has not cached taken from its head: an unseen
    "Konsumentenschutzverbänden" is tagged as "verbänden" is, and lemmatized "konsumentenschutz" + "Verband".

    What `ByHead` does for a hyphenated compound, for one written closed: German puts the part of
    speech and the inflection in the head. Such words are most of what real news sends to HanTa's
    morpheme search (its slowest step there, cubic in the word's length). The head is the longest
    tail that is a word, with a rest made of words and links (`LINKS`): a word is `lexical` (in
    HanTa's own lexicon) or, from SURE_PART letters on, `known` (also in the shipped analyses). A
    known word is never split, and one that splits so into no parts ("zweitklassiges") is left to
    HanTa, as is a word written in lower case (achtender: "ach" + "Tender") or with a head that may
    be other than a noun (`noun`: as HanTa weighs the tags of a capitalized word).
    """

    def __init__(self, forward: Callable[[str], Any], analyze: Callable[..., Any],
                 known: Callable[[str], bool], lexical: Callable[[str], bool], noun: Callable[[str], bool]) -> None:
        self.stock_forward = forward
        self.stock_analyze = analyze
        self.known = known
        self.lexical = lexical
        self.noun = noun
        self.heads: dict[str, tuple[str, str] | None] = {}
        self.joined: dict[str, bool] = {}
        self.capitalized = True  # how the word `forward` is asked for is written (`written`)

    def written(self, tag_word: Callable[..., Any]) -> Callable[..., Any]:
        """HanTa's `_tag_word`, telling `forward` (which sees the lower-case form) how the word is written."""
        def tagged(word: str, *args: Any, **kwargs: Any) -> Any:
            self.capitalized = word[:1].isupper()
            return tag_word(word, *args, **kwargs)
        return tagged

    def split(self, word: str) -> tuple[str, str] | None:
        """(prefix, head) of a lower-case compound HanTa does not know; else None."""
        try:
            return self.heads[word]
        except KeyError:
            pass
        found = None
        if len(word) >= MIN_PART + MIN_HEAD and word.isalpha() and not self.known(word):
            found = next(((word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_HEAD + 1)
                          if not word.startswith(NOT_HEADS, i) and self._word(word[i:]) and self._parts(word[:i])),
                         None)
            if found is not None and not self.noun(found[1]):
                found = None
        if len(self.heads) >= CACHE_SIZE:
            self.heads.clear()
            self.joined.clear()
        self.heads[word] = found
        return found

    def _word(self, form: str) -> bool:
        """Whether a lower-case form is a word a compound may have as a part."""
        return self.lexical(form) or (len(form) >= SURE_PART and self.known(form))

    def _parts(self, prefix: str) -> bool:
        """Whether `prefix` is known words, each maybe with a link: "konsumentenschutz", "verfassungs"."""
        found = self.joined.get(prefix)
        if found is None:
            found = any(self._word(prefix[:len(prefix) - len(link)]) for link in ("", *LINKS)
                        if prefix.endswith(link) and len(prefix) - len(link) >= MIN_PART)
            if not found:
                found = any(self._parts(prefix[:i]) and self._parts(prefix[i:])
                            for i in range(MIN_PART + 1, len(prefix) - MIN_PART))
            self.joined[prefix] = found
        return found

    def forward(self, word: str) -> Any:
        """`analyze_forward` of a lower-case form: its head's, for a compound written capitalized."""
        parts = self.split(word) if self.capitalized else None
        return self.stock_forward(parts[1] if parts else word)

    def analyze(self, word: str, pos: int, taglevel: int = 1) -> Any:
        """`_analyze`: for a compound written capitalized the prefix before the head's lemma, capitalized as that is."""
        parts = self.split(word.lower()) if taglevel == 1 and word[:1].isupper() else None
        if parts is None:
            return self.stock_analyze(word, pos, taglevel)
        lemma, tag = self.stock_analyze(parts[1], pos, taglevel)
        joined = parts[0] + lemma.lower()
        return (joined[:1].upper() + joined[1:] if lemma[:1].isupper() else joined), tag


#: A number written with digits and inner separators: "2.000", "1,5", "4:0", "24/7", "2016".
CARDINAL = re.compile(r"\d+(?:[.,:/]\d+)*")


class Cardinals:
    """A number HanTa has not cached is a cardinal, its own lemma, without a morpheme search.

    HanTa's morpheme search makes every such number CARD first, but leaves a name (NE) or
    a symbol (XY) within its cut-off for one in five ("2027", "21.41"), which the sentence
    Viterbi can then choose; UD German tags all of them NUM. A number is 15 % of the words real
    news sends to that search. As the only tag a word can take, its score changes no path.
    """

    def __init__(self, forward: Callable[[str], Any], analyze: Callable[..., Any], card: int) -> None:
        self.stock_forward = forward
        self.stock_analyze = analyze
        self.card = card
        self.only = [(card, 0.0)]

    def forward(self, word: str) -> Any:
        """`analyze_forward` of a lower-case form: CARD alone for a number."""
        return list(self.only) if CARDINAL.fullmatch(word) else self.stock_forward(word)

    def analyze(self, word: str, pos: int, taglevel: int = 1) -> Any:
        """`_analyze`: a number tagged CARD is its own lemma."""
        if pos == self.card and taglevel == 1 and CARDINAL.fullmatch(word):
            return word, "CARD"
        return self.stock_analyze(word, pos, taglevel)


class Lemmas:
    """HanTa's `makelemma`, each tag's longest lemma suffix found once (HanTa scans the table, 332 for verbs, per call)."""

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger
        self.longest = {tag: max(len(e) for e in table) for tag, table in tagger.lemmasuffixtable.items() if table}

    def __call__(self, stem_morphemes: list[str], pos: str) -> str:
        """The lemma of a word with these stem morphemes and this HanTa tag, as HanTa makes it."""
        mainpostag = pos.split("(")[0]
        lemma = "".join(stem_morphemes)
        suffix = ""
        lemmasuffices = self.tagger.lemmasuffixtable.get(mainpostag, [])
        if len(lemmasuffices) > 0:
            longest = self.longest[mainpostag]
            if len(lemma) + 1 < longest:
                longest = len(lemma)
            for i in range(longest + 1, 0, -1):
                ending = ("#" + lemma)[-i:]
                if ending in lemmasuffices:
                    suffix = lemmasuffices[ending]
                    break
        if self.tagger.tag2int.get(pos, 0) in self.tagger.capitalizedlemmata:
            lemma = lemma[0].upper() + lemma[1:]
        return lemma + suffix


def speed_up(tagger: Any, size: int = CACHE_SIZE, cache: WordCache | None = None, rules: bool = True) -> Any:
    """Make one HanTa tagger fast without changing a tag or lemma (but by the `rules`); return it.

    HanTa computes a word's tag distribution (`_tag_word`, a Viterbi over its morphemes) and its
    lemma for a tag (`_analyze`) afresh at every occurrence; both depend on their arguments only,
    so they are memoized, and so are the two morpheme Viterbis under them (keyed by the lower-case
    word, so `Haus` and `haus` share one), which run as `WordViterbi` or are looked up in `cache`,
    and the lemma's suffix is found as `Lemmas`. The sentence Viterbi runs for every sentence, as
    `SentenceViterbi`. With `rules`, compounds are analysed by their head, hyphenated (`ByHead`) or
    closed (`Compounds`), and numbers are cardinals (`Cardinals`), without a morpheme search.
    """
    words = WordViterbi(tagger, cache)
    tagger.makelemma = Lemmas(tagger)
    tagger.analyze_forward = Memo(words.forward, size)
    tagger.analyze_viterbi = Memo(words.viterbi, size)
    tagger._tag_word = Memo(tagger._tag_word, size)
    tagger._analyze = Memo(tagger._analyze, size)
    if rules:
        def known(form: str) -> bool:
            return form in tagger.cache or (cache is not None and form in cache)

        def forward(form: str) -> Any:  # HanTa's own words are in its cache, not in `analyze_forward`'s
            return tagger.cache[form] if form in tagger.cache else memo_forward(form)

        memo_forward = tagger.analyze_forward
        nouns = frozenset(tagger.tag2int[tag] for tag in NOUN_TAGS)
        names = frozenset(tagger.tag2int[tag] for tag in NAME_TAGS)

        def noun(head: str) -> bool:  # `_tag_word` keeps a noun first for it capitalized, else names only
            scores = {tag: lp + tagger.LP_case_t[tag][True] - tagger.LP_wtag[tag]
                      for tag, lp in forward(head) if tag != UNKNOWN}
            if not scores:
                return False
            best = max(scores, key=scores.__getitem__)
            return best in nouns and all(tag in nouns or tag in names for tag, lp in scores.items()
                                         if lp >= scores[best] - 5)

        compounds = Compounds(forward, tagger._analyze, known, tagger.cache.__contains__, noun)
        tagger._tag_word = compounds.written(tagger._tag_word)
        by_head = ByHead(compounds.forward, compounds.analyze)
        cardinals = Cardinals(by_head.forward, by_head.analyze, tagger.tag2int["CARD"])
        tagger.analyze_forward = cardinals.forward
        tagger._analyze = cardinals.analyze
    tagger.tag_sent_viterbi = SentenceViterbi(tagger)
    return tagger


@lru_cache(maxsize=4)
def model_digest(model: str) -> str:
    """The sha256 of a HanTa model file, found as HanTa finds it."""
    path = model
    if not os.path.exists(path):
        from HanTa import HanoverTagger

        path = os.path.join(os.path.dirname(HanoverTagger.__file__), model)
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class WordCache:
    """HanTa's analyses of frequent word forms and of the gazetteers' words, shipped in `lang_de/hanta_words.tsv.gz`.

    The file is a header, then its lines in SHARDS gzip members (`zcat` reads it whole), a form in
    member crc32(form) % SHARDS. A member is read when one of its forms is first asked for (after a
    miss in the memos above), so that a short text reads a few; `load` reads them all (a build,
    before its workers fork, so that they share them). Used only if the file was computed with
    this very model.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self.shards: list[dict[str, str] | None] | None = None  # None until the header is read; [] if unusable
        self.members: list[bytes] = []

    def _open(self) -> list[dict[str, str] | None]:
        """The shards, none read yet: [] without the file, for another model or an older file."""
        self.shards = []
        source = resources.files("geokg.extract.lang_de").joinpath(CACHE_FILE)
        if not source.is_file():
            return self.shards
        reader = zlib.decompressobj(wbits=31)  # the header's gzip member; the shards' follow it
        header = reader.decompress(source.read_bytes()).decode("utf-8")
        fields = dict(ln[2:].split("\t", 1) for ln in header.splitlines() if ln.startswith("# ") and "\t" in ln)
        if fields.get("model") != model_digest(self.model) or "shards" not in fields:
            return self.shards
        ends = list(accumulate(int(size) for size in fields["shards"].split(",")))
        self.members = [reader.unused_data[start:end] for start, end in zip([0, *ends], ends)]
        self.shards = [None] * len(ends)
        return self.shards

    def _line(self, form: str) -> str | None:
        """The rest of the form's line, if shipped."""
        shards = self._open() if self.shards is None else self.shards
        if not shards:
            return None
        n = zlib.crc32(form.encode("utf-8")) % len(shards)
        shard = shards[n]
        if shard is None:
            shard = shards[n] = self._read(n)
        return shard.get(form)

    def _read(self, n: int) -> dict[str, str]:
        """Form → the rest of its line, of shard n."""
        text = zlib.decompress(self.members[n], wbits=31).decode("utf-8")
        return dict(ln.split("\t", 1) for ln in text.splitlines())

    def load(self) -> None:
        """Read every shard now."""
        shards = self._open() if self.shards is None else self.shards
        for n, shard in enumerate(shards):
            if shard is None:
                shards[n] = self._read(n)
        self.members = []

    @property
    def lines(self) -> dict[str, str]:
        """Every form → the rest of its line ({} without the file or for another model)."""
        self.load()
        return {form: rest for shard in self.shards or [] for form, rest in (shard or {}).items()}

    def __contains__(self, form: str) -> bool:
        """Whether the lower-case form's analyses are shipped."""
        return self._line(form) is not None

    def forward(self, word: str) -> list[tuple[int, float]] | None:
        """HanTa's `analyze_forward` of a lower-case form, if shipped."""
        line = self._line(word)
        if line is None or line.startswith("-"):
            return None
        forward = line.partition("\t")[0]
        return [(int(tag), float(lp)) for tag, lp in (item.split(":") for item in forward.split(","))]

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]] | None:
        """HanTa's `analyze_viterbi` of a lower-case form for a part of speech, if shipped."""
        line = self._line(word)
        if line is None:
            return None
        key = f"{-targetpos}="
        for path in line.partition("\t")[2].split("|"):
            if path.startswith(key):
                return [(int(tag), int(end)) for tag, end in
                        (step.split(",") for step in path[len(key):].split(";"))]
        return None


Segment = tuple[int, dict[int, float]]  # (end of a morpheme, tag → HanTa's log p(morpheme | tag))
#: A transition from a state: (its place in HanTa's order, tag, the new state, log p(tag | state)).
Transition = tuple[int, int, tuple[int, int], float]
#: A state's transitions: in HanTa's order; by tag; to open tags only.
Followers = tuple[list[Transition], dict[int, Transition], list[Transition]]


def _fewer(scores: dict[int, float], by_tag: dict[int, Transition]) -> list[Transition]:
    """The transitions to a morpheme's tags, in HanTa's order: to visit instead of all if it has fewer tags."""
    hits = [by_tag[t] for t in scores if t in by_tag]
    if len(hits) > 1:
        hits.sort()
    return hits


class WordViterbi:
    """HanTa's two morpheme Viterbis (`analyze_forward`, `analyze_viterbi`) over precomputed tables.

    HanTa scores every (state, segment, tag) of a word with a call of `lp_m_t`, ~1,700 for a
    ten-letter word, of which ~150 are finite. Here a segment's finite scores come from a
    morpheme → {tag: score} index and from HanTa's guess for unknown morphemes (which depends
    on the last four letters and the length only, so it is computed once per pair of those), and
    only those are visited. States, segments and tags are visited in HanTa's order, so every
    sum, comparison, tie-break and dict order is HanTa's, and so is the result (three times as
    fast on UD German forms HanTa has not cached; tests/extract/test_tagger.py compares them).
    """

    def __init__(self, tagger: Any, cache: WordCache | None = None) -> None:
        self.tagger = tagger
        self.cache = cache
        known: dict[str, dict[int, float]] = {}
        for tag, scores in tagger.LP_m_t.items():
            for morpheme, lp in scores.items():
                known.setdefault(morpheme, {})[tag] = lp
        self.known = known
        open_tags = [t for t in tagger.LP_m_t if t in tagger.LP_hapax_t and t in tagger.LP_s_t]
        suffix_sets = {frozenset(tagger.LP_s_t[t]) for t in open_tags}
        if len(suffix_sets) > 1:  # HanTa's German and English models share one suffix list
            raise GeokgError(Errors.E201)
        self.suffixes = suffix_sets.pop() if suffix_sets else frozenset()
        # HanTa's guess Int_t + LP_hapax_t + LP_len_t + suffix score, summed in that order
        self.bases = [[(t, tagger.Int_t + tagger.LP_hapax_t[t] + tagger.LP_len_t[t][n]) for t in open_tags]
                      for n in range(25)]
        self.suffix_scores = {s: [tagger.LP_s_t[t][s] for t in open_tags] for s in self.suffixes}
        self.open_tags = frozenset(open_tags)
        self.merged: dict[str, dict[int, float]] = {}  # known morphemes with HanTa's guess for the other tags
        self.guesses: dict[str, list[dict[int, float] | None]] = {}  # suffix → by length (≤ 24): `_guess_by`
        self.followers: dict[tuple[tuple[int, int], int], Followers] = {}
        self.final = {s: dict(f) for s, f in tagger.LP_trans_final.items()}

    def _guess(self, morpheme: str) -> dict[int, float]:
        """Tag → HanTa's `lp_m_t` of an unknown morpheme (it depends on the last four letters and the length only)."""
        return self._guess_by(self._ends(morpheme)[-1], len(morpheme))

    def _ends(self, word: str) -> list[tuple[str, ...]]:
        """For each end j of a morpheme in `word`, the suffix HanTa's guess takes for a morpheme ending there,
        by the morpheme's length: longer than 4, 4, 3, 2, 1, 0 (the longest of its last 4, 3, 2, 1 letters it knows)."""
        suffixes = self.suffixes
        ends: list[tuple[str, ...]] = [("",) * 6]
        for j in range(1, len(word) + 1):
            found = ""
            shorter = []
            for k in (1, 2, 3, 4):
                if j >= k and word[j - k:j] in suffixes:
                    found = word[j - k:j]
                shorter.append(found)  # the longest known suffix of at most k letters
            ends.append((shorter[3], shorter[2], shorter[1], shorter[0], "", ""))
        return ends

    def _guess_by(self, end: tuple[str, ...], mlen: int) -> dict[int, float]:
        """Tag → HanTa's `lp_m_t` of an unknown morpheme of `mlen` letters ending where `end` (of `_ends`) is."""
        suffix = end[5 - min(mlen, 5)]
        by_length = self.guesses.get(suffix)
        if by_length is None:
            by_length = self.guesses[suffix] = [None] * 25
        found = by_length[min(mlen, 24)]
        if found is None:
            found = by_length[min(mlen, 24)] = {}
            for (t, base), lp_suf in zip(self.bases[min(mlen, 24)], self.suffix_scores[suffix]):
                lp = base + lp_suf
                if lp != -math.inf:
                    found[t] = lp
        return found

    def _segments(self, word: str, i: int, strict: bool, ends: list[tuple[str, ...]]
                  ) -> tuple[list[Segment], list[Segment]]:
        """(j, tag → `lp_m_t` of word[i:j]) for every j > i with a finite score: known morphemes, then the others.

        `ends`: the word's `_ends` (for unknown morphemes, so not needed if `strict`).
        """
        wlen = len(word)
        known = self.known
        found: list[Segment] = []
        guessed: list[Segment] = []
        if strict:
            for j in range(i + 1, wlen + 1):
                scores = known.get(word[i:j])
                if scores:
                    found.append((j, scores))
            return found, guessed
        first_guess = i + 1 if wlen < 4 else i + 3  # HanTa guesses no morpheme of 1 or 2 letters in a longer word
        for j in range(i + 1, wlen + 1):
            morpheme = word[i:j]
            scores = known.get(morpheme)
            if j - i == wlen:  # HanTa's penalty for the whole word as one unknown morpheme
                penalized = {t: lp - 4.6 for t, lp in self._guess_by(ends[j], wlen).items()}
                if scores:
                    found.append((j, {**penalized, **scores}))
                elif penalized:
                    guessed.append((j, penalized))
            elif scores is not None:
                if j >= first_guess:
                    merged = self.merged.get(morpheme)
                    if merged is None:  # as many as the model has morphemes
                        merged = self.merged[morpheme] = {**self._guess(morpheme), **scores}
                    scores = merged
                if scores:
                    found.append((j, scores))
            elif j >= first_guess:
                scores = self._guess_by(ends[j], j - i)
                if scores:
                    guessed.append((j, scores))
        return found, guessed

    def _followers(self, state: tuple[int, int], targetpos: int) -> Followers:
        """The state's non-final transitions (to tags that reach `targetpos`, unless 0): in order, by tag, to open tags."""
        key = (state, targetpos)
        found = self.followers.get(key)
        if found is None:
            tagger = self.tagger
            follow = tagger.LP_trans_nonfinal.get(state, [])
            if targetpos:
                reachable = tagger.reachability.get(targetpos, frozenset())
                follow = [(t, p) for t, p in follow if t in reachable]
            steps = [(n, t, (state[1], t), p) for n, (t, p) in enumerate(follow)]
            found = self.followers[key] = (steps, {step[1]: step for step in steps},
                                           [step for step in steps if step[1] in self.open_tags])
        return found

    def _fill(self, word: str, strict: bool, targetpos: int,
              backpointer: list[dict[tuple[int, int], tuple[tuple[int, int], int]]] | None
              ) -> list[dict[tuple[int, int], float]]:
        """HanTa's table of best log probs per (position, state) over the word's morphemes, final row empty.

        HanTa relaxes, for each kept state of a row, every segment j in turn; each j has its own row,
        so visiting known morphemes before unknown ones changes nothing, and the latter score
        only open tags, so a state that cannot go to one skips them. Of a state's transitions,
        those to tags the morpheme can have are visited, in HanTa's order.
        """
        lowerbound = -1e6
        wlen = len(word)
        table: list[dict[tuple[int, int], float]] = [{(EMPTY, START): 0.0}] + [{} for _ in range(wlen + 1)]
        ends = [] if strict else self._ends(word)
        followers = self.followers
        for i in range(wlen + 1):
            row = table[i]
            rowbound = sorted(row.values(), reverse=True)[3] - 1 if len(row) > 3 else lowerbound
            segments = None
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                follow, by_tag, follow_open = followers.get((state, targetpos)) or self._followers(state, targetpos)
                if not follow:
                    continue
                if segments is None:
                    segments = self._segments(word, i, strict, ends)
                nfollow = len(follow)
                visits = [(j, scores, follow if len(scores) >= nfollow else _fewer(scores, by_tag))
                          for j, scores in segments[0]]
                if follow_open:  # the others score open tags only
                    visits += [(j, scores, follow_open) for j, scores in segments[1]]
                for j, scores, steps in visits:
                    target = table[j]
                    for _, tag1, newstate, lpt in steps:
                        lpm = scores.get(tag1)
                        if lpm is not None:
                            lp1 = lp + lpt + lpm
                            if lp1 > lowerbound:
                                old = target.get(newstate)
                                if old is None or lp1 > old:
                                    target[newstate] = lp1
                                    if backpointer is not None:
                                        backpointer[j][newstate] = (state, i)
        return table

    def forward(self, word: str) -> list[tuple[int, float]]:
        """HanTa's `analyze_forward`: (part of speech as HanTa's int, log prob), most likely first."""
        if self.cache is not None:
            found = self.cache.forward(word)
            if found is not None:
                return found
        tagger = self.tagger
        lowerbound = -1e6
        table = self._fill(word, tagger.strict, 0, None)
        last = table[-1]
        for state, lp in table[-2].items():
            for tag1, lpt in tagger.LP_trans_final.get(state, []):
                lp1 = lp + lpt
                if lp1 > lowerbound:
                    newstate = (state[1], tag1)
                    if newstate not in last or lp1 > last[newstate]:
                        last[newstate] = lp1
        results: dict[int, float] = {}
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            results[pos] = logaddexp(results[pos], lp) if pos in results else lp
        result_list = sorted(results.items(), key=itemgetter(1), reverse=True)
        return result_list or [(UNKNOWN, 0)]

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """HanTa's `analyze_viterbi`: the best morpheme path to `targetpos`, as (tag, end) pairs."""
        if self.cache is not None:
            path = self.cache.viterbi(word, targetpos)
            if path is not None:
                return path
        wlen = len(word)
        lowerbound = -1e6
        for strict in (True, False):  # unknown morphemes only if known ones do not reach targetpos
            backpointer: list[dict[tuple[int, int], tuple[tuple[int, int], int]]] = [{} for _ in range(wlen + 2)]
            table = self._fill(word, strict, targetpos, backpointer)
            last = table[-1]
            for state, lp in table[-2].items():
                lpt = self.final.get(state, {}).get(targetpos)
                if lpt is not None:
                    lp1 = lp + lpt
                    if lp1 > lowerbound:
                        newstate = (state[1], targetpos)
                        if newstate not in last or lp1 > last[newstate]:
                            last[newstate] = lp1
                            backpointer[-1][newstate] = (state, wlen)
            if last:
                break
        pmax = -math.inf
        beststate = (EMPTY, EMPTY)
        for state, lp in table[-1].items():
            if lp > pmax:
                pmax = lp
                beststate = state
        i = len(backpointer) - 1
        if beststate == (EMPTY, EMPTY):
            return [(UNKNOWN, i - 1), (END_UNKNOWN, i)]
        states = [(beststate, i)]
        state = beststate
        while i > 0:
            state, i = backpointer[i][state]
            states.append((state, i))
        return [(s[1], k) for s, k in states[:-1][::-1]]


def tag_order(tables: Iterable[Iterable[int]]) -> dict[int, int] | None:
    """A rank for every tag that puts the tags of each table in the order they have there; None if none does.

    >>> tag_order([[3, 1], [1, 2], [3, 2]])
    {3: 0, 1: 1, 2: 2}
    >>> tag_order([[2], [1, 3], [3, 2]])
    {1: 0, 3: 1, 2: 2}
    >>> tag_order([[1, 2], [2, 1]]) is None
    True
    """
    orders = [list(table) for table in tables]
    rank: dict[int, int] = {}
    for order in orders:  # the tags in the order they are first seen: mostly the answer already
        for tag in order:
            rank.setdefault(tag, len(rank))
    if all(rank[a] < rank[b] for order in orders for a, b in zip(order, order[1:])):
        return rank
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for order in orders:
        for tag in order[:1]:
            sorter.add(tag)
        for before, after in zip(order, order[1:]):
            sorter.add(after, before)
    try:
        return {tag: n for n, tag in enumerate(sorter.static_order())}
    except CycleError:
        return None


class SentenceViterbi:
    """HanTa's `tag_sent_viterbi`, visiting only the tags a word can take.

    HanTa walks all ~56 successor tags of each kept state and skips those not among the word's
    tags; this visits the word's few tags in that same order: the tables of all states list the
    tags in one order (`tag_order`, found on first use), in which each word's tags are put once.
    So every sum, comparison and tie-break is HanTa's and the path is the same. A model whose
    tables have no one order is left to HanTa's own.
    """

    def __init__(self, tagger: Any) -> None:
        self.tagger = tagger
        self.stock: Callable[[list[str], bool], list[int]] = tagger.tag_sent_viterbi
        self.rank: dict[int, int] | None = None
        self.successors: dict[tuple[int, int], dict[int, tuple[float, tuple[int, int]]]] = {}
        self.words: dict[tuple[str, bool], list[tuple[int, float]]] = {}  # HanTa's `_tag_word`, in tag order

    def _successors(self, state: tuple[int, int]) -> dict[int, tuple[float, tuple[int, int]]]:
        """Tag → (log prob, the new state), END left out, in the order of the state's transition table."""
        found = self.successors.get(state)
        if found is None:
            s1 = state[1]
            found = self.successors[state] = {c: (lp, (s1, c)) for c, lp in self.tagger.LP_trans_word[state].items()
                                              if c != END}
        return found

    def _word(self, w: str, cs: bool) -> list[tuple[int, float]]:
        """HanTa's (tag, log p(word | tag)) of a word, in tag order; [] for a word it knows nothing of."""
        found = self.words.get((w, cs))
        if found is None:
            wprobs = dict(self.tagger._tag_word(w, cutoff=5, casesensitive=cs, conditional=True))
            if len(wprobs) == 1 and UNKNOWN in wprobs:
                wprobs = {}
            rank = self.rank or {}
            found = sorted(wprobs.items(), key=lambda item: rank.get(item[0], -1))
            if len(self.words) >= CACHE_SIZE:
                self.words.clear()
            self.words[w, cs] = found
        return found

    def __call__(self, sent: list[str], casesensitive: bool = True) -> list[int]:
        """The most likely tag (as HanTa's int) of every word of `sent`."""
        tagger = self.tagger
        if self.rank is None:
            # the tables' distinct orders: German's 3,191 tables have one
            orders = dict.fromkeys(tuple(table) for table in tagger.LP_trans_word.values())
            self.rank = tag_order([c for c in order if c != END] for order in orders) or {}
        if not self.rank:
            return self.stock(sent, casesensitive)
        lowerbound = -1e6
        successors = self.successors
        backpointer: list[dict[tuple[int, int], tuple[int, int]]] = []
        prevrow: dict[tuple[int, int], float] = {(EMPTY, START): 0.0}
        cs = False
        for i, w in enumerate(sent):
            if i == 0:
                cs = False
            elif casesensitive:
                cs = True
            wprobs = self._word(w, cs)
            row: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], tuple[int, int]] = {}
            backpointer.append(back)
            rowbound = sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else lowerbound
            for state, lp0 in prevrow.items():
                if lp0 < rowbound:
                    continue
                succ = successors.get(state) or self._successors(state)
                if wprobs:  # the word's tags, in the order HanTa meets them
                    for c, lpwc in wprobs:
                        hit = succ.get(c)
                        if hit is None:
                            continue
                        lp = lp0 + hit[0] + lpwc
                        if lp > lowerbound:
                            newstate = hit[1]
                            old = row.get(newstate)
                            if old is None or lp > old:
                                row[newstate] = lp
                                back[newstate] = state
                else:  # an unknown word may take any tag
                    for lp_tc, newstate in succ.values():
                        lp = lp0 + lp_tc + 0
                        if lp > lowerbound:
                            old = row.get(newstate)
                            if old is None or lp > old:
                                row[newstate] = lp
                                back[newstate] = state
            prevrow = row
        finalstate = (END, EMPTY)
        best = -math.inf
        back = {}
        backpointer.append(back)
        for state, lp0 in prevrow.items():
            lp = lp0 + tagger.LP_trans_word[state].get(END, -math.inf)
            if lp > best:
                best = lp
                back[finalstate] = state
        tags = []
        state = finalstate
        for i in range(len(backpointer) - 1, 0, -1):
            state = backpointer[i][state]
            tags.append(state[1])
        return tags[::-1]


#: What the tagger sets on a token for a word and HanTa's tag: STTS tag, UPOS, lemma, the verb of a participle
#: adjective.
Analysis = tuple[str, str, str, str | None]


class HantaTagger:
    """Sets `tag_`, `pos_` and `lemma_` from HanTa's German HMM model.

    Quote marks are tagged as punctuation whatever HanTa makes of them.
    """

    def __init__(self, nlp: Language, name: str, model: str) -> None:
        from HanTa import HanoverTagger

        self.words = WordCache(model)
        try:
            self.tagger: Any = speed_up(HanoverTagger.HanoverTagger(model), cache=self.words)
        except Exception as exc:  # HanTa raises bare exceptions for missing models
            raise GeokgError(Errors.E202, model=model, reason=exc) from exc
        self.name = name
        self.table = tag_table()
        self.participles: dict[str, str | None] = {}
        self.analyses: dict[tuple[str, int], Analysis] = {}  # `_analysis`

    def __call__(self, doc: Doc) -> Doc:
        """Tag every sentence of `doc` (whole doc if no sentences are set)."""
        spans = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for span in spans:
            tokens = list(span)
            words = [_normalize(t.text) for t in tokens]
            if not words:
                continue
            analyses = self.analyses
            for token, word, tag in zip(tokens, words, self.tagger.tag_sent_viterbi(words, True)):
                if token.is_space:
                    token.tag_, token.pos_, token.lemma_ = "_SP", "SPACE", token.text
                    continue
                text = token.text
                if len(text) > MAX_WORD or text in QUOTE_CHARS or text in DASH_CHARS:
                    stts, upos, lemma, verb = self._odd(text, tag)
                else:
                    stts, upos, lemma, verb = analyses.get((word, tag)) or self._analysis(word, tag)
                if stts == "ADJA" and AGE_NOUN.match(text):  # "der 78-Jährige": HanTa reads the adjective
                    stts, upos, lemma, verb = "NN", "NOUN", text.rstrip("nmrs"), None
                token.tag_, token.pos_, token.lemma_ = stts, upos, lemma
                if stts == "ADJA":
                    token._.verb_lemma = verb
            _finite_after_noun(tokens)
        return doc

    def _analysis(self, word: str, tag: int) -> Analysis:
        """(STTS tag, UPOS, lemma, verb of a participle adjective) of a word HanTa tagged `tag`, kept in `analyses`.

        HanTa's `tag_sent` asks its `_analyze` for the lemma of every word and tag, as a keyword call
        of a memo; all four depend on the two only, so each pair is looked up once in a plain dict.
        """
        if len(self.analyses) >= CACHE_SIZE:
            self.analyses.clear()
        lemma = self.tagger._analyze(word, tag)[0]
        found = self.analyses[word, tag] = self._tagged(lemma, self.tagger.int2tag[tag])
        return found

    def _tagged(self, lemma: str, tag: str) -> Analysis:
        """The `Analysis` of a word with this lemma and HanTa tag."""
        stts, upos = self.table.get(tag, (tag, "X"))
        return stts, upos, lemma, self._participle(lemma) if stts == "ADJA" else None

    def _odd(self, text: str, tag: int) -> Analysis:
        """The analysis of a token too long for HanTa or of a quote mark or dash (punctuation): its own text as lemma."""
        if text in QUOTE_CHARS or text in DASH_CHARS:
            return self._tagged(text, "$(")
        return self._tagged(text, self.tagger.int2tag[tag])

    def load(self) -> None:
        """Read now what is otherwise read on first use: all the shipped word analyses."""
        self.words.load()

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


AGE_NOUN = re.compile(r"^\d{1,3}-Jährige[nmrs]?$")  # capitalized, a noun: "der 78-Jährige", "des 44-Jährigen"


FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})  # the STTS tags of a finite verb


def _finite_after_noun(tokens: list[Token]) -> None:
    """In a sentence with no finite verb, a participle adjective in -ten right after a noun is the
    preterite plural ("Israelische Kampfflugzeuge bombardierten Ziele": HanTa reads "the bombed targets")."""
    if any(t.tag_ in FINITE_TAGS for t in tokens):
        return
    for prev, tok in zip(tokens, tokens[1:]):
        if tok.tag_ == "ADJA" and prev.tag_ in ("NN", "NE") and tok._.verb_lemma and tok.lower_.endswith("ten"):
            tok.tag_, tok.pos_, tok.lemma_ = "VVFIN", "VERB", tok._.verb_lemma
            tok._.verb_lemma = None
            return


def _normalize(word: str) -> str:
    """Quotes and dashes as HanTa knows them, line breaks as a plain space."""
    if word in QUOTE_CHARS:
        return '"'
    if word in DASH_CHARS:
        return "-"
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
