"""Write extract/lang_de/hanta_words.tsv.gz: HanTa's analyses of frequent German word forms, precomputed.

HanTa analyses a word it has not met in this process with a Viterbi over its morphemes
(~0.2 ms even in extract.tagger's re-implementation); real text has many rare word forms, so
the tagger looks the most frequent ones up here first (extract.tagger.WordCache). Each line
holds what HanTa computes for one lower-case form, exactly (floats as their repr):

    form <TAB> analyze_forward: tag:logprob,... ('-' for forms in HanTa's own cache)
         <TAB> analyze_viterbi per part of speech: pos=tag,end;tag,end|pos=...

The parts of speech kept are those `_tag_word` keeps (cutoff 5) in any casing of the form,
i.e. those the sentence Viterbi can choose; other tags are computed when asked for.

The forms: the first --words of wordfreq's "large" German list (frequency order; wordfreq 3.1.1,
its data CC BY-SA 4.0), read from the wheel (`pip download wordfreq==3.1.1 --no-deps`), not from
any text geokg is benchmarked on; then the words of the gazetteers' names (and their genitives),
first names and surnames that the list leaves out: the names news is full of, tagged without a
morpheme search. The file records the model's sha256: the tagger ignores it for any other model.

The file is a gzip member of header lines, then the lines in SHARDS members, a form in member
crc32(form) % SHARDS (`zcat` reads it whole; the tagger reads a member when it first needs one of
its forms, `# shards` giving their sizes). A form the file at --out already holds (for the same
model) keeps its line, so after adding names to the gazetteers a rebuild analyses only the new words.

Usage::

    python bench/build_tagger_cache.py [--words 400000] [--wheel wordfreq-3.1.1-py3-none-any.whl]
"""
from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geokg.extract.tagger import CACHE_FILE, MAX_WORD, SHARDS, UNKNOWN, model_digest  # noqa: E402

WORDFREQ = "wordfreq==3.1.1"
MODEL = "morphmodel_ger.pgz"


def wordfreq_forms(wheel: Path | None) -> list[str]:
    """wordfreq's large German list, most frequent first."""
    import srsly  # spaCy's, for msgpack

    if wheel is None:
        tmp = Path(tempfile.mkdtemp(prefix="wordfreq-"))
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", WORDFREQ, "-d", str(tmp)],
                       check=True)
        wheel = next(tmp.glob("wordfreq-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read("wordfreq/data/large_de.msgpack.gz")
    buckets = srsly.msgpack_loads(gzip.decompress(packed))[1:]  # [header, bucket, bucket, ...]
    return [form for bucket in buckets for form in bucket]


def keep(form: str) -> bool:
    """A form the tagger can meet: no space, not too long, and a letter in it."""
    return 0 < len(form) <= MAX_WORD and not any(c.isspace() for c in form) and any(c.isalpha() for c in form)


def gazetteer_forms() -> list[str]:
    """The lower-case words of every gazetteer name and its genitive, of first names and surnames, as tokenized."""
    import spacy

    from geokg.extract.entities import name_forms
    from geokg.extract.kb import knowledge_base
    from geokg.extract.lang_de import gazetteer
    from geokg.extract.phrases import PhraseIndex

    kb = knowledge_base()
    words = PhraseIndex(spacy.blank("de").tokenizer).words
    names = [name for _, forms in name_forms(kb) for name in forms]
    names += sorted(gazetteer.first_names()) + sorted(kb.surnames)
    return [w.lower() for name in names for w in words(name)]


def shipped_lines(path: Path) -> dict[str, str]:
    """Form → its line in the file at `path`, if that file was made with this model ({} otherwise)."""
    if not path.is_file():
        return {}
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    _, _, body = text.partition("\n# model\t")
    digest, _, body = body.partition("\n")
    if digest != model_digest(MODEL):
        return {}
    return {ln.split("\t", 1)[0]: ln for ln in body.splitlines() if not ln.startswith("#")}


def line(tagger: Any, form: str) -> str:
    """The cache line of one lower-case form, from stock HanTa."""
    forward = "-"
    if form not in tagger.cache:
        forward = ",".join(f"{tag}:{float(lp)!r}" for tag, lp in tagger.analyze_forward(form))
    tags: dict[int, None] = {}  # the parts of speech `_tag_word` keeps, in order, in any casing
    for variant, cs in ((form, False), (form, True), (form[:1].upper() + form[1:], True)):
        for tag, _ in tagger._tag_word(variant, cutoff=5, casesensitive=cs, conditional=True):
            if tag > UNKNOWN:
                tags[tag] = None
    paths = "|".join(f"{tag}=" + ";".join(f"{m},{end}" for m, end in tagger.analyze_viterbi(form, -tag))
                     for tag in tags)
    return f"{form}\t{forward}\t{paths}"


def main(argv: list[str] | None = None) -> int:
    """Build the cache file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--words", type=int, default=400_000, help="how many of the most frequent forms")
    parser.add_argument("--wheel", type=Path, help="a downloaded wordfreq 3.1.1 wheel (else pip downloads it)")
    parser.add_argument("--out", type=Path, default=ROOT / "extract" / "lang_de" / CACHE_FILE)
    args = parser.parse_args(argv)
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger(MODEL)
    frequent = list(dict.fromkeys(f for f in wordfreq_forms(args.wheel) if keep(f)))[:args.words]
    forms = list(dict.fromkeys(frequent + [f for f in gazetteer_forms() if keep(f)]))
    shipped = shipped_lines(args.out)
    started = time.process_time()
    shards: list[list[str]] = [[] for _ in range(SHARDS)]
    for n, form in enumerate(forms, 1):
        shards[zlib.crc32(form.encode("utf-8")) % SHARDS].append(shipped.get(form) or line(tagger, form))
        if n % 20_000 == 0:
            print(f"{n:,} forms, {time.process_time() - started:.0f} s", file=sys.stderr)
    members = [_gzip("".join(ln + "\n" for ln in shard)) for shard in shards]
    header = (f"# HanTa analyses of frequent German word forms: bench/build_tagger_cache.py --words {args.words}\n"
              f"# forms: {WORDFREQ} large German list (data CC BY-SA 4.0), then {len(forms) - len(frequent):,} "
              "more words of the gazetteers' names; HanTa model sha256 below\n"
              f"# model\t{model_digest(MODEL)}\n"
              f"# shards\t{','.join(str(len(m)) for m in members)}\n")
    args.out.write_bytes(_gzip(header) + b"".join(members))
    print(f"{args.out}: {len(forms):,} forms, {args.out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


def _gzip(text: str) -> bytes:
    """One gzip member of the text; mtime 0, so that the same forms and model give the same bytes."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


if __name__ == "__main__":
    raise SystemExit(main())
