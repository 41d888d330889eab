"""The statistical recognizer reads only the stretches around names no list knows."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from geokg.extract.ner.evaluate import load_model
from geokg.extract.pipeline import build_pipeline
from geokg.extract.statistical import CONTEXT, StatisticalNER

from tests.extract.test_ner_model import MODEL_DIR

# Eleven words without a name on either side of the unknown one, and a known place far off.
LONG = ("Am späten Abend des gestrigen Tages hat nach übereinstimmenden Berichten der Unternehmer "
        "Kasimir Wendelstrunk in einer langen und sehr ausführlichen Rede vor zahlreichen Zuhörern "
        "seine Pläne für die kommenden Jahre in Wien vorgestellt.")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline()


def _before_ner(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "geokg_ner":
            break
        doc = proc(doc)
    return doc


def _stat(nlp: Language) -> StatisticalNER:
    return nlp.get_pipe("geokg_ner")


WORDS = ("Laut einem Bericht der Neuen Zeitung hat gestern abend Kasimir Wendelstrunk in einer langen "
         "und sehr ausführlichen Rede gesprochen .").split()
TAGS = "APPR ART NN ART ADJA NN VAFIN ADV ADV NE NE APPR ART ADJA KON ADV ADJA NN VVPP $.".split()


def test_window_is_the_unknown_names_with_context_widened_over_name_words(nlp: Language) -> None:
    doc = Doc(nlp.vocab, words=WORDS, tags=TAGS)
    assert CONTEXT == 5
    # Kasimir (9) and Wendelstrunk (10): 4..15 and 5..16, merged; the left edge falls inside
    # "Neuen Zeitung" and widens to its article (3)
    assert _stat(nlp)._windows(list(doc), doc[:]) == [(3, 16)]


def test_far_apart_unknown_names_get_windows_of_their_own(nlp: Language) -> None:
    words = WORDS[:-1] + "und danach hat noch einmal in aller Ruhe auch Ottokar gesprochen .".split()
    tags = TAGS[:-1] + "KON ADV VAFIN ADV ADV APPR PIAT NN ADV NE VVPP $.".split()
    doc = Doc(nlp.vocab, words=words, tags=tags)
    ottokar = words.index("Ottokar")
    # the second window ends with the sentence
    assert _stat(nlp)._windows(list(doc), doc[:]) == [(3, 16), (ottokar - CONTEXT, len(words))]


def test_sentence_of_known_names_is_not_read(nlp: Language) -> None:
    doc = _before_ner(nlp, "Russland greift Kiew an.")
    assert _stat(nlp)._windows(list(doc), doc[:]) == []


def test_windowed_spans_of_the_name_are_the_models_on_the_whole_sentence(nlp: Language) -> None:
    """Reading the window finds what reading the sentence finds around the unknown name."""
    doc = _before_ner(nlp, LONG)
    windowed = _stat(nlp)(doc)
    whole = load_model(MODEL_DIR)(LONG)
    person = [(e.text, e.label_) for e in whole.ents if e.text.startswith("Kasimir")]
    assert person == [("Kasimir Wendelstrunk", "PER")]
    assert [(e.text, e.label_) for e in windowed.ents if e.text.startswith("Kasimir")] == person
