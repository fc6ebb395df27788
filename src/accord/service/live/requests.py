"""The bodies of the live sessions' routes, checked by pydantic (a malformed body: 422 naming its field)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from accord.model.compiled import CompiledScenario
from accord.tournaments.live import MAX_LIVE_ROUNDS, Action, LiveSetup, Move
from accord.tournaments.simulation import DEFAULT_MEDIATOR

Id = str
NAME = 200
MAX_SEATS = 64


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionIn(_Body):
    """A new live session: the protocol, its deadline, and who plays each voting party."""

    protocol: str = Field(max_length=64)
    rounds: int | None = Field(default=None, ge=1, le=MAX_LIVE_ROUNDS)
    minutes: float | None = Field(default=None, gt=0, le=7 * 24 * 60)
    seats: dict[Id, str] = Field(
        min_length=1, max_length=MAX_SEATS, description="party -> 'person' or a strategy's name"
    )
    mediator: str = Field(default=DEFAULT_MEDIATOR, max_length=64)
    parameters: dict[Id, dict[str, float]] = Field(default={}, max_length=MAX_SEATS)
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1, description="random when not given")
    move_seconds: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    group: str | None = Field(default=None, min_length=1, max_length=NAME)
    people: dict[Id, str] = Field(
        default={}, max_length=MAX_SEATS, description="party -> the account that plays its person seat"
    )
    as_of: dt.date | None = None
    start: Literal["now", "when-seated"] = "now"

    @model_validator(mode="after")
    def _deadline(self) -> Self:
        if self.rounds is None and self.minutes is None:
            raise ValueError("a live session needs a deadline: rounds, minutes, or both")
        return self

    def setup(self) -> LiveSetup:
        """The engine's setup (its clock starts when the session does)."""
        return LiveSetup(
            protocol=self.protocol,
            rounds=self.rounds,
            minutes=self.minutes,
            seats=dict(self.seats),
            parameters={party: dict(values) for party, values in self.parameters.items()},
            mediator=self.mediator,
            seed=secrets.randbelow(2**31) if self.seed is None else self.seed,
            move_seconds=self.move_seconds,
        )


class MoveIn(_Body):
    """One move, in one of four shapes: ``{"party", "vote": "accept"|"reject"}`` (single text, shuttle, and
    the final text's signature), ``{"party", "accept": true|false}`` (the package on the table),
    ``{"party", "offer": {point: option}}`` (a settled point may be left out), ``{"party", "pass": true}``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    party: Id = Field(min_length=1, max_length=64)
    vote: Literal["accept", "reject"] | None = None
    accept: bool | None = None
    offer: dict[Id, Id] | None = Field(default=None, max_length=1000)
    pass_: Literal[True] | None = Field(default=None, alias="pass")
    round: int | None = Field(
        default=None, ge=1, le=MAX_LIVE_ROUNDS, description="the round answered: a move meant for a past "
        "question is then refused instead of answering the next one"
    )  # fmt: skip

    @model_validator(mode="after")
    def _one(self) -> Self:
        given = [name for name in ("vote", "accept", "offer", "pass_") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of vote, accept, offer or pass")
        return self


class OfferProblem(ValueError):
    """An offer that names no package of the scenario; ``field`` is where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def package_of(compiled: CompiledScenario, offer: dict[str, str], fixed: tuple[int, ...]) -> int:
    """The package number of an offer; a point left out takes its settled option."""
    unknown = sorted(set(offer) - set(compiled.points))
    if unknown:
        raise OfferProblem(unknown[0], f"no point '{unknown[0]}' in this scenario")
    number = 0
    for k, point in enumerate(compiled.points):
        options = compiled.options[k]
        if point in offer:
            if offer[point] not in options:
                raise OfferProblem(point, f"no option '{offer[point]}' in point '{point}'")
            option = options.index(offer[point])
        elif fixed[k] >= 0:
            option = fixed[k]
        else:
            raise OfferProblem(point, f"the offer must choose an option on the open point '{point}'")
        number = number * len(options) + option
    return number


def move_of(body: MoveIn, compiled: CompiledScenario, fixed: tuple[int, ...]) -> Move:
    """The engine's move for a body (its time is set when it is recorded)."""
    if body.vote is not None:
        return Move(body.party, Action.VOTE, accepted=body.vote == "accept", round=body.round)
    if body.accept is not None:
        return Move(body.party, Action.RESPOND, accepted=body.accept, round=body.round)
    if body.offer is not None:
        package = package_of(compiled, body.offer, fixed)
        return Move(body.party, Action.OFFER, package=package, round=body.round)
    return Move(body.party, Action.PASS, round=body.round)
