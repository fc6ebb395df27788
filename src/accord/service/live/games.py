"""What a server process keeps of its live sessions, to spare replays and analyses: each session's engine,
its latest replay, who sits in it. Only a cache: a replay is valid for as long as the database holds as many
moves and events as it was made from (moves are only ever appended)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Engine

from accord.analysis.analyze import Analysis
from accord.model.files import parse_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Event
from accord.protocols.trace import Header, Record, trace_lines
from accord.service.live.records import FINAL, Played, SessionRow, last_time, scenario_of
from accord.tournaments.live import LiveGame, LiveSetup, LiveState, Move, prepare_live

MAX_CACHED = 256
"""Sessions whose engine and latest replay a process keeps (least recently used first out)."""
K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A bounded map, least recently used first out; safe across threads."""

    def __init__(self, size: int = MAX_CACHED) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass(eq=False)
class Game:
    """A session's engine, built once per process from its scenario snapshot and setup."""

    live: LiveGame
    header: Header | None = None

    @property
    def scenario(self) -> Scenario:
        return self.live.scenario

    def lines(self, state: LiveState, events: Sequence[Event]) -> list[str]:
        """The trace lines of ``events`` (of ``state``), as ``accord simulate --trace`` writes them."""
        if self.header is None:
            self.header = self.live.record(state, {}).header
        return list(trace_lines(Record(self.header, tuple(events))))[1:]

    def replay(self, setup: LiveSetup, moves: tuple[Move, ...], base: Played | None = None) -> Played:
        """The state of these moves (at the time of the last); the lines of the events ``base`` already
        holds are reused."""
        state = self.live.replay(moves, last_time(setup, moves))
        if base is not None and state.events[: len(base.state.events)] == base.state.events:
            new = state.events[len(base.state.events) :]
            return Played(moves, state, base.lines + tuple(self.lines(state, new)))
        return Played(moves, state, tuple(self.lines(state, state.events)))


class Games:
    """The engines of the sessions a process serves; sessions of one scenario share its analysis."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._games: Recent[tuple[str, float], Game] = Recent()
        self._analyses: Recent[str, Analysis] = Recent(16)

    def of(self, row: SessionRow, setup: LiveSetup | None = None) -> Game:
        """The engine of the session (with another setup: that of its start)."""
        setup = setup or row.setup
        key = (row.id, setup.started)
        found = self._games.get(key)
        if found is None:
            text = scenario_of(self.engine, row.id)
            live = prepare_live(parse_scenario(text, f"<session {row.id}>"), setup)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            analysis = self._analyses.get(digest)
            if analysis is None:
                self._analyses.put(digest, analysis := live.analysis)
            live.analysis = analysis
            found = Game(live)
            self._games.put(key, found)
        return found


@dataclass(frozen=True)
class Seating:
    """Who may act in a session, fixed at its creation: its talks and who sits in each person seat."""

    talks: int
    people: Mapping[str, str | None]
    """Person seat -> the account bound to it (None: any account with that party's role)."""

    def seats(self, name: str, party: str | None) -> bool:
        """Whether the account ``name`` of ``party``'s role sits in one of the session's person seats."""
        if party is None or party not in self.people:
            return False
        bound = self.people[party]
        return bound is None or bound == name


def next_due(state: LiveState, after: float | None = None) -> float | None:
    """When the rules will next answer for a waiting person (after ``after``); None: never, or ended."""
    if state.state in FINAL:
        return None
    times = [a.answer_by for a in state.asks.values() if a.answer_by is not None]
    times = [t for t in times if after is None or t > after]
    return min(times) if times else None
