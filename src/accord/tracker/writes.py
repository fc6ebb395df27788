"""Adding entries to the record: status changes, meeting revisions, statements. Each is checked first (unknown
party, point or option, an option where none belongs) and written only if every check passes.

These functions run inside the caller's write transaction; :class:`~accord.tracker.store.Store` opens it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from accord.model.record import Meeting, Statement
from accord.tracker import tables as t
from accord.tracker.catalogue import Catalogue
from accord.tracker.entries import NEEDS_OPTION, Status, StatusInput
from accord.tracker.errors import TrackerError
from accord.tracker.limits import check_rows


def add_status(
    connection: Connection,
    catalogue: Catalogue,
    change: StatusInput,
    recorded_at: dt.datetime,
    *,
    restoring: bool = False,
) -> int:
    """Append one status change; return its entry number. ``restoring`` an exported entry skips the check of
    consent, which records written before it may fail."""
    catalogue.check_party(change.party)
    if not restoring:
        catalogue.check_consent(change.party, change.status)
    catalogue.check_point(change.point)
    if change.option is not None:
        catalogue.check_option(change.point, change.option)
    elif change.status in NEEDS_OPTION:
        raise TrackerError(f"status '{change.status}' needs the option it is about (--option)")
    if change.status is Status.OPEN and change.option is not None:
        raise TrackerError("status 'open' takes no option")
    _check_signed(change.author, change.source)
    row = {
        "talks": catalogue.talks,
        "version": catalogue.version,
        "point": change.point,
        "party": change.party,
        "status": change.status,
        "option": change.option,
        "effective": change.effective,
        "recorded_at": recorded_at,
        "author": change.author,
        "source": change.source,
        "note": change.note,
    }
    check_rows(t.status_changes, [row])
    entry = connection.execute(insert(t.status_changes).returning(t.status_changes.c.entry), row)
    return int(entry.scalar_one())


def add_meeting(
    connection: Connection,
    catalogue: Catalogue,
    meeting: Meeting,
    *,
    effective: dt.date,
    author: str,
    recorded_at: dt.datetime,
) -> int:
    """Append a revision of a meeting (the first, or a later one: planned -> held); return its entry."""
    for party in meeting.participants:
        catalogue.check_party(party)
    _check_signed(author, "-")
    key = {"talks": catalogue.talks, "version": catalogue.version}
    row = key | {"id": meeting.id, "title": meeting.title, "date": meeting.date}
    row |= {"venue": meeting.venue, "status": meeting.status, "source": meeting.source}
    row |= {"effective": effective, "recorded_at": recorded_at, "author": author}
    check_rows(t.meetings, [row])
    entry = int(connection.execute(insert(t.meetings).returning(t.meetings.c.entry), row).scalar_one())
    connection.execute(
        insert(t.meeting_participants),
        [
            key | {"entry": entry, "position": i, "party": party}
            for i, party in enumerate(meeting.participants)
        ],
    )
    return entry


def add_statement(
    connection: Connection,
    catalogue: Catalogue,
    statement: Statement,
    *,
    author: str,
    recorded_at: dt.datetime,
) -> None:
    """Append a statement; its id must be new to the record."""
    catalogue.check_party(statement.party)
    for point in statement.points:
        catalogue.check_point(point)
    key = {"talks": catalogue.talks, "version": catalogue.version}
    _check_signed(author, statement.source)
    s = t.statements.c
    exists = connection.execute(select(s.id).where(s.talks == catalogue.talks, s.id == statement.id)).first()
    if exists is not None:
        raise TrackerError(
            f"the record already holds a statement '{statement.id}' (statements are never replaced)"
        )
    row = key | {"id": statement.id, "date": statement.date, "party": statement.party}
    row |= {"speaker": statement.speaker, "text": statement.text, "stance": statement.stance}
    row |= {"source": statement.source, "recorded_at": recorded_at, "author": author}
    check_rows(t.statements, [row])
    connection.execute(insert(t.statements), row)
    if statement.points:
        connection.execute(
            insert(t.statement_points),
            [
                key | {"statement": statement.id, "position": i, "point": point}
                for i, point in enumerate(statement.points)
            ],
        )


def _check_signed(author: str, source: str) -> None:
    if not author.strip():
        raise TrackerError("every entry needs an author (--author)")
    if not source.strip():
        raise TrackerError("every entry needs a source (--source)")
