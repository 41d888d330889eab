"""The top-level flow as one straight chain: read → extract → assemble → export."""
from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from geokg.exports import (DEFAULT_FORMATS, FORMATS, Bundle, cannot_write, check, export, interrupts_held,
                           needs_dataset, out_of_space, work_folder)
from geokg.extract.model import Document
from geokg.extract.pipeline import Part, default_pipeline, extract, extract_part, parts, warm
from geokg.extract.reader import read_documents, sources
from geokg import executors
from geokg.errors import Errors, GeokgError
from geokg.graph.shards import document_quads
from geokg.graph.spool import DocumentSpool, QuadSpool
from geokg.graph.assemble import assemble, new_dataset
from geokg.graph.network import to_networkx
from geokg.graph.resolve import Named, Resolver, entity_names, person_names, resolve_with
from geokg.graph.store import AddResult, GraphStore


#: The names of the files and folders a build writes into its output folder: never read as input.
OUTPUTS = frozenset(f.filename.rstrip("/") for f in FORMATS.values())

#: Bytes of input below which a build left to choose its workers extracts in its own process: a pool
#: reads all of the pipeline's data before it forks (~0.5 s), the extraction of ~60 KB of news.
SMALL_INPUT = 64_000

#: Told of each input file that is skipped (unreadable, not text, empty) and why; the build goes on.
SkipHook = Callable[[Path, GeokgError], None]


def read_inputs(inputs: Iterable[Path], on_skip: SkipHook | None = None, out: Path | None = None,
                default_date: datetime | None = None) -> list[Document]:
    """Documents for every input file (folders searched for text files; with `out`, not a build's outputs there).

    Without `on_skip` the first file that cannot be read stops the build; with it, that file is
    reported and skipped. Either way a GeokgError (E107, E108) if no document is left.
    `default_date` dates the documents that give no date of their own (`--date`).
    """
    paths = list(sources(list(inputs), out, OUTPUTS))
    documents = [d for d, _ in _readable(paths, on_skip, default_date)]
    if not documents:
        raise _nothing_to_build(paths)
    return documents


def _nothing_to_build(paths: list[tuple[Path, str]]) -> GeokgError:
    """The error of a build left without a document."""
    return GeokgError(Errors.E107, count=len(paths)) if paths else GeokgError(Errors.E108)


def _readable(paths: Iterable[tuple[Path, str]], on_skip: SkipHook | None,
              default_date: datetime | None = None) -> Iterator[tuple[Document, bool]]:
    """(document, whether it is its file's last) of the files that can be read (a JSON Lines or CSV
    file holds many); the others told to `on_skip` (or raised)."""
    for path, source in paths:
        held: Document | None = None  # a document is its file's last only once the next is known not to exist
        try:
            for document in read_documents(path, source, default_date):
                if held is not None:
                    yield held, False
                held = document
        except GeokgError as exc:
            if on_skip is None:
                raise
            on_skip(path, exc)
        if held is not None:
            yield held, True


def _parts(paths: Iterable[tuple[Path, str]], on_skip: SkipHook | None, default_date: datetime | None,
           file_ends: deque[bool]) -> Iterator[Part]:
    """The map items: every readable document, in parts if it is long (read one at a time).

    For each part, `file_ends` is told whether it ends an input file (results come back in order).
    """
    for document, last in _readable(paths, on_skip, default_date):
        for part in parts(document):
            file_ends.append(last and part.last)
            yield part


#: Told how far a build is: (input files done, input files in all, the part just extracted); once
#: with (0, total, None) before the first. The CLI draws its progress bar with it.
ProgressHook = Callable[[int, int, Document | None], None]


def build(inputs: Iterable[Path], out: Path, formats: Iterable[str] = DEFAULT_FORMATS,
          progress: ProgressHook | None = None, *, on_skip: SkipHook | None = None,
          workers: int | None = 1, executor: str = "local", scheduler: str | None = None,
          default_date: datetime | None = None) -> list[Path]:
    """Build the graph of the inputs and write the chosen formats into `out`; return the files.

    Two map steps run on `executor` ("local": this process, or a pool of `workers` processes;
    "dask": the cluster at `scheduler`; `workers` None: one per usable core, or this process alone
    for a small input, see `workers_for`): extraction of each document (of each part of a long one),
    then, once the persons of all documents are known, each one's named graph (graph/shards.py).
    What they give is spooled to disk (graph/spool.py), so memory stays flat in the size of the
    corpus and of any one document. Results come back in input order, so the files are the same
    bytes however the build ran. `default_date` dates the documents that give none (`--date`).
    """
    formats = check(formats)
    paths = list(sources(list(inputs), out, OUTPUTS))
    if not paths:
        raise _nothing_to_build(paths)
    fresh = not out.exists()
    work = work_folder(out)
    finished = False
    try:
        try:
            bundle = _bundle(executors.get(executor, workers_for(paths, workers), scheduler, preload=_warm_pipeline),
                             paths, formats, work, progress, on_skip, default_date)
        except KeyboardInterrupt as exc:
            raise KeyboardInterrupt(str(exc) or "the previous output is unchanged") from None
        except OSError as exc:  # the spools fill the disk: an error naming `out`, not the hidden `work`
            if not out_of_space(exc):
                raise
            raise cannot_write(exc, out) from exc
        written = export(bundle, formats, out)  # an interrupt there says itself what it left
        finished = True
    finally:
        # held off, an interrupt does not leave the temporary folder half removed
        with interrupts_held("the new output is complete" if finished else None):
            shutil.rmtree(work, ignore_errors=True)
            if fresh and not any(out.iterdir()):  # a build that wrote nothing leaves no folder behind
                out.rmdir()
    return written


def workers_for(paths: list[tuple[Path, str]], asked: int | None) -> int:
    """The extraction workers of a build: as asked, else one per usable core, or one for a small input."""
    if asked is not None:
        return asked
    size = 0
    for path, _ in paths:
        try:
            size += path.stat().st_size
        except OSError:  # the reader says what is wrong with it
            continue
    return executors.available_cores() if size >= SMALL_INPUT else 1


def _warm_pipeline() -> None:
    """The default pipeline with all it reads on first use (what a local pool loads before it forks)."""
    warm(default_pipeline())


def _bundle(pool: executors.Executor, paths: list[tuple[Path, str]], formats: list[str], work: Path,
            progress: ProgressHook | None, on_skip: SkipHook | None, default_date: datetime | None) -> Bundle:
    """What the exports read: the documents extracted, resolved and turned into quads on `pool`, spooled in `work`."""
    extracted, documents = DocumentSpool(work), DocumentSpool(work)
    try:
        with pool as running:
            file_ends: deque[bool] = deque()
            items = _parts(paths, on_skip, default_date, file_ends)
            names, entities, titles = _extract(running, items, len(paths), progress, extracted, file_ends)
            if not extracted:
                raise _nothing_to_build(paths)
            quads = QuadSpool(work)
            for graph in running.map(document_quads, _resolved(extracted, Resolver(names, entities), documents)):
                quads.update(graph)
            extracted.close()  # the resolved copies are what the exports read
        dataset = assemble(documents) if needs_dataset(formats) else new_dataset()
    except BaseException:
        extracted.close()  # a spool being written holds its file open
        documents.close()
        raise
    title = titles[0] if len(titles) == 1 else f"{len(titles)} documents"
    return Bundle(dataset, None, documents, quads=quads, title=title)


def _extract(pool: executors.Executor, items: Iterable[Part], total: int, progress: ProgressHook | None,
             into: DocumentSpool, file_ends: deque[bool]) -> tuple[set[str], set[Named], list[str]]:
    """The first map step: every part extracted and spooled `into`; the person names, entities and titles seen.

    `file_ends` says of each part, in order, whether it ends an input file: progress counts files.
    """
    names: set[str] = set()
    entities: set[Named] = set()
    titles: dict[str, str] = {}
    done = 0
    if progress is not None:
        progress(0, total, None)
    for part in pool.map(extract_part, items):
        into.append(part.document)
        names |= person_names([part.document])
        entities |= entity_names([part.document])
        titles.setdefault(part.document.id, part.document.title)
        done += file_ends.popleft()
        if progress is not None:
            progress(done, total, part.document)
    return names, entities, list(titles.values())


def _resolved(documents: Iterable[Document], resolver: Resolver, into: DocumentSpool) -> Iterator[Document]:
    """Each document with its persons resolved (one IRI per person across the documents), kept in `into`."""
    for document in documents:
        (resolved,) = resolve_with([document], resolver)
        into.append(resolved)
        yield resolved


#: Told what adding each input to a store did (added, replaced, unchanged, kept; earlier graphs rewritten).
StoreHook = Callable[[AddResult], None]


def build_store(inputs: Iterable[Path], store: Path, out: Path | None = None,
                formats: Iterable[str] = DEFAULT_FORMATS, on_added: StoreHook | None = None, *,
                on_skip: SkipHook | None = None, default_date: datetime | None = None) -> list[Path]:
    """Add the inputs to the store at `store`, one transaction per document; with `out`, export them too.

    Documents already stored (same content hash) are not extracted again. The export holds the inputs
    as the store resolved them (persons resolved across the whole store). Input files that cannot be
    read are told to `on_skip` and left out, as in `build`; without it the first one stops the build.
    """
    formats = check(formats) if out is not None else []
    sources = read_inputs(inputs, on_skip, default_date=default_date)
    with GraphStore(store) as kg:
        kg.ensure_background()
        kg.ensure_layout()
        fresh: dict[str, Document] = {}
        for document in sources:
            status = kg.status(document)
            if status == "new" and document.id not in fresh:
                fresh[document.id] = document
            elif on_added is not None:
                on_added(AddResult(status if status != "new" else "unchanged", document))
        for document in extract(fresh.values()):
            result = kg.add(document)
            if on_added is not None:
                on_added(result)
        if fresh or kg.description() is None:
            kg.describe()
        if out is None:
            return []
        documents = kg.resolved_documents(dict.fromkeys(d.id for d in sources if kg.has(d.id)))
    if not documents:
        raise GeokgError(Errors.E510)
    bundle = Bundle(assemble(documents), to_networkx(documents), documents,
                    title=documents[0].title if len(documents) == 1 else f"{len(documents)} documents")
    return export(bundle, formats, out)


def export_store(store: Path, out: Path, formats: Iterable[str] = DEFAULT_FORMATS,
                 full_background: bool = False) -> list[Path]:
    """Write the chosen formats of everything in the store into `out`.

    The background graph holds the facts about the entities the documents mention, as `geokg build`
    writes it; `full_background` exports the store's whole background graph instead.
    """
    formats = check(formats)
    with GraphStore(store, read_only=True) as kg:
        documents = kg.resolved_documents()
        if not documents:
            raise GeokgError(Errors.E509, path=store)
        dataset = kg.dataset(documents, full_background)
    bundle = Bundle(dataset, to_networkx(documents), documents,
                    title=documents[0].title if len(documents) == 1 else f"{len(documents)} documents")
    return export(bundle, formats, out)
