"""What a definite role noun points back to: the one person whose own title it names, or nobody."""
from __future__ import annotations

import pytest

from geokg.extract.mentions import role_referent, titled_persons

FILLER = " ".join(["Die Sitzung dauerte bis in den Abend, und viele Fragen blieben offen."] * 10)


def _role_at(nlp, text: str, word: str):  # type: ignore[no-untyped-def]
    """The doc, the article's index and the token of the last `word` in `text`."""
    doc = nlp(text)
    role = [t for t in doc if t.text == word][-1]
    start = next(t.i for t in reversed(doc[:role.i]) if t.tag_ == "ART")
    return doc, start, role


@pytest.mark.parametrize("text, word, name", [
    ("Finanzminister Karl Berger will sparen. Otto Wegner warf dem Minister vor, zu kürzen.",
     "Minister", "Karl Berger"),  # a compound's tail, dative
    ("Außenministerin Annalena Baerbock reiste nach Peking. China kritisierte die Ministerin.",
     "Ministerin", "Annalena Baerbock"),  # female
    ("Innenminister Gerhard Karner ließ ein Lager abbauen. Die Grünen kritisierten das Vorgehen des Ministers.",
     "Ministers", "Gerhard Karner"),  # genitive
    ("Finanzminister Magnus Brunner traf Bundeskanzler Karl Nehammer. Die NEOS kritisierten den Finanzminister.",
     "Finanzminister", "Magnus Brunner"),  # the title itself, not the other person's
    ("Premierminister Keir Starmer traf Außenminister David Lammy. Die Tories kritisierten den Minister.",
     "Minister", "David Lammy"),  # a Premierminister is no Minister
    ("US-Präsident Joe Biden traf Präsident Wolodymyr Selenskyj. Der ukrainische Präsident dankte.",
     "Präsident", "Wolodymyr Selenskyj"),  # the demonym leaves out the US-Präsident
    ("Die Polizei nahm den Chef der Partei HDP, Selahattin Demirtaş, fest.",
     "Chef", "Selahattin Demirtaş"),  # the name it titles after a comma
    ("Außenminister Sebastian Kurz reiste ab. " + FILLER + " Die Grünen kritisierten den Minister.",
     "Minister", "Sebastian Kurz"),  # the one minister of the text, further back
])
def test_mentions_a_role_noun_names_the_person_titled_so(nlp, text: str, word: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc, start, role = _role_at(nlp, text, word)
    ref = role_referent(doc, start, role, None)
    assert ref is not None and ref.name == name


@pytest.mark.parametrize("text, word", [
    ("Außenminister Sebastian Kurz traf Finanzminister Hans Jörg Schelling. Die Grünen kritisierten den Minister.",
     "Minister"),  # two fit
    ("Innenminister Gerhard Karner empfing Gäste. Die Grünen kritisierten die Minister.", "Minister"),  # plural
    ("Innenminister Gerhard Karner empfing Gäste. Die Grünen kritisierten die Ministerinnen.", "Ministerinnen"),
    ("Vizekanzler Werner Kogler stellte ein Gesetz vor. Die NEOS kritisierten den Kanzler.", "Kanzler"),
    ("Außenministerin Beate Meinl-Reisinger reiste nach Kiew. Russland kritisierte den Minister.", "Minister"),
    ("Innenminister Gerhard Karner sagte, der Minister werde Ungarn kritisieren.", "Minister"),  # its own subject
    ("Richter Hans Huber sprach das Urteil. Die Grünen kritisierten den Minister.", "Minister"),  # no minister
])
def test_mentions_a_role_noun_names_nobody_it_does_not_fit_alone(nlp, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    doc, start, role = _role_at(nlp, text, word)
    assert role_referent(doc, start, role, None) is None


def test_mentions_the_nearer_of_two_titled_persons_is_the_only_one_that_fits(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Außenminister Sebastian Kurz reiste ab. " + FILLER +
            " Finanzminister Hans Jörg Schelling blieb. Die Grünen kritisierten den Minister.")
    doc, start, role = _role_at(nlp, text, "Minister")
    assert [r.name for r in titled_persons(doc, start, role)] == ["Hans Jörg Schelling"]
