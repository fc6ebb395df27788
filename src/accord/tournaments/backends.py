"""Where batches of runs are played: this process, local worker processes, or a Dask distributed cluster.

Every backend returns the batches' results in the order the batches were given, so a tournament's results
do not depend on which one ran it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from accord.model.errors import AccordError

CONNECT_TIMEOUT = "10s"
"""How long to try reaching a Dask scheduler."""

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None] | None


class Backend(Protocol):
    def map(self, function: Callable[[T], R], items: Sequence[T], progress: Progress = None) -> list[R]:
        """``[function(item) for item in items]``, in order; ``progress`` is told how many are done."""
        ...


class SerialBackend:
    """In this process, one batch after the other."""

    def map(self, function: Callable[[T], R], items: Sequence[T], progress: Progress = None) -> list[R]:
        results = []
        for item in items:
            results.append(function(item))
            if progress is not None:
                progress(len(results))
        return results


MAX_JOBS = 256
"""Most local worker processes (each is a Python interpreter): far more than any machine's cores."""


class ProcessBackend:
    """Local worker processes (``concurrent.futures``); ``jobs`` of them.

    Workers are spawned, not forked: a fork copies the solver's thread pool without its threads, so a
    worker forked after this process has solved a programme (HiGHS) waits forever on its first solve.
    """

    def __init__(self, jobs: int) -> None:
        if not 1 <= jobs <= MAX_JOBS:
            raise AccordError(f"the number of worker processes must be from 1 to {MAX_JOBS}, not {jobs:,}")
        self.jobs = jobs

    def map(self, function: Callable[[T], R], items: Sequence[T], progress: Progress = None) -> list[R]:
        if self.jobs <= 1 or len(items) <= 1:
            return SerialBackend().map(function, items, progress)
        results = []
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), mp_context=context) as pool:
            for result in pool.map(function, items):
                results.append(result)
                if progress is not None:
                    progress(len(results))
        return results


class DaskBackend:
    """A Dask distributed cluster, reached through its scheduler's address (``tcp://host:8786``).

    The function is scattered to every worker once, so that a function that carries data (a scenario) is
    not serialised again with each item.
    """

    def __init__(self, address: str) -> None:
        self.address = address

    def map(self, function: Callable[[T], R], items: Sequence[T], progress: Progress = None) -> list[R]:
        try:
            from distributed import Client, as_completed  # noqa: PLC0415 - an optional extra
        except ImportError:  # pragma: no cover - the extra is installed in CI
            raise AccordError(
                "running on a Dask cluster needs the extra: pip install 'accord[cluster]'"
            ) from None
        try:
            client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as error:
            raise AccordError(f"cannot reach the Dask scheduler at {self.address}: {error}") from None
        with client:
            [shared] = client.scatter([function], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
            futures = client.map(_apply, list(items), function=shared, pure=False)
            order = {future.key: i for i, future in enumerate(futures)}
            results: list[Any] = [None] * len(futures)
            for done, future in enumerate(as_completed(futures, loop=client.loop), start=1):  # type: ignore[no-untyped-call]
                results[order[future.key]] = future.result()
                if progress is not None:
                    progress(done)
        return results


def _apply(item: T, function: Callable[[T], R]) -> R:
    """``function(item)`` on a Dask worker, ``function`` being the scattered one."""
    return function(item)
