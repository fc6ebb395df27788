"""Live sessions in the database: their rows, moves and events, and the transaction that changes a session.

The moves are the truth: a session's state is the engine's replay of its setup and its moves
(:mod:`accord.tournaments.live`). The events are stored too, as their lines of the trace, so that event
streams and the trace are cheap reads; every replay from the database checks that they are exactly what the
moves give, and a session whose stored events differ is refused loudly, never mended.

A change of a session (a move, the rules answering for a person whose time ran out, a start, a stop) holds
the session's row locked from its read to its commit: ``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR UPDATE``
on PostgreSQL. So two people moving at once, on any number of server processes, are applied one after the
other, each to the state the other left.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from accord.model.errors import AccordError
from accord.service.errors import Conflict, NotFound
from accord.tournaments.live import PERSON, Action, LiveSetup, LiveState, Move
from accord.tracker.engine import WRITE
from accord.tracker.store import utc_now
from accord.tracker.tables import live_events, live_moves, live_sessions

WAITING = "waiting"
RUNNING = "running"
FINAL = frozenset({"agreed", "broken-down"})
STOPPED = "stopped"
"""The reason of a session the mediator stopped."""


class Corrupt(Conflict):
    """A session whose stored events are not what the replay of its stored moves gives (409: it is refused
    as it is, never mended)."""


class Refused(Conflict):
    """A change the session does not allow now (409), with the reason a person reads."""


@dataclass(frozen=True)
class SessionRow:
    """A session as stored (its summary columns are kept up to date by every change)."""

    id: str
    talks: int
    group: str | None
    setup: LiveSetup
    people: dict[str, str]
    start: str
    opened: tuple[str, ...]
    state: str
    reason: str | None
    round: int
    waiting_for: tuple[str, ...]
    moves: int
    events: int
    revision: int
    due_at: float | None
    result: dict[str, Any] | None
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None

    @property
    def persons(self) -> tuple[str, ...]:
        """The parties seated as people."""
        return tuple(party for party, seat in self.setup.seats.items() if seat == PERSON)

    @property
    def ended(self) -> bool:
        return self.state in FINAL


def _row(row: Row[Any]) -> SessionRow:
    return SessionRow(
        id=row.id,
        talks=row.talks,
        group=row.group_name,
        setup=LiveSetup.from_dict(json.loads(row.setup)),
        people=json.loads(row.people),
        start=row.start,
        opened=tuple(json.loads(row.opened)),
        state=row.state,
        reason=row.reason,
        round=row.round,
        waiting_for=tuple(json.loads(row.waiting_for)),
        moves=row.moves,
        events=row.events,
        revision=row.revision,
        due_at=row.due_at,
        result=None if row.result is None else json.loads(row.result),
        created_by=row.created_by,
        created_at=row.created_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    kind: str
    data: str
    """The event's line of the trace."""
    audience: tuple[str, ...] | None


@dataclass(frozen=True)
class Played:
    """A session's moves and the state they give."""

    moves: tuple[Move, ...]
    state: LiveState
    lines: tuple[str, ...]
    """The trace line of each event of ``state``."""


SUMMARY = [column for column in live_sessions.c if column.name != "scenario"]
"""A session's columns but its scenario (read only to build its engine)."""


def find(engine: Engine, session_id: str) -> SessionRow | None:
    with engine.connect() as connection:
        row = connection.execute(select(*SUMMARY).where(live_sessions.c.id == session_id)).first()
    return None if row is None else _row(row)


def scenario_of(engine: Engine, session_id: str) -> str:
    """The scenario a session plays, as stored at its creation (JSON)."""
    query = select(live_sessions.c.scenario).where(live_sessions.c.id == session_id)
    with engine.connect() as connection:
        return str(connection.execute(query).scalar_one())


def of_talks(engine: Engine, talks: int) -> list[SessionRow]:
    query = select(*SUMMARY).where(live_sessions.c.talks == talks)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(live_sessions.c.created_at, live_sessions.c.id)).all()
    return [_row(row) for row in rows]


def revisions(engine: Engine, session_ids: Sequence[str]) -> dict[str, int]:
    """The revision of each of these sessions (what event streams of other processes poll)."""
    query = select(live_sessions.c.id, live_sessions.c.revision).where(live_sessions.c.id.in_(session_ids))
    with engine.connect() as connection:
        return {str(row.id): int(row.revision) for row in connection.execute(query)}


def due(engine: Engine, now: float) -> list[str]:
    """The running sessions whose rules may answer for someone by now."""
    query = select(live_sessions.c.id).where(
        live_sessions.c.state == RUNNING, live_sessions.c.due_at.is_not(None), live_sessions.c.due_at <= now
    )
    with engine.connect() as connection:
        return [str(value) for value in connection.execute(query).scalars()]


def events_after(engine: Engine, session_id: str, after: int, limit: int = 1000) -> list[StoredEvent]:
    query = (
        select(live_events)
        .where(live_events.c.session == session_id, live_events.c.seq > after)
        .order_by(live_events.c.seq)
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        StoredEvent(
            row.seq, row.kind, row.data, None if row.audience is None else tuple(json.loads(row.audience))
        )
        for row in rows
    ]


def moves_of(connection: Connection, session_id: str) -> tuple[Move, ...]:
    query = select(live_moves).where(live_moves.c.session == session_id).order_by(live_moves.c.seq)
    return tuple(
        Move(
            party=row.party,
            action=Action(row.action),
            accepted=row.accepted,
            package=row.package,
            at=row.at,
            timeout=row.timeout,
            round=row.round,
        )
        for row in connection.execute(query)
    )


def move_authors(connection: Connection, session_id: str) -> list[tuple[str, str | None]]:
    """The party and the account of each move, in order (no account where the rules answered)."""
    query = (
        select(live_moves.c.party, live_moves.c.author)
        .where(live_moves.c.session == session_id)
        .order_by(live_moves.c.seq)
    )
    return [(str(row.party), row.author) for row in connection.execute(query)]


def stored_lines(connection: Connection, session_id: str) -> list[str]:
    query = select(live_events.c.data).where(live_events.c.session == session_id).order_by(live_events.c.seq)
    return [str(line) for line in connection.execute(query).scalars()]


def last_time(setup: LiveSetup, moves: Sequence[Move]) -> float:
    """The time a replay of these moves stands at: the latest move's, or the start. Replaying at this time
    (not at the time of the read) keeps what strategies decided after the last move the same on every
    replay."""
    return max([setup.started, *(move.at for move in moves)])


def check_stored(session_id: str, played: Played, stored: Sequence[str]) -> None:
    """:class:`Corrupt` unless the stored events are exactly the replay's."""
    if list(played.lines) == list(stored):
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(played.lines, stored, strict=False)) if a != b),
        min(len(played.lines), len(stored)),
    )
    raise Corrupt(
        f"session {session_id}: its stored events differ from the replay of its {len(played.moves)} stored "
        f"moves from event {at + 1} on ({len(stored)} stored, {len(played.lines)} replayed); it is refused "
        "as it is, not mended"
    )


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def insert_session(
    connection: Connection,
    *,
    session_id: str,
    talks: int,
    group: str | None,
    setup: LiveSetup,
    scenario: str,
    people: Mapping[str, str],
    start: str,
    author: str,
) -> None:
    connection.execute(
        insert(live_sessions).values(
            id=session_id,
            talks=talks,
            group_name=group,
            setup=as_json(setup.to_dict()),
            scenario=scenario,
            people=as_json(dict(people)),
            start=start,
            opened="[]",
            state=WAITING,
            reason=None,
            round=0,
            waiting_for="[]",
            moves=0,
            events=0,
            revision=0,
            due_at=None,
            result=None,
            created_by=author,
            created_at=utc_now(),
        )
    )


@contextmanager
def locked(engine: Engine, session_id: str) -> Iterator[tuple[Connection, SessionRow]]:
    """A write transaction holding the session's row; :class:`~accord.service.errors.NotFound` if none."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            query = select(*SUMMARY).where(live_sessions.c.id == session_id).with_for_update()
            row = connection.execute(query).first()
            if row is None:
                raise NotFound(f"no session '{session_id}'")
            yield connection, _row(row)


def append(
    connection: Connection,
    session_id: str,
    before: Played | None,
    after: Played,
    authors: Sequence[str | None],
) -> None:
    """Store the moves and events ``after`` holds beyond ``before`` (None: nothing yet); ``authors`` has one
    account per new move (None where the rules answered)."""
    old_moves = () if before is None else before.moves
    old_events = () if before is None else before.state.events
    new_moves = after.moves[len(old_moves) :]
    if len(new_moves) != len(authors):
        raise AccordError("one author per new move")
    if after.state.events[: len(old_events)] != old_events or after.moves[: len(old_moves)] != old_moves:
        raise Corrupt(f"session {session_id}: a new move changed its past; nothing was recorded")
    if new_moves:
        connection.execute(
            insert(live_moves),
            [
                {
                    "session": session_id,
                    "seq": len(old_moves) + i + 1,
                    "party": move.party,
                    "action": move.action.value,
                    "accepted": move.accepted,
                    "package": move.package,
                    "at": move.at,
                    "author": author,
                    "timeout": move.timeout,
                    "round": move.round,
                }
                for i, (move, author) in enumerate(zip(new_moves, authors, strict=True))
            ],
        )
    offset = len(old_events)
    new_events = after.state.events[offset:]
    if new_events:
        connection.execute(
            insert(live_events),
            [
                {
                    "session": session_id,
                    "seq": offset + i + 1,
                    "kind": event.KIND,
                    "data": line,
                    "audience": None if event.audience is None else as_json(list(event.audience)),
                }
                for i, (event, line) in enumerate(zip(new_events, after.lines[offset:], strict=True))
            ],
        )


def summarise(connection: Connection, row: SessionRow, played: Played | None, **values: Any) -> SessionRow:
    """Write the session's summary columns from ``played`` (and ``values``), bumping its revision; the row
    as it now is."""
    changes: dict[str, Any] = {"revision": row.revision + 1, **values}
    if played is not None:
        state = played.state
        changes |= {
            "state": state.state,
            "round": state.round,
            "waiting_for": as_json(list(state.waiting_for)),
            "moves": len(played.moves),
            "events": len(state.events),
        }
        if state.state in FINAL and row.ended_at is None:
            changes["ended_at"] = utc_now()
            changes["due_at"] = None
            changes.setdefault("reason", state.ended.reason.value if state.ended is not None else None)
    connection.execute(update(live_sessions).where(live_sessions.c.id == row.id).values(**changes))
    fresh = connection.execute(select(*SUMMARY).where(live_sessions.c.id == row.id)).one()
    return _row(fresh)


def setup_json(setup: LiveSetup) -> str:
    return as_json(setup.to_dict())


def now() -> float:
    """Server time, epoch seconds (the time moves are recorded at)."""
    return time.time()
