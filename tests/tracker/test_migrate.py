"""Migrations: the migrated schema is the one the code declares, on both backends; a record created at the
first schema (0001) with data in it upgrades to the head without losing any of it; several processes opening a
new record at once create it once."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine.interfaces import ReflectedColumn

import accord
from accord.model.record import Meeting, Statement
from accord.tracker import Store
from accord.tracker.catalogue import add_version, load_catalogue
from accord.tracker.engine import make_engine
from accord.tracker.migrate import current_revision, head, upgrade
from accord.tracker.tables import metadata
from accord.tracker.writes import add_meeting, add_statement

NOW = dt.datetime(2025, 12, 21, 9, 30)
STATUS_0001 = text(
    "INSERT INTO status_changes"
    " (version, point, party, status, option, effective, recorded_at, author, source) "
    "VALUES (1, :point, :party, :status, :option, :effective, :recorded_at, 'old', 'schema 0001')"
)


def test_migrated_schema_equals_the_declared_tables(record_url: str) -> None:
    engine = make_engine(record_url)
    assert upgrade(engine) == head() == "0002"
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()


def test_a_record_at_0001_with_data_upgrades_to_head_intact(record_url: str) -> None:
    engine = make_engine(record_url)
    assert upgrade(engine, "0001") == "0001"
    scenario = accord.load(accord.example_path())
    with engine.begin() as connection:
        assert "note" not in {c["name"] for c in _columns(connection, "status_changes")}
        add_version(connection, scenario, author="old", source="schema 0001", recorded_at=NOW)
        catalogue = load_catalogue(connection, 1)
        for meeting in scenario.meetings:
            add_meeting(
                connection,
                catalogue,
                meeting,
                effective=meeting.date or NOW.date(),
                author="old",
                recorded_at=NOW,
            )
        for statement in scenario.statements:
            add_statement(connection, catalogue, statement, author="old", recorded_at=NOW)
        for agreement in scenario.agreements:
            for party in agreement.parties:
                row = {
                    "point": agreement.point,
                    "party": party,
                    "status": "agreed",
                    "option": agreement.option,
                }
                connection.execute(STATUS_0001, row | {"effective": agreement.date, "recorded_at": NOW})
    engine.dispose()
    with Store.open(record_url) as store:
        assert store.revision() == "0002"
        data = store.export()
        assert [m["meeting"] for m in data["meetings"]] == [
            m.model_dump(mode="json") for m in scenario.meetings
        ]
        assert len(data["statements"]) == 6 and len(data["status"]) == 16
        assert all(c["note"] is None and c["author"] == "old" for c in data["status"])
        locked = [(a.point, a.option, a.parties, a.date) for a in store.scenario_as_of().agreements]
        assert locked == [(a.point, a.option, a.parties, a.date) for a in scenario.agreements]
        assert {Meeting.model_validate(m["meeting"]).id for m in data["meetings"]} == {
            "berlin",
            "us-december-19",
            "miami",
        }
        assert all(
            Statement.model_validate(s["statement"]) in scenario.statements for s in data["statements"]
        )


def _columns(connection: Connection, table: str) -> list[ReflectedColumn]:
    return list(inspect(connection).get_columns(table))


def _open(url: str) -> str:
    with Store.open(url) as store:
        return store.revision()


def test_processes_opening_a_new_record_at_once_create_it_once(record_url: str) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        revisions = pool.map(_open, [record_url] * 4)
    assert revisions == ["0002"] * 4
    engine = make_engine(record_url)
    with engine.connect() as connection:
        assert current_revision(connection) == "0002"
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    engine.dispose()
