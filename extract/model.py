"""Plain data that leaves the extractor: documents, entities and statements (no RDF here)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ENTITY_TYPES = ("Person", "Organization", "Country", "Location", "Concept")
MODALITIES = ("Asserted", "Intended", "Possible", "Required", "Reported")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """One entity as the text names it, with its canonical name and type.

    `key` identifies the entity across documents: a gazetteer key (`country:RU`,
    `org:nato`) for known entities, otherwise derived from the type and name.
    """

    name: str
    type: str
    surface: str = ""
    key: str = ""
    wikidata: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {self.type!r}")

    @property
    def ident(self) -> str:
        """The identity used for resolution: the key if known, else type and name."""
        return self.key or f"{self.type.lower()}:{self.name}"


@dataclass(slots=True)
class Statement:
    """One relation the text states, with everything needed to trust or doubt it."""

    subject: EntityRef
    relation: str
    object: EntityRef
    evidence: str
    char_start: int
    char_end: int
    rule: str
    negated: bool = False
    modality: str = "Asserted"
    attributed_to: EntityRef | None = None
    event_date: date | None = None
    location: EntityRef | None = None
    instrument: EntityRef | None = None
    confidence: float = 0.7
    document: str = ""

    def __post_init__(self) -> None:
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")

    def to_json(self) -> dict:
        """A JSON-ready dict (the `statements.jsonl` record)."""

        def ent(e: EntityRef | None) -> dict | None:
            if e is None:
                return None
            d = {"name": e.name, "type": e.type, "surface": e.surface}
            if e.wikidata:
                d["wikidata"] = e.wikidata
            return d

        return {
            "document": self.document,
            "subject": ent(self.subject),
            "relation": self.relation,
            "object": ent(self.object),
            "negated": self.negated,
            "modality": self.modality,
            "attributed_to": ent(self.attributed_to),
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "location": ent(self.location),
            "instrument": ent(self.instrument),
            "confidence": self.confidence,
            "rule": self.rule,
        }


@dataclass
class Document:
    """A source text with its metadata and, after extraction, its statements.

    `issued` is the date the document gives (or the user gave, `--date`); None for an undated one.
    `url` is where a structured record says the article was published (its `dcterms:source`).
    """

    id: str
    text: str
    title: str
    source: str
    issued: datetime | None
    statements: list[Statement] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)
    url: str | None = None
