"""Load test of the record: 8 processes x 500 writes each, at once, on SQLite and on PostgreSQL.

Each writer appends 500 status changes (and a statement every tenth write) in its own transactions; afterwards
the record must hold every entry exactly once, each writer's in the order it wrote them, and the status as of
every date must be the one the history implies (``tests/tracker/writers.py``). Prints the throughput.

    python benchmarks/bench_tracker.py [--workers 8] [--writes 500] [--backend sqlite|postgres|both]

PostgreSQL runs on a throwaway local server (``tests/postgres.py``), or on ``--postgres-url`` if given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests import postgres  # noqa: E402
from tests.tracker import writers  # noqa: E402

from accord.tracker import Store  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args()
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


def _postgres(url: str | None, workers: int, writes: int) -> dict[str, float]:
    if url is not None:
        return run(url, workers, writes)
    server = postgres.start()
    try:
        return run(postgres.create_database(server), workers, writes)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
