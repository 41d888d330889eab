"""Train the statistical NER on GermEval 2014 and ship it to ``extract/ner/model``.

The steps: read the fixed split (:func:`extract.ner.evaluate.split_germeval`),
write the train and dev sentences as spaCy DocBins, train ``config.cfg`` with
``spacy.cli.train`` (early stopping on the dev set), score the best model on
the held-out sentences it never saw, and save the pipeline (the frozen HanTa
``hanta`` component whose tags the model reads, ``tok2vec`` + ``ner``,
``spacy.blank("de")``'s tokenizer) with the attribution and the held-out
scores in its ``meta.json``.

Run it single-threaded, it is sized for one CPU core (≤ 20 minutes)::

    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        nice -n 10 python -m geokg.extract.ner.train
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geokg.extract.ner.evaluate import (
    MODEL_DIR,
    SCORED_LABELS,
    LabelScheme,
    Scores,
    Sentence,
    evaluate_pipeline,
    format_table,
    load_model,
    spacy_scores,
    split_germeval,
)

if TYPE_CHECKING:
    from spacy.language import Language

CONFIG_PATH = Path(__file__).parent / "config.cfg"

GERMEVAL_SOURCE: dict[str, str] = {
    "name": "GermEval 2014 NER (NoSta-D)",
    "url": "https://sites.google.com/site/germeval2014ner/",
    "license": "CC BY 4.0",
    "author": "Darina Benikova, Chris Biemann, Marc Reznicek",
    "citation": (
        "Benikova, D., Biemann, C., Reznicek, M. (2014): NoSta-D Named Entity "
        "Annotation for German: Guidelines and Dataset. Proceedings of LREC 2014, "
        "Reykjavik, Iceland."
    ),
}

MODEL_META: dict[str, Any] = {
    "name": "geokg_ner",
    "version": "0.1.0",
    "description": (
        "Small CPU named-entity recognizer for German (PER, ORG, LOC): spaCy "
        "tok2vec (MultiHashEmbed NORM/PREFIX/SUFFIX/SHAPE + the STTS tag of geokg's "
        "HanTa component + MaxoutWindowEncoder, no pretrained vectors) and "
        "transition-based ner, trained on 4,000 "
        "GermEval 2014 sentences. Scores in 'performance' are exact-span "
        "scores on 1,000 held-out GermEval sentences never used for training."
    ),
    "author": "geokg",
    "license": "CC BY 4.0",
    "sources": [GERMEVAL_SOURCE],
}


@dataclass
class TrainingResult:
    """The best-on-dev pipeline, its PER/ORG/LOC scores and how it was trained."""

    nlp: Language
    scheme: LabelScheme
    heldout: Scores
    dev: Scores
    seconds: float
    split: dict[str, int]


def write_docbin(sentences: Sequence[Sentence], path: Path) -> None:
    """Save sentences as a spaCy DocBin on their gold tokens, unannotated tokens as O.

    The docs have unknown spacing, so spaCy's corpus reader keeps the gold
    tokens instead of re-tokenizing (``Corpus`` with ``gold_preproc`` off).
    """
    import spacy
    from spacy.tokens import Doc, DocBin, Span

    vocab = spacy.blank("de").vocab
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for sentence in sentences:
        doc = Doc(vocab, words=list(sentence.tokens))
        doc.set_ents([Span(doc, s, e, label) for s, e, label in sentence.spans], default="outside")
        docbin.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)


def train_ner(
    workdir: Path,
    *,
    scheme: LabelScheme,
    config_path: Path = CONFIG_PATH,
    data_dir: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> TrainingResult:
    """Train on the fixed split inside ``workdir``; return the best-on-dev pipeline and its scores.

    ``overrides`` are spaCy config overrides (``{"training.max_steps": 2000}``).
    Held-out and dev scores cover PER/ORG/LOC whatever labels ``scheme`` trains.
    """
    from spacy.cli.train import train

    import geokg.extract.tagger  # noqa: F401  (the config's frozen `hanta` component)

    split = split_germeval(data_dir, scheme)
    write_docbin(split.train, workdir / "train.spacy")
    write_docbin(split.dev, workdir / "dev.spacy")
    settings: dict[str, Any] = {
        "paths.train": str(workdir / "train.spacy"),
        "paths.dev": str(workdir / "dev.spacy"),
        **(overrides or {}),
    }
    started = time.monotonic()
    train(config_path, workdir / "training", use_gpu=-1, overrides=settings)
    seconds = time.monotonic() - started

    nlp = load_model(workdir / "training" / "model-best")
    # Held-out gold is always PER/ORG/LOC, whatever labels the scheme trained.
    core = split_germeval(data_dir)
    return TrainingResult(
        nlp=nlp,
        scheme=scheme,
        heldout=evaluate_pipeline(nlp, core.heldout),
        dev=evaluate_pipeline(nlp, core.dev),
        seconds=seconds,
        split={"train": len(split.train), "dev": len(split.dev), "heldout": len(split.heldout)},
    )


def save_model(result: TrainingResult, output: Path) -> None:
    """Write the pipeline with attribution, held-out scores and training facts in ``meta.json``."""
    nlp = result.nlp
    for key in ("train", "dev"):  # temporary DocBin paths mean nothing once shipped
        nlp.config["paths"][key] = None
    nlp.meta.update(MODEL_META)
    nlp.meta["performance"] = spacy_scores(result.heldout)
    nlp.meta["geokg"] = {
        "evaluation": (
            "exact token-span match on the last 1,000 sentences of "
            "GermEval 2014 NER-de-test-part1.tsv (gold tokens; OTH, deriv, part not scored)"
        ),
        "heldout": result.heldout,
        "dev": result.dev,
        "label_scheme": {"oth": result.scheme.oth, "deriv": result.scheme.deriv},
        "scored_labels": list(SCORED_LABELS),
        "split": result.split,
        "training_seconds": round(result.seconds, 1),
        "retrain": "make model",
    }
    if output.exists():
        if not (output / "meta.json").is_file():
            raise FileExistsError(f"{output} exists and is not a spaCy pipeline; not overwriting it")
        shutil.rmtree(output)
    nlp.to_disk(output)
    (output / "README.md").write_text(model_readme(result), encoding="utf-8")


def model_readme(result: TrainingResult) -> str:
    """A short README for the pipeline folder: what it is, its scores, its data licence."""
    source = GERMEVAL_SOURCE
    lines = [
        f"# {MODEL_META['name']} {MODEL_META['version']}",
        "",
        MODEL_META["description"],
        "",
        f"Held-out scores (exact span match, {result.heldout['micro']['support']} gold entities):",
        "",
        "```",
        format_table(result.heldout),
        "```",
        "",
        f"Trained by `python -m geokg.extract.ner.train` (`make model`) in {result.seconds / 60:.1f} minutes "
        f"on one CPU core; label scheme {result.scheme.name}.",
        "",
        "## Training data and licence",
        "",
        f"Trained on {source['name']} ({source['url']}), licensed {source['license']}. "
        f"Authors: {source['author']}.",
        "",
        source["citation"],
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train, print the held-out table, save the pipeline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=MODEL_DIR, help="pipeline directory to write")
    parser.add_argument("--config", type=Path, default=CONFIG_PATH)
    parser.add_argument("--data-dir", type=Path, default=None, help="folder holding germeval2014/")
    parser.add_argument("--oth", choices=("drop", "misc"), default="drop")
    parser.add_argument("--deriv", choices=("drop", "keep"), default="drop")
    parser.add_argument("--workdir", type=Path, default=None, help="keep DocBins and checkpoints here")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=JSON",
        help="config override, e.g. --set training.max_steps=2000",
    )
    args = parser.parse_args(argv)
    scheme = LabelScheme(oth=args.oth, deriv=args.deriv)
    overrides: dict[str, Any] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)

    with tempfile.TemporaryDirectory(prefix="geokg-ner-") as tmp:
        workdir = args.workdir or Path(tmp)
        result = train_ner(
            workdir, scheme=scheme, config_path=args.config, data_dir=args.data_dir, overrides=overrides
        )
        save_model(result, args.output)
    print(f"\nlabel scheme {scheme.name}; trained {result.seconds / 60:.1f} min; saved to {args.output}")
    print("dev (PER/ORG/LOC):")
    print(format_table(result.dev))
    print("held-out (PER/ORG/LOC):")
    print(format_table(result.heldout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
