"""The command line: geokg build | query | stats | explain | demo."""
from __future__ import annotations

import functools
import gc
import logging
import signal
import time
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional, ParamSpec

import typer

from geokg.errors import Errors, GeokgError
from geokg.exports import DEFAULT_FORMATS, FORMATS
from geokg.graph.engine import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from rdflib import Graph
    from rich.progress import Progress, TaskID

    from geokg.extract.model import Document
    from geokg.graph import void
    from geokg.graph.store import AddResult

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="German news and liveblogs → a geopolitical knowledge graph (RDF, TriG, HTML).")


#: The --format option's default and help, from the exporters' table (geokg/exports/__init__.py).
DEFAULT_FORMAT_LIST = ",".join(DEFAULT_FORMATS)
FORMAT_HELP = "Comma-separated formats (default " + DEFAULT_FORMAT_LIST + "): " + "; ".join(
    f"{e.name} ({e.description})" for e in FORMATS.values()) + "."


class TableFormat(str, Enum):
    """How `geokg query` prints its answer."""

    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: GeokgError) -> NoReturn:
    """One line on stderr for an error the user can act on; exit status 2."""
    typer.echo(f"geokg: error: {exc.message}", err=True)
    raise typer.Exit(code=2)


P = ParamSpec("P")


def guarded(command: Callable[P, None]) -> Callable[P, None]:
    """Run a command so that whatever goes wrong ends in one line on stderr and an exit status.

    A GeokgError exits 2 with its message; an OSError the build did not expect (a folder that cannot
    be listed, a full disk) exits 2 naming the file; Ctrl-C or SIGTERM exits 130 with what the command
    says of its output; anything else is a bug: one line and exit 1, the traceback only under -v.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except GeokgError as exc:
            _fail(exc)
        except KeyboardInterrupt as exc:
            note = f"; {exc}" if str(exc) else ""
            typer.echo(f"geokg: interrupted{note}", err=True)
            raise typer.Exit(code=130) from None
        except OSError as exc:
            reason = exc.strerror or exc
            _fail(GeokgError(Errors.E709, path=exc.filename, reason=reason) if exc.filename
                  else GeokgError(Errors.E710, reason=reason))
        except Exception as exc:  # noqa: BLE001 - a bug: one line for the user
            if _verbose():
                traceback.print_exc()
            first = str(exc).splitlines()[0] if str(exc) else ""
            typer.echo(f"geokg: error: {GeokgError(Errors.E708, kind=type(exc).__name__, detail=first).message}",
                       err=True)
            raise typer.Exit(code=1) from None

    return run


@dataclass(frozen=True)
class Settings:
    """Options for every command, set by the app callback and handed on in the click context."""

    quiet: bool = False
    verbose: bool = False


#: The settings of the invocation running in this context, for `guarded` (which sees no click context:
#: typer may bring its own copy of click, and a command need not take one).
CURRENT: ContextVar[Settings] = ContextVar("geokg_settings")


def _verbose() -> bool:
    """True if the running command was given -v (the traceback of a bug is shown then)."""
    return CURRENT.get(Settings()).verbose


def _settings(ctx: typer.Context) -> Settings:
    """The settings of this invocation (defaults when a command is invoked on its own)."""
    found = ctx.find_object(Settings)
    return found if found is not None else Settings()


@app.callback()
def options(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but answers and errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=(
        "Say more: per-document counts and timing, the SPARQL that is run."))] = False,
) -> None:
    """Options for every command: --quiet, --verbose (given before the command: geokg -q build …)."""
    if quiet and verbose:
        _fail(GeokgError(Errors.E701))
    signal.signal(signal.SIGTERM, _terminate)  # `kill`, a service manager: stop as cleanly as on Ctrl-C
    ctx.obj = Settings(quiet=quiet, verbose=verbose)
    CURRENT.set(ctx.obj)
    logger = logging.getLogger("geokg")  # what reading repaired or left out (extract/reader.py)
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _EchoWarnings)]
    logger.addHandler(_EchoWarnings(logging.ERROR if quiet else logging.WARNING))


class _EchoWarnings(logging.Handler):
    """Logged warnings as `geokg: warning: …` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"geokg: warning: {record.getMessage()}", err=True)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: raise KeyboardInterrupt, so that a command stops as it does on Ctrl-C."""
    raise KeyboardInterrupt


class _BuildProgress:
    """A progress bar on stderr while documents are extracted: only on a terminal, for more than one."""

    def __init__(self, settings: Settings) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.settings = settings
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int, document: Document | None) -> None:
        """Advance the bar (and, with --verbose, say what the document gave)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if self.settings.verbose and document is not None:
            self.console.print(f"{document.source}: {len(document.statements)} statements, "
                               f"{len(set(e.name for e in document.entities))} entities", highlight=False)
        if self.settings.quiet or total < 2 or not self.console.is_terminal:
            return
        if self.bar is None:
            self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("extracting", total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done)

    def __enter__(self) -> _BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
@guarded
def build(
    ctx: typer.Context,
    inputs: Annotated[list[Path], typer.Argument(help="Text files or folders of them.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=(
        "Output folder (default: out; with --store, files only if --out is given)."))] = None,
    formats: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = DEFAULT_FORMAT_LIST,
    store: Annotated[Optional[Path], typer.Option("--store", help=(
        "Add the documents to this on-disk store (created if missing; one transaction per document)."))] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-j", show_default=False, help=(
        "Extract with this many local processes (documents are independent); default: one per core "
        "this process may use (one process for less than 64 KB of input); 1 extracts in this process. "
        "The outputs are the same bytes either way."))] = None,
    executor: Annotated[str, typer.Option("--executor", help=(
        "Where extraction runs: local (this machine) or dask (a Dask cluster, see --scheduler)."))] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help=(
        "The Dask scheduler address (tcp://host:8786) or scheduler file, for --executor dask."))] = None,
    date: Annotated[Optional[str], typer.Option("--date", help=(
        "The date (YYYY-MM-DD) of every input document that gives none of its own (a Stand: line, an "
        "agency or ticker stamp, HTML metadata, a record's date); without it such documents are undated."))] = None,
) -> None:
    """Build the knowledge graph of INPUTS into --out, or add it to a --store.

    Examples:
      geokg build geokg/data/seed-liveblog.txt --out out
      geokg build examples/ --store kg
      geokg build articles.jsonl --date 2015-09-11 --out out
    """
    from geokg.build import build as run
    from geokg.build import build_store

    settings = _settings(ctx)
    started = time.perf_counter()
    names = [f.strip() for f in formats.split(",") if f.strip()]
    default_date = _date_option(date)
    if store is not None:
        written = build_store(inputs, store, out, names, None if settings.quiet else _echo_added,
                              on_skip=_echo_skipped, default_date=default_date)
    else:
        with _BuildProgress(settings) as progress:
            written = run(inputs, out or Path("out"), names, progress, on_skip=_echo_skipped,
                          workers=workers, executor=executor, scheduler=scheduler, default_date=default_date)
    if settings.verbose:
        typer.echo(f"built in {time.perf_counter() - started:.1f} s", err=True)
    if not settings.quiet:
        for path in written:
            typer.echo(str(path))


def _echo_skipped(path: Path, exc: GeokgError) -> None:
    """One line on stderr for an input file a build skips."""
    message = exc.message if str(path) in exc.message else f"{path}: {exc.message}"
    typer.echo(f"geokg: skipped: {message}", err=True)


def _echo_added(result: AddResult) -> None:
    """One line per input of a store build: what adding it did."""
    doc = result.document
    notes = {"added": "", "unchanged": ": already in the store", "kept": ": the store holds a newer version",
             "replaced": f", replacing {', '.join(result.replaced)}"}
    typer.echo(f"{result.status} {doc.source} ({doc.id}){notes.get(result.status, '')}")
    for doc_id in result.rewritten:
        typer.echo(f"rewrote {doc_id} (its persons now resolve differently)")


def _list_queries(value: bool) -> None:
    """--list: print the query library (name, question, parameters) and stop."""
    if not value:
        return
    from geokg.graph.library import describe, library

    typer.echo(describe(library().values()), nl=False)
    raise typer.Exit()


#: --timeout: the default and help, for every command that runs SPARQL.
TIMEOUT_HELP = "Stop a query after this many seconds (default {default:g})."


@app.command()
@guarded
def query(
    ctx: typer.Context,
    graph: Annotated[Optional[str], typer.Argument(metavar="[GRAPH]", help=(
        "An exported graph (.ttl, .trig, .nt, .nq, .jsonld); left out with --store or --endpoint."))] = None,
    sparql: Annotated[Optional[str], typer.Argument(
        metavar="QUERY", help="SPARQL text, a .rq file, or the name of a library query.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, csv or json.")] = TableFormat.table,
    store: Annotated[Optional[Path], typer.Option("--store", help=(
        "Query this on-disk store (geokg build --store) instead of a graph file (read-only: beside a build)."))] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help=(
        "Query this SPARQL endpoint (http://127.0.0.1:8000/sparql, Fuseki's …/query, Oxigraph's …/query)."))] = None,
    params: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", metavar="NAME=VALUE",
        help="Bind a parameter of the query (repeatable), e.g. actor=Russland.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help=TIMEOUT_HELP.format(
        default=DEFAULT_TIMEOUT))] = DEFAULT_TIMEOUT,
    allow_service: Annotated[bool, typer.Option("--allow-service", help=(
        "Let the query federate (SERVICE <url>): parts of it, and the data they bind, go to that server."))] = False,
    list_: Annotated[bool, typer.Option(
        "--list", is_eager=True, callback=_list_queries,
        help="List the query library (name, question, parameters) and exit.")] = False,
) -> None:
    """Run a SPARQL query over an exported graph, a store or an endpoint and print the answer.

    Queries only read: SERVICE (unless --allow-service), updates and FROM of another graph than
    geokg's are refused, and a query stops at --timeout.

    Examples:
      geokg query out/graph.ttl 'SELECT ?s ?o WHERE { ?s gkg:attacks ?o }'
      geokg query --list
      geokg query out/graph.ttl actor-timeline --param actor=Russland
      geokg query --store kg leaders-at-date \\
        --param country=USA --param date=2025-03-15
      geokg query --endpoint http://127.0.0.1:8000/sparql who-did-what
    """
    from geokg.graph.engine import GraphFile, StoreFolder, execute
    from geokg.graph.library import parse_params, resolve
    from geokg.graph.query import format_result

    if graph is None:
        raise GeokgError(Errors.E412)
    if sparql is not None and store is not None:
        raise GeokgError(Errors.E411)
    if sparql is not None and endpoint is not None:
        raise GeokgError(Errors.E424)
    if store is None and endpoint is None and sparql is None:
        raise GeokgError(Errors.E412)
    text = resolve(graph if sparql is None else sparql, parse_params(params or []))
    if _settings(ctx).verbose:
        typer.echo(text.rstrip(), err=True)
    if endpoint is not None:
        from geokg.graph.protocol import ask

        answer = ask(endpoint, text, timeout=timeout, allow_service=allow_service)
    else:
        dataset = StoreFolder(store) if store is not None else GraphFile(Path(graph))
        answer = execute(dataset, text, timeout=timeout, allow_service=allow_service)
    typer.echo(format_result(answer, fmt.value), nl=False)


@app.command()
@guarded
def serve(
    ctx: typer.Context,
    store: Annotated[Path, typer.Option("--store", help="The on-disk store to serve (geokg build --store).")],
    host: Annotated[str, typer.Option("--host", help=(
        "Address to listen on; the default keeps the endpoint on this machine."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help=TIMEOUT_HELP.format(
        default=DEFAULT_TIMEOUT))] = DEFAULT_TIMEOUT,
    allow_service: Annotated[bool, typer.Option("--allow-service", help=(
        "Let queries federate (SERVICE <url>): parts of them, and the data they bind, go to that server."))] = False,
) -> None:
    """Serve a store: the explorer at /, its JSON API at /api/, a read-only SPARQL 1.1 endpoint at /sparql.

    The explorer answers from an index of the whole store, made again when a build adds to it.
    SPARQL answers as JSON, XML, CSV or TSV by the Accept header (a query form for a browser at
    /sparql); queries are checked and time out as with geokg query. Ctrl-C stops it.

    Examples:
      geokg serve --store kg
      geokg serve --store kg --port 8080 --timeout 20
    """
    from geokg.serve import make_server

    settings = _settings(ctx)
    server = make_server(store, host, port, timeout, allow_service, quiet=settings.quiet)
    typer.echo(f"geokg: serving {store}: the explorer at {server.base}/, SPARQL at {server.url} "
               "(read-only; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("geokg: stopped serving", err=True)
    finally:
        server.server_close()


@app.command()
@guarded
def export(
    store: Annotated[Path, typer.Option("--store", help="The on-disk store to export (geokg build --store).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    formats: Annotated[str, typer.Option("--format", help=(
        "Comma-separated formats, as for geokg build."))] = DEFAULT_FORMAT_LIST,
    full_background: Annotated[bool, typer.Option("--full-background", help=(
        "Export the store's whole background graph, not only the facts about entities the texts name."))] = False,
) -> None:
    """Write the exports of everything in a store into --out (the same files geokg build writes).

    Example: geokg export --store kg --out out --format ttl,trig
    """
    from geokg.build import export_store

    written = export_store(store, out, [f.strip() for f in formats.split(",") if f.strip()], full_background)
    for path in written:
        typer.echo(str(path))


@app.command()
@guarded
def stats(
    graph: Annotated[Optional[Path], typer.Argument(help="An exported graph (.ttl, .trig, .nt, .nq).")] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Rows of the ranked tables.")] = 10,
    store: Annotated[Optional[Path], typer.Option("--store", help=(
        "Count what this on-disk store (geokg build --store) holds instead of a graph file."))] = None,
) -> None:
    """Count what a graph holds: its VoID description, entities, relations and families, central actors, pairs, components.

    Example: geokg stats out/graph.ttl --top 5, or geokg stats --store kg
    """
    from rich.console import Console

    from geokg.graph.query import load_graph
    from geokg.graph.stats import compute, dataset_table, tables

    if (graph is None) == (store is None):
        raise GeokgError(Errors.E413)
    if store is not None:
        rdf, counts, source = _store_graph(store)
    else:
        path = graph or Path()
        rdf = load_graph(path)
        counts, source = _file_description(path)
    result = compute(rdf, top)
    console = Console(highlight=False)
    for table in [dataset_table(counts, source), *tables(result)]:
        console.print(table)


def _file_description(path: Path) -> tuple[void.Counts, str]:
    """The VoID description of an exported graph: void.ttl beside it, or counted from the file itself."""
    from geokg.graph import void
    from geokg.graph.query import read_quads

    beside = path.with_name("void.ttl")
    if beside.is_file() and beside != path:
        return void.read(void.parse(beside.read_text(encoding="utf-8"))), "its VoID description"
    triples = {quad.triple for quad in read_quads(path)}
    return void.count(sorted(triples, key=str)), "counted: no void.ttl beside it"


def _store_graph(store: Path) -> tuple[Graph, void.Counts, str]:
    """A store's default graph (its documents with the background about what they name, as graph.ttl holds
    them) and its VoID description (counted now if the store keeps none)."""
    from rdflib import Graph

    from geokg.graph import void
    from geokg.graph.store import GraphStore

    with GraphStore(store, read_only=True) as kg:
        if not kg.documents():
            raise GeokgError(Errors.E509, path=store)
        g = Graph()
        for triple in kg.union():
            g.add(triple)
        kept = kg.description()
        counts = kept if kept is not None else void.count(kg.union_triples())
        return g, counts, "its VoID description" if kept is not None else "counted: the store keeps no VoID description"


@app.command()
@guarded
def push(
    source: Annotated[Path, typer.Argument(metavar="GRAPH",
                                           help="An exported graph: .trig, .nq, .jsonld (named graphs), .ttl, .nt.")],
    endpoint: Annotated[str, typer.Option("--endpoint", help=(
        "Graph Store Protocol URL: Fuseki http://localhost:3030/geokg/data, GraphDB "
        "http://localhost:7200/repositories/ID/rdf-graphs/service, Oxigraph http://localhost:7878/store."))],
    graph: Annotated[Optional[str], typer.Option("--graph", help=(
        "Target graph IRI for triples outside named graphs (a .ttl/.nt file); default: the default graph."))] = None,
    add: Annotated[bool, typer.Option("--add", help="POST: add to the graphs instead of replacing them (PUT).")] = False,
    user: Annotated[Optional[str], typer.Option("--user", help="User for HTTP basic authentication.")] = None,
    password: Annotated[Optional[str], typer.Option("--password", envvar="GEOKG_PASSWORD",
                                                    help="Password for --user (or set GEOKG_PASSWORD).")] = None,
) -> None:
    """Send an exported graph to a triple store (SPARQL 1.1 Graph Store HTTP Protocol).

    Example: geokg push out/graph.trig --endpoint http://localhost:3030/geokg/data
    """
    from geokg.push import Endpoint
    from geokg.push import push as run

    pushed = run(source, Endpoint(endpoint, user, password), graph=graph, replace=not add)
    for item in pushed:
        typer.echo(f"{item.method} {item.graph or 'default graph'}: {item.triples} triples")
    typer.echo(f"pushed {sum(p.triples for p in pushed)} triples in {len(pushed)} graph(s) to {endpoint}")


@app.command()
@guarded
def explain(
    text: Annotated[str, typer.Argument(help="A German sentence or short text.")],
    date: Annotated[Optional[str], typer.Option(
        "--date", help=("The document date that heute/gestern resolve against (YYYY-MM-DD); "
                        "without it the text is undated unless it gives its own (Stand:, an agency stamp)."))] = None,
) -> None:
    """Show how a text is analysed: tokens, entities, clauses, statements with their rules.

    Example:
      geokg explain "Russland hat gestern Odessa angegriffen." --date 2025-09-04
    """
    from geokg.extract.explain import explain as run

    typer.echo(run(text, issued=_date_option(date)), nl=False)


def _date_option(value: str | None) -> datetime | None:
    """The date of --date YYYY-MM-DD (midnight in Berlin), None if not given; E110 if it is no date."""
    from datetime import date

    from geokg.extract.stamps import BERLIN

    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value.strip()), datetime.min.time(), tzinfo=BERLIN)
    except ValueError:
        raise GeokgError(Errors.E110, value=value) from None


@app.command()
@guarded
def demo(ctx: typer.Context,
         out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out")) -> None:
    """Build the bundled sample liveblog into ./out and say where to look.

    Example: geokg demo --out /tmp/demo
    """
    from geokg.build import build as run

    settings = _settings(ctx)
    sample = resources.files("geokg").joinpath("data/seed-liveblog.txt")
    with resources.as_file(sample) as path, _BuildProgress(settings) as progress:
        written = run([path], out, progress=progress)
    if settings.quiet:
        return
    typer.echo("geokg demo: built the sample liveblog (a tagesschau-style Ukraine liveblog).")
    for path in written:
        typer.echo(f"  {path}")
    html = out / "graph.html"
    typer.echo(f"Open {html.resolve().as_uri()} in a browser to explore the graph.")
    typer.echo(f"Ask it questions: geokg query {out / 'graph.ttl'} "
               "'SELECT ?a ?b WHERE {{ ?a gkg:attacks ?b }}'".replace("{{", "{").replace("}}", "}"))
    typer.echo(f"Or ask the library's: geokg query --list, then e.g. geokg query {out / 'graph.ttl'} "
               "actor-timeline --param actor=Russland")


def main() -> None:
    """Entry point of the `geokg` command."""
    from geokg.collector import collect_less

    collect_less()  # the process is the command's: its pipeline and its garbage
    try:
        app()
    finally:
        # Exiting, Python would collect garbage once more, walking the pipeline's millions of objects
        # (~0.3 s of every run); frozen, they are only freed. Finalizers and atexit still run.
        gc.freeze()


if __name__ == "__main__":
    main()
