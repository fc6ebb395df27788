"""Many talks in one store, on both backends: each talks has its own versions and entries, numbered and read
apart from the others; a store of several talks is opened on one by id; the database itself keeps an entry of
one talks from pointing at another's scenario."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

import accord
from accord.model.record import Statement
from accord.tracker import Status, StatusInput, Store, TrackerError, list_talks
from accord.tracker import tables as t

DAY = dt.date(2026, 1, 5)


def _rejected(party: str = "russia") -> StatusInput:
    return StatusInput("territory", party, Status.REJECTED, DAY, "analyst", "readout", option="freeze-line")


def test_a_new_store_is_scoped_to_talks_1_made_by_the_first_import(store: Store, record_url: str) -> None:
    assert store.talks_id == 1 and list_talks(record_url) == []
    store.load_example(author="analyst")
    [talks] = list_talks(record_url)
    scenario = accord.load(accord.example_path())
    assert (talks.id, talks.title, talks.created_by) == (1, scenario.title, "analyst")
    assert (talks.versions, talks.latest_title) == (1, scenario.title)


def test_created_talks_have_their_own_versions_and_entries(example: Store, record_url: str) -> None:
    scenario = accord.load(accord.example_path())
    with Store.create_talks(
        record_url, scenario, title="Second track", author="lead", source="file", date=DAY
    ) as second:
        assert second.talks_id == 2
        assert [(v.version, v.effective, v.source) for v in second.versions()] == [(1, DAY, "file")]
        assert len(second.status_history()) == len(example.status_history()) == 16
        assert {s.statement.id for s in second.statements()} == {s.statement.id for s in example.statements()}
        second.set_status(_rejected())
        second.add_statement(
            Statement(id="only-here", date=DAY, party="russia", speaker="x", text="y", source="z"), author="a"
        )
        assert len(second.status_history()) == 17 and len(second.statements()) == 7
    assert len(example.status_history()) == 16 and len(example.statements()) == 6
    with Store.open(record_url, talks=2) as second:
        cell = second.matrix().to_dict()["points"][0]["cells"]["russia"]
        assert example.matrix().to_dict()["points"][0]["cells"]["russia"] != cell
    infos = list_talks(record_url)
    assert [(i.id, i.title, i.created_by, i.versions) for i in infos] == [
        (1, scenario.title, "analyst", 1),
        (2, "Second track", "lead", 1),
    ]


def test_a_store_of_several_talks_needs_a_choice(example: Store, record_url: str) -> None:
    Store.create_talks(record_url, accord.load(accord.example_path())).close()
    with pytest.raises(TrackerError) as error:
        Store.open(record_url)
    assert str(error.value) == "this store holds 2 talks (1, 2): choose one with --talks ID"
    with pytest.raises(TrackerError, match="this store holds no talks 3"):
        Store.open(record_url, talks=3)
    with Store.open(record_url, talks=2) as second:
        assert second.talks_id == 2 and second.versions()[0].version == 1


def test_only_talks_1_of_an_empty_store_can_be_chosen(store: Store, record_url: str) -> None:
    with Store.open(record_url, talks=1) as first:
        assert first.talks_id == 1
    with pytest.raises(TrackerError, match=r"holds no talks 2 .*none yet"):
        Store.open(record_url, talks=2)


def test_an_exported_talks_restores_as_new_talks(example: Store, record_url: str) -> None:
    example.set_status(_rejected())
    exported = example.export()
    with Store.restore_talks(record_url, exported, "record.json") as copy:
        assert copy.talks_id == 2 and copy.export() == exported
    with pytest.raises(TrackerError, match="only be restored into an empty record"):
        example.restore(exported)


def test_the_database_keeps_entries_to_their_talks_scenario(example: Store) -> None:
    """An entry of talks 2 naming version 1 is refused: that version belongs to talks 1 only."""
    row = {"talks": 2, "version": 1, "point": "territory", "party": "russia", "status": "rejected"}
    row |= {"effective": DAY, "recorded_at": dt.datetime(2026, 1, 5), "author": "x", "source": "y"}
    with pytest.raises(IntegrityError), example.engine.begin() as connection:
        connection.execute(insert(t.status_changes), row)
