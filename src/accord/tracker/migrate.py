"""Bringing a record's schema to the head revision with the Alembic migrations shipped in ``migrations/``.

Migrations run in one transaction that holds the database's write lock (``BEGIN IMMEDIATE`` on SQLite, an
advisory lock on PostgreSQL), so several processes opening a new record at once create it exactly once. A
database that holds other tables and no Accord schema is refused untouched; reads never migrate
(:func:`check_readable`).
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect, text

from accord.tracker.engine import WRITE
from accord.tracker.errors import TrackerError

LOCK_KEY = 0x4163636F7264
"""PostgreSQL advisory lock taken by migrations and by whole-record writes (``Accord`` in ASCII)."""


def alembic_config() -> Config:
    """The Alembic configuration of the shipped migrations (no ``alembic.ini`` needed)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("accord.tracker") / "migrations"))
    return config


def head() -> str:
    """The newest schema revision this code knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:  # pragma: no cover - the package ships its migrations
        raise TrackerError("no schema migrations found in the package")
    return revision


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the database, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def lock(connection: Connection) -> None:
    """Hold the whole-record write lock until the transaction ends (PostgreSQL; SQLite's writer lock is
    already held by ``BEGIN IMMEDIATE``)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Migrate the database to ``revision`` (the head by default) and return the revision it is at."""
    config = alembic_config()
    target = head() if revision == "head" else revision
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            lock(connection)
            current = current_revision(connection)
            _check_known(config, current)
            if current is None:
                _check_empty(connection)
            if current != target:
                config.attributes["connection"] = connection
                command.upgrade(config, target)
        return current_revision(connection) or ""


def check_readable(connection: Connection) -> None:
    """A :class:`TrackerError` unless the database holds Accord's schema at the head revision (a read never
    migrates: an older record is upgraded by a write, or by ``accord track init``)."""
    revision = current_revision(connection)
    if revision is None:
        _check_empty(connection)
        raise TrackerError("the record is empty: create it with 'accord track init' or import a scenario")
    _check_known(alembic_config(), revision)
    if revision != head():
        raise TrackerError(
            f"the record's schema is at revision {revision}, older than this Accord's {head()}: "
            "upgrade it with 'accord track init' (reads never change a record)"
        )


def check_not_foreign(connection: Connection) -> None:
    """A :class:`TrackerError` if the database holds other tables and no Accord schema."""
    if current_revision(connection) is None:
        _check_empty(connection)


def _check_empty(connection: Connection) -> None:
    """A database without Accord's schema must hold no table: Accord never adds its own beside others'."""
    tables = sorted(inspect(connection).get_table_names())
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise TrackerError(
            f"this database is not an Accord record: it holds other tables ({shown}) and no Accord schema; "
            "it was left untouched"
        )


def _check_known(config: Config, revision: str | None) -> None:
    if revision is None:
        return
    try:
        ScriptDirectory.from_config(config).get_revision(revision)
    except CommandError:
        raise TrackerError(
            f"the record's schema is at revision '{revision}', which this version of Accord does not know: "
            "it was written by a newer Accord"
        ) from None
