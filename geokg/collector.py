"""The garbage collector's setting while geokg loads its pipeline and extracts: fewer collections of the young.

Python collects its youngest objects every 700 new ones and, every few hundred of those
collections, walks every object the process holds. Loading the pipeline makes a million objects
that live as long as the process, extraction millions of short-lived ones that reference
counting frees: at 700 the collector ran ~1,800 times on 200 articles and walked the pipeline's
objects every few hundred times (15 % of a one-worker build's CPU seconds, half of a cold
`geokg explain`'s). The command, a local executor's workers and the building of the pipeline
raise the first threshold; the second and third are kept.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: The garbage collector's first threshold while geokg loads and extracts (Python's is 700).
YOUNG_OBJECTS = 50_000


def collect_less() -> tuple[int, int, int]:
    """Raise the garbage collector's first threshold to YOUNG_OBJECTS; return the thresholds it had."""
    before = gc.get_threshold()
    gc.set_threshold(max(YOUNG_OBJECTS, before[0]), *before[1:])
    return before


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The block run with the garbage collector's first threshold at YOUNG_OBJECTS (`collect_less`), then as it was."""
    before = collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*before)
