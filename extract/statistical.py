"""A statistical recognizer for the names no list knows: the CNN NER trained on GermEval 2014.

It runs before `geokg_entities`, which keeps its PER/ORG/LOC spans where no gazetteer entry, cue
or rule claims the words, and corrects their types where the gazetteers know better.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from geokg.errors import GeokgError

LABELS = frozenset({"PER", "ORG", "LOC"})


def default_model() -> Path:
    """The model shipped in the package (`extract/ner/model`)."""
    return Path(str(resources.files("extract.ner").joinpath("model")))


@lru_cache(maxsize=2)
def _load(path: str) -> Language:
    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise GeokgError("E002", f"cannot load the NER model at {path}: {exc}") from exc


class StatisticalNER:
    """Runs a trained spaCy NER pipeline on the words of a Doc and copies its spans over."""

    def __init__(self, name: str, model: str | None) -> None:
        self.name = name
        self.path = model or str(default_model())
        self.model = _load(self.path)

    def __call__(self, doc: Doc) -> Doc:
        """Set `doc.ents` to the model's PER/ORG/LOC spans (sentence breaks and spaces kept)."""
        words = [t.text for t in doc]
        if not words:
            return doc
        sub = Doc(self.model.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        for _, proc in self.model.pipeline:
            sub = proc(sub)
        doc.ents = [Span(doc, e.start, e.end, label=e.label_) for e in sub.ents
                    if e.label_ in LABELS and not any(t.is_space for t in doc[e.start:e.end])]
        return doc


@Language.factory("geokg_ner", assigns=["doc.ents"], default_config={"model": None})
def make_statistical_ner(nlp: Language, name: str, model: str | None) -> StatisticalNER:
    """Create the statistical recognizer (the packaged GermEval model unless `model` names another)."""
    return StatisticalNER(name, model)
