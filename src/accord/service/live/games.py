"""What a server process keeps of its live sessions, to spare replays and analyses: each session's engine,
its run (the protocol suspended where its moves leave it), its latest replay, who sits in it. Only a cache: a
replay is valid for as long as the database holds as many moves and events as it was made from (moves are
only ever appended), and a run serves only moves that extend exactly those it was given.

A run's protocol is suspended in a greenlet, which belongs to the thread that made it; so every session's run
is made and advanced on one thread of the process (:class:`EngineThread`): requests, from whatever thread,
hand it their replays and wait. That thread is the only one to touch a run, so no two requests ever advance
one at once. The replays are CPU work under the interpreter's lock: one thread loses no parallelism."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import Engine

from accord.analysis.analyze import Analysis
from accord.model.files import parse_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Event
from accord.protocols.trace import Header, Record, trace_lines
from accord.service.live.records import FINAL, Played, SessionRow, last_time, scenario_of
from accord.tournaments.live import LiveGame, LiveRun, LiveSetup, LiveState, Move, prepare_live

MAX_CACHED = 256
"""Sessions whose engine and latest replay a process keeps (least recently used first out)."""
RUNS = 2
"""Runs a process keeps per session: when two changes are planned on one state at once, the run of the one
that commits still serves the moves after it."""
K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


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


class EngineThread:
    """The one thread of a process on which the sessions' runs are made and advanced."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="accord-live-engine")
        self._ident: int | None = None

    def __call__(self, work: Callable[[], R]) -> R:
        """``work()`` on the engine's thread (at once when called from it)."""
        if threading.get_ident() == self._ident:
            return work()
        return self._pool.submit(self._on_thread, work).result()

    def _on_thread(self, work: Callable[[], R]) -> R:
        self._ident = threading.get_ident()
        return work()

    def close(self) -> None:
        self._pool.shutdown(wait=False)


@dataclass(eq=False)
class Game:
    """A session's engine, built once per process from its scenario snapshot and setup, and its run."""

    live: LiveGame
    thread: EngineThread
    header: Header | None = None
    runs: int = 0
    """Runs made from the start so far (the first, and one each time moves did not extend the run's)."""
    _runs: list[LiveRun] = field(default_factory=list, repr=False)
    """Most recently used first; more than one when two changes were planned on one state at once."""

    @property
    def scenario(self) -> Scenario:
        return self.live.scenario

    def lines(self, state: LiveState, events: Sequence[Event]) -> list[str]:
        """The trace lines of ``events`` (of ``state``), as ``accord simulate --trace`` writes them."""
        if self.header is None:
            self.header = self.live.record(state, {}).header
        return list(trace_lines(Record(self.header, tuple(events))))[1:]

    def replay(self, setup: LiveSetup, moves: tuple[Move, ...], base: Played | None = None) -> Played:
        """The state of these moves (at the time of the last), by the session's run when they extend its
        moves, else by a new run from the start; the lines of the events ``base`` already holds are reused."""
        now = last_time(setup, moves)
        state = self.thread(lambda: self._advance(moves, now).at(now))
        return self._played(moves, state, base)

    def impose(self, setup: LiveSetup, before: Played, now: float) -> Played:
        """``before`` with the answers the rules give by ``now`` for people whose time ran out."""
        moves, state = self.thread(lambda: self._timeouts(setup, before.moves, now))
        return before if moves == before.moves else self._played(moves, state, before)

    def stop(self, played: Played) -> Played:
        """``played`` ended where it stands by the mediator (:meth:`LiveGame.stopped`)."""
        return self._played(played.moves, self.live.stopped(played.state), played)

    def _played(self, moves: tuple[Move, ...], state: LiveState, base: Played | None) -> Played:
        if base is not None and state.events[: len(base.state.events)] == base.state.events:
            new = state.events[len(base.state.events) :]
            return Played(moves, state, base.lines + tuple(self.lines(state, new)))
        return Played(moves, state, tuple(self.lines(state, state.events)))

    def _advance(self, moves: tuple[Move, ...], now: float, *, impose: bool = False) -> LiveRun:
        """On the engine's thread: the run that was given the most of ``moves``, advanced to them (and by
        the answers the rules give at ``now`` if ``impose``)."""
        fits = [run for run in self._runs if moves[: len(run.moves)] == run.moves]
        run = max(fits, key=lambda run: len(run.moves)) if fits else self._new_run()
        self._runs.remove(run)
        try:
            run.advance(moves[len(run.moves) :], now)
            if impose:
                run.timeouts(now)
        except Exception:
            run.close()  # spoiled: it is let go
            raise
        self._runs.insert(0, run)
        return run

    def _new_run(self) -> LiveRun:
        """A run from the start; the least recently used beyond :data:`RUNS` is let go."""
        while len(self._runs) >= RUNS:
            self._runs.pop().close()
        run = self.live.run()
        self._runs.append(run)
        self.runs += 1
        return run

    def _timeouts(
        self, setup: LiveSetup, moves: tuple[Move, ...], now: float
    ) -> tuple[tuple[Move, ...], LiveState]:
        run = self._advance(moves, now, impose=True)
        return run.moves, run.at(last_time(setup, run.moves))


class Games:
    """The engines of the sessions a process serves; sessions of one scenario share its analysis."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.thread = EngineThread()
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
            found = Game(live, self.thread)
            self._games.put(key, found)
        return found

    def close(self) -> None:
        self.thread.close()


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
