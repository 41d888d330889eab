"""Entity resolution across documents: a person named by surname alone gets the one full name known.

Within a document the extractor already maps "Rutte" to the "Mark Rutte" seen earlier. This step,
between extract and assemble, does the same across documents (and against the names a store
already holds): a name resolves to the one longer name that ends with it ("Rutte" → "Mark Rutte",
"von der Leyen" → "Ursula von der Leyen"), also in the genitive ("Putins" → "Wladimir Putin").
Two people sharing the surname ("Joe Biden", "Hunter Biden") leave a lone "Biden" as it is.

Then every entity gets one label: names that come to one IRI ("Standard" and "STANDARD",
"St. Pölten" and "St.Pölten", "Hans-Jörg Schelling" and "Hans Jörg Schelling") all take the same
one, the gazetteer's where it has one, else the one not in capitals, with the most hyphens, the
longest, the first in order; the others stay as surface forms (skos:altLabel).

The outcome depends only on the *sets* of names, never on the order documents arrive in, which
is what lets a store built one document at a time equal one built from all at once.

>>> r = Resolver(["Mark Rutte", "Rutte", "Putins", "Wladimir Putin", "Joe Biden", "Hunter Biden", "Biden"])
>>> r.canonical("Rutte"), r.canonical("Putins"), r.canonical("Biden")
('Mark Rutte', 'Wladimir Putin', 'Biden')
>>> Resolver([], [("Organization", "Standard", False), ("Person", "STANDARD", False)]).label("Person", "STANDARD")
'Standard'
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from geokg.extract.kb import knowledge_base
from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.ids import entity_iri

PERSON_KEY = "person:"


def is_person(ref: EntityRef) -> bool:
    """A person the extractor named (not a gazetteer entry, which is canonical already)."""
    return ref.type == "Person" and (not ref.key or ref.key.startswith(PERSON_KEY))


def _genitive_stem(name: str) -> str | None:
    """The name without a genitive -s ("Putins" → "Putin"), if it can carry one."""
    last = name.split()[-1]
    if last.endswith("s") and len(last) > 3 and not last.endswith("ss"):
        return name[:-1]
    return None


#: An entity as label choice sees it: its type, its name as extracted, and whether the gazetteer knows it.
Named = tuple[str, str, bool]


def _label_order(name: str, known: bool) -> tuple[bool, bool, int, int, str]:
    """The order in which names that come to one IRI are preferred as its label (first: best)."""
    return (not known, name.isupper(), -name.count("-"), -len(name), name)


class Resolver:
    """Canonical names for a set of person names (each → the one longer name it abbreviates), and one label
    per entity IRI among the names of `entities`."""

    def __init__(self, names: Iterable[str], entities: Iterable[Named] = ()) -> None:
        self.names = frozenset(n for n in names if n.strip())
        self._ends: dict[tuple[str, ...], set[str]] = {}  # the last words (not all) of a name → the names
        for name in self.names:
            words = tuple(name.split())
            for k in range(1, len(words)):
                self._ends.setdefault(words[-k:], set()).add(name)
        self._memo: dict[str, str] = {}
        candidates: dict[str, set[tuple[str, bool]]] = {}
        for kind, name, known in entities:
            full = self.canonical(name) if kind == "Person" else name
            candidates.setdefault(str(entity_iri(EntityRef(full, kind))), set()).add((full, known))
        self._labels = {iri: min(found, key=lambda c: _label_order(*c))[0]
                        for iri, found in candidates.items() if len({n for n, _ in found}) > 1}

    def label(self, kind: str, name: str) -> str:
        """The label of the entity a (canonical) name of this type comes to."""
        return self._labels.get(str(entity_iri(EntityRef(name, kind))), name) if self._labels else name

    def resolved(self, entity: Named) -> str:
        """The name an entity as extracted ends up with: its person's full name, then its IRI's one label."""
        kind, name, _ = entity
        return self.label(kind, self.canonical(name) if kind == "Person" else name)

    def _longer(self, words: tuple[str, ...]) -> set[str]:
        """Names with more words that end with these words (looked up: a build names thousands of persons)."""
        return set(self._ends.get(words, ()))

    def canonical(self, name: str) -> str:
        """The full name `name` stands for, or `name` itself when none or several fit."""
        if name not in self._memo:
            self._memo[name] = self._canonical(name)
        return self._memo[name]

    def _canonical(self, name: str) -> str:
        words = tuple(name.split())
        if not words:
            return name
        stem = _genitive_stem(name)
        longer = self._longer(words) | (self._longer(tuple(stem.split())) if stem else set())
        targets = {self.canonical(n) for n in longer}
        if len(targets) == 1:
            return targets.pop()
        if stem and stem in self.names:  # "Bidens" with "Biden" known: the same (maybe ambiguous) person
            return self.canonical(stem)
        return name


def person_names(documents: Iterable[Document]) -> set[str]:
    """The names of every person the documents mention (as extracted, before resolution)."""
    return {ref.name for document in documents for ref in entity_mentions(document) if is_person(ref)}


def entity_names(documents: Iterable[Document]) -> set[Named]:
    """Every entity the documents mention as (type, name, whether the gazetteer knows it), as extracted."""
    known = knowledge_base().by_key
    return {(ref.type, ref.name, ref.key in known) for document in documents for ref in entity_mentions(document)}


def entity_mentions(document: Document) -> Iterator[EntityRef]:
    """Every entity a document names: its entity list and every end of every statement."""
    yield from document.entities
    for st in document.statements:
        yield from (r for r in (st.subject, st.object, st.attributed_to, st.location, st.instrument) if r)


def _resolve_ref(ref: EntityRef, resolver: Resolver) -> EntityRef:
    person = is_person(ref)
    name = resolver.label(ref.type, resolver.canonical(ref.name) if person else ref.name)
    if name == ref.name:
        return ref
    return replace(ref, name=name, surface=ref.surface or ref.name, key=f"{PERSON_KEY}{name}" if person else ref.key)


def _resolve_opt(ref: EntityRef | None, resolver: Resolver) -> EntityRef | None:
    return None if ref is None else _resolve_ref(ref, resolver)


def _resolve_statement(st: Statement, resolver: Resolver) -> Statement:
    return replace(st, subject=_resolve_ref(st.subject, resolver), object=_resolve_ref(st.object, resolver),
                   attributed_to=_resolve_opt(st.attributed_to, resolver),
                   location=_resolve_opt(st.location, resolver), instrument=_resolve_opt(st.instrument, resolver))


def resolve_with(documents: Iterable[Document], resolver: Resolver) -> list[Document]:
    """Copies of the documents with every person named as `resolver` says (inputs are left as they are)."""
    return [replace(d, statements=[_resolve_statement(st, resolver) for st in d.statements],
                    entities=[_resolve_ref(r, resolver) for r in d.entities]) for d in documents]


def resolve(documents: Iterable[Document], known: Iterable[EntityRef] = ()) -> list[Document]:
    """The documents with persons resolved across them and against `known` (e.g. a store's persons).

    Each surname alone becomes the one full name known for it; the surface form stays (as
    skos:altLabel once assembled). Gazetteer entities are left alone: their key is canonical.

    >>> from datetime import datetime, timezone
    >>> def doc(i, *names):
    ...     return Document(i, "", i, i, datetime(2025, 1, 1, tzinfo=timezone.utc),
    ...                     entities=[EntityRef(n, "Person", n, f"person:{n}") for n in names])
    >>> [r.name for d in resolve([doc("a", "Rutte"), doc("b", "Mark Rutte")]) for r in d.entities]
    ['Mark Rutte', 'Mark Rutte']
    """
    documents = list(documents)
    names = person_names(documents) | {r.name for r in known if is_person(r)}
    entities = entity_names(documents) | {(r.type, r.name, r.key in knowledge_base().by_key) for r in known}
    return resolve_with(documents, Resolver(names, entities))
