"""Measure the HanTa tagger on Universal Dependencies German: STTS, UPOS, lemma, speed.

HanTa tags the gold syntactic words of each sentence (contractions such as
"im" arrive split as "in dem", as UD writes them); its tags are mapped to
STTS and UPOS through ``extract/lang_de/hanta_tags.tsv``. Scores per corpus:

* STTS accuracy against the ``xpos`` column, only where that column is STTS
  (UD German GSD; UD German PUD uses a different, English-style tagset);
* UPOS accuracy against ``upos`` (the mapping is tag-for-tag, so it cannot
  tell AUX from VERB for a main-verb "sein"/"haben" the way UD does);
* lemma accuracy, case-insensitive, over all words and over content words
  (NOUN PROPN VERB AUX ADJ ADV). UD lemmatizes pronouns and determiners to
  a citation form (mir → ich, uns → wir, ihm → er, dies → dieser,
  anderen → anderer); HanTa keeps the form ("mir", "ander"), which is most
  of its function-word lemma "errors". A PROPN column shows how often a
  name survives: HanTa clips some (Mazedonien → Mazedonie, Augustus →
  Augustu), so entity names should keep their surface form;
* tokens per second of ``tag_sent``, on a fresh tagger per corpus (HanTa
  caches word analyses, so the first pass is the honest one).

Each corpus is tagged twice: by stock HanTa, and by HanTa as geokg runs it
(``geokg.extract.tagger.speed_up`` with the shipped word analyses, the
"geokg" rows), whose tags and lemmas are the same but for the rules on top: geokg analyses a
hyphenated compound by its head (`extract.tagger.ByHead`; UD German writes none: it splits them),
and a capitalized closed compound not in the shipped analyses by its noun head
(`extract.tagger.Compounds`; on GSD test one tag and two lemmas differ from stock HanTa's).

Each score is given twice: HanTa as is, and with one rule on top ("+punct")
that tags every all-punctuation token ``$.``/``$,``/``$(`` — HanTa calls
typographic quotes „ “ XY or FM.

Usage::

    python bench/measure_tagger.py [CONLLU ...] [--errors 15]
"""
from __future__ import annotations

import argparse
import csv
import os
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import conllu

ROOT = Path(__file__).resolve().parents[1]
TAG_TABLE = ROOT / "extract" / "lang_de" / "hanta_tags.tsv"
UD_DIR = Path(os.environ.get("GEOKG_DATA_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "data")) / "ud-german"
HANTA_MODEL = "morphmodel_ger.pgz"
CONTENT_UPOS = frozenset({"NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV"})

STTS_TAGS = frozenset(
    "$( $, $. ADJA ADJD ADV APPO APPR APPRART APZR ART CARD FM ITJ KOKOM KON KOUI "
    "KOUS NE NN PAV PROAV PDAT PDS PIAT PIDAT PIS PPER PPOSAT PPOSS PRELAT PRELS PRF "
    "PTKA PTKANT PTKNEG PTKVZ PTKZU PWAT PWAV PWS TRUNC VAFIN VAIMP VAINF VAPP "
    "VMFIN VMINF VMPP VVFIN VVIMP VVINF VVIZU VVPP XY".split()
)


@dataclass(frozen=True)
class Word:
    """One gold syntactic word."""

    form: str
    lemma: str
    upos: str
    xpos: str


@dataclass
class Tally:
    """Correct / total counts for one measure."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else float("nan")


@dataclass
class CorpusResult:
    """Scores and speed of HanTa on one corpus."""

    name: str
    sentences: int = 0
    tokens: int = 0
    seconds: float = 0.0
    stts_is_gold: bool = False
    tallies: dict[str, Tally] = field(default_factory=dict)
    errors: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    def tally(self, key: str) -> Tally:
        return self.tallies.setdefault(key, Tally())

    def error(self, key: str, gold: str, pred: str) -> None:
        self.errors.setdefault(key, Counter())[(gold, pred)] += 1

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else float("nan")


def load_tag_table(path: Path = TAG_TABLE) -> dict[str, tuple[str, str]]:
    """HanTa tag → (STTS, UPOS) from the ``hanta``/``stts``/``upos`` TSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["hanta"]: (row["stts"], row["upos"]) for row in csv.DictReader(handle, delimiter="\t")}


def read_conllu(path: Path) -> list[list[Word]]:
    """Sentences of gold syntactic words (multi-word token ranges and empty nodes skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [
            [
                Word(t["form"], t["lemma"], t["upos"], t["xpos"] or "_")
                for t in sentence
                if isinstance(t["id"], int)
            ]
            for sentence in conllu.parse_incr(handle)
        ]


def punct_tag(form: str) -> str | None:
    """The STTS punctuation tag for an all-punctuation token, else None."""
    if not form or not all(unicodedata.category(c).startswith("P") for c in form):
        return None
    if form == ",":
        return "$,"
    if form in {".", "!", "?", ";", ":", "...", "…"}:
        return "$."
    return "$("


def measure(path: Path, table: dict[str, tuple[str, str]], geokg: bool = False) -> CorpusResult:
    """Tag one CoNLL-U file with a fresh HanTa tagger (as geokg runs it, if `geokg`) and score it."""
    from HanTa import HanoverTagger as ht

    tagger = ht.HanoverTagger(HANTA_MODEL)
    if geokg:
        from geokg.extract.tagger import WordCache, speed_up

        tagger = speed_up(tagger, cache=WordCache(HANTA_MODEL))
        tagger.tag_sent(["Die", "Analysen", "sind", "geladen", "."])  # the shipped analyses: read before the clock
    sentences = read_conllu(path)
    result = CorpusResult(path.stem + (" (geokg)" if geokg else ""))
    gold_xpos = Counter(w.xpos for s in sentences for w in s)
    # Only compare xpos where the corpus writes STTS (GSD does, PUD does not).
    result.stts_is_gold = sum(n for t, n in gold_xpos.items() if t in STTS_TAGS) > 0.95 * sum(
        gold_xpos.values()
    )

    tagged = []
    started = time.perf_counter()
    for sentence in sentences:
        tagged.append(tagger.tag_sent([w.form for w in sentence], taglevel=1))
    result.seconds = time.perf_counter() - started

    unmapped: Counter[str] = Counter()
    for sentence, output in zip(sentences, tagged):
        result.sentences += 1
        for word, (_, lemma, tag) in zip(sentence, output, strict=True):
            result.tokens += 1
            if tag not in table:
                unmapped[tag] += 1
            stts, upos = table.get(tag, ("?", "?"))
            fixed = punct_tag(word.form)
            variants = {"": (stts, upos), "+punct": (fixed, "PUNCT") if fixed else (stts, upos)}
            for suffix, (p_stts, p_upos) in variants.items():
                if result.stts_is_gold:
                    result.tally("stts" + suffix).add(p_stts == word.xpos)
                result.tally("upos" + suffix).add(p_upos == word.upos)
            if result.stts_is_gold and stts != word.xpos:
                result.error("stts", word.xpos, f"{tag}")
            if upos != word.upos:
                result.error("upos", word.upos, f"{upos} ({tag})")
            lemma_ok = lemma.casefold() == word.lemma.casefold()
            result.tally("lemma").add(lemma_ok)
            if not lemma_ok:
                result.error("lemma", f"{word.form}/{word.lemma}", lemma)
            if word.upos in CONTENT_UPOS:
                result.tally("lemma-content").add(lemma_ok)
            if word.upos == "PROPN":
                result.tally("lemma-propn").add(lemma_ok)
    if unmapped:
        raise KeyError(f"HanTa tags missing from {TAG_TABLE.name}: {dict(unmapped)}")
    return result


COLUMNS: tuple[tuple[str, str], ...] = (
    ("STTS", "stts"),
    ("+punct", "stts+punct"),
    ("UPOS", "upos"),
    ("+punct", "upos+punct"),
    ("lemma", "lemma"),
    ("content", "lemma-content"),
    ("PROPN", "lemma-propn"),
)
"""Table columns: heading and tally key."""


def format_results(results: Sequence[CorpusResult]) -> str:
    """One row per corpus: token count, accuracies (%), tokens/s."""
    header = f"{'corpus':<24}{'tokens':>7}" + "".join(f"{h:>9}" for h, _ in COLUMNS) + f"{'tok/s':>9}"
    rows = [header, "-" * len(header)]
    for r in results:
        cells = [
            f"{100 * r.tallies[key].accuracy:9.2f}" if key in r.tallies else f"{'n/a':>9}"
            for _, key in COLUMNS
        ]
        rows.append(f"{r.name:<24}{r.tokens:>7}" + "".join(cells) + f"{r.tokens_per_second:9.0f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path, help="CoNLL-U files (default: GSD test, PUD test)")
    parser.add_argument("--tags", type=Path, default=TAG_TABLE, help="HanTa → STTS/UPOS table")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="show the N commonest errors")
    args = parser.parse_args(argv)
    files = args.files or [UD_DIR / "de_gsd-ud-test.conllu", UD_DIR / "de_pud-ud-test.conllu"]
    table = load_tag_table(args.tags)
    results = [measure(path, table, geokg) for path in files for geokg in (False, True)]
    print(format_results(results))
    for r in results:
        if not r.stts_is_gold:
            print(f"{r.name}: xpos is not STTS, STTS accuracy not measured")
    if args.errors:
        for r in results:
            for kind, counts in r.errors.items():
                shown = ", ".join(f"{g}→{p} {n}" for (g, p), n in counts.most_common(args.errors))
                print(f"\n{r.name} {kind} errors (gold→HanTa): {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
