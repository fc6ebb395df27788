"""Record stamps: what identifies the part of a talks' record that analyses read, as one server process knows
it without asking the database on every request.

A stamp read from the database is trusted for :data:`STAMP_MEMORY` seconds (a burst of reads would
otherwise be a burst of queries). A write made through this process forgets every stamp as soon as its
transaction is over, so its author's next read sees it; a write made by another server process on the same
database is seen within :data:`STAMP_MEMORY`, as if the read had come that much earlier. A request that finds
a stamp past half its memory has it read again after its response (:meth:`Stamps.refresh`), so that under
steady reads the stamp is renewed before it ends and no request waits for the database.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Connection, Engine, event, func, select

from accord.tracker import Store
from accord.tracker.engine import WRITE
from accord.tracker.tables import scenario_versions, status_changes

STAMP_MEMORY = 0.01
"""Seconds a record stamp read from the database is trusted (a write through this process ends it at once)."""
_WROTE = "accord_wrote"


def record_stamp(store: Store) -> tuple[int, ...]:
    """What identifies the part of an append-only record that analyses read: its scenario versions and its
    status changes (their count and last entry; meetings and statements enter no analysis)."""
    talks = store.talks_id
    query = select(
        select(func.count()).where(scenario_versions.c.talks == talks).scalar_subquery(),
        select(func.coalesce(func.max(status_changes.c.entry), 0))
        .where(status_changes.c.talks == talks)
        .scalar_subquery(),
    )
    with store.reading() as connection:
        row = connection.execute(query).one()
    return tuple(int(value) for value in row)


class Stamps:
    """The stamps of the talks this process read lately, by talks id."""

    def __init__(self, memory: float = STAMP_MEMORY) -> None:
        self.memory = memory
        self._read: dict[int, tuple[float, tuple[int, ...]]] = {}
        self._lock = threading.Lock()
        self._reading: dict[int, threading.Lock] = {}
        self._generation = 0
        """Counts the writes through this process: a stamp read across one is not kept."""
        self._watched: set[int] = set()

    def remembered(self, talks: int, *, within: float = 1.0) -> tuple[int, ...] | None:
        """The stamp of ``talks`` if it was read less than ``within`` of the memory ago and no write through
        this process ended it."""
        with self._lock:
            found = self._read.get(talks)
        if found is None or time.monotonic() - found[0] > self.memory * within:
            return None
        return found[1]

    def get(self, store: Store) -> tuple[int, ...]:
        """The stamp of ``store``'s record: remembered, or read (one read at a time per talks; the requests
        that waited for it share it)."""
        found = self.remembered(store.talks_id)
        if found is not None:
            return found
        with self._reader(store):
            return self.remembered(store.talks_id) or self._read_now(store)

    def refresh(self, store: Store) -> None:
        """Read the stamp again if it is past half its memory and nobody is reading it already."""
        if self.remembered(store.talks_id, within=0.5) is not None:
            return
        reader = self._reader(store)
        if reader.acquire(blocking=False):
            try:
                if self.remembered(store.talks_id, within=0.5) is None:
                    self._read_now(store)
            finally:
                reader.release()

    def _reader(self, store: Store) -> threading.Lock:
        with self._lock:
            if id(store.engine) not in self._watched:
                self._watched.add(id(store.engine))
                self._watch(store.engine)
            return self._reading.setdefault(store.talks_id, threading.Lock())

    def _read_now(self, store: Store) -> tuple[int, ...]:
        with self._lock:
            generation = self._generation
        began = time.monotonic()
        stamp = record_stamp(store)
        with self._lock:
            if self._generation == generation:
                self._read[store.talks_id] = (began, stamp)
        return stamp

    def _watch(self, engine: Engine) -> None:
        """Forget the stamps once a write transaction on ``engine`` is over (its connection is back)."""

        def committed(connection: Connection) -> None:
            if connection.get_execution_options().get(WRITE, False):
                connection.info[_WROTE] = True

        def returned(_dbapi_connection: object, record: object) -> None:
            if getattr(record, "info", {}).pop(_WROTE, False):
                with self._lock:
                    self._generation += 1
                    self._read.clear()

        event.listen(engine, "commit", committed)
        event.listen(engine.pool, "checkin", returned)
