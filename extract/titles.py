"""The titles a text gives a person's name ("Finanzminister X", "X, Chef der Y,") and which role noun names them again."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from geokg.extract.entities import role_lemma, role_of
from geokg.extract.ents import ents_from
from geokg.extract.lang_de import gazetteer
from geokg.extract.lang_de.frames import compound_tail
from geokg.extract.model import EntityRef

ATTRIBUTE_STARTS = frozenset({"des", "der", "von", "für", "vom", "im", "in", "am"})
DEPUTY = ("Vize", "vize")
FORMER = frozenset({"ehemalig", "früher", "einstig", "damalig", "Ex", "ex"})
FORMER_PREFIXES = ("Ex", "Alt")  # "Expräsident", "Altkanzler": a past office in one word


def title_before(doc: Doc, span: Span) -> Token | None:
    """The role noun before a person's name: right before it ("Präsident Lula"), or before a comma
    and a genitive or prepositional attribute ("der Emir von Katar, Tamim …", "die Sprecherin des
    Außenministeriums, Maria Sacharowa")."""
    i = span.start - 1
    if i >= 0 and role_lemma(doc[i]) is not None:
        return doc[i]
    if i < 0 or doc[i].text != ",":
        return None
    j, reach = i - 1, 7
    while j >= 0 and reach > 0:
        tok = doc[j]
        if tok.text == ")" and _acronym_before(doc, j):
            j -= 3  # "Der Generalsekretär der Industriellenvereinigung (IV), Christoph Neumayer"
            continue
        if tok.is_punct or tok.pos_ in ("VERB", "AUX"):
            return None
        if role_lemma(tok) is not None and (j + 1 == i or doc[j + 1].lower_ in ATTRIBUTE_STARTS):
            return tok
        j, reach = j - 1, reach - 1
    return None


def _acronym_before(doc: Doc, close: int) -> bool:
    """True if the bracket closing at token `close` holds one short word: "(IV)", "(PiS)"."""
    return close >= 2 and doc[close - 2].text == "(" and len(doc[close - 1].text) <= 8 \
        and not doc[close - 1].is_punct


def titles_before(doc: Doc, span: Span) -> list[Token]:
    """The role nouns before a person's name: `title_before` and the one coordinated with it
    ("Vizekanzler und Parteichef Reinhold Mitterlehner")."""
    role = title_before(doc, span) or _shared_title(doc, span)
    if role is None:
        return []
    k = role.i - 2
    if role.i + 1 == span.start and k >= span.sent.start and doc[k + 1].lower_ in ("und", "sowie") \
            and role_lemma(doc[k]) is not None and not doc[k].ent_type_:
        return [doc[k], role]  # not "der Merkel-Berater und Chef des DIW, X": the genitive is the second's
    return [role]


LIST_JOINS = frozenset({",", "und", "sowie"})
OBLIQUE_ARTICLES = frozenset({"den", "dem", "des", "einen", "einem", "eines"})


def _shared_title(doc: Doc, span: Span) -> Token | None:
    """A plural role noun before a list of names that titles each: "die Kandidaten A (ÖVP), B und C",
    "die SPÖ-Abgeordneten A und B" (plural by its form, as "den Kandidaten" is not)."""
    i = span.start - 1
    while i > span.sent.start and doc[i].text in LIST_JOINS:
        k = i - 1
        if doc[k].text == ")" and _acronym_before(doc, k):
            k -= 3  # "A (ÖVP), B"
        before = next((e for e in ents_from(doc, max(span.sent.start, k - 6), k + 1)
                       if e.end == k + 1 and e.label_ == "PER"), None)
        if before is None:
            return None
        role = title_before(doc, before)
        if role is not None:
            plural = role.text != role.lemma_ and role.text.endswith("n") and \
                (role.i == 0 or doc[role.i - 1].lower_ not in OBLIQUE_ARTICLES)
            return role if plural else None
        i = before.start - 1
    return None


def title_after(doc: Doc, span: Span) -> Token | None:
    """The role noun in apposition after a person's name: "Hans Müller, Chef der Deutschen Bank,",
    "X, der Finanzminister, …"."""
    k = span.end
    if k + 2 >= len(doc) or doc[k].text != ",":
        return None
    k += 1
    while k < span.sent.end and doc[k].tag_ in ("ART", "ADJA"):
        k += 1
    role = doc[k] if k < span.sent.end else None
    if role is None or role.ent_type_ or role_lemma(role) is None:
        return None
    return role


def apposed_name(doc: Doc, role: Token, reach: int = 12) -> Span | None:
    """The person's name a role noun titles from before it: right after it, or after its attribute and
    a comma ("den Chef der HDP, Selahattin Demirtaş")."""
    for ent in ents_from(doc, role.i + 1, min(role.sent.end, role.i + 1 + reach)):
        title = title_before(doc, ent) if ent.label_ == "PER" else None
        if title is not None and title.i == role.i:
            return ent
    return None


def genitive_body(doc: Doc, role: Token) -> EntityRef | None:
    """The organization or state a genitive right after a role noun names: "Der Vorsitzende der
    Partei Recht und Gerechtigkeit", "der Chef des Auslandsgeheimdienstes SWR"."""
    if role.i + 2 >= len(doc) or doc[role.i + 1].lower_ not in ("des", "der"):
        return None
    for ent in ents_from(doc, role.i + 2, min(len(doc), role.i + 5)):
        if ent.start <= role.i + 3 and ent.label_ in ("ORG", "GPE") and ent._.entity is not None \
                and all(t.tag_ in ("NN", "ADJA") for t in doc[role.i + 2:ent.start]):
            return ent._.entity  # type: ignore[no-any-return]
    return None


def former(doc: Doc, role: Token) -> bool:
    """True for a past office: "Ex-Präsident", "der frühere Premierminister"."""
    if role.text.split("-", 1)[0] in FORMER:
        return True
    if role.text.startswith(FORMER_PREFIXES) and role_lemma(role) not in (None, role.text):
        return True  # "Expräsident", "Altkanzler"
    for tok in reversed(doc[max(0, role.i - 3):role.i]):
        if tok.is_punct:
            return False  # "die damaligen Verhandler, Staatssekretär Josef Ostermayer": not this title's
        if tok.lemma_ in FORMER or tok.lower_.startswith(("ehemalig", "früher", "einstig")):
            return True
    return False


def present_titles(doc: Doc, span: Span) -> list[Token]:
    """The role nouns a person's name stands with, before or after it, that name a present office."""
    found = (title_before(doc, span), title_after(doc, span))
    return [t for t in found if t is not None and not former(doc, t)]


def title_word(role: Token) -> str:
    """A role noun in its base form with all its compound parts: Finanzministers → Finanzminister,
    ÖGB-Präsidenten → ÖGB-Präsident (where role_lemma keeps only the part the lexicon lists)."""
    lemma = role_lemma(role) or role.text
    low = role.text.lower()
    at = low.rfind(lemma.lower())
    if at < 0:
        at = low.rfind(lemma.lower()[:-2])  # Kollegen, Abgeordneten: the ending replaces the lemma's
    if at <= 0:
        return lemma
    return role.text[:at] + (lemma if role.text[at - 1] == "-" else lemma[:1].lower() + lemma[1:])


def names_role(title: str, noun: str) -> bool:
    """True if a role noun names a person with this title again: the same noun, or one the title is a
    compound of (Finanzminister → der Minister); not where the compound's first part makes another
    office of it (Vizekanzler, Expräsident, Premierminister are no Kanzler, Präsident, Minister)."""
    title_low, noun_low = title.lower(), noun.lower()
    if title_low == noun_low:
        return True
    if not title_low.endswith(noun_low):
        return False
    stem = title[: len(title) - len(noun)].rstrip("-")
    return not (stem.startswith(DEPUTY + FORMER_PREFIXES) or stem.split("-", 1)[0] in FORMER
                or compound_tail(stem.capitalize(), gazetteer.role_nouns(), shortest=5) is not None)


def may_describe(title: str, noun: str) -> bool:
    """True if a role noun may describe a person with this title: it names the title, or it is a
    leading office and so is the title (Parteichef X … der Vorsitzende), or it is no office of a state
    of its own (Bürgermeisterin X … die Politikerin); never of the other gender. A deputy or a
    minister is no "Kanzler", a Verteidigungsminister no "Außenminister"."""
    if names_role(title, noun):
        return True
    roles = gazetteer.role_nouns()
    held, named = roles.get(role_of(title) or ""), roles.get(role_of(noun) or "")
    if held is None or named is None:
        return True
    if {"m", "f"} <= {held.gender, named.gender}:
        return False
    if named.relation == "leads":
        return held.relation == "leads" and not title.startswith(DEPUTY)
    return not (named.state and held.state)
