"""Documents made by hand for the explorer's browser tests, and their static pages.

A document is a list of sentences, each stating one relation between entities named in `ACTORS`
(or invented ones); the text is the sentences joined, so every statement's offsets are right.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from geokg.exports.html import render_documents
from geokg.extract.model import Document, EntityRef, Statement
from geokg.graph.ids import entity_iri

BERLIN = ZoneInfo("Europe/Berlin")
XSS = ['<img src=x onerror="window.__xss=1">', "</script><script>window.__xss=2</script>",
       '<svg onload="window.__xss=4">', '"><iframe src="javascript:window.__xss=5"></iframe>']

ACTORS = {
    "putin": EntityRef("Wladimir Putin", "Person", "Putin", "person:putin", "https://www.wikidata.org/entity/Q7747",
                       "Präsident"),
    "russland": EntityRef("Russland", "Country", "Russland", "country:RU", "https://www.wikidata.org/entity/Q159"),
    "ukraine": EntityRef("Ukraine", "Country", "die Ukraine", "country:UA", "https://www.wikidata.org/entity/Q212"),
    "nato": EntityRef("NATO", "Organization", "Allianz", "org:nato", "https://www.wikidata.org/entity/Q7184"),
    "rutte": EntityRef("Mark Rutte", "Person", "NATO-Chef Rutte", "person:rutte", None, "NATO-Generalsekretär"),
    "merkel": EntityRef("Angela Merkel", "Person", "Merkel", "person:merkel"),
    "deutschland": EntityRef("Deutschland", "Country", "Deutschland", "country:DE"),
    "waffenruhe": EntityRef("Waffenruhe", "Concept", "Waffenruhe", "concept:waffenruhe"),
    "afp": EntityRef("AFP", "Organization", "AFP", "org:afp"),
}


def iri(actor: str | EntityRef) -> str:
    """The IRI the page gives an actor."""
    return str(entity_iri(ACTORS[actor] if isinstance(actor, str) else actor))


@dataclass
class Said:
    """One sentence that states `subject relation object`."""

    subject: str | EntityRef
    relation: str
    object: str | EntityRef
    sentence: str
    extra: dict[str, Any] = field(default_factory=dict)


def document(name: str, said: list[Said], *, issued: str | None = None, url: str | None = None,
             title: str | None = None, lead: str = "") -> Document:
    """A document of the sentences, each one statement, with its date (YYYY-MM-DD) and web address."""
    text, statements = lead, []
    for one in said:
        start = len(text)
        text += one.sentence + " "
        ref = {k: ACTORS[v] if isinstance(v, str) and k == "attributed_to" else v for k, v in one.extra.items()}
        statements.append(Statement(
            ACTORS[one.subject] if isinstance(one.subject, str) else one.subject, one.relation,
            ACTORS[one.object] if isinstance(one.object, str) else one.object, one.sentence, start,
            start + len(one.sentence), f"verb:{one.relation}", document=name, **ref))
    day = datetime.fromisoformat(issued).replace(hour=10, tzinfo=BERLIN) if issued else None
    return Document(name, text.strip(), title or name, name, day, statements, url=url)


def on(day: str) -> date:
    """An event date."""
    return date.fromisoformat(day)


def sample_documents() -> list[Document]:
    """Two liveblogs: eight statements of four families, one negated, event and publication dates apart."""
    first = document("liveblog-1", [
        Said("russland", "attacks", "ukraine", "Russland hat die Ukraine in der Nacht mit Drohnen angegriffen.",
             {"event_date": on("2025-09-03"), "attributed_to": "afp", "modality": "Reported", "confidence": 0.8}),
        Said("russland", "attacks", "ukraine", "Erneut beschoss Russland die Stadt Odessa.",
             {"event_date": on("2025-09-04")}),
        Said("putin", "leads", "russland", "Kremlchef Putin sagte am Abend, Russland sei stark."),
        Said("rutte", "leads", "nato", "NATO-Chef Rutte äußerte sich in Brüssel."),
        Said("rutte", "meets", "putin", "Rutte trifft Putin nicht, sagte ein Sprecher.", {"confidence": 0.4}),
        Said("putin", "rejects", "waffenruhe", "Putin lehnt eine Waffenruhe nicht ab.", {"negated": True}),
    ], issued="2025-09-04", url="https://www.tagesschau.de/liveblog/ukraine-100.html",
        title="Liveblog Ukraine-Krieg", lead="Liveblog\n")
    second = document("liveblog-2", [
        Said("nato", "provides_aid", "ukraine", "Die NATO liefert der Ukraine weitere Luftabwehrsysteme."),
        Said("merkel", "criticizes", "putin", "Merkel kritisierte Putin scharf.", {"event_date": on("2025-09-09")}),
        Said("deutschland", "provides_aid", "ukraine", "Deutschland liefert der Ukraine Panzer."),
    ], issued="2025-09-10", title="Liveblog Nahost und Ukraine")
    return [first, second]


def cut_documents() -> list[Document]:
    """A page whose overview must cut: ten hubs with 150 partners (three statements each), twenty
    pairs with one *attacks* statement each, which the 150 most connected entities leave out, and a
    chain of four persons who meet one after the other."""
    hubs = [EntityRef(f"Zentrale {i}", "Organization", key=f"org:hub{i}") for i in range(10)]
    partners = [EntityRef(f"Partner {i:03d}", "Organization", key=f"org:p{i}") for i in range(150)]
    said = []
    for i, partner in enumerate(partners):
        for j in (0, 1, 2):
            said.append(Said(hubs[(i + j) % 10], "cooperates_with", partner, f"Kooperation {i}-{j}."))
    for i in range(20):
        said.append(Said(EntityRef(f"Angreifer {i:02d}", "Country", key=f"country:a{i}"), "attacks",
                         EntityRef(f"Ziel {i:02d}", "Location", key=f"place:z{i}"), f"Angriff Nummer {i}.",
                         {"event_date": on(f"2025-09-{1 + i:02d}")}))
    chain = [EntityRef(f"Kette {i}", "Person", key=f"person:kette{i}") for i in range(4)]
    for i in range(3):
        said.append(Said(chain[i], "meets", chain[i + 1], f"Treffen in der Kette {i}."))
    return [document("bericht", said, issued="2025-09-30")]


def xss_documents() -> list[Document]:
    """Every text from the documents carries a script injection."""
    a = EntityRef(XSS[0], "Person", XSS[1], "person:xss", None, XSS[2])
    b = EntityRef(XSS[1], "Country", XSS[0], "country:xss")
    return [document("xss", [
        Said(a, "attacks", b, XSS[1] + " greift an " + XSS[0], {"attributed_to": a}),
        Said(b, "criticizes", a, "Kritik: " + XSS[2], {"negated": True}),
    ], issued="2025-09-04", title=XSS[0], url="javascript:window.__xss=7")]


def write_page(documents: list[Document], path: Path, title: str = "Liveblog <Ukraine>") -> Path:
    """The static explorer page of the documents."""
    path.write_text(render_documents(documents, title=title), encoding="utf-8")
    return path
