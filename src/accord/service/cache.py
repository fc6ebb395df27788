"""Results cached per record state, as the bytes sent (never re-encoded), with an ETag.

A result's key names the talks, the output, its parameters and the record's *stamp*: the counts and last
entry numbers of everything the record holds. The record is append-only, so any write changes the stamp, and
a result computed on the old state is never served for the new one. Each key is computed once even when many
requests ask for it at the same moment. The cache holds at most :data:`MAX_BYTES` (least recently used
entries go first).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from sqlalchemy import func, select

from accord.tracker import Store
from accord.tracker.tables import meetings, scenario_versions, statements, status_changes

MAX_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str


def record_stamp(store: Store) -> tuple[int, ...]:
    """What identifies the state of an append-only record: counts and last entries of its tables."""
    talks = store.talks_id
    query = select(
        select(func.count()).where(scenario_versions.c.talks == talks).scalar_subquery(),
        select(func.coalesce(func.max(status_changes.c.entry), 0))
        .where(status_changes.c.talks == talks)
        .scalar_subquery(),
        select(func.coalesce(func.max(meetings.c.entry), 0))
        .where(meetings.c.talks == talks)
        .scalar_subquery(),
        select(func.count()).where(statements.c.talks == talks).scalar_subquery(),
    )
    with store.reading() as connection:
        row = connection.execute(query).one()
    return tuple(int(value) for value in row)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ResultCache:
    """Serialised results by key, bounded in bytes, each computed once."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> Cached:
        """The cached result of ``key``, computing it (once, whoever else asks meanwhile) if absent."""
        found = self._lookup(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            found = self._lookup(key)
            if found is None:
                body = compute()
                found = Cached(body, etag_of(body))
                self._store(key, found)
        with self._lock:
            self._computing.pop(key, None)
        return found

    def _lookup(self, key: Hashable) -> Cached | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def _store(self, key: Hashable, value: Cached) -> None:
        if len(value.body) > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value
            self._size += len(value.body)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)
