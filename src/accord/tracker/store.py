"""The record of the talks behind one object: open it by URL or file, add entries, read them back, and get
the scenario, the consensus matrix, the timeline and the diff as of any date.

Every write is one transaction: it is checked in full and either written in full or not at all. On SQLite a
write transaction takes the database's write lock when it begins (``BEGIN IMMEDIATE``), so concurrent writers
queue instead of failing; on PostgreSQL they run side by side, and whole-record writes (imports, restores,
migrations) take an advisory lock.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.record import Meeting, Statement
from accord.model.scenario import Scenario
from accord.tracker import reads
from accord.tracker.asof import RecordState, build_scenario
from accord.tracker.catalogue import Catalogue, latest_version, load_catalogue, version_scenario, versions
from accord.tracker.diff import RecordDiff, record_diff
from accord.tracker.engine import WRITE, make_engine, resolve_url, sqlite_file
from accord.tracker.entries import (
    ImportReport,
    MeetingEntry,
    StatementEntry,
    StatusChange,
    StatusInput,
    VersionInfo,
)
from accord.tracker.errors import TrackerError
from accord.tracker.importer import import_scenario
from accord.tracker.matrix import ConsensusMatrix, consensus_matrix
from accord.tracker.migrate import current_revision, lock, upgrade
from accord.tracker.record import export_record, parse_record, restore_record
from accord.tracker.timeline import Event, timeline
from accord.tracker.writes import add_meeting, add_statement, add_status


def utc_now() -> dt.datetime:
    """The time an entry is recorded: UTC, stored without a time zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_author() -> str:
    """Who records an entry when no author is given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name in some containers
        return "unknown"


class Store:
    """A record of talks in a SQLite file or a PostgreSQL database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._catalogues: dict[int, Catalogue] = {}

    def _catalogue(self, connection: Connection) -> Catalogue:
        """The catalogue of the latest version, which entries are checked against. Read once per version:
        this transaction did not create the version, so it is committed, and stored versions never change."""
        version = latest_version(connection)
        if version not in self._catalogues:
            self._catalogues[version] = load_catalogue(connection, version)
        return self._catalogues[version]

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """Open the record named by ``db`` (URL or file; ``ACCORD_DB``; ``accord.db``), upgrading its schema.

        With ``create=False`` a SQLite file that does not exist is an error instead of a new empty record.
        """
        url = resolve_url(db)
        file = sqlite_file(url)
        if file is not None and not file.exists():
            if not create:
                raise TrackerError(
                    f"no record at {file}: create it with 'accord track init' or name one with --db"
                )
            if not file.parent.is_dir():
                raise TrackerError(f"cannot create the record {file}: folder {file.parent} does not exist")
        engine = make_engine(url)
        store = cls(engine, url)
        try:
            upgrade(engine)
        except DBAPIError as error:
            engine.dispose()
            raise TrackerError(f"cannot open the record at {store.display}: {_first_line(error)}") from None
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def display(self) -> str:
        """The record's URL without its password."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, whole: bool = False) -> Iterator[Connection]:
        """One write transaction: committed if the block ends normally, rolled back otherwise.

        ``whole`` also takes the whole-record lock (PostgreSQL; SQLite writers always hold the write lock).
        """
        try:
            with self.engine.connect() as connection:
                connection.execution_options(**{WRITE: True})
                with connection.begin():
                    if whole:
                        lock(connection)
                    yield connection
        except IntegrityError as error:
            raise TrackerError(f"the record refused the entry: {_first_line(error)}") from None
        except OperationalError as error:
            raise TrackerError(
                f"cannot write to the record at {self.display}: {_first_line(error)}"
            ) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction: a consistent view of the record."""
        try:
            with self.engine.connect() as connection, connection.begin():
                yield connection
        except OperationalError as error:
            raise TrackerError(f"cannot read the record at {self.display}: {_first_line(error)}") from None

    def revision(self) -> str:
        """The schema revision of the record."""
        with self.reading() as connection:
            return current_revision(connection) or ""

    # The scenario ---------------------------------------------------------------------------------------

    def import_scenario(self, scenario: Scenario, *, author: str | None = None, source: str) -> ImportReport:
        """Store a new version of the scenario and add the record parts the record does not hold yet."""
        with self.transaction(whole=True) as connection:
            return import_scenario(
                connection, scenario, author=author or default_author(), source=source, recorded_at=utc_now()
            )

    def load_example(self, *, author: str | None = None, name: str = "peace-talks") -> ImportReport:
        """Import a built-in example scenario with its agreements, meetings and statements."""
        path = example_path(name)
        return self.import_scenario(load_scenario(path), author=author, source=f"built-in example {name}")

    def scenario(self, version: int | None = None) -> Scenario:
        """A stored version of the scenario as imported (the latest by default)."""
        with self.reading() as connection:
            return version_scenario(connection, version)[1]

    def versions(self) -> list[VersionInfo]:
        with self.reading() as connection:
            return versions(connection)

    # Entries --------------------------------------------------------------------------------------------

    def set_status(self, change: StatusInput) -> int:
        """Append a status change; return its entry number."""
        with self.transaction() as connection:
            return add_status(connection, self._catalogue(connection), change, utc_now())

    def add_meeting(
        self, meeting: Meeting, *, author: str | None = None, effective: dt.date | None = None
    ) -> int:
        """Append a meeting or a new revision of one (same id); ``effective``: its date, else today."""
        when = effective or meeting.date or utc_now().date()
        with self.transaction() as connection:
            return add_meeting(
                connection,
                self._catalogue(connection),
                meeting,
                effective=when,
                author=author or default_author(),
                recorded_at=utc_now(),
            )

    def add_statement(self, statement: Statement, *, author: str | None = None) -> None:
        with self.transaction() as connection:
            add_statement(
                connection,
                self._catalogue(connection),
                statement,
                author=author or default_author(),
                recorded_at=utc_now(),
            )

    def status_history(self, **filters: Any) -> list[StatusChange]:
        """Status changes, oldest first; filters: ``point``, ``party``, ``since``, ``until``."""
        with self.reading() as connection:
            return reads.status_history(connection, **filters)

    def status_as_of(self, date: dt.date | None = None) -> dict[tuple[str, str], StatusChange]:
        with self.reading() as connection:
            return reads.status_as_of(connection, date)

    def meetings(self, as_of: dt.date | None = None) -> list[MeetingEntry]:
        """Each meeting as it stood on ``as_of`` (its latest revision by default)."""
        with self.reading() as connection:
            return reads.meetings_as_of(connection, as_of)

    def statements(self, since: dt.date | None = None, until: dt.date | None = None) -> list[StatementEntry]:
        with self.reading() as connection:
            return reads.statements(connection, since=since, until=until)

    # Whole record ---------------------------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """The whole record as JSON-ready data (``accord-record/1``)."""
        with self.reading() as connection:
            return export_record(connection)

    def restore(self, data: Any, source: str = "<record>") -> None:
        """Write an exported record into this one, which must be empty."""
        record = parse_record(data, source)
        with self.transaction(whole=True) as connection:
            restore_record(connection, record)

    # As of a date ---------------------------------------------------------------------------------------

    def state(self, as_of: dt.date | None = None, version: int | None = None) -> RecordState:
        """Everything the record held on ``as_of`` (everything by default), in one consistent read."""
        with self.reading() as connection:
            return _state(connection, as_of, version)

    def scenario_as_of(self, as_of: dt.date | None = None, version: int | None = None) -> Scenario:
        """The scenario as it stood on ``as_of``: its agreements, meetings and statements from the record."""
        return build_scenario(self.state(as_of, version))

    def matrix(self, as_of: dt.date | None = None, version: int | None = None) -> ConsensusMatrix:
        return consensus_matrix(self.state(as_of, version))

    def timeline(self, since: dt.date | None = None, until: dt.date | None = None) -> list[Event]:
        """Dated events of the record (meetings, statements, status changes) in the range, oldest first."""
        with self.reading() as connection:
            return timeline(
                reads.status_history(connection, since=since, until=until),
                reads.meeting_revisions(connection, since=since, until=until),
                reads.statements(connection, since=since, until=until),
            )

    def diff(self, since: dt.date, until: dt.date | None = None, version: int | None = None) -> RecordDiff:
        """What changed after ``since`` up to ``until`` (everything recorded by default), in one read."""
        if until is not None and until < since:
            raise TrackerError(f"--until {until} is before --since {since}")
        with self.reading() as connection:
            before, after = _state(connection, since, version), _state(connection, until, version)
            events = timeline(
                reads.status_history(connection, since=since, until=until),
                reads.meeting_revisions(connection, since=since, until=until),
                reads.statements(connection, since=since, until=until),
            )
        return record_diff(before, after, events)


def _state(connection: Connection, as_of: dt.date | None, version: int | None) -> RecordState:
    number, scenario = version_scenario(connection, version)
    return RecordState(
        date=as_of,
        version=number,
        scenario=scenario,
        status=reads.status_as_of(connection, as_of),
        meetings=tuple(reads.meetings_as_of(connection, as_of)),
        statements=tuple(reads.statements(connection, until=as_of)),
    )


def _first_line(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
