"""The talks a server holds, each behind its own :class:`~accord.tracker.Store`, opened once and kept.

This is the one place that knows how talks map to the tracker's stores.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from accord.model.scenario import Scenario
from accord.service.errors import NotFound
from accord.tracker import Store, TalksInfo, list_talks
from accord.tracker.engine import make_engine
from accord.tracker.errors import TrackerError
from accord.tracker.talks import has_talks, read_talks


def open_store(url: str, talks: int) -> Store:
    """The record of talks ``talks`` in the database at ``url``; :class:`NotFound` if it holds none."""
    try:
        store = Store.open(url, create=False, talks=talks)
    except TrackerError:
        raise NotFound(f"no talks {talks}") from None
    if not store.versions():  # an empty store answers for talks 1 until the first import
        store.close()
        raise NotFound(f"no talks {talks}")
    return store


class Talks:
    """The talks of one database, opened lazily and kept open for the server's life."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        list_talks(url, create=create)  # creates the store, or checks it exists, and migrates it
        self.engine: Engine = make_engine(url)
        """For the service's own tables (accounts, jobs, publications) and the list of talks."""
        self._stores: dict[int, Store] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        for store in self._stores.values():
            store.close()
        self.engine.dispose()

    def opened(self, talks: int) -> Store | None:
        """The record of talks ``talks`` if this process has it open already (no database look-up)."""
        return self._stores.get(talks)

    def store(self, talks: int) -> Store:
        """The record of talks ``talks``; :class:`NotFound` if the database holds none by that id."""
        found = self._stores.get(talks)
        if found is not None:
            return found
        with self.engine.connect() as connection:
            if not has_talks(connection, talks):
                raise NotFound(f"no talks {talks}")
        with self._lock:
            if talks not in self._stores:
                self._stores[talks] = Store.open(self.url, create=False, talks=talks)
            return self._stores[talks]

    def summaries(self) -> list[TalksInfo]:
        with self.engine.connect() as connection:
            return read_talks(connection)

    def create(self, scenario: Scenario, *, author: str, source: str) -> int:
        """New talks from a scenario as its first version; its id."""
        store = Store.create_talks(self.url, scenario, author=author, source=source)
        with self._lock:
            self._stores[store.talks_id] = store
        return store.talks_id
