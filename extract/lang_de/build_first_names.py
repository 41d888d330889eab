"""Rebuild `first_names.txt`: the curated names plus the most common first names per country, filtered.

The curated list (`first_names_curated.txt`) holds the names of people in the news in the German
spelling news uses (Wolodymyr, Sergej, Jizchak). The script adds the `TOP` most common male and
female first names of each country in names-dataset (Latin script only) and drops every candidate
that is also an ordinary German word, so that a capitalised noun or a sentence-initial function
word is never taken for a first name:

* German common nouns and their inflected forms (german-nouns, from Wiktionary),
* words that occur in lower case in the UD German treebanks (function words, adjectives, verbs),
* frequent English words (wordfreq), months and weekdays,
* every name in the other gazetteers (countries, organizations, places, demonyms, role nouns).

The runtime reads only the shipped `first_names.txt`; these packages are needed to rebuild it:

    pip install names-dataset german-nouns wordfreq
    python -m geokg.extract.lang_de.build_first_names --ud ../shared/data/ud-german \\
        --measure ../shared/data/germeval2014/NER-de-dev.tsv
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).parent
CURATED = HERE / "first_names_curated.txt"
OUTPUT = HERE / "first_names.txt"
TOP = 50  # names per country and gender taken from names-dataset (about 4,000 names in all)
# Countries whose people appear in German world news; names-dataset has no data for some (UA, BY).
COUNTRIES = ("DE AT CH US GB IE CA FR BE NL LU ES PT IT GR MT CY SE NO DK FI IS PL CZ HU RO BG RS HR SI "
             "AL LT EE MD GE AZ KZ TR IL PS LB JO SY IQ IR SA AE QA EG DZ MA TN NG ZA ET MX BR AR CO "
             "IN AF JP KR ID PH MY").split()
LATIN_NAME = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?")
CALENDAR = frozenset("Januar Februar März April Mai Juni Juli August September Oktober November Dezember "
                     "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split())
# Tokens that look like names but are abbreviations or brands in German news.
STOPLIST = frozenset("Mio Mrd Nato Mercedes Chelsea Aprilia Juventus".split())


def read_names(path: Path) -> set[str]:
    """The names in a one-name-a-line file (`#` comments allowed)."""
    return {w.strip() for w in path.read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")}


def candidates(top: int = TOP, countries: Iterable[str] = COUNTRIES) -> set[str]:
    """The `top` most common male and female first names per country, Latin script only."""
    from names_dataset import NameDataset

    data = NameDataset()
    names: set[str] = set()
    for country in countries:
        ranked = data.get_top_names(n=top, country_alpha2=country).get(country, {})
        for gender in ("M", "F"):
            names.update(n for n in ranked.get(gender, []) if LATIN_NAME.fullmatch(n))
    return names


def german_words(ud_dir: Path | None) -> set[str]:
    """Capitalised forms that are ordinary German (or frequent English) words, never first names."""
    from german_nouns.lookup import Nouns
    from wordfreq import top_n_list

    words = set(CALENDAR) | set(STOPLIST)
    nouns = Nouns()
    for row in nouns.data:
        entry = row if isinstance(row, dict) else nouns.row_to_dict(row)
        pos = set(entry.get("pos") or [])
        if entry.get("lemma") and "Substantiv" in pos and not pos & {"Vorname", "Nachname", "Toponym"}:
            words.add(entry["lemma"])
            words.update((entry.get("flexion") or {}).values())
    if ud_dir is not None:
        for conllu in sorted(ud_dir.glob("*.conllu")):
            for line in conllu.read_text("utf-8").splitlines():
                cells = line.split("\t")
                if len(cells) > 2 and cells[0].isdigit() and cells[1][:1].islower() and cells[1].isalpha():
                    words.add(cells[1].capitalize())
    words.update(w.capitalize() for w in top_n_list("en", 3000) if w.isalpha())
    return words


def gazetteer_names() -> set[str]:
    """Every one-word name and alias in the other gazetteer tables, demonyms and role nouns included."""
    from geokg.extract.lang_de import gazetteer

    names: set[str] = set(gazetteer.role_nouns())
    for table in (gazetteer.countries().values(), gazetteer.organizations().values(), gazetteer.places()):
        for entry in table:
            names.update(entry.names)
    for country in gazetteer.countries().values():
        names.update((*country.seat_aliases, country.capital))
    names.update(form.capitalize() for form in gazetteer.demonyms())
    return {name for name in names if " " not in name}


def build(curated: set[str], extra: set[str], exclude: set[str]) -> list[str]:
    """The shipped list: every curated name, plus the extra names not excluded, sorted."""
    return sorted(curated | {n for n in extra if n not in exclude and len(n) >= 4})


def write(names: list[str], path: Path, curated: int, top: int) -> None:
    """Write the list with a header saying how it was made."""
    header = (f"# GENERATED by build_first_names.py: {curated} curated names (first_names_curated.txt) plus the\n"
              f"# {top} most common first names per country and gender in names-dataset, without German words.\n"
              "# Do not edit: change first_names_curated.txt and rebuild.\n")
    path.write_text(header + "\n".join(names) + "\n", "utf-8")


def measure(names: set[str], germeval: Path) -> str:
    """Coverage of GermEval PER spans by their first token, and how often a listed name misleads.

    `trigger precision`: of the tokens in the list followed by a capitalised word (where a
    recognizer would start a person), the share that really begin or continue a PER span.
    """
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in germeval.read_text("utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#"):
            continue
        if len(cells) < 3:
            sentences.append([])
        else:
            sentences[-1].append((cells[1], cells[2]))
    spans = hits = multi = multi_hits = false_tokens = capitalised = fired = fired_ok = 0
    for sent in sentences:
        for i, (word, tag) in enumerate(sent):
            if tag == "B-PER":
                end = i + 1
                while end < len(sent) and sent[end][1] == "I-PER":
                    end += 1
                spans += 1
                hits += word in names
                if end - i > 1:
                    multi += 1
                    multi_hits += word in names
            if word[:1].isupper() and not tag.endswith("-PER"):
                capitalised += 1
                false_tokens += word in names
            if word in names and i + 1 < len(sent) and sent[i + 1][0][:1].isupper():
                fired += 1
                fired_ok += tag.endswith("-PER") and sent[i + 1][1] == "I-PER"
    return (f"{len(names)} names: PER spans starting with a listed name {hits}/{spans} = {hits / spans:.3f}; "
            f"multi-token PER spans {multi_hits}/{multi} = {multi_hits / multi:.3f}; "
            f"listed non-PER capitalised tokens {false_tokens}/{capitalised} = {false_tokens / capitalised:.4f}; "
            f"trigger precision {fired_ok}/{fired} = {fired_ok / max(fired, 1):.3f}")


def main(argv: list[str] | None = None) -> int:
    """Rebuild first_names.txt; with --measure, print GermEval figures for the curated and built lists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=TOP, help="names per country and gender (default %(default)s)")
    parser.add_argument("--ud", type=Path, help="folder of UD German .conllu files (lower-case word filter)")
    parser.add_argument("--measure", type=Path, help="GermEval 2014 TSV to measure the lists on")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    curated = read_names(CURATED)
    extra = candidates(args.top) if args.top > 0 else set()
    names = build(curated, extra, german_words(args.ud) | gazetteer_names())
    write(names, args.out, len(curated), args.top)
    print(f"wrote {len(names)} names to {args.out}")
    if args.measure:
        print("curated:", measure(curated, args.measure))
        print("built:  ", measure(set(names), args.measure))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
