"""Load test of the record: 8 processes x 500 writes each, at once, on SQLite and on PostgreSQL; and reads of
a large record (``--reads N``: the example with N statements added, 23,000 by default).

Each writer appends 500 status changes (and a statement every tenth write) in its own transactions; afterwards
the record must hold every entry exactly once, each writer's in the order it wrote them, and the status as of
every date must be the one the history implies (``tests/tracker/writers.py``). Prints the throughput.

    python benchmarks/bench_tracker.py [--workers 8] [--writes 500] [--backend sqlite|postgres|both]
    python benchmarks/bench_tracker.py --reads 23000 [--backend ...]

PostgreSQL runs on a throwaway local server (``tests/postgres.py``), or on ``--postgres-url`` if given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests import postgres  # noqa: E402
from tests.tracker import writers  # noqa: E402

from accord.model.record import Statement  # noqa: E402
from accord.tracker import Store  # noqa: E402
from accord.tracker.writes import add_statement  # noqa: E402


def run(url: str, workers: int, writes: int) -> dict[str, float]:
    """Load the example, run the writers at once, check the record exactly; return the measured figures."""
    with Store.open(url) as store:
        store.load_example(author="bench")
        before = len(store.status_history())
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [context.Process(target=writers.write, args=(url, w, writes, start)) for w in range(workers)]
    for process in processes:
        process.start()
    time.sleep(1.0)  # let every process import and connect before the clock starts
    began = time.perf_counter()
    start.set()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - began
    if any(p.exitcode != 0 for p in processes):
        raise SystemExit(f"a writer failed: exit codes {[p.exitcode for p in processes]}")
    with Store.open(url) as store:
        history = store.status_history()
        assert len(history) == before + workers * writes, "count mismatch"
        writers.check(store, workers, writes)
        _check_as_of(store)
    statements = workers * len(range(0, writes, 10))
    return {
        "seconds": seconds,
        "status_per_s": workers * writes / seconds,
        "transactions_per_s": (workers * writes + statements) / seconds,
    }


def _check_as_of(store: Store) -> None:
    """The status in force on each date is the latest (effective, entry) of the history up to it."""
    history = store.status_history()
    for day in range(0, 31, 5):
        date = writers.BASE + dt.timedelta(days=day)
        expected: dict[tuple[str, str], int] = {}
        for change in sorted(history, key=lambda c: (c.effective, c.entry)):
            if change.effective <= date:
                expected[(change.point, change.party)] = change.entry
        got = {cell: change.entry for cell, change in store.status_as_of(date).items()}
        assert got == expected, f"status as of {date} differs from the history"


def reads(url: str, statements: int) -> dict[str, float]:
    """Seconds of each read of a record holding the example and ``statements`` more statements."""
    with Store.open(url) as store:
        store.load_example(author="bench")
        with store.transaction() as connection:
            catalogue = store._catalogue(connection)  # one transaction for the whole fill
            for i in range(statements):
                statement = Statement(
                    id=f"s{i}",
                    date=writers.BASE + dt.timedelta(days=i % 365),
                    party=("ukraine", "russia")[i % 2],
                    speaker=f"speaker {i % 40}",
                    text=f"statement {i} on the territory and the ceasefire",
                    source="bench",
                    points=("territory", "ceasefire")[: 1 + i % 2],
                )
                add_statement(connection, catalogue, statement, author="bench", recorded_at=writers.NOW)
        timings: dict[str, Callable[[], object]] = {
            "matrix": store.matrix,
            "matrix as of": lambda: store.matrix(writers.BASE + dt.timedelta(days=100)),
            "statements": store.statements,
            "timeline": store.timeline,
            "scenario as of": lambda: store.scenario_as_of(writers.BASE + dt.timedelta(days=100)),
            "export": store.export,
        }
        result = {name: _seconds(read) for name, read in timings.items()}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "accord", "track", "matrix", "--json", "--db", url]
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    result["accord track matrix (process)"] = time.perf_counter() - began
    return result


def _seconds(read: Callable[[], object]) -> float:
    began = time.perf_counter()
    read()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--reads", type=int, default=None, metavar="N", help="time reads of N statements")
    args = parser.parse_args()
    if args.reads is not None:
        _print_reads(args.backend, args.reads, args.postgres_url)
        return
    results: dict[str, dict[str, float]] = {}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = run(f"sqlite:///{folder}/bench.db", args.workers, args.writes)
    if args.backend in ("postgres", "both"):
        results["postgres"] = _postgres(args.postgres_url, args.workers, args.writes)
    total = args.workers * args.writes
    print(f"{args.workers} processes x {args.writes} status writes (+ a statement every 10th), checked:")
    for backend, r in results.items():
        print(
            f"  {backend:8s} {total} status changes in {r['seconds']:.2f} s: "
            f"{r['status_per_s']:,.0f} status changes/s, {r['transactions_per_s']:,.0f} transactions/s"
        )


def _print_reads(backend: str, statements: int, postgres_url: str | None) -> None:
    results: dict[str, dict[str, float]] = {}
    if backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = reads(f"sqlite:///{folder}/bench.db", statements)
    if backend in ("postgres", "both"):
        results["postgres"] = _on_postgres(postgres_url, lambda url: reads(url, statements))
    print(f"reads of a record of {statements:,} statements (+ the example), seconds:")
    for name, r in results.items():
        print(f"  {name:8s} " + ", ".join(f"{read} {seconds:.2f}" for read, seconds in r.items()))


def _postgres(url: str | None, workers: int, writes: int) -> dict[str, float]:
    return _on_postgres(url, lambda at: run(at, workers, writes))


def _on_postgres(url: str | None, bench: Callable[[str], dict[str, float]]) -> dict[str, float]:
    if url is not None:
        return bench(url)
    server = postgres.start()
    try:
        return bench(postgres.create_database(server))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
