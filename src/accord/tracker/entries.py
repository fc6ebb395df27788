"""What the record holds, as frozen values: scenario versions, meeting revisions, statements, status changes.

Every entry carries who recorded it (``author``), when (``recorded_at``, UTC) and the scenario version it was
checked against. Entries are never changed or deleted once written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from accord.model.record import Meeting, Statement


class Status(StrEnum):
    """Where one party stands on one point."""

    PROPOSED = "proposed"
    """The party proposes an option (or supports one on the table)."""
    AGREED = "agreed"
    """The party agreed to an option: the point is locked on it for that party."""
    REJECTED = "rejected"
    """The party rejected an option, or the point as it stands when no option is named."""
    OPEN = "open"
    """No position: the point is open for the party (also the state of a point with no entry)."""


NEEDS_OPTION = frozenset({Status.PROPOSED, Status.AGREED})
"""Statuses that only make sense about one option."""
NEEDS_CONSENT = frozenset({Status.AGREED, Status.REJECTED})
"""Statuses only a party whose consent the agreement needs can take (anyone can propose)."""


@dataclass(frozen=True)
class StatusInput:
    """A change of one party's status on one point, as a user states it."""

    point: str
    party: str
    status: Status
    effective: dt.date
    """The date from which the status holds (the day of the meeting or statement it comes from)."""
    author: str
    source: str
    option: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class StatusChange:
    """A status change as recorded: the input, its place in the record and when it was written."""

    entry: int
    """Order of recording: larger is later. Breaks ties between changes with the same effective date."""
    version: int
    point: str
    party: str
    status: Status
    option: str | None
    effective: dt.date
    recorded_at: dt.datetime
    author: str
    source: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "version": self.version,
            "point": self.point,
            "party": self.party,
            "status": str(self.status),
            "option": self.option,
            "effective": self.effective.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "author": self.author,
            "source": self.source,
            "note": self.note,
        }


@dataclass(frozen=True)
class MeetingEntry:
    """One revision of a meeting (a planned meeting later held has two)."""

    entry: int
    version: int
    meeting: Meeting
    effective: dt.date
    """The date from which this revision describes the meeting."""
    recorded_at: dt.datetime
    author: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "version": self.version,
            "effective": self.effective.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "author": self.author,
            "meeting": self.meeting.model_dump(mode="json"),
        }


@dataclass(frozen=True)
class StatementEntry:
    """A statement as recorded."""

    version: int
    statement: Statement
    recorded_at: dt.datetime
    author: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "recorded_at": self.recorded_at.isoformat(),
            "author": self.author,
            "statement": self.statement.model_dump(mode="json"),
        }


@dataclass(frozen=True)
class VersionInfo:
    """One imported version of the scenario (structure, preferences and assumptions)."""

    version: int
    title: str
    recorded_at: dt.datetime
    author: str
    source: str
    effective: dt.date
    """The date from which this version is in force."""


@dataclass(frozen=True)
class ImportReport:
    """What importing a scenario added to the record."""

    version: int
    status_changes: int
    meetings: int
    statements: int
    replaced: str | None = None
    """What the import replaced (``--replace`` of a scenario of other talks), else None."""
