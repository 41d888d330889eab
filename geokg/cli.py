"""The command line: geokg build | query | demo."""
from __future__ import annotations

import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer

from geokg.errors import GeokgError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="German news and liveblogs → a geopolitical knowledge graph (RDF, TriG, HTML).")


class TableFormat(str, Enum):
    """How `geokg query` prints its answer."""

    table = "table"
    csv = "csv"
    json = "json"


def _fail(exc: GeokgError) -> None:
    typer.echo(f"geokg: error: {exc.message}", err=True)
    raise typer.Exit(code=2)


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Text files or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    formats: Annotated[str, typer.Option("--format", help="Comma-separated formats.")] = "ttl,trig,jsonl,html",
) -> None:
    """Build the knowledge graph of INPUTS into --out.

    Example: geokg build examples/seed-liveblog.txt --out out
    """
    from geokg.build import build as run

    try:
        written = run(inputs, out, [f.strip() for f in formats.split(",") if f.strip()])
    except GeokgError as exc:
        _fail(exc)
        return
    for path in written:
        typer.echo(str(path))


@app.command()
def query(
    graph: Annotated[Path, typer.Argument(help="An exported graph (.ttl, .trig, .nt, .nq).")],
    sparql: Annotated[str, typer.Argument(help="SPARQL text or a .rq file.")],
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, csv or json.")] = TableFormat.table,
) -> None:
    """Run a SPARQL query over an exported graph and print the answer.

    Example: geokg query out/graph.ttl 'SELECT ?s ?o WHERE { ?s gkg:attacks ?o }'
    """
    from graph.query import format_result, run_query

    try:
        result = run_query(graph, sparql)
        typer.echo(format_result(result, fmt.value), nl=False)
    except GeokgError as exc:
        _fail(exc)


@app.command()
def explain(text: Annotated[str, typer.Argument(help="A German sentence or short text.")]) -> None:
    """Show how a text is analysed: tokens, entities, clauses, statements with their rules.

    Example: geokg explain "Russland hat die Stadt Odessa mit Drohnen angegriffen."
    """
    from extract.explain import explain as run

    typer.echo(run(text), nl=False)


@app.command()
def demo(out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out")) -> None:
    """Build the bundled sample liveblog into ./out and say where to look."""
    from geokg.build import build as run

    sample = resources.files("geokg").joinpath("data/seed-liveblog.txt")
    with resources.as_file(sample) as path:
        try:
            written = run([path], out)
        except GeokgError as exc:
            _fail(exc)
            return
    typer.echo("geokg demo: built the sample liveblog (a tagesschau-style Ukraine liveblog).")
    for path in written:
        typer.echo(f"  {path}")
    html = out / "graph.html"
    typer.echo(f"Open {html.resolve().as_uri()} in a browser to explore the graph.")
    typer.echo(f"Ask it questions: geokg query {out / 'graph.ttl'} "
               "'SELECT ?a ?b WHERE {{ ?a gkg:attacks ?b }}'".replace("{{", "{").replace("}}", "}"))


def main() -> None:
    """Entry point for `python -m geokg`."""
    app()


if __name__ == "__main__":
    sys.exit(main())
