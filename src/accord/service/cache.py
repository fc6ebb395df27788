"""Results cached per record state, as the bytes sent (never re-encoded), with an ETag.

A result's key names the output, its parameters and the *content* of the scenario it is computed on: the
scenario as of the date, less its meetings and statements (which no analysis reads), by its SHA-256. That
scenario is rebuilt only when the record's *stamp* changes: the count of its scenario versions and the last
of its status changes (the record is append-only, so every write of either changes it). So a statement or a
meeting costs nothing, a status change that locks nothing costs one rebuild and no recomputation, and a result
computed on an old state is never served for a new one. Each key is computed once even when many requests ask
for it at once. Results take at most :data:`MAX_BYTES` (least recently used first out).
The stamp is read from the database at most once per few milliseconds per talks, not once per request
(``stamps.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from accord.model.scenario import Scenario
from accord.service.stamps import STAMP_MEMORY, Stamps
from accord.tracker import Store

MAX_BYTES = 256 * 2**20
MAX_SCENARIOS = 64


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str


def analysed_content(scenario: Scenario) -> str:
    """The digest of what an analysis reads of a scenario (all but its meetings and statements)."""
    text = scenario.model_dump_json(exclude={"meetings", "statements"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ResultCache:
    """Serialised results by key, bounded in bytes, each computed once."""

    def __init__(self, max_bytes: int = MAX_BYTES, stamp_memory: float = STAMP_MEMORY) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._scenarios: OrderedDict[Hashable, tuple[str, Scenario]] = OrderedDict()
        self.stamps = Stamps(stamp_memory)

    def ready(self, store: Store, as_of: dt.date | None, key: tuple[object, ...]) -> Cached | None:
        """The cached result of ``key`` on the record as of ``as_of`` if it needs no database and no
        computation (the stamp is remembered, the scenario and the result cached); else None."""
        stamp = self.stamps.remembered(store.talks_id)
        if stamp is None:
            return None
        with self._lock:
            scenario = self._scenarios.get((store.talks_id, stamp, as_of))
        return None if scenario is None else self._lookup((scenario[0], *key))

    def scenario_as_of(self, store: Store, as_of: dt.date | None) -> tuple[str, Scenario]:
        """The scenario of the record as of ``as_of`` and the digest of its analysed content, rebuilt only
        when the record changed."""
        key = (store.talks_id, self.stamps.get(store), as_of)
        with self._lock:
            found = self._scenarios.get(key)
        if found is not None:
            return found
        with self._gate(("scenario", key)):
            with self._lock:
                found = self._scenarios.get(key)
            if found is None:
                scenario = store.scenario_as_of(as_of)
                found = (analysed_content(scenario), scenario)
                with self._lock:
                    self._scenarios[key] = found
                    while len(self._scenarios) > MAX_SCENARIOS:
                        self._scenarios.popitem(last=False)
        return found

    @contextmanager
    def _gate(self, key: Hashable) -> Iterator[None]:
        """Held by one thread at a time per key: what it computes, the others then find."""
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            yield
        with self._lock:
            self._computing.pop(key, None)

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> Cached:
        """The cached result of ``key``, computing it (once, whoever else asks meanwhile) if absent."""
        found = self._lookup(key)
        if found is not None:
            return found
        with self._gate(key):
            found = self._lookup(key)
            if found is None:
                body = compute()
                found = Cached(body, etag_of(body))
                self._store(key, found)
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
