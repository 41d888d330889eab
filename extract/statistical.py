"""A statistical recognizer for the names no list knows: the CNN NER trained on GermEval 2014.

It runs before `geokg_entities`, which keeps its PER/ORG/LOC spans where no gazetteer entry, cue
or rule claims the words, and corrects their types where the gazetteers know better.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from geokg.extract.ents import doc_tokens
from geokg.extract.kb import knowledge_base
from geokg.errors import Errors, GeokgError

LABELS = frozenset({"PER", "ORG", "LOC"})
# Words the model reads either side of an unknown name: its tok2vec sees two either side (depth 2,
# window 1) and the transition features look a few words ahead; the rest of the sentence changes nothing.
CONTEXT = 5
# A model trained on HanTa's tags carries the tagger as its first component; inside geokg the
# document is tagged already, so the model runs on those tags and the copy is not loaded.
TAGGER = "hanta"


def default_model() -> Path:
    """The model shipped in the package (`extract/ner/model`)."""
    return Path(str(resources.files("geokg.extract.ner").joinpath("model")))


@lru_cache(maxsize=2)
def _load(path: str, vocab: Vocab) -> Language:
    """The model at `path` on `vocab`: the pipeline's, whose words have their lexemes already (the
    same as the model's own would be: its vocabulary holds no table or vector that changes them)."""
    try:
        return spacy.load(path, exclude=[TAGGER], vocab=vocab)
    except (OSError, ValueError) as exc:
        raise GeokgError(Errors.E203, path=path, reason=exc) from exc


class StatisticalNER:
    """Runs a trained spaCy NER pipeline on the words of a Doc and copies its spans over."""

    def __init__(self, name: str, model: str | None, vocab: Vocab) -> None:
        self.name = name
        self.vocab = vocab
        self.path = model or str(default_model())
        if not Path(self.path).is_dir():
            raise GeokgError(Errors.E203, path=self.path, reason="no such folder")
        self._model: Language | None = None

    @property
    def trained(self) -> Language:
        """The trained pipeline, loaded when a sentence first needs it (a text of known names needs none).

        Not called `model`: spaCy asks every component `hasattr(proc, "model")` when it links a
        pipeline (`isinstance` against a runtime protocol), which would read the model while building."""
        if self._model is None:
            self._model = _load(self.path, self.vocab)
        return self._model

    def load(self) -> None:
        """Read now what is otherwise read on first use: the model."""
        self._model = self.trained

    def __call__(self, doc: Doc) -> Doc:
        """Set `doc.ents` to the model's PER/ORG/LOC spans around the names no gazetteer knows.

        Only the stretches around such proper nouns are run through the model (`_windows`; the
        rules name the others): on news, where half the sentences hold one, reading the stretches
        and not the sentences halves the recognizer's cost, and GermEval's score stays (68.18).
        """
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        tokens = doc_tokens(doc)  # each doc[i] makes a Token anew
        wanted = [doc[start:end] for s in sents for start, end in self._windows(tokens, s)]
        if not wanted:
            return doc
        words = [t.text for s in wanted for t in s]
        spaces = [bool(t.whitespace_) for s in wanted for t in s]
        bounds = list(accumulate(len(s) for s in wanted))  # end of each window in the sub-doc
        offsets = [s.start - (b - len(s)) for s, b in zip(wanted, bounds)]
        tags = [t.tag_ for s in wanted for t in s] if doc.has_annotation("TAG") else None
        sub = Doc(self.trained.vocab, words=words, spaces=spaces, tags=tags,
                  sent_starts=[t.i == s.start for s in wanted for t in s])
        for _, proc in self.trained.pipeline:
            sub = proc(sub)
        ents = []
        for e in sub.ents:
            k = bisect_right(bounds, e.start)
            if e.end > bounds[k] or e.label_ not in LABELS:
                continue  # across two sentences: no name
            start, end = e.start + offsets[k], e.end + offsets[k]
            if not any(t.is_space for t in doc[start:end]):
                ents.append(Span(doc, start, end, label=e.label_))
        doc.ents = ents
        return doc

    def _windows(self, tokens: list[Token], sent: Span) -> list[tuple[int, int]]:
        """The stretches of a sentence the model reads: each unknown name with CONTEXT words either
        side, widened over name words at its edges, overlapping stretches merged. `tokens`: the doc's."""
        found: list[tuple[int, int]] = []
        for tok in tokens[sent.start:sent.end]:
            if not self._unknown_name(tok):
                continue
            start, end = max(sent.start, tok.i - CONTEXT), min(sent.end, tok.i + CONTEXT + 1)
            while start > sent.start and _name_word(tokens[start]):
                start -= 1
            while end < sent.end and _name_word(tokens[end - 1]):
                end += 1
            if found and start <= found[-1][1]:
                found[-1] = (found[-1][0], max(end, found[-1][1]))
            else:
                found.append((start, end))
        return found

    def _unknown_name(self, token: Token) -> bool:
        """A capitalised proper noun (or foreign word) that no gazetteer lists."""
        return token.tag_ in ("NE", "FM", "XY") and token.text[:1].isupper() and \
            knowledge_base().lookup(token.text) is None


def _name_word(token: Token) -> bool:
    """True for a word that may be part of a name: a window does not end on one."""
    return token.tag_ in ("NE", "FM", "XY") or (token.text[:1].isupper() and token.tag_ != "ART")


@Language.factory("geokg_ner", assigns=["doc.ents"], default_config={"model": None})
def make_statistical_ner(nlp: Language, name: str, model: str | None) -> StatisticalNER:
    """Create the statistical recognizer (the packaged GermEval model unless `model` names another)."""
    return StatisticalNER(name, model, nlp.vocab)
