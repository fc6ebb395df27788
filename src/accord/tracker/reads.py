"""Reading the record: the history of status changes, the status as of a date, meetings and statements.

Every read is of one talks (``talks``, its id). "As of D" is one query: for each (point, party), the change
with the largest (effective date, entry) among those effective on or before D. Date ranges are half-open like
a diff: ``since`` excluded, ``until`` included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, func, select, true

from accord.model.record import Meeting, Statement
from accord.tracker import tables as t
from accord.tracker.entries import MeetingEntry, StatementEntry, Status, StatusChange

Cell = tuple[str, str]
"""(point, party)"""


def _within(column: Any, since: dt.date | None, until: dt.date | None) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = true()
    if since is not None:
        condition = condition & (column > since)
    if until is not None:
        condition = condition & (column <= until)
    return condition


def status_history(
    connection: Connection,
    talks: int,
    *,
    point: str | None = None,
    party: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[StatusChange]:
    """Every status change (optionally of one point or party, in a date range), oldest first."""
    s = t.status_changes.c
    query = select(t.status_changes).where(s.talks == talks, _within(s.effective, since, until))
    if point is not None:
        query = query.where(s.point == point)
    if party is not None:
        query = query.where(s.party == party)
    return [_status(row) for row in connection.execute(query.order_by(s.effective, s.entry))]


def status_as_of(connection: Connection, talks: int, date: dt.date | None = None) -> dict[Cell, StatusChange]:
    """The status in force of each (point, party) that has any entry effective on or before ``date``."""
    s = t.status_changes.c
    rank = func.row_number().over(
        partition_by=(s.point, s.party), order_by=(s.effective.desc(), s.entry.desc())
    )
    ranked = (
        select(t.status_changes, rank.label("rank"))
        .where(s.talks == talks, _within(s.effective, None, date))
        .subquery()
    )
    rows = connection.execute(select(ranked).where(ranked.c.rank == 1).order_by(ranked.c.entry))
    return {(row.point, row.party): _status(row) for row in rows}


def standing_rejections(
    connection: Connection, talks: int, date: dt.date | None = None
) -> dict[Cell, tuple[StatusChange, ...]]:
    """The rejections of an option in force on ``date`` per (point, party): the party's latest changes on the
    point, back to the last one that is not the rejection of an option (which lifts those before it)."""
    standing: dict[Cell, list[StatusChange]] = {}
    for change in status_history(connection, talks, until=date):
        cell = (change.point, change.party)
        if change.status is Status.REJECTED and change.option is not None:
            standing.setdefault(cell, []).append(change)
        else:
            standing.pop(cell, None)
    return {cell: tuple(changes) for cell, changes in standing.items()}


def _status(row: Row[Any]) -> StatusChange:
    return StatusChange(
        entry=row.entry,
        version=row.version,
        point=row.point,
        party=row.party,
        status=Status(row.status),
        option=row.option,
        effective=row.effective,
        recorded_at=row.recorded_at,
        author=row.author,
        source=row.source,
        note=row.note,
    )


def meeting_revisions(
    connection: Connection, talks: int, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[MeetingEntry]:
    """Every revision of every meeting effective in the range, oldest first."""
    m = t.meetings.c
    where = (m.talks == talks) & _within(m.effective, since, until)
    rows = connection.execute(select(t.meetings).where(where).order_by(m.effective, m.entry)).all()
    return _meetings(connection, rows, where)


def meetings_as_of(connection: Connection, talks: int, date: dt.date | None = None) -> list[MeetingEntry]:
    """The revision in force of each meeting known on ``date``, in the order the meetings were first added."""
    m = t.meetings.c
    rank = func.row_number().over(partition_by=m.id, order_by=(m.effective.desc(), m.entry.desc()))
    first = func.min(m.entry).over(partition_by=m.id)
    where = (m.talks == talks) & _within(m.effective, None, date)
    ranked = select(t.meetings, rank.label("rank"), first.label("first")).where(where).subquery()
    rows = connection.execute(select(ranked).where(ranked.c.rank == 1).order_by(ranked.c.first)).all()
    return _meetings(connection, rows, where)


def _meetings(
    connection: Connection, rows: Sequence[Row[Any]], where: ColumnElement[bool]
) -> list[MeetingEntry]:
    """Meeting revisions from their rows, with the participants of those ``where`` selects in one query."""
    p = t.meeting_participants.c
    query = select(p.entry, p.party).join(t.meetings, t.meetings.c.entry == p.entry).where(where)
    participants = _children(connection, query.order_by(p.entry, p.position))
    result = []
    for row in rows:
        meeting = Meeting(
            id=row.id,
            date=row.date,
            venue=row.venue,
            participants=tuple(participants[row.entry]),
            status=row.status,
            title=row.title,
            source=row.source,
        )
        result.append(
            MeetingEntry(row.entry, row.version, meeting, row.effective, row.recorded_at, row.author)
        )
    return result


def statements(
    connection: Connection, talks: int, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[StatementEntry]:
    """Statements dated in the range, by date and then in the order they were recorded."""
    s, p = t.statements.c, t.statement_points.c
    where = (s.talks == talks) & _within(s.date, since, until)
    rows = connection.execute(select(t.statements).where(where).order_by(s.date, s.recorded_at, s.id)).all()
    joined = select(p.statement, p.point).join(t.statements, (s.talks == p.talks) & (s.id == p.statement))
    points = _children(connection, joined.where(where).order_by(p.statement, p.position))
    result = []
    for row in rows:
        statement = Statement(
            id=row.id,
            date=row.date,
            party=row.party,
            speaker=row.speaker,
            text=row.text,
            source=row.source,
            stance=row.stance,
            points=tuple(points[row.id]),
        )
        result.append(StatementEntry(row.version, statement, row.recorded_at, row.author))
    return result


def _children(connection: Connection, query: Select[tuple[Any, str]]) -> dict[Any, list[str]]:
    """The ordered child values (participants, points) of each parent, from one query of (parent, child)."""
    children: dict[Any, list[str]] = defaultdict(list)
    for key, value in connection.execute(query):
        children[key].append(value)
    return children
