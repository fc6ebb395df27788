"""The result cache's record stamps: remembered for a moment, forgotten as soon as this process writes, and
never used to answer for a state they do not name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.service.cache import ResultCache
from accord.service.stamps import record_stamp
from accord.tracker import Status, StatusInput, Store

DAY = dt.date(2026, 1, 3)


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    with Store.open(url) as store:
        store.load_example(author="test")
    return url


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store.open(url, talks=1) as opened:
        yield opened


def _change(status: Status) -> StatusInput:
    return StatusInput("ceasefire", "ukraine", status, DAY, "test", "test")


def test_a_write_through_this_process_is_seen_by_the_next_read(store: Store) -> None:
    cache = ResultCache(stamp_memory=3600)
    before = cache.stamps.get(store)
    store.set_status(_change(Status.OPEN))
    assert cache.stamps.get(store) == record_stamp(store) != before


def test_a_write_by_another_process_is_seen_once_the_memory_ends(url: str, store: Store) -> None:
    cache = ResultCache(stamp_memory=3600)
    before = cache.stamps.get(store)
    with Store.open(url, talks=1) as elsewhere:  # its own engine, as in another server process
        elsewhere.set_status(_change(Status.OPEN))
    assert cache.stamps.get(store) == before  # remembered
    cache.stamps.memory = 0
    assert cache.stamps.get(store) == record_stamp(store) != before


def test_a_ready_result_is_one_of_the_remembered_state_only(store: Store) -> None:
    cache = ResultCache(stamp_memory=3600)
    assert cache.ready(store, None, ("answer",)) is None  # nothing remembered yet
    digest, _ = cache.scenario_as_of(store, None)
    computed = cache.get((digest, "answer"), lambda: b"42")
    assert cache.ready(store, None, ("answer",)) == computed
    assert cache.ready(store, DAY, ("answer",)) is None  # another date: not computed
    store.set_status(_change(Status.OPEN))
    assert cache.ready(store, None, ("answer",)) is None  # a write: the stamp must be read again
    cache.scenario_as_of(store, None)
    cache.stamps.memory = 0
    assert cache.ready(store, None, ("answer",)) is None  # the memory has ended


def test_a_refresh_reads_the_stamp_again_only_past_half_its_memory(url: str, store: Store) -> None:
    cache = ResultCache(stamp_memory=3600)
    before = cache.stamps.get(store)
    with Store.open(url, talks=1) as elsewhere:
        elsewhere.set_status(_change(Status.OPEN))
    cache.stamps.refresh(store)
    assert cache.stamps.remembered(1) == before  # still fresh: not read again
    cache.stamps.memory = 0
    cache.stamps.refresh(store)
    cache.stamps.memory = 3600
    assert cache.stamps.remembered(1) == record_stamp(store) != before
