"""On-disk spools that keep a build's memory flat, however large the corpus or one document is.

A build meets every statement twice (its named graph, then the exports), so it cannot just stream;
it writes what it made to disk and reads it back. `DocumentSpool` keeps extracted documents (in
memory up to a limit, then in a pickle file), read back in the order written as often as needed;
`QuadSpool` keeps quads in memory up to a limit, then writes them out as sorted runs and merges
the runs when read (an external sort), so the RDF writers get every quad once, in the order they
write, at any size.

>>> spool = QuadSpool(limit=2)  # the third quad sends the first run to disk
>>> spool.update([("<g>", "<b> <p> <o>"), ("", "<a> <p> <o>"), ("<g>", "<a> <p> <o>")])
>>> list(spool.quads())
[('', '<a> <p> <o>'), ('<g>', '<a> <p> <o>'), ('<g>', '<b> <p> <o>')]
>>> list(spool.triples())
['<a> <p> <o>', '<b> <p> <o>']
>>> spool.close()
"""
from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from geokg.extract.model import Document

Quad = tuple[str, str]  # (graph term, or "" for the default graph; the triple), N-Quads syntax

LIMIT = 200_000  # quads held in memory before a sorted run goes to disk (~100 MB)
STATEMENTS = 50_000  # statements held in memory before a document spool goes to disk (~100 MB)
BLOCK = 10_000  # items pickled together in a run file
MERGE_AT = 64  # runs merged into one when there are this many (each is an open file when read)


class DocumentSpool:
    """Documents kept in the order appended, read back any number of times; on disk past `limit` statements."""

    def __init__(self, folder: Path, limit: int | None = None) -> None:
        self.path = folder / f"documents-{id(self):x}.pickle"
        self.limit = STATEMENTS if limit is None else limit
        self.held: list[Document] = []  # pickling costs time: a small build keeps its documents here
        self.statements = 0
        self.count = 0
        self._out: BinaryIO | None = None
        self._reading = False

    def append(self, document: Document) -> None:
        """Keep one document (its text is dropped: the exports do not read it)."""
        if self._reading:
            raise RuntimeError("a document spool cannot be appended to once it has been read")
        document = replace(document, text="")
        self.count += 1
        self.statements += len(document.statements)
        if self._out is None and self.statements <= self.limit:
            self.held.append(document)
            return
        if self._out is None:
            self._out = self.path.open("wb")
            for earlier in self.held:
                pickle.dump(earlier, self._out, protocol=pickle.HIGHEST_PROTOCOL)
            self.held = []
        pickle.dump(document, self._out, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Document]:
        self._reading = True
        if self._out is not None:  # nothing is appended once reading starts
            self._out.close()
            self._out = None
        if not self.path.exists():
            yield from self.held
            return
        with self.path.open("rb") as fh:
            for _ in range(self.count):
                yield pickle.load(fh)

    def close(self) -> None:
        """Forget the documents: the file removed, if any."""
        if self._out is not None:
            self._out.close()
            self._out = None
        self.held = []
        self.count = self.statements = 0
        self.path.unlink(missing_ok=True)


class QuadSpool:
    """Quads, each kept once; read back sorted, whatever their number, from memory and sorted runs."""

    def __init__(self, folder: Path | None = None, limit: int | None = None) -> None:
        self.folder = folder if folder is not None else Path(tempfile.gettempdir())
        self.limit = LIMIT if limit is None else limit
        self.held: set[Quad] = set()
        self.runs: list[tuple[Path, Path]] = []  # (quads sorted, triples sorted) per spilled run

    def update(self, quads: Iterable[Quad]) -> None:
        """Add quads; a sorted run goes to disk when more than `limit` are held."""
        self.held.update(quads)
        if len(self.held) > self.limit:
            self._spill()

    def _spill(self) -> None:
        """Write what is held as two sorted runs (by quad, by triple) and forget it."""
        quads = sorted(self.held)
        self.held = set()
        self.runs.append((self._write(quads), self._write(sorted({t for _, t in quads}))))
        if len(self.runs) >= MERGE_AT:  # a file handle a run when read: merge them before there are too many
            merged = (self._write(_unique(heapq.merge(*(_read(q) for q, _ in self.runs)))),
                      self._write(_unique(heapq.merge(*(_read(t) for _, t in self.runs)))))
            self.close()
            self.runs = [merged]

    def _write(self, items: Iterable[Any]) -> Path:
        """A new run file holding `items` (sorted), a block at a time."""
        handle, name = tempfile.mkstemp(prefix="run-", suffix=".pickle", dir=self.folder)
        with open(handle, "wb") as fh:
            for block in _blocks(items):
                pickle.dump(block, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return Path(name)

    def quads(self) -> Iterator[Quad]:
        """Every quad once, sorted by (graph, triple)."""
        return _unique(heapq.merge(sorted(self.held), *(_read(q) for q, _ in self.runs)))

    def triples(self) -> Iterator[str]:
        """Every triple of the union of the graphs once, sorted."""
        held = sorted({t for _, t in self.held})
        return _unique(heapq.merge(held, *(_read(t) for _, t in self.runs)))

    def __len__(self) -> int:
        """The number of distinct quads (reads the runs when there are any)."""
        if not self.runs:
            return len(self.held)
        return sum(1 for _ in self.quads())

    def close(self) -> None:
        """Remove the run files."""
        for pair in self.runs:
            for path in pair:
                path.unlink(missing_ok=True)
        self.runs = []


def _read(path: Path) -> Iterator[Any]:
    """The items of a run file, a block at a time."""
    with path.open("rb") as fh:
        while True:
            try:
                yield from pickle.load(fh)
            except EOFError:
                return


def _blocks(items: Iterable[Any]) -> Iterator[list[Any]]:
    """The items in lists of BLOCK."""
    block: list[Any] = []
    for item in items:
        block.append(item)
        if len(block) == BLOCK:
            yield block
            block = []
    if block:
        yield block


def _unique(items: Iterable[Any]) -> Iterator[Any]:
    """Sorted items without repeats."""
    last: Any = object()
    for item in items:
        if item != last:
            yield item
            last = item
