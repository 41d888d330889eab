"""Score a named-entity recognizer on the held-out GermEval 2014 sentences.

The module owns three things the trainer and any later recognizer share:

* reading GermEval 2014 (``index<TAB>token<TAB>outer<TAB>inner``) into
  :class:`Sentence` objects, with a :class:`LabelScheme` deciding which outer
  labels survive (OTH, the ``deriv``/``part`` variants);
* the fixed, deterministic split (:func:`split_germeval`): the last 1,000
  sentences of ``NER-de-test-part1.tsv`` are held out and never trained on;
  the rest is training data, its last 300 sentences the dev set;
* exact-match span scoring of any predictor that maps a token list to token
  spans (:func:`evaluate_spans`), with an adapter for spaCy pipelines
  (:func:`spacy_predictor`).

Run ``python -m geokg.extract.ner.evaluate [MODEL_DIR]`` to print the table for a
saved spaCy pipeline (default: the shipped ``extract/ner/model``).
"""
from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

TokenSpan = tuple[int, int, str]
"""A labelled token span: ``(start, end_exclusive, label)``."""

Predictor = Callable[[list[str]], list[TokenSpan]]
"""Anything that maps the tokens of one sentence to labelled token spans."""

Scores = dict[str, dict[str, float | int]]
"""Per label and ``"micro"``: ``p``, ``r``, ``f``, ``tp``, ``fp``, ``fn``, ``support``."""

SCORED_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
"""The entity types geokg scores; other predicted labels are ignored."""

DATA_DIR_ENV = "GEOKG_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # ../shared/data
GERMEVAL_DIR = "germeval2014"
GERMEVAL_DEV = "NER-de-dev.tsv"
GERMEVAL_TEST = "NER-de-test-part1.tsv"
N_HELDOUT = 1000
N_DEV = 300

MODEL_DIR = Path(__file__).parent / "model"


@dataclass(frozen=True)
class Sentence:
    """One tokenized sentence with its gold entity spans.

    Examples
    --------
    >>> s = Sentence(("Klaus", "Müller", "sprach", "."), ((0, 2, "PER"),))
    >>> s.entity_texts()
    [('Klaus Müller', 'PER')]
    """

    tokens: tuple[str, ...]
    spans: tuple[TokenSpan, ...]
    source: str = ""

    def entity_texts(self) -> list[tuple[str, str]]:
        """The gold entities as ``(text, label)`` pairs, tokens joined by spaces."""
        return [(" ".join(self.tokens[s:e]), label) for s, e, label in self.spans]


@dataclass(frozen=True)
class LabelScheme:
    """Which GermEval outer labels become training labels, and as what.

    ``oth`` is ``"drop"`` (OTH spans are left unannotated) or ``"misc"`` (OTH
    becomes MISC). ``deriv`` is ``"drop"`` (``LOCderiv``, ``ORGpart`` … are
    left unannotated) or ``"keep"`` (each stays a label of its own, so the
    model learns that "russische" is not a LOC but still something).

    Examples
    --------
    >>> LabelScheme().map_label("LOCderiv") is None
    True
    >>> LabelScheme(oth="misc", deriv="keep").map_label("OTHpart")
    'MISCpart'
    """

    oth: str = "drop"
    deriv: str = "drop"

    def __post_init__(self) -> None:
        if self.oth not in ("drop", "misc"):
            raise ValueError(f"oth must be 'drop' or 'misc', not {self.oth!r}")
        if self.deriv not in ("drop", "keep"):
            raise ValueError(f"deriv must be 'drop' or 'keep', not {self.deriv!r}")

    @property
    def name(self) -> str:
        """A short name for logs and metadata, e.g. ``"oth-drop_deriv-drop"``."""
        return f"oth-{self.oth}_deriv-{self.deriv}"

    def map_label(self, label: str) -> str | None:
        """The training label for a GermEval outer label, or None to drop it."""
        for suffix in ("deriv", "part"):
            if label.endswith(suffix):
                if self.deriv == "drop":
                    return None
                base = self.map_label(label[: -len(suffix)])
                return None if base is None else base + suffix
        if label in SCORED_LABELS:
            return label
        if label == "OTH":
            return "MISC" if self.oth == "misc" else None
        raise ValueError(f"unknown GermEval label {label!r}")

    def labels(self) -> list[str]:
        """Every label this scheme produces, sorted."""
        raw = ["PER", "ORG", "LOC", "OTH"]
        raw += [r + s for r in raw for s in ("deriv", "part")]
        return sorted({m for m in map(self.map_label, raw) if m is not None})


CORE_SCHEME = LabelScheme()
"""PER/ORG/LOC only: the scheme gold held-out spans are read with."""


@dataclass(frozen=True)
class GermEvalSplit:
    """The fixed train / dev / held-out partition of the available GermEval data."""

    train: list[Sentence]
    dev: list[Sentence]
    heldout: list[Sentence]


def bio_to_spans(tags: Sequence[str]) -> list[TokenSpan]:
    """Labelled spans from a BIO tag sequence (an ``I-`` without its ``B-`` opens a span).

    Examples
    --------
    >>> bio_to_spans(["B-PER", "I-PER", "O", "B-LOCderiv", "I-ORG"])
    [(0, 2, 'PER'), (3, 4, 'LOCderiv'), (4, 5, 'ORG')]
    """
    spans: list[TokenSpan] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        continues = tag.startswith("I-") and tag[2:] == label
        if start >= 0 and not continues:
            spans.append((start, i, label))
            start, label = -1, ""
        if tag.startswith(("B-", "I-")) and not continues:
            start, label = i, tag[2:]
    return spans


def read_germeval(path: Path, scheme: LabelScheme = CORE_SCHEME) -> list[Sentence]:
    """Read a GermEval 2014 file, keeping the outer spans the scheme maps.

    Each sentence is a ``#`` comment line (source URL and date), then one
    ``index<TAB>token<TAB>outer<TAB>inner`` line per token, then a blank line.
    """
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    source = ""

    def flush() -> None:
        if tokens:
            spans = []
            for s, e, raw in bio_to_spans(tags):
                mapped = scheme.map_label(raw)
                if mapped is not None:
                    spans.append((s, e, mapped))
            sentences.append(Sentence(tuple(tokens), tuple(spans), source))
        tokens.clear()
        tags.clear()

    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                flush()
                fields = line.split("\t")
                source = fields[1] if len(fields) > 1 else ""
            elif not line.strip():
                flush()
            else:
                fields = line.split("\t")
                if len(fields) < 3:
                    raise ValueError(f"{path}:{lineno}: expected index, token, outer tag")
                tokens.append(fields[1])
                tags.append(fields[2])
    flush()
    return sentences


def germeval_dir(data_dir: Path | None = None) -> Path:
    """The GermEval folder: ``data_dir``, else ``$GEOKG_DATA_DIR``, else ../shared/data beside the clone."""
    root = data_dir or Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))
    folder = root / GERMEVAL_DIR
    if not (folder / GERMEVAL_TEST).is_file():
        raise FileNotFoundError(
            f"GermEval 2014 not found in {folder}; set {DATA_DIR_ENV} to the folder "
            f"that holds {GERMEVAL_DIR}/{GERMEVAL_DEV} and {GERMEVAL_DIR}/{GERMEVAL_TEST}"
        )
    return folder


def split_germeval(
    data_dir: Path | None = None, scheme: LabelScheme = CORE_SCHEME
) -> GermEvalSplit:
    """The fixed split: held-out = last 1,000 of test-part1; dev = last 300 of the rest.

    Training data is ``NER-de-dev.tsv`` followed by the first 2,100 sentences
    of ``NER-de-test-part1.tsv``, in file order; the split is positional, so
    it is the same on every run. Held-out spans always use ``scheme`` too;
    score them with :func:`load_heldout` (PER/ORG/LOC) unless you know why not.
    """
    folder = germeval_dir(data_dir)
    pool = read_germeval(folder / GERMEVAL_DEV, scheme)
    test = read_germeval(folder / GERMEVAL_TEST, scheme)
    if len(test) <= N_HELDOUT:
        raise ValueError(f"{GERMEVAL_TEST} has {len(test)} sentences, need > {N_HELDOUT}")
    pool += test[:-N_HELDOUT]
    return GermEvalSplit(train=pool[:-N_DEV], dev=pool[-N_DEV:], heldout=test[-N_HELDOUT:])


def load_heldout(data_dir: Path | None = None) -> list[Sentence]:
    """The 1,000 held-out sentences with gold PER/ORG/LOC spans (OTH, deriv, part dropped)."""
    return split_germeval(data_dir, CORE_SCHEME).heldout


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def evaluate_spans(
    predict: Predictor,
    sentences: Iterable[Sentence],
    labels: Sequence[str] = SCORED_LABELS,
) -> Scores:
    """Exact-match span P/R/F1 per label and micro-averaged over ``labels``.

    ``predict`` gets the tokens of one sentence and returns
    ``(start, end_exclusive, label)`` token spans; predicted labels outside
    ``labels`` (MISC, LOCderiv, …) are ignored, and so are gold ones. A span
    counts only if start, end and label all match.

    Returns ``{label: {"p", "r", "f", "tp", "fp", "fn", "support"}}`` for
    each label plus ``"micro"``.

    Examples
    --------
    >>> gold = [Sentence(("Olaf", "Scholz", "in", "Berlin"), ((0, 2, "PER"), (3, 4, "LOC")))]
    >>> scores = evaluate_spans(lambda toks: [(0, 2, "PER"), (3, 4, "ORG")], gold)
    >>> scores["PER"]["f"], scores["LOC"]["r"], scores["micro"]["p"]
    (1.0, 0.0, 0.5)
    """
    wanted = set(labels)
    counts = {label: [0, 0, 0] for label in labels}
    for sentence in sentences:
        gold = {s for s in sentence.spans if s[2] in wanted}
        pred = {s for s in predict(list(sentence.tokens)) if s[2] in wanted}
        for _, _, label in gold & pred:
            counts[label][0] += 1
        for _, _, label in pred - gold:
            counts[label][1] += 1
        for _, _, label in gold - pred:
            counts[label][2] += 1
    scores = {label: _prf(*c) for label, c in counts.items()}
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    scores["micro"] = _prf(tp, fp, fn)
    return scores


def spacy_predictor(nlp: Language) -> Predictor:
    """Wrap a spaCy pipeline as a :data:`Predictor` that keeps the given tokens.

    The tokens become a ``Doc`` directly (the tokenizer is bypassed, so spans
    line up with the gold tokens); every pipeline component then runs on it.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("de")
    >>> ruler = nlp.add_pipe("entity_ruler")
    >>> _ = ruler.add_patterns([{"label": "LOC", "pattern": "Berlin"}])
    >>> spacy_predictor(nlp)(["Nach", "Berlin", "."])
    [(1, 2, 'LOC')]
    """
    from spacy.tokens import Doc

    def predict(tokens: list[str]) -> list[TokenSpan]:
        doc = Doc(nlp.vocab, words=tokens)
        for _, component in nlp.pipeline:
            doc = component(doc)
        return [(e.start, e.end, e.label_) for e in doc.ents]

    return predict


def geokg_predictor(ner: Path | bool | None = None) -> Predictor:
    """geokg's own recognizer as a :data:`Predictor`: gazetteers, cues and rules, with the
    statistical model at `ner` (None: the shipped one; False: none). GPE (countries) counts as LOC,
    as in GermEval."""
    from spacy.tokens import Doc

    from geokg.extract.pipeline import build_pipeline

    nlp = build_pipeline(ner=ner)
    steps = [proc for name, proc in nlp.pipeline if name != "geokg_statements"]

    def predict(tokens: list[str]) -> list[TokenSpan]:
        doc = Doc(nlp.vocab, words=tokens)
        for proc in steps:
            doc = proc(doc)
        return [(e.start, e.end, "LOC" if e.label_ == "GPE" else e.label_) for e in doc.ents]

    return predict


def load_model(path: Path) -> Language:
    """Load a saved NER pipeline; geokg's HanTa component is registered first, as models trained
    on its tags carry it (`hanta`, ahead of `tok2vec`)."""
    import spacy

    import geokg.extract.tagger  # noqa: F401  (registers the geokg_hanta factory)

    return spacy.load(path)


def evaluate_pipeline(
    nlp: Language, sentences: Sequence[Sentence] | None = None
) -> Scores:
    """Score a spaCy pipeline on ``sentences`` (default: the held-out set)."""
    return evaluate_spans(spacy_predictor(nlp), sentences if sentences is not None else load_heldout())


def format_table(scores: Scores) -> str:
    """The scores from :func:`evaluate_spans` as a fixed-width text table.

    Examples
    --------
    >>> print(format_table({"micro": {"p": 0.5, "r": 0.25, "f": 1 / 3, "support": 4}}))
    type        P      R     F1  gold
    micro   50.00  25.00  33.33     4
    """
    rows = ["type        P      R     F1  gold"]
    for label, s in scores.items():
        rows.append(
            f"{label:<5} {100 * s['p']:7.2f}{100 * s['r']:7.2f}{100 * s['f']:7.2f}{s['support']:6d}"
        )
    return "\n".join(rows)


def spacy_scores(scores: Scores) -> dict[str, object]:
    """The scores in spaCy's ``meta.json`` ``performance`` shape (``ents_p`` … ``ents_per_type``)."""
    micro = scores["micro"]
    return {
        "ents_p": micro["p"],
        "ents_r": micro["r"],
        "ents_f": micro["f"],
        "ents_per_type": {
            label: {"p": s["p"], "r": s["r"], "f": s["f"]}
            for label, s in scores.items()
            if label != "micro"
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the held-out table of the model, of geokg's rules, or of both combined."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("model", nargs="?", type=Path, default=MODEL_DIR)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--recognizer", choices=("model", "rules", "combined"), default="model",
                        help="the model alone (default), geokg's rules alone, or both as geokg runs them")
    args = parser.parse_args(argv)
    heldout = load_heldout(args.data_dir)
    if args.recognizer == "model":
        scores = evaluate_pipeline(load_model(args.model), heldout)
    else:
        scores = evaluate_spans(geokg_predictor(args.model if args.recognizer == "combined" else False), heldout)
    print(json.dumps(scores, indent=2) if args.json else format_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
