"""The record as a timeline: meetings, statements and status changes in date order, each as one event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection

from accord.model.record import MeetingStatus
from accord.tracker import reads
from accord.tracker.entries import MeetingEntry, StatementEntry, StatusChange


class Kind(StrEnum):
    MEETING = "meeting"
    STATEMENT = "statement"
    STATUS = "status"


_ORDER = {Kind.MEETING: 0, Kind.STATEMENT: 1, Kind.STATUS: 2}


@dataclass(frozen=True)
class Event:
    """One dated thing that happened, as the record holds it."""

    date: dt.date
    kind: Kind
    subject: str
    """The meeting, statement or point it is about."""
    parties: tuple[str, ...]
    summary: str
    source: str
    author: str
    recorded_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": str(self.kind),
            "subject": self.subject,
            "parties": list(self.parties),
            "summary": self.summary,
            "source": self.source,
            "author": self.author,
            "recorded_at": self.recorded_at.isoformat(),
        }


def timeline(
    changes: list[StatusChange], meetings: list[MeetingEntry], statements: list[StatementEntry]
) -> list[Event]:
    """Events by date; on one date meetings first, then statements, then status changes, each as recorded."""
    events = [_status_event(c) for c in changes]
    events += [_meeting_event(m) for m in meetings]
    events += [_statement_event(s) for s in statements]
    return sorted(events, key=lambda e: (e.date, _ORDER[e.kind], e.recorded_at))


def _status_event(change: StatusChange) -> Event:
    about = f" '{change.option}'" if change.option else ""
    return Event(
        date=change.effective,
        kind=Kind.STATUS,
        subject=change.point,
        parties=(change.party,),
        summary=f"{change.party}: {change.status}{about} on {change.point}",
        source=change.source,
        author=change.author,
        recorded_at=change.recorded_at,
    )


def _meeting_event(entry: MeetingEntry) -> Event:
    meeting = entry.meeting
    name = meeting.title or f"Meeting {meeting.id}"
    when = meeting.date.isoformat() if meeting.date else "date not set"
    verb = {
        MeetingStatus.HELD: "held",
        MeetingStatus.PLANNED: "planned",
        MeetingStatus.CANCELLED: "cancelled",
    }
    kind = "bilateral" if meeting.bilateral else "multilateral"
    who = ", ".join(meeting.participants)
    return Event(
        date=entry.effective,
        kind=Kind.MEETING,
        subject=meeting.id,
        parties=meeting.participants,
        summary=f"{name} in {meeting.venue}: {verb[meeting.status]} ({when}; {kind}: {who})",
        source=meeting.source or "",
        author=entry.author,
        recorded_at=entry.recorded_at,
    )


def _statement_event(entry: StatementEntry) -> Event:
    s = entry.statement
    about = f" [points: {', '.join(s.points)}]" if s.points else ""
    return Event(
        date=s.date,
        kind=Kind.STATEMENT,
        subject=s.id,
        parties=(s.party,),
        summary=f"{s.speaker} ({s.party}, {s.stance}): {s.text}{about}",
        source=s.source,
        author=entry.author,
        recorded_at=entry.recorded_at,
    )


def read_events(
    connection: Connection, talks: int, since: dt.date | None, until: dt.date | None
) -> list[Event]:
    """The events of ``talks`` dated in ``(since, until]``, read in one query per kind."""
    return timeline(
        reads.status_history(connection, talks, since=since, until=until),
        reads.meeting_revisions(connection, talks, since=since, until=until),
        reads.statements(connection, talks, since=since, until=until),
    )
