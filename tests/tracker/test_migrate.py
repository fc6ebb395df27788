"""Migrations: the migrated schema is the one the code declares, on both backends; a record created at an
older schema (0001, 0002) with data in it upgrades to the head without losing any of it (its export is the
same); several processes opening a new record at once create it once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, insert, inspect, select, text

import accord
from accord.model.record import Meeting, MeetingStatus, Statement
from accord.tracker import Status, StatusInput, Store, list_talks
from accord.tracker.engine import make_engine
from accord.tracker.migrate import current_revision, head, upgrade
from accord.tracker.tables import metadata

OLD_ORDER = (
    "scenario_versions",
    "parties",
    "delegates",
    "points",
    "options",
    "meetings",
    "meeting_participants",
    "statements",
    "statement_points",
    "status_changes",
)


def test_migrated_schema_equals_the_declared_tables(record_url: str) -> None:
    engine = make_engine(record_url)
    assert upgrade(engine) == head() == "0005"
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()


def _rich_record(url: str, *, notes: bool) -> dict[str, object]:
    """A record with two versions (in force from the day they were recorded, as the migration makes them), a
    meeting revision, a new statement, status changes (with notes if the old schema has them); its export."""
    scenario = accord.load(accord.example_path())
    with Store.open(url) as store:
        store.import_scenario(scenario, author="old", source="example")
        store.import_scenario(scenario, author="old again", source="example")
        store.add_meeting(
            Meeting(
                id="geneva",
                date=dt.date(2026, 1, 9),
                venue="Geneva",
                participants=("ukraine", "russia"),
                status=MeetingStatus.PLANNED,
            ),
            author="old",
        )
        store.add_statement(
            Statement(
                id="late",
                date=dt.date(2026, 1, 2),
                party="russia",
                speaker="Peskov",
                text='We "welcome" talks – ünïcode',
                source="TASS",
                points=("territory",),
            ),
            author="old",
        )
        change = StatusInput(
            "territory",
            "russia",
            Status.REJECTED,
            dt.date(2026, 1, 3),
            "old",
            "readout",
            option="freeze-line",
            note="firm" if notes else None,
        )
        store.set_status(change)
        return store.export()


def _copy_into_old_schema(source_url: str, target_url: str, revision: str) -> None:
    """A store at ``revision`` holding the rows of the (head) store at ``source_url``, column by column."""
    target = make_engine(target_url)
    assert upgrade(target, revision) == revision
    source = make_engine(source_url)
    old = MetaData()
    old.reflect(target)
    with source.connect() as reading, target.begin() as writing:
        for name in OLD_ORDER:
            columns = [c for c in metadata.tables[name].c if c.name in old.tables[name].c]
            rows = [dict(row._mapping) for row in reading.execute(select(*columns))]
            if rows:
                writing.execute(insert(old.tables[name]), rows)
    source.dispose()
    target.dispose()


def test_a_record_at_0002_with_data_becomes_talks_1_with_the_same_export(
    record_url: str, tmp_path: Path
) -> None:
    source = f"sqlite:///{tmp_path / 'head.db'}"
    before = _rich_record(source, notes=True)
    _copy_into_old_schema(source, record_url, "0002")
    with Store.open(record_url) as store:
        assert store.revision() == "0005" and store.talks_id == 1
        assert store.export() == before
        assert [v.effective for v in store.versions()] == [v.recorded_at.date() for v in store.versions()]
        store.set_status(StatusInput("sanctions", "russia", Status.OPEN, dt.date(2026, 2, 1), "new", "after"))
        entries = [c.entry for c in store.status_history()]
        assert len(entries) == len(set(entries)), "a new entry reused a migrated entry number"
    [talks] = list_talks(record_url)
    assert (talks.id, talks.created_by, talks.versions) == (1, "old", 2)


def test_a_record_at_0001_with_data_upgrades_to_head_intact(record_url: str, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'head.db'}"
    before = _rich_record(source, notes=False)
    _copy_into_old_schema(source, record_url, "0001")
    engine = make_engine(record_url)
    with engine.connect() as connection:
        assert "note" not in {c["name"] for c in inspect(connection).get_columns("status_changes")}
    engine.dispose()
    with Store.open(record_url) as store:
        assert store.export() == before


def test_an_empty_record_at_0002_upgrades_to_no_talks(record_url: str) -> None:
    engine = make_engine(record_url)
    upgrade(engine, "0002")
    engine.dispose()
    assert list_talks(record_url, create=True) == []


def _open(url: str) -> str:
    with Store.open(url) as store:
        return store.revision()


def test_processes_opening_a_new_record_at_once_create_it_once(record_url: str) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        revisions = pool.map(_open, [record_url] * 4)
    assert revisions == ["0005"] * 4
    engine = make_engine(record_url)
    with engine.connect() as connection:
        assert current_revision(connection) == "0005"
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    engine.dispose()
