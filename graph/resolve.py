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

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from geokg.extract.kb import knowledge_base
from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.ids import entity_iri

PERSON_KEY = "person:"
T = TypeVar("T")


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


def family(name: str) -> str:
    """The names whose resolution can depend on each other share this: the last word without trailing s.

    A name resolves only against names ending with its words, or with its genitive stem's, so a
    change to the names of one family leaves every other family's names as they were.

    >>> family("Wladimir Putin"), family("Putins"), family("Vladimir Putin Jr") == family("Putin")
    ('Putin', 'Putin', False)
    """
    words = name.split()
    return words[-1].rstrip("s") if words else ""


def _suffixes(name: str) -> Iterator[tuple[str, ...]]:
    """The last words (not all) of a name, the keys it is found under as a longer name."""
    words = tuple(name.split())
    return (words[-k:] for k in range(1, len(words)))


def _grown(index: dict, key: object, added: Iterable[object]) -> None:
    """Put `added` into the set at `key`, as a new set (sets may be shared with the resolver this one was made from)."""
    index[key] = index.get(key, frozenset()) | frozenset(added)


def _shrunk(index: dict, key: object, removed: Iterable[object]) -> None:
    """Take `removed` out of the set at `key`, as a new set; drop the key when nothing is left."""
    rest = index.get(key, frozenset()) - frozenset(removed)
    if rest:
        index[key] = rest
    else:
        index.pop(key, None)


def _grouped(items: Iterable[T], key: Callable[[T], object]) -> dict[object, list[T]]:
    """The items by key."""
    groups: dict[object, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


class Resolver:
    """Canonical names for a set of person names (each → the one longer name it abbreviates), and one label
    per entity IRI among the names of `entities`.

    `updated` makes the resolver of slightly different sets from this one, working out only the
    families (`family`) and entity IRIs the difference touches: a store adds one document at a time.
    """

    def __init__(self, names: Iterable[str] = (), entities: Iterable[Named] = ()) -> None:
        self.names: frozenset[str] = frozenset()
        self.entities: frozenset[Named] = frozenset()
        self._ends: dict[tuple[str, ...], frozenset[str]] = {}  # the last words (not all) of a name → the names
        self._families: dict[str, frozenset[str]] = {}  # family → its names
        self._persons: dict[str, frozenset[Named]] = {}  # family → the Person entities of a name in it
        self._memo: dict[str, dict[str, str]] = {}  # family → name → canonical name
        self._iris: dict[Named, str] = {}  # entity → its IRI
        self._members: dict[str, frozenset[Named]] = {}  # IRI → the entities that come to it
        self._labels: dict[str, str] = {}  # IRI of several names → its one label
        self.touched: tuple[frozenset[str], frozenset[Named]] = (frozenset(), frozenset())
        self._apply(set(names), set(), set(entities), set())

    def updated(self, names_in: Iterable[str] = (), names_out: Iterable[str] = (),
                entities_in: Iterable[Named] = (), entities_out: Iterable[Named] = ()) -> Resolver:
        """The resolver of these names and entities with some added and some taken away; this one is left as it is.

        Its `touched` holds the names and entities whose resolution may differ from this one's (a superset).

        >>> before = Resolver(["Rutte"])
        >>> after = before.updated(["Mark Rutte"])
        >>> before.canonical("Rutte"), after.canonical("Rutte"), sorted(after.touched[0])
        ('Rutte', 'Mark Rutte', ['Mark Rutte', 'Rutte'])
        """
        new = copy.copy(self)
        for name in ("_ends", "_families", "_persons", "_memo", "_iris", "_members", "_labels"):
            setattr(new, name, dict(getattr(self, name)))
        new._apply(set(names_in), set(names_out), set(entities_in), set(entities_out))
        return new

    def _apply(self, names_in: set[str], names_out: set[str], entities_in: set[Named], entities_out: set[Named]) -> None:
        """Change the sets in place (on fresh dicts, see `updated`) and note what that touches."""
        names_in = {n for n in names_in if n.strip()}
        names_out, names_in = (names_out & self.names) - names_in, names_in - self.names
        self.names = (self.names - names_out) | names_in
        families = self._move_names(names_in, names_out)
        entities_out, entities_in = (entities_out & self.entities) - entities_in, entities_in - self.entities
        self.entities = (self.entities - entities_out) | entities_in
        for fam, group in _grouped((e for e in entities_in if e[0] == "Person"), lambda e: family(e[1])).items():
            _grown(self._persons, fam, group)
        for fam, group in _grouped((e for e in entities_out if e[0] == "Person"), lambda e: family(e[1])).items():
            _shrunk(self._persons, fam, group)
        moved = entities_in | entities_out | {e for fam in families for e in self._persons.get(fam, ())}
        iris = self._move_entities(moved)
        for iri in iris:
            self._relabel(iri)
        names = {n for fam in families for n in self._families.get(fam, ())} | names_out
        self.touched = (frozenset(names), frozenset(moved.union(*(self._members.get(i, ()) for i in iris))))

    def _move_names(self, names_in: set[str], names_out: set[str]) -> set[str]:
        """Index names added and taken away; the families whose resolution that may change."""
        for key, group in _grouped(((k, n) for n in names_out for k in _suffixes(n)), lambda kn: kn[0]).items():
            _shrunk(self._ends, key, (n for _, n in group))
        for key, group in _grouped(((k, n) for n in names_in for k in _suffixes(n)), lambda kn: kn[0]).items():
            _grown(self._ends, key, (n for _, n in group))
        for fam, out in _grouped(names_out, family).items():
            _shrunk(self._families, fam, out)
        for fam, found in _grouped(names_in, family).items():
            _grown(self._families, fam, found)
        families = {family(n) for n in names_in | names_out}
        for fam in families:
            self._memo.pop(fam, None)
        return families

    def _move_entities(self, moved: set[Named]) -> set[str]:
        """Give each of these entities its IRI anew (none when it is gone); the IRIs they left or joined."""
        iris: set[str] = set()
        for entity in moved:
            old = self._iris.pop(entity, None)
            if old is not None:
                _shrunk(self._members, old, (entity,))
                iris.add(old)
            if entity in self.entities:
                iri = self._iri(entity)
                self._iris[entity] = iri
                _grown(self._members, iri, (entity,))
                iris.add(iri)
        return iris

    def _full(self, entity: Named) -> str:
        """An entity's name once its person is resolved (before the label)."""
        kind, name, _ = entity
        return self.canonical(name) if kind == "Person" else name

    def _iri(self, entity: Named) -> str:
        return str(entity_iri(EntityRef(self._full(entity), entity[0])))

    def _relabel(self, iri: str) -> None:
        """Choose the label of an IRI again among the names that come to it (none kept for a single name)."""
        found = {(self._full(e), e[2]) for e in self._members.get(iri, ())}
        if len({n for n, _ in found}) > 1:
            self._labels[iri] = min(found, key=lambda c: _label_order(*c))[0]
        else:
            self._labels.pop(iri, None)

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
        memo = self._memo.setdefault(family(name), {})
        if name not in memo:
            memo[name] = self._canonical(name)
        return memo[name]

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
