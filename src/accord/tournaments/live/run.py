"""A resumable run of a live session: the protocol stays suspended inside the question a person has not
answered yet, so a new move costs only the steps it allows, not a replay from the start.

:meth:`LiveGame.replay <accord.tournaments.live.game.LiveGame.replay>` stays the reference: a run advanced
with any split of a session's moves gives, after each part, exactly the state ``replay`` gives of the moves
so far (a property test says so). The protocol is a generator that calls the negotiators synchronously, so
the question is asked deep inside the protocol's own frames; the run keeps them in a greenlet (``greenlet``,
a coroutine of the C stack, no thread) that switches back to the caller when a :class:`Person` finds no
recorded move, and resumes there once more moves are queued.

A greenlet belongs to the thread that created it: a run is advanced by that thread only, one call at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greenlet import getcurrent, greenlet

from accord.model.errors import AccordError
from accord.protocols.events import Event
from accord.protocols.session import Session
from accord.tournaments.live.person import Ask, Tape, no
from accord.tournaments.live.setup import Move

if TYPE_CHECKING:
    from accord.tournaments.live.game import LiveGame, LiveState


@dataclass(frozen=True)
class Stopped:
    """Where a run stands: the events so far, the question nobody answered yet (None once ended)."""

    events: tuple[Event, ...]
    moves: tuple[Move, ...]
    tape: Tape
    ask: Ask | None
    round: int


class LiveRun:
    """One run of a live session, advanced move by move (see the module's docstring)."""

    def __init__(self, game: LiveGame) -> None:
        self.game = game
        self._tape = game.tape(wait=self._wait)
        self._session: Session = game.session(self._tape)
        self._events: list[Event] = []
        self._given: tuple[Move, ...] = ()
        self._ask: Ask | None = None
        self._ended = False
        self._failed: str | None = None
        self._play = greenlet(self._steps)

    @property
    def moves(self) -> tuple[Move, ...]:
        """The moves given to the run so far, in order (some may answer questions not asked yet)."""
        return self._given

    def advance(self, moves: Sequence[Move], now: float) -> LiveState:
        """The state after the moves given so far and ``moves`` (the next ones recorded, unchecked as
        :meth:`LiveGame.replay` takes them); ``now`` only says how much time is left. :class:`AccordError`
        when the moves cannot be this session's; the run is then spoiled (a move for no person's seat
        changes nothing)."""
        if self._failed is not None:
            raise AccordError(f"this run of the session can no longer advance ({self._failed}): replay it")
        self._tape.add(moves, len(self._given))
        self._given = (*self._given, *moves)
        if not self._ended and (not self._play or self._ask is None or self._tape.queues[self._ask.party]):
            self._resume()
        return self.at(now)

    def timeouts(self, now: float) -> list[Move]:
        """The moves the rules impose at ``now`` (those :meth:`LiveGame.timeouts` gives of the same state),
        given to the run: :meth:`at` is then the state after them."""
        imposed: list[Move] = []
        if not self._play:  # not started: play up to the first question
            self.advance((), now)
        while self._ask is not None and self._ask.answer_by is not None and self._ask.answer_by <= now:
            move = no(self._ask)
            imposed.append(move)
            self.advance((move,), now)
        return imposed

    def at(self, now: float) -> LiveState:
        """The run's state, with the time left counted at ``now``."""
        if not self._play and not self._ended:
            return self.advance((), now)
        ask = self._ask
        round_ = self._session.clock.round if ask is None else ask.round
        stopped = Stopped(tuple(self._events), self._given, self._tape, ask, round_)
        return self.game.state_of(stopped, now)

    def close(self) -> None:
        """Let go of the protocol's suspended frames (a dropped run does so when collected)."""
        if self._play:
            self._play.parent = getcurrent()
            self._play.throw()
        self._failed = "it was closed"

    def _resume(self) -> None:
        self._play.parent = getcurrent()
        try:
            self._play.switch()
        except Exception as error:
            self._failed = str(error)
            raise

    def _steps(self) -> None:
        for event in self._session.steps(self.game.rng()):
            self._events.append(event)
        self._ask = None
        self._ended = True

    def _wait(self, ask: Ask) -> None:
        """No recorded move answers ``ask`` yet: hand back to the caller until more moves are queued."""
        self._ask = ask
        parent = self._play.parent
        assert parent is not None  # a greenlet that runs has one
        parent.switch()
        self._ask = None
