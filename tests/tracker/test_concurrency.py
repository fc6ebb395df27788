"""Safety under concurrency and crashes, on both backends: several processes writing at once never lose or
duplicate an entry; a writer killed inside a transaction leaves the record as it was, and usable."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from accord.tracker import Store
from tests.tracker import writers

ROOT = Path(__file__).resolve().parents[2]
WORKERS, WRITES = 4, 40


def test_concurrent_writers_lose_and_duplicate_nothing(example: Store, record_url: str) -> None:
    before = len(example.status_history())
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [
        context.Process(target=writers.write, args=(record_url, w, WRITES, start)) for w in range(WORKERS)
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * WORKERS
    with Store.open(record_url) as fresh:
        assert len(fresh.status_history()) == before + WORKERS * WRITES
        writers.check(fresh, WORKERS, WRITES)
        entries = [c.entry for c in fresh.status_history()]
        assert len(entries) == len(set(entries))


KILLED_WRITER = """
import sys, time, datetime as dt
from accord.tracker import Status, StatusInput, Store
from accord.tracker.catalogue import latest_version, load_catalogue
from accord.tracker.writes import add_status
store = Store.open(sys.argv[1], create=False)
with store.transaction() as connection:
    catalogue = load_catalogue(connection, 1, latest_version(connection, 1))
    for i in range(50):
        change = StatusInput("territory", "russia", Status.REJECTED, dt.date(2026, 2, 1), "doomed", "kill",
                             option="freeze-line", note=f"doomed {i}")
        add_status(connection, catalogue, change, dt.datetime(2026, 2, 1))
    print("inside", flush=True)
    time.sleep(120)
"""


def test_a_writer_killed_inside_a_transaction_leaves_the_record_consistent(
    example: Store, record_url: str
) -> None:
    before = example.export()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, record_url], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "inside"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    example.engine.dispose()
    with Store.open(record_url) as after:
        assert after.export() == before
        if after.engine.dialect.name == "sqlite":
            with after.reading() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
                assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        writers.write(record_url, 9, 3)  # the lock was released: the record takes new writes
        assert len(after.status_history()) == len(before["status"]) + 3
