"""Fixtures of the tracker tests: an empty record on SQLite and on PostgreSQL (tests/postgres.py), and the
peace-talks example loaded into it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.tracker import Store
from tests.postgres import postgres_server, record_url

__all__ = ["example", "postgres_server", "record_url", "store"]


@pytest.fixture
def store(record_url: str) -> Iterator[Store]:
    with Store.open(record_url) as opened:
        yield opened


@pytest.fixture
def example(store: Store) -> Store:
    store.load_example(author="analyst")
    return store
