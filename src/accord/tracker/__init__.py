"""The record of the talks: meetings, statements and each party's status on each point, with their history.

The record lives in a database behind SQLAlchemy (a SQLite file by default, PostgreSQL for a team) whose
schema is kept by the Alembic migrations shipped in ``migrations/``. One store holds several talks
(:func:`list_talks`); :class:`Store` is the one entry point, scoped to one talks:

>>> from accord.tracker import Store
>>> with Store.open("talks.db") as store:          # doctest: +SKIP
...     store.load_example()
...     store.matrix().to_dict()
...     store.scenario_as_of(datetime.date(2025, 12, 16))
"""

from __future__ import annotations

from accord.tracker.asof import RecordState, build_scenario
from accord.tracker.diff import RecordDiff
from accord.tracker.entries import (
    ImportReport,
    MeetingEntry,
    StatementEntry,
    Status,
    StatusChange,
    StatusInput,
    VersionInfo,
)
from accord.tracker.errors import TrackerError, parse_date
from accord.tracker.matrix import ConsensusMatrix
from accord.tracker.store import Store, list_talks
from accord.tracker.talks import TalksInfo
from accord.tracker.timeline import Event

__all__ = [
    "ConsensusMatrix",
    "Event",
    "ImportReport",
    "MeetingEntry",
    "RecordDiff",
    "RecordState",
    "StatementEntry",
    "Status",
    "StatusChange",
    "StatusInput",
    "Store",
    "TalksInfo",
    "TrackerError",
    "VersionInfo",
    "build_scenario",
    "list_talks",
    "parse_date",
]
