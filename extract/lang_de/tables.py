"""Reading the lexicon tables: UTF-8 TSV with a header row, `#` comment lines, `|` between alternatives."""
from __future__ import annotations

import csv
from importlib import resources

from geokg.errors import Errors, GeokgError


def read_tsv(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of the table `name` in this package, as dicts; an error names the file and line."""
    return [row for _, row in read_rows(name, required)]


def column_map(name: str, key: str, value: str) -> dict[str, str]:
    """One column of the table `name` by another: key cell → value cell."""
    return {r[key]: r[value] for r in read_tsv(name, (key, value))}


def read_rows(name: str, required: tuple[str, ...] = ()) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of each entry of the table `name`, for checks that name the line."""
    text = resources.files("geokg.extract.lang_de").joinpath(name).read_text("utf-8")
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise GeokgError(Errors.E204, table=name)
    header = next(csv.reader([lines[0][1]], delimiter="\t"))
    missing = [c for c in required if c not in header]
    if missing:
        raise GeokgError(Errors.E205, table=name, line=lines[0][0], columns=", ".join(missing))
    rows = []
    for lineno, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise GeokgError(Errors.E206, table=name, line=lineno, cells=len(cells), header=len(header))
        row = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))
        if not row[header[0]]:  # the first column is the entry's key
            raise GeokgError(Errors.E207, table=name, line=lineno, column=header[0])
        rows.append((lineno, row))
    return rows


def alternatives(cell: str) -> tuple[str, ...]:
    """The `|`-separated values of a cell, without empty ones."""
    return tuple(v.strip() for v in cell.split("|") if v.strip())
