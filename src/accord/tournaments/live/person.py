"""A person at the table, during one replay or run: a negotiator that answers each question the protocol asks
from its party's recorded moves, and stops the replay when none answers it yet (a run waits instead).

The replay's clock reads the time of the latest move consumed (the session's start before any), so whatever
the strategies decide between two moves they decide at the same instant on every replay.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from accord.model.errors import AccordError
from accord.protocols.events import Proposed
from accord.protocols.view import View
from accord.tournaments.live.setup import Action, Move


class Question(StrEnum):
    """What the protocol asks a person."""

    VOTE = "vote"
    """Whether to change the draft into the mediator's proposal."""
    SIGN = "sign"
    """Whether to sign the final text."""
    RESPOND = "respond"
    """Whether to accept the package on the table."""
    OFFER = "offer"
    """Which package to put on the table (or to pass)."""


ACTIONS: dict[Question, tuple[Action, ...]] = {
    Question.VOTE: (Action.VOTE,),
    Question.SIGN: (Action.VOTE,),
    Question.RESPOND: (Action.RESPOND,),
    Question.OFFER: (Action.OFFER, Action.PASS),
}

Key = tuple[object, ...]
"""Identifies one question: those asked it together answer it in any order."""


def key_of(question: Question, round_: int, session: str | None, party: str) -> Key:
    """One question: the vote of a round (in one private session), the signatures, or one party's offer or
    response of a round (sequential questions are each a party's own)."""
    if question is Question.VOTE:
        return (question, round_, session)
    if question is Question.SIGN:
        return (question,)
    return (question, round_, party)


@dataclass(frozen=True)
class Ask:
    """What a waiting person may do now."""

    party: str
    question: Question
    actions: tuple[Action, ...]
    round: int
    package: int | None
    """The package asked about: the proposal, the final text, the package on the table; None for an offer."""
    draft: int | None
    """VOTE: the current draft the proposal would replace."""
    session: str | None
    """The shuttle's private session the question is asked in."""
    together: tuple[str, ...]
    """Every party asked this same question (people and strategies), in the protocol's order."""
    asked_at: float
    answer_by: float | None
    """When the rules answer no for the person (its move time or the deadline in minutes); None: never."""

    @property
    def key(self) -> Key:
        return key_of(self.question, self.round, self.session, self.party)

    def describe(self) -> str:
        """The question in a person's words."""
        if self.question is Question.VOTE:
            return f"round {self.round}'s vote on the mediator's proposal"
        if self.question is Question.SIGN:
            return "the signature of the final text"
        if self.question is Question.RESPOND:
            return f"round {self.round}'s answer to the package on the table"
        return f"round {self.round}'s offer"


class Stop(Exception):
    """Raised through the protocol when a person's recorded moves do not answer the question asked now."""

    def __init__(self, ask: Ask) -> None:
        super().__init__(ask.describe())
        self.ask = ask


def _stop(ask: Ask) -> None:
    raise Stop(ask)


@dataclass
class Tape:
    """The recorded moves of one replay, per person, and what the replay has used of them."""

    queues: dict[str, deque[tuple[int, Move]]]
    started: float
    answer_by: Callable[[Question, float], float | None]
    """When the rules answer a question asked at a time."""
    impose_at: float | None = None
    """When set, a question whose time ran out by then is answered no and the replay goes on."""
    wait: Callable[[Ask], None] = _stop
    """What to do when no recorded move answers a question: stop the replay (:class:`Stop`), or suspend a
    resumable run until more moves are queued (``run.py``); the question is then asked again."""
    time: float = 0.0
    consumed: list[int] = field(default_factory=list)
    imposed: list[Move] = field(default_factory=list)
    opened: dict[Key, float] = field(default_factory=dict)
    answered: dict[Key, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.time = self.started

    def add(self, moves: Sequence[Move], first: int = 0) -> None:
        """Queue recorded moves (numbered from ``first``) for the people they answer for; nothing is queued
        when one is for no person's seat."""
        for index, move in enumerate(moves, first):
            if move.party not in self.queues:
                raise AccordError(
                    f"recorded move {index + 1} is for '{move.party}', which no person plays here"
                )
        for index, move in enumerate(moves, first):
            self.queues[move.party].append((index, move))

    def now(self) -> float:
        """The replay clock: the time of the latest move consumed."""
        return self.time

    def answer(self, ask: Ask) -> Move:
        """The recorded move answering ``ask``, an imposed one, or (see :attr:`wait`) :class:`Stop`."""
        queue = self.queues[ask.party]
        while not queue:
            if self.impose_at is not None and ask.answer_by is not None and ask.answer_by <= self.impose_at:
                move = no(ask)
                self.imposed.append(move)
                break
            self.wait(ask)
        else:
            index, move = queue.popleft()
            if move.action not in ask.actions or (move.round is not None and move.round != ask.round):
                raise AccordError(
                    f"recorded move {index + 1} ({move.party}: {move.action}) does not answer what the "
                    f"protocol asked it then ({ask.describe()}): the moves do not belong to this session"
                )
            self.consumed.append(index)
        self.time = max(self.time, move.at)
        self.answered.setdefault(ask.key, set()).add(ask.party)
        return move


def no(ask: Ask) -> Move:
    """The answer the rules give for a person whose time ran out: against, reject, pass, not signed."""
    at = ask.asked_at if ask.answer_by is None else max(ask.answer_by, ask.asked_at)
    action = Action.PASS if ask.question is Question.OFFER else ask.actions[0]
    accepted = None if ask.question is Question.OFFER else False
    return Move(ask.party, action, accepted=accepted, at=at, timeout=True, round=ask.round)


class Person:
    """Fills the :class:`~accord.protocols.roles.Negotiator` role for one party from its recorded moves."""

    def __init__(self, party: str, tape: Tape, parties: tuple[str, ...], sitting: str | None) -> None:
        self.party = party
        self.tape = tape
        self.parties = parties
        self.sitting = sitting
        """The shuttle's private session of this party (where it signs)."""

    def start(self, view: View, rng: np.random.Generator) -> None:
        self.view = view

    def _ask(
        self,
        question: Question,
        round_: int,
        package: int | None = None,
        *,
        draft: int | None = None,
        session: str | None = None,
        together: tuple[str, ...] | None = None,
    ) -> Move:
        key = key_of(question, round_, session, self.party)
        asked_at = self.tape.opened.setdefault(key, self.tape.time)
        ask = Ask(
            party=self.party,
            question=question,
            actions=ACTIONS[question],
            round=round_,
            package=package,
            draft=draft,
            session=session,
            together=together if together is not None else (self.party,),
            asked_at=asked_at,
            answer_by=self.tape.answer_by(question, asked_at),
        )
        return self.tape.answer(ask)

    def propose(self, view: View) -> int | None:
        move = self._ask(Question.OFFER, view.round)
        return None if move.action is Action.PASS else move.package

    def respond(self, view: View, package: int) -> bool:
        return bool(self._ask(Question.RESPOND, view.round, package).accepted)

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        proposed = next((e for e in reversed(view.history) if isinstance(e, Proposed)), None)
        session = None if proposed is None else proposed.session
        audience = None if proposed is None else proposed.audience
        together = self.parties if audience is None else audience
        move = self._ask(Question.VOTE, view.round, proposal, draft=draft, session=session, together=together)
        return bool(move.accepted)

    def ratify(self, view: View, package: int) -> bool:
        # The final text is signed after the last round completed (protocols/signing.py).
        round_ = max(view.round - 1, 1)
        move = self._ask(Question.SIGN, round_, package, session=self.sitting, together=self.parties)
        return bool(move.accepted)
