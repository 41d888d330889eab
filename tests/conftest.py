"""Shared fixtures, each made once a run: the pipeline, the demo build, the background graph, ../shared."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph

if TYPE_CHECKING:
    from geokg.extract.model import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "geokg" / "data" / "seed-liveblog.txt"


@pytest.fixture(scope="session")
def nlp():
    """The default extraction pipeline."""
    from geokg.extract.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def sample() -> Path:
    """The bundled sample liveblog."""
    return SAMPLE


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample liveblog built once into ttl, trig, nq and jsonl: the previous output that the
    interrupt and failure tests copy and must find unchanged."""
    from geokg.build import build

    out = tmp_path_factory.mktemp("finished") / "out"
    build([SAMPLE], out, ["ttl", "trig", "nq", "jsonl"])
    return out


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample liveblog built once into a temporary folder, every format."""
    from geokg.exports import FORMATS
    from geokg.build import build

    out = tmp_path_factory.mktemp("demo")
    build([SAMPLE], out, list(FORMATS))
    return out


@pytest.fixture(scope="session")
def demo_store(demo_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Oxigraph store with the demo's graphs and their union as default graph, as a geokg store holds them."""
    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("demo-store") / "kg"
    kg = ox.Store(str(path))
    kg.load(path=str(demo_out / "graph.trig"), format=ox.RdfFormat.TRIG)
    kg.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    kg.flush()
    del kg
    return path


@pytest.fixture(scope="session")
def background() -> Graph:
    """The full background graph as the gazetteer tables make it now (graph/background.py), built once a run."""
    from geokg.graph.background import background_graph

    return background_graph()


@pytest.fixture(scope="session")
def background_text(background: Graph) -> str:
    """That graph as the Turtle text of ontology/background.ttl (graph/background.py's writer, not a rebuild)."""
    from geokg.graph import background as module

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "background_graph", lambda: background)
        return module.background_turtle()


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """../shared/eval, or a skip where the clone has no ../shared beside it."""
    path = SHARED / "eval"
    if not (path / "score.py").is_file():
        pytest.skip("../shared/eval is not beside this clone (CI has it; a user's clone need not)")
    return path


#: What the workbench store holds besides the sample: the two example liveblogs.
EXAMPLES = [ROOT / "examples" / "liveblog-ukraine-2.txt", ROOT / "examples" / "liveblog-nahost.txt"]
#: The name of the hand-made actor whose label is markup (the explorer must render it inert).
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def markup_document() -> Document:
    """A hand-made extraction, stored without text, whose one actor is named with markup."""
    from datetime import datetime, timezone

    from geokg.extract.model import Document, EntityRef, Statement

    actor = EntityRef(MARKUP, "Person", MARKUP, "person:markup")
    nordland = EntityRef("Nordland", "Country", "Nordland", "country:NL")
    statement = Statement(actor, "criticizes", nordland, f"{MARKUP} kritisiert Nordland.", 0, 60,
                          "verb:kritisieren", document="0123456789abcdef")
    return Document("0123456789abcdef", "", "Markup", "markup.txt", datetime(2025, 3, 1, 12, tzinfo=timezone.utc),
                    [statement], [nordland])


@pytest.fixture(scope="session")
def workbench_store(nlp: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store (geokg build --store's way, texts kept) of the sample and the two example liveblogs, and
    `markup_document`, stored without text."""
    from geokg.build import read_inputs
    from geokg.extract.pipeline import extract
    from geokg.graph.store import GraphStore

    path = tmp_path_factory.mktemp("workbench") / "kg"
    with GraphStore(path) as kg:
        for document in [*extract(read_inputs([SAMPLE, *EXAMPLES])), markup_document()]:
            kg.add(document)
    return path


@pytest.fixture(scope="session")
def markup_name() -> str:
    """The label of the workbench store's actor named with markup."""
    return MARKUP


@pytest.fixture
def growing_store(nlp: object, tmp_path: Path) -> tuple[Path, Document]:
    """A store holding the sample liveblog, and the Nahost liveblog as extracted, for a test to add to it."""
    from geokg.build import read_inputs
    from geokg.extract.pipeline import extract
    from geokg.graph.store import GraphStore

    first, second = extract(read_inputs([SAMPLE, ROOT / "examples" / "liveblog-nahost.txt"]))
    with GraphStore(tmp_path / "kg") as kg:
        kg.add(first)
    return tmp_path / "kg", second
