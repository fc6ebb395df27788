"""The live sessions of one server process: making them, reading them, and changing them so that two changes
of one session never interleave.

A change is planned on the session as last read, without a lock (the replay is the slow part), and committed
in a write transaction that holds the session's row (``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR
UPDATE`` on PostgreSQL) if the session's revision is still the one it was planned on; otherwise it is
planned again on the new state while the lock is held. So the changes of a session apply one after the other,
each to the state the one before left, on any number of server processes; the database's write lock (the
whole file's on SQLite) is held for the inserts only unless two changes of one session meet. A replay
advances the session's run by the new moves (``games.py``); only moves that do not extend those the run was
given (a change planned again because another came first, a process new to the session) replay it from the
start.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, Engine

from accord.model.files import dump_scenario
from accord.model.scenario import Scenario
from accord.service.errors import Conflict, NotFound
from accord.service.live import records
from accord.service.live.bell import Bell
from accord.service.live.games import Game, Games, Recent, Seating, next_due
from accord.service.live.records import FINAL, RUNNING, WAITING, Played, Refused, SessionRow
from accord.tournaments.live import LiveSetup, Move, MoveRefused, prepare_live
from accord.tracker.engine import WRITE
from accord.tracker.store import utc_now

log = logging.getLogger("accord.service")
POLL = 0.1
"""Seconds between two looks at the revisions of the sessions this process's streams watch (for changes
made by other server processes)."""
TICK = 1.0
"""Seconds between two looks for sessions whose rules must answer for someone whose time ran out."""
TRIES = 50
"""Reads of a session at most while other changes keep committing between its parts."""


@dataclass(frozen=True)
class Change:
    """What a change writes: the session's new replay (None: the same), the account of each new move in it
    (None where the rules answered), other columns of its row; ``refusal``: why the move asked for was
    refused (what the rules imposed meanwhile is recorded all the same)."""

    after: Played | None = None
    authors: tuple[str | None, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    refusal: str | None = None


Plan = Callable[[SessionRow, Played | None], Change | None]
"""A change planned on a session and its replay (None while it waits); None: nothing to change."""


class LiveSessions:
    """The live sessions of one database, for one server process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.bell = Bell()
        self.games = Games(engine)
        self._played: Recent[str, Played] = Recent()
        self._seating: Recent[str, Seating] = Recent(4096)
        self.views: Recent[Hashable, str] = Recent(1024)
        """The state events streams sent lately, by session, revision, viewer and second."""

    async def run(self) -> None:
        """The background work of a server process, until cancelled: wake streams on other processes'
        changes; apply the rules to sessions whose time ran out."""
        loop = asyncio.get_running_loop()
        self.bell.bind(loop)
        ticked = loop.time()
        while True:
            await asyncio.sleep(POLL)
            try:
                await self.bell.poll(lambda ids: records.revisions(self.engine, ids))
                if loop.time() - ticked >= TICK:
                    ticked = loop.time()
                    for session_id in await asyncio.to_thread(records.due, self.engine, records.now()):
                        await asyncio.to_thread(self.expire, session_id)
            except Exception:  # a failed look is retried at the next; the server goes on
                log.exception("live sessions' background work failed")

    def close(self) -> None:
        """Stop the engine's thread (the database holds everything)."""
        self.games.close()

    # Reading -------------------------------------------------------------------------------------------

    def seating(self, session_id: str) -> Seating | None:
        found = self._seating.get(session_id)
        if found is None:
            row = records.find(self.engine, session_id)
            if row is None:
                return None
            found = Seating(row.talks, {party: row.people.get(party) for party in row.persons})
            self._seating.put(session_id, found)
        return found

    def game(self, row: SessionRow) -> Game:
        return self.games.of(row)

    def row(self, session_id: str) -> SessionRow:
        """The session's row; :class:`NotFound` if there is none."""
        row = records.find(self.engine, session_id)
        if row is None:
            raise NotFound(f"no session '{session_id}'")
        return row

    def _played_of(self, connection: Connection, row: SessionRow) -> Played:
        """The replay of the session as ``row`` says it stands: from the cache when it is the same, else
        from the stored moves, checked against the stored events."""
        cached = self._played.get(row.id)
        if cached is not None and len(cached.moves) == row.moves and len(cached.state.events) == row.events:
            return cached
        moves = records.moves_of(connection, row.id)
        played = self.game(row).replay(row.setup, moves)
        if row.reason == records.STOPPED:
            played = self.game(row).stop(played)
        records.check_stored(row.id, played, records.stored_lines(connection, row.id))
        return played

    def snapshot(self, session_id: str, row: SessionRow | None = None) -> tuple[SessionRow, Played | None]:
        """The session and its replay (None while it waits to start), as the database holds them now
        (``row``: as just read)."""
        row = row or self.row(session_id)
        for _ in range(TRIES):
            if row.state == WAITING or row.started_at is None:  # never started: nothing played
                return row, None
            with self.engine.connect() as connection:
                try:
                    played = self._played_of(connection, row)
                except records.Corrupt:
                    fresh = self.row(session_id)
                    if fresh.revision == row.revision:
                        log.error("live session %s is corrupt", session_id)
                        raise
                    row = fresh  # its moves and events were read across a change: read again
                    continue
            if len(played.moves) == row.moves and len(played.state.events) == row.events:
                self._played.put(row.id, played)
                return row, played
            row = self.row(session_id)
        raise Conflict("the session changed too often to be read; try again")

    def read(self, session_id: str) -> tuple[SessionRow, Played | None]:
        """As :meth:`snapshot`, with the rules applied first for anyone whose time ran out."""
        row = self.row(session_id)
        if row.state == RUNNING and row.due_at is not None and row.due_at <= records.now():
            return self.snapshot(session_id, self.expire(session_id))
        return self.snapshot(session_id, row)

    # Changing ------------------------------------------------------------------------------------------

    def _change(self, session_id: str, plan: Plan) -> SessionRow:
        """Plan a change on the session as it stands and commit it if nothing changed meanwhile; else plan
        it again holding the lock, on the new state (a replay from the start at most). Remember the new
        replay and ring the session's streams once committed."""
        row, before = self.snapshot(session_id)
        change = plan(row, before)
        if change is None:
            return row
        with records.locked(self.engine, session_id) as (connection, current):
            if current.revision != row.revision:  # another change came first: plan on the state it left
                before = None if current.state == WAITING else self._played_of(connection, current)
                change = plan(current, before)
                if change is None:
                    return current
            if change.after is not None:
                records.append(connection, session_id, before, change.after, change.authors)
            fresh = records.summarise(connection, current, change.after, **change.values)
        if change.after is not None:
            self._played.put(session_id, change.after)
        self.bell.ring(session_id, fresh.revision)
        if change.refusal is not None:
            raise Refused(change.refusal)
        return fresh

    def _values(self, game: Game, after: Played) -> dict[str, Any]:
        """The row's columns that follow from a new replay: when the rules next answer, the score."""
        values: dict[str, Any] = {"due_at": next_due(after.state)}
        if after.state.state in FINAL:
            score = game.live.score(after.state)
            if score is not None:
                data = score.to_output(game.live.parties).model_dump(mode="json")
                values["result"] = records.as_json(data)
        return values

    def create(
        self,
        talks: int,
        scenario: Scenario,
        setup: LiveSetup,
        *,
        group: str | None,
        people: Mapping[str, str],
        start: str,
        author: str,
    ) -> SessionRow:
        """A new session (started now, or waiting for its people); the engine checks the setup first."""
        prepare_live(scenario, setup)
        session_id = uuid.uuid4().hex
        with self.engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                records.insert_session(
                    connection,
                    session_id=session_id,
                    talks=talks,
                    group=group,
                    setup=setup,
                    scenario=dump_scenario(scenario, "json"),
                    people=people,
                    start=start,
                    author=author,
                )
        return self.start(session_id) if start == "now" else self.row(session_id)

    def start(self, session_id: str) -> SessionRow:
        """Start the session's clock now, and play it up to the first question for a person."""

        def plan(row: SessionRow, _before: Played | None) -> Change:
            if row.state != WAITING:
                raise Refused("the session has started already")
            setup = replace(row.setup, started=records.now())
            game = self.games.of(row, setup)
            after = game.replay(setup, ())
            values = {
                "setup": records.setup_json(setup),
                "started_at": utc_now(),
                **self._values(game, after),
            }
            return Change(after, (), values)

        return self._change(session_id, plan)

    def open(self, session_id: str, party: str) -> SessionRow:
        """A person opened a session that starts when seated: it starts once every person seat has."""

        def plan(row: SessionRow, _before: Played | None) -> Change | None:
            if row.state != WAITING or party in row.opened or party not in row.persons:
                return None
            opened = [p for p in row.persons if p in row.opened or p == party]
            return Change(values={"opened": records.as_json(opened)})

        row = self.row(session_id)
        if plan(row, None) is None:
            return row
        row = self._change(session_id, plan)
        if row.state == WAITING and set(row.opened) == set(row.persons):
            try:
                row = self.start(session_id)
            except Refused:  # another request started it meanwhile
                row = self.row(session_id)
        return row

    def stop(self, session_id: str) -> SessionRow:
        """The mediator ends the session: it breaks down where it stands, its last event an ``ended`` (reason
        ``stopped``), scored as any breakdown."""

        def plan(row: SessionRow, before: Played | None) -> Change:
            if row.ended:
                raise Refused(f"the session has ended already ({row.state})")
            values = {"reason": records.STOPPED, "due_at": None}
            if before is None:  # it never started: no event to end
                return Change(
                    values=values | {"state": "broken-down", "waiting_for": "[]", "ended_at": utc_now()}
                )
            game = self.game(row)
            after = game.stop(before)
            return Change(after, (), self._values(game, after) | values)

        return self._change(session_id, plan)

    def expire(self, session_id: str) -> SessionRow:
        """Record the answers the rules give for people whose time ran out by now."""

        def plan(row: SessionRow, before: Played | None) -> Change | None:
            if row.state != RUNNING or before is None:
                return None
            at = records.now()
            after = self._imposed(row, before, at)
            if after is before:  # nothing due after all: look again when the next time runs out
                due = next_due(before.state, after=at)
                return None if row.due_at == due else Change(values={"due_at": due})
            ruled = (None,) * (len(after.moves) - len(before.moves))
            return Change(after, ruled, self._values(self.game(row), after))

        return self._change(session_id, plan)

    def move(self, session_id: str, move: Move, author: str) -> SessionRow:
        """Record a person's move if the protocol allows it now; :class:`Refused` with the reason if not.
        What the rules impose for people whose time ran out is recorded first, refusal or not."""

        def plan(row: SessionRow, before: Played | None) -> Change:
            if row.state == WAITING or before is None:
                raise Refused("the session has not started yet")
            if row.ended:
                raise Refused(f"the session has ended ({row.state})")
            game = self.game(row)
            at = max(records.now(), records.last_time(row.setup, before.moves))
            ruled = self._imposed(row, before, at)
            imposed: tuple[str | None, ...] = (None,) * (len(ruled.moves) - len(before.moves))
            timed = Move(move.party, move.action, move.accepted, move.package, at=at, round=move.round)
            try:  # the reason a person reads is that of the state it moved in (its time ran out, say)
                game.live.check(before.state, timed)
                if ruled is not before:
                    game.live.check(ruled.state, timed)
            except MoveRefused as error:
                if ruled is before:
                    raise Refused(error.reason) from None
                return Change(ruled, imposed, self._values(game, ruled), refusal=error.reason)
            after = game.replay(row.setup, (*ruled.moves, timed), ruled)
            return Change(after, (*imposed, author), self._values(game, after))

        return self._change(session_id, plan)

    def _imposed(self, row: SessionRow, before: Played, now: float) -> Played:
        """``before`` with the answers the rules give by ``now`` for people whose time ran out."""
        due = next_due(before.state)
        if due is None or due > now:
            return before
        return self.game(row).impose(row.setup, before, now)
