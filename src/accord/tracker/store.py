"""The record of one talks behind one object: open its store by URL or file, add entries, read them back, and
get the scenario, the consensus matrix, the timeline and the diff as of any date.

A store holds several talks (``talks.py``); a :class:`Store` is scoped to one of them (``talks_id``), and
everything it reads or writes is of that talks.

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
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.record import Meeting, Statement
from accord.model.scenario import Scenario
from accord.tracker import reads
from accord.tracker.asof import RecordState, build_scenario, read_state
from accord.tracker.catalogue import (
    Catalogue,
    VersionStamp,
    latest_version,
    load_catalogue,
    version_scenario,
    versions,
)
from accord.tracker.diff import RecordDiff, record_diff
from accord.tracker.engine import WRITE, display_url, resolve_url
from accord.tracker.entries import (
    ImportReport,
    MeetingEntry,
    StatementEntry,
    StatusChange,
    StatusInput,
    VersionInfo,
)
from accord.tracker.errors import TrackerError
from accord.tracker.importer import import_scenario, record_dates
from accord.tracker.matrix import ConsensusMatrix, consensus_matrix
from accord.tracker.migrate import current_revision, lock
from accord.tracker.opening import first_line, open_engine
from accord.tracker.record import RecordData, export_record, parse_record, restore_record
from accord.tracker.talks import TalksInfo, add_talks, choose_talks, has_talks, read_talks
from accord.tracker.timeline import Event, read_events
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
    """The record of one talks, in a store that is a SQLite file or a PostgreSQL database."""

    def __init__(self, engine: Engine, url: str, talks_id: int) -> None:
        self.engine = engine
        self.url = url
        self.talks_id = talks_id
        """The talks this store reads and writes."""
        self._catalogues: dict[int, Catalogue] = {}

    def _catalogue(self, connection: Connection) -> Catalogue:
        """The catalogue of the latest version, which entries are checked against. Read once per version:
        this transaction did not create the version, so it is committed, and stored versions never change."""
        version = latest_version(connection, self.talks_id)
        if version not in self._catalogues:
            self._catalogues[version] = load_catalogue(connection, self.talks_id, version)
        return self._catalogues[version]

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        *,
        create: bool = True,
        talks: int | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open the store named by ``db`` (URL or file; ``ACCORD_DB``; ``accord.db``), upgrading its schema,
        scoped to ``talks`` (by default its only talks; talks 1, made by the first import, if it has none).

        With ``create=False`` a SQLite file that does not exist is an error instead of a new empty record.
        ``read_only`` opens it for reading only: nothing is migrated or written, no lock is taken, and a
        record at an older schema is an error.
        """
        store = cls(open_engine(db, create and not read_only, read_only=read_only), resolve_url(db), 0)
        try:
            with store.reading() as connection:
                store.talks_id = choose_talks(connection, talks)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def create_talks(
        cls,
        db: str | Path | None,
        scenario: Scenario,
        *,
        title: str | None = None,
        author: str | None = None,
        source: str | None = None,
        date: dt.date | None = None,
    ) -> Store:
        """Open a new talks in the store with ``scenario`` as its first version (in force from ``date``,
        else today); return the store scoped to it."""
        store = cls(open_engine(db, create=True), resolve_url(db), 0)
        try:
            stamp = _stamp(author, source or "<scenario>", date)
            with store.transaction(whole=True) as connection:
                store.talks_id = add_talks(
                    connection,
                    title=title or scenario.title,
                    created_at=stamp.recorded_at,
                    created_by=stamp.author,
                )
                import_scenario(connection, store.talks_id, scenario, stamp)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def restore_talks(cls, db: str | Path | None, data: Any, source: str = "<record>") -> Store:
        """Restore an exported record as a new talks of the store; return the store scoped to it."""
        record = parse_record(data, source)
        store = cls(open_engine(db, create=True), resolve_url(db), 0)
        try:
            with store.transaction(whole=True) as connection:
                store.talks_id = _add_talks_of(connection, record, None)
                restore_record(connection, store.talks_id, record)
        except BaseException:
            store.close()
            raise
        return store

    @property
    def display(self) -> str:
        """The record's URL without its password."""
        return display_url(self.url)

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
        except (IntegrityError, DataError) as error:
            raise TrackerError(f"the record refused the entry: {first_line(error)}") from None
        except DBAPIError as error:
            raise TrackerError(f"cannot write to the record at {self.display}: {first_line(error)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction: a consistent view of the record."""
        try:
            with self.engine.connect() as connection, connection.begin():
                yield connection
        except DBAPIError as error:
            raise TrackerError(f"cannot read the record at {self.display}: {first_line(error)}") from None

    def revision(self) -> str:
        """The schema revision of the record."""
        with self.reading() as connection:
            return current_revision(connection) or ""

    # The scenario ---------------------------------------------------------------------------------------

    def import_scenario(
        self,
        scenario: Scenario,
        *,
        author: str | None = None,
        source: str,
        date: dt.date | None = None,
        replace: bool = False,
    ) -> ImportReport:
        """Store a new version of the scenario, in force from ``date`` (else today), and add the record parts
        the record does not hold yet. The first import into a store that holds no talks creates talks 1.

        A scenario of other talks (no party or no document in common with the latest version) is refused
        unless ``replace``; the report says what it replaced."""
        stamp = _stamp(author, source, date)
        with self.transaction(whole=True) as connection:
            if not has_talks(connection, self.talks_id):
                add_talks(
                    connection,
                    title=scenario.title,
                    created_at=stamp.recorded_at,
                    created_by=stamp.author,
                    talks=self.talks_id,
                )
            return import_scenario(connection, self.talks_id, scenario, stamp, replace=replace)

    def load_example(self, *, author: str | None = None, name: str = "peace-talks") -> ImportReport:
        """Import a built-in example scenario with its agreements, meetings and statements, in force from the
        first date its record mentions (else today)."""
        scenario = load_scenario(example_path(name))
        first = min(record_dates(scenario), default=None)
        return self.import_scenario(scenario, author=author, source=f"built-in example {name}", date=first)

    def scenario(self, version: int | None = None) -> Scenario:
        """A stored version of the scenario as imported (the latest by default)."""
        with self.reading() as connection:
            return version_scenario(connection, self.talks_id, version)[1]

    def versions(self) -> list[VersionInfo]:
        with self.reading() as connection:
            return versions(connection, self.talks_id)

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
            return reads.status_history(connection, self.talks_id, **filters)

    def status_as_of(self, date: dt.date | None = None) -> dict[tuple[str, str], StatusChange]:
        with self.reading() as connection:
            return reads.status_as_of(connection, self.talks_id, date)

    def meetings(self, as_of: dt.date | None = None) -> list[MeetingEntry]:
        """Each meeting as it stood on ``as_of`` (its latest revision by default)."""
        with self.reading() as connection:
            return reads.meetings_as_of(connection, self.talks_id, as_of)

    def statements(self, since: dt.date | None = None, until: dt.date | None = None) -> list[StatementEntry]:
        with self.reading() as connection:
            return reads.statements(connection, self.talks_id, since=since, until=until)

    # Whole record ---------------------------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """The whole record of the talks as JSON-ready data (``accord-record/1``)."""
        with self.reading() as connection:
            return export_record(connection, self.talks_id)

    def restore(self, data: Any, source: str = "<record>") -> None:
        """Write an exported record into this talks, which must be empty."""
        record = parse_record(data, source)
        with self.transaction(whole=True) as connection:
            if not has_talks(connection, self.talks_id):
                _add_talks_of(connection, record, self.talks_id)
            restore_record(connection, self.talks_id, record)

    # As of a date ---------------------------------------------------------------------------------------

    def state(self, as_of: dt.date | None = None, version: int | None = None) -> RecordState:
        """Everything the record held on ``as_of`` (everything by default), in one consistent read."""
        with self.reading() as connection:
            return read_state(connection, self.talks_id, as_of, version)

    def scenario_as_of(self, as_of: dt.date | None = None, version: int | None = None) -> Scenario:
        """The scenario as it stood on ``as_of``: its agreements, meetings and statements from the record."""
        return build_scenario(self.state(as_of, version))

    def matrix(self, as_of: dt.date | None = None, version: int | None = None) -> ConsensusMatrix:
        """Each party's status on each point on ``as_of`` (reads no meeting or statement)."""
        with self.reading() as connection:
            return consensus_matrix(read_state(connection, self.talks_id, as_of, version, entries=False))

    def timeline(self, since: dt.date | None = None, until: dt.date | None = None) -> list[Event]:
        """Dated events of the record (meetings, statements, status changes) in the range, oldest first."""
        with self.reading() as connection:
            return read_events(connection, self.talks_id, since, until)

    def diff(self, since: dt.date, until: dt.date | None = None, version: int | None = None) -> RecordDiff:
        """What changed after ``since`` up to ``until`` (everything recorded by default), in one read."""
        if until is not None and until < since:
            raise TrackerError(f"--until {until} is before --since {since}")
        talks = self.talks_id
        with self.reading() as connection:
            before, after = (
                read_state(connection, talks, since, version),
                read_state(connection, talks, until, version),
            )
            events = read_events(connection, talks, since, until)
        return record_diff(before, after, events)


def list_talks(db: str | Path | None = None, *, create: bool = False) -> list[TalksInfo]:
    """The talks of the store named by ``db``, oldest first, read without changing it; with ``create``, the
    store is created or upgraded first."""
    store = Store(open_engine(db, create, read_only=not create), resolve_url(db), 0)
    with store, store.reading() as connection:
        return read_talks(connection)


def _stamp(author: str | None, source: str, date: dt.date | None) -> VersionStamp:
    now = utc_now()
    return VersionStamp(author or default_author(), source, now, date or now.date())


def _add_talks_of(connection: Connection, record: RecordData, talks: int | None) -> int:
    """A talks for an exported record, named and dated by its first version."""
    first = record.versions[0] if record.versions else None
    return add_talks(
        connection,
        title=first.title if first else "restored record",
        created_at=first.recorded_at if first else utc_now(),
        created_by=first.author if first else default_author(),
        talks=talks,
    )
