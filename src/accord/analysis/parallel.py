"""One algorithm on a programme in a second process, while this one goes on with the others (two cores).

A :class:`~accord.analysis.program.Program` is a value that pickles, and no algorithm depends on another's
side effects, so any of them can run elsewhere and give the same answer (``tests/analysis/test_program.py``).
The second process is forked when that is safe (Linux, no other Python thread; the solver keeps no thread of
its own: ``threads = 1`` in :mod:`accord.analysis.highs`), and spawned otherwise. With one core, or when the
process cannot start (one core; this process is a daemon, as a worker of a process pool is), the algorithm
runs here, when its answer is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from accord.analysis.program import Program

T = TypeVar("T")


def cores() -> int:
    """CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def aside(function: Callable[[Program], T], program: Program) -> Iterator[Callable[[], T]]:
    """Start ``function(program)`` in another process; the block gets a callable that waits for its answer
    (and raises what it raised). Leaving the block stops the process if it is still running. (Not a daemon
    process: it may start one of its own, as the two halves of a two-party frontier do.)"""
    if cores() < 2 or multiprocessing.current_process().daemon:  # a daemon may not start a process
        yield lambda: function(program)
        return
    safe_to_fork = sys.platform == "linux" and threading.active_count() == 1
    context = multiprocessing.get_context("fork") if safe_to_fork else multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(function, program, sender))
    try:
        process.start()
    except OSError:  # no process to be had: run it here
        yield lambda: function(program)
        return
    sender.close()
    try:
        yield lambda: _answer(receiver)
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def _run(function: Callable[[Program], Any], program: Program, sender: Connection) -> None:
    try:
        sender.send((True, function(program)))
    except BaseException as error:  # handed to the parent, which raises it
        sender.send((False, error))
    finally:
        sender.close()


def _answer(receiver: Connection) -> Any:
    try:
        ok, value = receiver.recv()
    except EOFError:
        raise RuntimeError("the second analysis process ended without an answer") from None
    if not ok:
        raise value
    return value
