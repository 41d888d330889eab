"""What a noun phrase refers to: its entity, a person a pronoun or description points back to, or a concept."""
from __future__ import annotations

from spacy.tokens import Doc

from extract.chunks import Phrase
from extract.entities import role_lemma
from extract.model import EntityRef

# Descriptions that point back to the last person named ("der Republikaner").
DESCRIPTIONS = frozenset({"Republikaner", "Demokrat", "Demokratin", "Politiker", "Politikerin",
                          "Diplomat", "Diplomatin", "Staatschef", "Amtsinhaber", "Amtsvorgänger"})
# Head nouns too vague to stand as a concept of the graph.
VAGUE = frozenset({"Weise", "Form", "Format", "Art", "Rahmen", "Hinsicht", "Blick", "Verweis",
                   "Sicht", "Seite", "Fall", "Teil", "Zahl", "Größenordnung", "Menschen", "Leute",
                   "Prozent", "Ding", "Sache", "Etwas", "Frage", "Thema", "Punkt", "Ziel"})
MAX_DISTANCE = 600  # characters a pronoun may reach back


def antecedent(doc: Doc, i: int) -> EntityRef | None:
    """The last person named before token i, within a short distance."""
    limit = doc[i].idx - MAX_DISTANCE
    for ent in reversed([e for e in doc.ents if e.end <= i]):
        if ent.start_char < limit:
            break
        ref = ent._.entity
        if ref is not None and ref.type == "Person":
            return ref
    return None


def _plural_verb(doc: Doc, phrase: Phrase) -> bool:
    """True if the finite verb right after or before a pronoun is plural (sie bezeichneten)."""
    for j in (phrase.end, phrase.start - 1):
        if 0 <= j < len(doc) and doc[j].tag_ in ("VVFIN", "VAFIN", "VMFIN"):
            return doc[j].text.endswith("en") or doc[j].text in ("sind", "haben", "waren")
    return False


def referent(doc: Doc, phrase: Phrase) -> EntityRef | None:
    """The entity a phrase stands for, or a Concept named by its head noun, or None."""
    if phrase.entity is not None:
        return phrase.entity
    head = doc[phrase.head]
    if phrase.pronoun:
        low = head.text.lower()
        if low == "er" or (low == "sie" and not _plural_verb(doc, phrase)):
            return antecedent(doc, phrase.start)
        return None
    if head.text in DESCRIPTIONS or (role_lemma(head) is not None and head.tag_ == "NN"):
        return antecedent(doc, phrase.start)
    lemma = head.lemma_ if head.lemma_ and head.lemma_[0].isupper() else head.text
    if head.tag_ != "NN" or lemma in VAGUE or len(lemma) < 3:
        return None
    return EntityRef(lemma, "Concept", doc[phrase.start:phrase.end].text, f"concept:{lemma}")
