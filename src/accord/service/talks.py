"""The talks a server holds, each behind its own :class:`~accord.tracker.Store`, opened once and kept.

This is the one place that knows how talks map to the tracker's stores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from accord.model.scenario import Scenario
from accord.service.errors import Conflict, NotFound
from accord.tracker import Store
from accord.tracker.engine import make_engine


@dataclass(frozen=True)
class TalksSummary:
    id: int
    title: str
    versions: int

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "versions": self.versions}


def open_store(url: str, talks: int, *, create: bool = True) -> Store:
    """The record of talks ``talks`` in the database at ``url`` (its schema brought up to date)."""
    if talks != 1:
        raise NotFound(f"no talks {talks}")
    return Store.open(url, create=create)


class Talks:
    """The talks of one database, opened lazily and kept open for the server's life."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self._record = open_store(url, 1, create=create)
        self.engine: Engine = make_engine(url)
        """For the service's own tables (accounts, jobs, publications)."""
        self._stores: dict[int, Store] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        for store in self._stores.values():
            store.close()
        self._record.close()
        self.engine.dispose()

    def store(self, talks: int) -> Store:
        """The record of talks ``talks``; :class:`NotFound` if the database holds none by that id."""
        if talks != 1 or not self._record.versions():
            raise NotFound(f"no talks {talks}")
        return self._record

    def summaries(self) -> list[TalksSummary]:
        versions = self._record.versions()
        if not versions:
            return []
        return [TalksSummary(1, versions[-1].title, len(versions))]

    def create(self, scenario: Scenario, *, author: str, source: str) -> int:
        """New talks from a scenario; its id."""
        with self._lock:
            if self._record.versions():
                raise Conflict("this database holds one talks already")
            self._record.import_scenario(scenario, author=author, source=source)
        return 1
