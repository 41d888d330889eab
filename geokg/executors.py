"""Where the map step runs: in this process, a local process pool, or a Dask cluster.

Documents are independent, so extraction is a map over them. Every executor returns the
results in the order of its inputs, whatever order the workers finish in, so a build gives the
same bytes however it was run. They are looked up by name in one table, like the exporters:

>>> sorted(EXECUTORS)
['dask', 'local']
>>> with get("local") as ex:
...     list(ex.map(abs, [-2, 1, -3]))
[2, 1, 3]
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from geokg.collector import collect_less
from geokg.errors import Errors, GeokgError

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs one function over many items and yields the results in input order."""

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`func(item)` for every item, in the order of `items`."""
        ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


def _ordered(submit: Callable[[T], Any], result: Callable[[Any], R], items: Iterable[T],
             window: int) -> Iterator[R]:
    """Submit items with at most `window` in flight, yield results in submission order.

    Bounding what is in flight keeps memory flat: only `window` documents (and their results)
    are held at once, however many the input has.
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class LocalExecutor:
    """This process with `workers` == 1; a pool of `workers` processes otherwise."""

    def __init__(self, workers: int = 1, scheduler: str | None = None,
                 preload: Callable[[], object] | None = None) -> None:
        if workers < 1:
            raise GeokgError(Errors.E702, workers=workers)
        if scheduler:
            raise GeokgError(Errors.E703)
        self.workers = workers
        self.preload = preload
        self.pool: ProcessPoolExecutor | None = None
        self.thresholds = gc.get_threshold()

    def __enter__(self) -> LocalExecutor:
        self.thresholds = collect_less()
        if self.workers > 1:
            # fork shares what the parent has loaded (`preload`: the pipeline) without pickling it, and
            # loads it once instead of once a worker; frozen, the garbage collector of a worker does not
            # touch (and so copy) those pages
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            if method == "fork":
                if self.preload is not None:
                    self.preload()
                gc.freeze()
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                            initializer=_start_worker, initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            if exc and exc[0] is not None:  # an error or an interrupt: what the workers are doing is not wanted
                _stop_workers(self.pool)
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            gc.unfreeze()
        gc.set_threshold(*self.thresholds)

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`func` over `items`, here or in the pool, results in input order."""
        if self.pool is None:
            return map(func, items)
        pool = self.pool

        def submit(item: T) -> Future[R]:
            return pool.submit(func, item)

        return _ordered(submit, Future.result, items, window=4 * self.workers)


def _start_worker(parent: int) -> None:
    """In a new pool worker: leave Ctrl-C and SIGTERM to the parent, and end with it; collect garbage less often."""
    collect_less()  # a spawned worker does not inherit it
    # A Ctrl-C or `kill` of the process group reaches the workers too; the parent alone stops the
    # build (it ends its workers), so a worker waiting for work does not die with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        # A parent that is killed (SIGKILL) cannot end its workers: they would wait for work forever
        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # it died before the line above
            os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now, whatever they are doing (they ignore SIGTERM)."""
    for process in list((pool._processes or {}).values()):  # no public way before Python 3.14
        if process.is_alive():
            process.kill()


class DaskExecutor:
    """A Dask distributed cluster, reached at `scheduler` (tcp://host:8786 or a scheduler file).

    The workers need geokg installed (the same version); each loads the pipeline once.
    """

    def __init__(self, workers: int = 1, scheduler: str | None = None,
                 preload: Callable[[], object] | None = None) -> None:
        if not scheduler:
            raise GeokgError(Errors.E704)
        self.scheduler = scheduler
        self.workers = workers
        self.client: Any = None

    def __enter__(self) -> DaskExecutor:
        try:
            from distributed import Client
        except ImportError as exc:
            raise GeokgError(Errors.E705) from exc
        try:
            # how long to try: Dask's distributed.comm.timeouts.connect (30 s unless configured)
            if os.path.isfile(self.scheduler):
                self.client = Client(scheduler_file=self.scheduler)
            else:
                self.client = Client(self.scheduler)
        except (OSError, TimeoutError) as exc:
            raise GeokgError(Errors.E706, address=self.scheduler, reason=exc) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`func` over `items` on the cluster, results in input order."""
        client = self.client
        if client is None:
            raise RuntimeError("DaskExecutor.map outside its `with` block")
        window = max(8, 4 * sum(client.nthreads().values()))

        def submit(item: T) -> Any:
            return client.submit(func, item, pure=False)

        def result(future: Any) -> R:
            value: R = future.result()
            future.release()
            return value

        return _ordered(submit, result, items, window)


EXECUTORS: dict[str, Callable[..., Executor]] = {"local": LocalExecutor, "dask": DaskExecutor}


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system tells it, else all of them.

    `geokg build` runs this many extraction workers unless told otherwise (`--workers`), as
    `make -j` and ripgrep do; a container or `taskset` that limits the process limits them too.

    >>> 1 <= available_cores() <= (os.cpu_count() or 1)
    True
    """
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13: the affinity, where known
    if counted is not None:
        return max(1, counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def get(name: str, workers: int = 1, scheduler: str | None = None,
        preload: Callable[[], object] | None = None) -> Executor:
    """The executor called `name`, set up for `workers` and `scheduler`; a GeokgError for unknown names.

    `preload` is what the map's function needs loaded (the pipeline): a local pool loads it before
    it forks, so that the workers share it; elsewhere it is loaded where the function first runs.
    """
    if name not in EXECUTORS:
        raise GeokgError(Errors.E707, name=name, known=", ".join(sorted(EXECUTORS)))
    return EXECUTORS[name](workers=workers, scheduler=scheduler, preload=preload)
