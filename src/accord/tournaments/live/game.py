"""The engine of live sessions: the state of a session is a pure function of its set-up and its moves.

People answer much later than strategies, possibly after a server restart, in another process; so no
generator is kept alive between two requests. :meth:`LiveGame.replay` runs the protocol from the start with
fresh strategies, seeded as ``accord simulate`` seeds a run, and a
:class:`~accord.tournaments.live.person.Person` at each person's seat, up to the first question that no
recorded move answers yet. The same moves give the same state, event for event, on any number of fresh
games; with every seat a person who moves as a strategy would, the events are those of ``accord simulate``
for that lineup and seed.

Questions the protocol asks several parties whatever the others answer (the votes on one proposal, in the
open or in one private session of the shuttle; the signatures of the final text) are asked of every person
at once, who answer in any order; the protocol then reads the answers in its own order. Offers and responses
are sequential: only the party whose turn it is waits.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from accord.analysis.analyze import Analysis, analyze
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.catalogue import protocol_for
from accord.protocols.events import Drafted, Ended, Event, Offered, Reason
from accord.protocols.roles import Mediator, Negotiator
from accord.protocols.session import Protocol, Session, Setting, setting_of
from accord.protocols.shuttle import Shuttle
from accord.protocols.trace import Header, Record
from accord.tournaments.live.person import Ask, Person, Question, Stop, Tape
from accord.tournaments.live.refusals import refusal
from accord.tournaments.live.run import LiveRun, Stopped
from accord.tournaments.live.setup import PERSON, LiveSetup, Move, strategy_for
from accord.tournaments.live.views import OwnView, TableAnalysis, own_view, table_analysis
from accord.tournaments.scores import Reference, Score, reference_from, score

RUNNING, AGREED, BROKEN_DOWN = "running", "agreed", "broken-down"


class MoveRefused(Exception):
    """A move the protocol does not allow now; ``reason`` says why, in a person's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LiveState:
    """Where a session stands after its recorded moves."""

    events: tuple[Event, ...]
    """The protocol's events, exactly as ``accord simulate --trace`` writes them."""
    state: str
    """running | agreed | broken-down"""
    waiting_for: tuple[str, ...]
    """People whose move the protocol awaits now."""
    asks: Mapping[str, Ask]
    """Per waiting person: what it may do now."""
    draft: int | None
    """Single text and shuttle: the current draft (the final text once ended); offers: the latest package
    put on the table (the agreement once agreed)."""
    round: int
    consumed: int
    """How many recorded moves the protocol has read; the others answer the question asked now (see
    ``answered``) or were never needed."""
    ended: Ended | None
    moves: tuple[Move, ...]
    """The recorded moves this state was replayed from."""
    answered: tuple[str, ...]
    """People who have answered the question asked now (their answers are read in the protocol's order)."""
    now: float
    time_left: float | None
    """Seconds to the deadline in minutes (0 once passed); None without one."""
    rounds_left: int | None
    """Rounds left, this one included; None without a deadline in rounds."""


class LiveGame:
    """One live session's protocol, setting and seats, built once by :func:`prepare_live`."""

    def __init__(
        self,
        scenario: Scenario,
        setup: LiveSetup,
        compiled: CompiledScenario,
        setting: Setting,
        protocol: Protocol,
    ) -> None:
        self.scenario = scenario
        self.setup = setup
        self.compiled = compiled
        self.setting = setting
        self.protocol = protocol
        self.parties = setting.parties
        self.sittings: dict[str, str] = {}
        if isinstance(protocol, Shuttle):
            self.sittings = {p: s.id for s in protocol.plan(setting) for p in s.parties}
        self._seats: tuple[Callable[[], Negotiator] | None, ...] = tuple(
            None if setup.seats[p] == PERSON else _factory(setup, p) for p in self.parties
        )

    @cached_property
    def analysis(self) -> Analysis:
        """The scenario's exact analysis (computed on first use, once per game)."""
        return analyze(self.scenario)

    @cached_property
    def reference(self) -> Reference:
        """What the session is scored against, from :attr:`analysis`."""
        return reference_from(self.analysis, self.scenario)

    def replay(self, moves: Sequence[Move], now: float) -> LiveState:
        """The state after ``moves`` (in the order recorded); ``now`` only says how much time is left.
        :class:`AccordError` when the moves cannot be this session's (a move for no person's seat, or one
        that answers another question than the one asked)."""
        return self._run(moves, now, impose=False)[0]

    def check(self, state: LiveState, move: Move) -> None:
        """Raise :class:`MoveRefused` with the reason when ``move`` is not allowed now."""
        reason = refusal(self, state, move)
        if reason is not None:
            raise MoveRefused(reason)

    def timeouts(self, state: LiveState, now: float) -> list[Move]:
        """The moves the rules impose at ``now`` on people whose time ran out (``timeout=True``), in the order
        to record them after ``state.moves``; after them the state needs none at ``now``."""
        if state.ended is not None:
            return []
        return self._run(state.moves, now, impose=True)[1]

    def stopped(self, state: LiveState) -> LiveState:
        """``state`` ended where it stands by someone outside the protocol (the mediator): a breakdown with
        reason ``stopped``, its last event an :class:`Ended` as any run's, so it is scored as any breakdown.
        The text on the table is the draft (mediated protocols; offers leave none); the share of the
        deadline used is the clock's at ``state.now``."""
        if state.ended is not None:
            return state
        setup = self.setup
        shares = [0.0]
        if setup.rounds is not None:
            shares.append((state.round - 1) / setup.rounds)
        if setup.minutes is not None:
            shares.append((state.now - setup.started) / (setup.minutes * 60))
        package = state.draft if self.protocol.needs_mediator else None
        ended = Ended(state.round, False, package, (), Reason.STOPPED, time=min(1.0, max(shares)))
        return replace(
            state,
            events=(*state.events, ended),
            state=BROKEN_DOWN,
            waiting_for=(),
            asks={},
            answered=(),
            ended=ended,
            rounds_left=None if setup.rounds is None else 0,
        )

    def record(self, state: LiveState, header_extra: Mapping[str, Any] | None = None) -> Record:
        """The session as a trace record (``protocols/trace.py``); people's seats are named ``person``."""
        setup = self.setup
        header = Header(
            scenario=self.scenario.title,
            protocol=self.protocol.name,
            parties=self.parties,
            agents=tuple(setup.seats[p] for p in self.parties),
            mediator=setup.mediator if self.protocol.needs_mediator else None,
            points=self.compiled.points,
            options=self.compiled.options,
            deadline={
                "rounds": setup.rounds,
                "seconds": None if setup.minutes is None else setup.minutes * 60,
            },
            seed=setup.seed,
            run=0,
            extra=dict(header_extra or {}),
        )
        return Record(header, state.events)

    def score(self, state: LiveState) -> Score | None:
        """The session's score as a simulation's run is scored; None while it runs."""
        if state.ended is None:
            return None
        return score(self.record(state), self.reference)

    def own_view(self, state: LiveState, party: str) -> OwnView:
        """``party``'s own numbers in ``state`` (never another party's): see :mod:`.views`."""
        return own_view(self, state, party)

    def table_analysis(self, state: LiveState) -> TableAnalysis:
        """The mediator's exact analysis beside the table: zone, Nash package, the draft's distances."""
        return table_analysis(self, state)

    def _answer_by(self, question: Question, asked_at: float) -> float | None:
        """When the rules answer no to a question asked at ``asked_at``: the person's move time, and (except
        for signatures, which wait for people after the deadline) the deadline in minutes."""
        limits = []
        if self.setup.move_seconds is not None:
            limits.append(asked_at + self.setup.move_seconds)
        if question is not Question.SIGN and self.setup.ends_at is not None:
            limits.append(self.setup.ends_at)
        return max(min(limits), asked_at) if limits else None

    def run(self) -> LiveRun:
        """A resumable run of the session: each :meth:`LiveRun.advance` plays only the steps its new moves
        allow, and gives the state :meth:`replay` gives of all the moves so far."""
        return LiveRun(self)

    def tape(self, **options: Any) -> Tape:
        """An empty tape of recorded moves for one run of this session (see :class:`Tape`)."""
        queues: dict[str, deque[tuple[int, Move]]] = {p: deque() for p in self.setup.people}
        return Tape(queues, self.setup.started, self._answer_by, **options)

    def session(self, tape: Tape) -> Session:
        """One run of the protocol: fresh strategies, and a :class:`Person` reading ``tape`` at each person's
        seat; its steps need ``rng()``."""
        negotiators = [
            Person(p, tape, self.parties, self.sittings.get(p)) if seat is None else seat()
            for p, seat in zip(self.parties, self._seats, strict=True)
        ]
        return Session(
            self.protocol,
            self.setting,
            negotiators=negotiators,
            mediator=self._mediator(),
            deadline=self.setup.deadline,
            now=tape.now,
        )

    def rng(self) -> np.random.Generator:
        """The run's generator, spawned from the seed as ``accord simulate`` spawns a run's."""
        return np.random.default_rng(self.setup.seed).spawn(1)[0]

    def _run(self, moves: Sequence[Move], now: float, *, impose: bool) -> tuple[LiveState, list[Move]]:
        tape = self.tape(impose_at=now if impose else None)
        tape.add(moves)
        session = self.session(tape)
        events: list[Event] = []
        ask: Ask | None = None
        try:
            events.extend(session.steps(self.rng()))
        except Stop as stop:
            ask = stop.ask
        round_ = session.clock.round if ask is None else ask.round
        stopped = Stopped(tuple(events), tuple(moves), tape, ask, round_)
        return self.state_of(stopped, now), tape.imposed

    def _mediator(self) -> Mediator | None:
        if not self.protocol.needs_mediator:
            return None
        made = strategy_for(self.setup.mediator, self.protocol.name, self.setup.mediator_parameters, True)
        return made  # type: ignore[return-value]

    def state_of(self, stopped: Stopped, now: float) -> LiveState:
        """The state of a run that stopped (or is suspended) where ``stopped`` says."""
        events, tape, ask, round_ = stopped.events, stopped.tape, stopped.ask, stopped.round
        ended = events[-1] if events and isinstance(events[-1], Ended) else None
        draft = None
        for event in events:
            if isinstance(event, Drafted | Offered):
                draft = event.package
        if ended is not None and ended.package is not None:
            draft = ended.package
        waiting: list[str] = []
        asks: dict[str, Ask] = {}
        answered: list[str] = []
        if ask is not None:
            done = tape.answered.get(ask.key, set())
            for party in ask.together:
                if party not in tape.queues:
                    continue
                if party in done or (party != ask.party and tape.queues[party]):
                    answered.append(party)
                    continue
                waiting.append(party)
                session = self.sittings.get(party) if ask.question is Question.SIGN else ask.session
                asks[party] = replace(ask, party=party, session=session)
        setup = self.setup
        time_left = None if setup.ends_at is None else max(0.0, setup.ends_at - now)
        rounds_left = None
        if setup.rounds is not None:
            over = ended is not None or (ask is not None and ask.question is Question.SIGN)
            rounds_left = 0 if over else max(0, setup.rounds - round_ + 1)
        state = RUNNING if ended is None else AGREED if ended.agreement else BROKEN_DOWN
        return LiveState(
            events=events,
            state=state,
            waiting_for=tuple(waiting),
            asks=asks,
            draft=draft,
            round=ended.round if ended is not None else round_,
            consumed=len(tape.consumed),
            ended=ended,
            moves=stopped.moves,
            answered=tuple(answered),
            now=now,
            time_left=time_left,
            rounds_left=rounds_left,
        )


def _factory(setup: LiveSetup, party: str) -> Callable[[], Negotiator]:
    name, parameters = setup.seats[party], setup.parameters.get(party, {})
    strategy_for(name, setup.protocol, parameters, False)  # checked once, here
    return lambda: strategy_for(name, setup.protocol, parameters, False)  # type: ignore[return-value]


def prepare_live(scenario: Scenario, setup: LiveSetup) -> LiveGame:
    """A live session's game on ``scenario``: the set-up checked against it (:class:`AccordError`, readable)
    and the setting built once, for any number of replays."""
    setup.check()
    protocol = protocol_for(setup.protocol, scenario)
    voters = scenario.voters
    unknown = [p for p in setup.seats if p not in voters]
    if unknown:
        raise AccordError(
            f"no voting party '{unknown[0]}' to seat (the voting parties are: {', '.join(voters)})"
        )
    missing = [p for p in voters if p not in setup.seats]
    if missing:
        raise AccordError(
            f"every voting party needs a seat ('person' or a strategy): none for {', '.join(missing)}"
        )
    for party in setup.parameters:
        if setup.seats.get(party) == PERSON or party not in setup.seats:
            raise AccordError(f"parameters for '{party}', which no strategy plays")
    if protocol.needs_mediator:
        strategy_for(setup.mediator, protocol.name, setup.mediator_parameters, True)
    compiled = compile_scenario(scenario)
    setting = setting_of(compiled)
    protocol.check(setting)
    return LiveGame(scenario, setup, compiled, setting, protocol)
