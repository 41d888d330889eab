"""A seeded synthetic corpus of German liveblog entries: templates × actors × verbs × places.

The entries read like news-ticker paragraphs (who did what to whom, where, when, according to
whom), varied enough that caches cannot memorize whole sentences and the tagger meets unknown
words (invented surnames, numbers, compound nouns). Nothing here is keyed to geokg's lexicons
beyond the ordinary German a news text uses.

>>> entries = list(entries_of(random.Random(1), 3))
>>> len(entries), all(e.endswith(".") for e in entries)
(3, True)
>>> list(entries_of(random.Random(1), 3)) == entries
True
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

# Actors: (nominative, dative/accusative form) — names keep their form, common nouns decline.
STATES = ["Russland", "die Ukraine", "Frankreich", "Deutschland", "Polen", "China", "Israel", "der Iran",
          "die Türkei", "Großbritannien", "Italien", "Spanien", "Ungarn", "Japan", "Indien", "Ägypten",
          "Katar", "Jordanien", "Litauen", "Estland", "Finnland", "Schweden", "Norwegen", "Brasilien"]
ORGS = ["die NATO", "die EU", "die Vereinten Nationen", "die Hamas", "die Hisbollah", "das Rote Kreuz",
        "die Arabische Liga", "die OSZE", "der UN-Sicherheitsrat", "die Weltbank", "die Bundesregierung",
        "das Pentagon", "der Kreml", "die Afrikanische Union", "die G7"]
FIRST = ["Anna", "Mark", "Olaf", "Emmanuel", "Friedrich", "Giorgia", "Viktor", "Donald", "Wolodymyr",
         "Sergej", "Annalena", "Johann", "Ursula", "Kaja", "Antonio", "Pedro", "Keir", "Recep", "Benjamin",
         "Gideon", "Ahmed", "Fatima", "Jens", "Karin", "Tomasz", "Jelena", "Mikko", "Ingrid", "Luis"]
LAST = ["Rutte", "Scholz", "Macron", "Merz", "Meloni", "Orban", "Selenskyj", "Lawrow", "Baerbock",
        "Wadephul", "Kallas", "Costa", "Sanchez", "Starmer", "Erdogan", "Netanjahu", "Saar", "Siddiqui",
        "Haddad", "Stoltenberg", "Kowalski", "Petrowa", "Virtanen", "Lindqvist", "Barros", "Okafor",
        "Brenninger", "Wachtelmeier", "Oberhuber", "Zielinski"]
ROLES = ["Außenminister", "Außenministerin", "Verteidigungsminister", "Präsident", "Präsidentin",
         "Regierungschef", "Ministerpräsident", "Sprecher", "Sprecherin", "Sondergesandte",
         "Generalsekretär", "Botschafter", "Kanzler", "Innenministerin"]
DEMONYMS = ["russische", "ukrainische", "französische", "deutsche", "polnische", "chinesische",
            "israelische", "iranische", "türkische", "britische", "italienische", "ungarische"]
PLACES = ["Kiew", "Moskau", "Paris", "Berlin", "Warschau", "Odessa", "Charkiw", "Brüssel", "Genf",
          "Istanbul", "Kairo", "Doha", "Jerusalem", "Gaza", "Teheran", "Wien", "Rom", "Madrid",
          "London", "Washington", "Peking", "Tokio", "Riga", "Vilnius", "Helsinki", "Saporischschja",
          "Cherson", "Dnipro", "Lwiw", "Beirut", "Damaskus", "Amman", "Ankara", "Budapest"]
SOURCES = ["laut der Nachrichtenagentur AFP", "nach Angaben der Nachrichtenagentur dpa", "Behörden zufolge",
           "laut Reuters", "nach Angaben des Militärs", "wie die Regierung mitteilte",
           "laut örtlichen Medien", "nach Angaben von Beobachtern"]
WHEN = ["heute", "gestern", "am Morgen", "in der Nacht", "am Abend", "am Montag", "am Dienstag",
        "am Mittwoch", "am Donnerstag", "am Freitag", "am Wochenende", "vor drei Wochen", "erneut"]
THINGS = ["Sicherheitsgarantien", "eine Waffenruhe", "neue Sanktionen", "humanitäre Hilfe", "Luftabwehrsysteme",
          "einen Friedensplan", "weitere Gespräche", "die Freilassung der Geiseln", "Munition",
          "den Wiederaufbau", "ein Abkommen", "Verhandlungen", "den Abzug der Truppen", "Drohnen"]
WEAPONS = ["Drohnen", "Raketen", "Marschflugkörpern", "Artillerie", "Kampfflugzeugen"]
FILLER = [
    "Die Lage bleibt nach Einschätzung von Beobachtern angespannt.",
    "Eine unabhängige Bestätigung der Angaben gab es zunächst nicht.",
    "Die Gespräche sollen in der kommenden Woche fortgesetzt werden.",
    "Über weitere Einzelheiten wurde zunächst nichts bekannt.",
    "Mehr als {n} Menschen mussten ihre Häuser verlassen.",
    "Nach Angaben der Rettungskräfte wurden {n} Menschen verletzt.",
    "Die Preise für Energie stiegen im Vergleich zum Vorjahr um {p} Prozent.",
    "Der Konflikt dauert inzwischen seit mehr als {y} Jahren an.",
]

# Clause templates: {a} agent, {b} second actor, {t} thing, {p} place, {w} weapon.
CLAUSES = [
    "{a} hat {b} {when} mit {w} angegriffen",
    "{a} griff {when} Ziele in {p} mit {w} an",
    "{a} kritisiert {b} scharf",
    "{a} verurteilte den Angriff auf {p}",
    "{a} lehnt {t} ab",
    "{a} hat {t} nicht akzeptiert",
    "{a} fordert von {b} {t}",
    "{a} rief {b} auf, {t} zu ermöglichen",
    "{a} unterstützt {b} bei den Verhandlungen",
    "{a} begrüßte {t}",
    "{a} traf {when} in {p} mit {b} zusammen",
    "{a} hat {b} in {p} getroffen",
    "{a} besuchte {when} {p}",
    "{a} ist in {p} eingetroffen",
    "{a} telefonierte {when} mit {b}",
    "{a} verhandelt mit {b} über {t}",
    "{a} berät in {p} über {t}",
    "{a} liefert {b} {t}",
    "{a} will {b} {t} liefern",
    "{a} droht {b} mit Konsequenzen",
    "{a} verhängt neue Sanktionen gegen {b}",
    "{a} hat Truppen nach {p} verlegt",
    "{a} schlägt {t} vor",
    "{a} hat sich mit {b} auf {t} geeinigt",
    "{a} evakuiert Menschen aus {p}",
    "{a} nimmt an der Konferenz in {p} teil",
    "{a} informierte {b} über {t}",
    "{a} zieht sich aus {p} zurück",
]
SAYS = ["sagte", "erklärte", "betonte", "mahnte", "warnte", "teilte mit"]
QUOTES = ["Wir werden {t} nicht hinnehmen", "Das ist ein Angriff auf unsere Souveränität",
          "Wir brauchen {t} jetzt", "Die Gespräche waren konstruktiv", "Niemand will eine weitere Eskalation"]


def _cap(text: str) -> str:
    """Upper-case the first letter (a sentence start)."""
    return text[:1].upper() + text[1:]


def _dative(actor: str) -> str:
    """The dative form after a preposition: die → der, der → dem, das → dem."""
    for nom, dat in (("die ", "der "), ("der ", "dem "), ("das ", "dem ")):
        if actor.startswith(nom):
            return dat + _weak(actor[len(nom):])
    return actor


def _accusative(actor: str) -> str:
    """The accusative form: der → den."""
    return "den " + _weak(actor[4:]) if actor.startswith("der ") else actor


def _weak(rest: str) -> str:
    """An adjective after an article in the oblique cases: russische → russischen."""
    first, _, tail = rest.partition(" ")
    return f"{first}n {tail}" if first.islower() and first.endswith("e") and tail else rest


def _person(rng: random.Random) -> str:
    """A person with a role: "der französische Außenminister Anna Oberhuber", "NATO-Chef Rutte"."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    kind = rng.random()
    if kind < 0.4:
        return f"der {rng.choice(DEMONYMS)} {rng.choice(ROLES)} {name}"
    if kind < 0.7:
        return f"{rng.choice(ROLES)} {name}"
    return name


def _actor(rng: random.Random) -> str:
    """A state, an organization or a person."""
    pick = rng.random()
    if pick < 0.4:
        return rng.choice(STATES)
    if pick < 0.65:
        return rng.choice(ORGS)
    return _person(rng)


def sentence(rng: random.Random) -> str:
    """One news sentence: a clause, sometimes attributed, sometimes quoted, sometimes a filler."""
    if rng.random() < 0.12:
        return rng.choice(FILLER).format(n=rng.randint(2, 90_000), p=rng.randint(2, 40), y=rng.randint(2, 12))
    a, b = _actor(rng), _actor(rng)
    while b == a:
        b = _actor(rng)
    clause = rng.choice(CLAUSES)
    text = clause.format(a=a, b=_dative(b) if "mit {b}" in clause or "von {b}" in clause else _accusative(b),
                         t=rng.choice(THINGS), p=rng.choice(PLACES), w=rng.choice(WEAPONS),
                         when=rng.choice(WHEN))
    text = text.replace("  ", " ")
    style = rng.random()
    if style < 0.2:
        return f"{_cap(rng.choice(SOURCES))} {_reported(text)}."
    if style < 0.3:
        quote = rng.choice(QUOTES).format(t=rng.choice(THINGS))
        return f"„{quote}“, {rng.choice(SAYS)} {_actor(rng)} in {rng.choice(PLACES)}."
    return f"{_cap(text)}."


def _reported(clause: str) -> str:
    """A clause after a fronted source: verb second, so the subject follows the verb."""
    words = clause.split(" ")
    # "{a} hat X" → "hat {a} X": move the first verb-like word after the subject phrase.
    for i, word in enumerate(words[1:], start=1):
        if word.islower() and not word.startswith(("der", "die", "das", "den", "dem")) and word not in DEMONYMS:
            return " ".join([word, *words[:i], *words[i + 1:]])
    return clause


def entries_of(rng: random.Random, n: int) -> Iterator[str]:
    """`n` liveblog entries of two to five sentences each."""
    for _ in range(n):
        yield " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def liveblog(rng: random.Random, entries: int, issued: datetime) -> str:
    """A liveblog file: the header lines, then one entry a paragraph."""
    header = f"liveblog\nStand: {issued:%d.%m.%Y %H:%M} Uhr\n"
    return header + "\n".join(entries_of(rng, entries)) + "\n"


def write_corpus(out: Path, files: int = 40, entries: int = 75, seed: int = 7) -> list[Path]:
    """Write `files` liveblogs of `entries` entries each into `out`; return their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    start = datetime(2025, 1, 1, 8, 0)
    paths = []
    for i in range(files):
        path = out / f"liveblog-{i:04d}.txt"
        path.write_text(liveblog(rng, entries, start + timedelta(days=i, minutes=rng.randint(0, 600))),
                        encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Write a corpus: python bench/corpus.py OUT [--files N] [--entries N] [--seed N]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--entries", type=int, default=75)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.files, args.entries, args.seed)
    print(f"{len(paths)} files in {args.out}")


if __name__ == "__main__":
    main()
