"""Rebuild `background.ttl` (the full background graph) from the gazetteer tables in extract/lang_de/.

The same tables give the same bytes, so the file diffs cleanly and a test can check that it is
up to date. Run from the repository root (or `make background`):

    python -m geokg.graph.build_background            # write ontology/background.ttl
    python -m geokg.graph.build_background --check    # exit 1 if the file is out of date
"""
from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from geokg.graph.background import FILENAME, background_turtle

OUTPUT = Path(str(resources.files("geokg.ontology").joinpath(FILENAME)))


def main(argv: list[str] | None = None) -> int:
    """Write ontology/background.ttl (or the path given); with --check only compare."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    out = Path(paths[0]) if paths else OUTPUT
    text = background_turtle()
    if check:
        current = out.read_text("utf-8") if out.is_file() else ""
        if current != text:
            print(f"{out} is out of date: run `make background`")
            return 1
        print(f"{out} is up to date")
        return 0
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, out)
    print(f"wrote {text.count(' a gkg:')} entities to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
