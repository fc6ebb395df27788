"""What a live session is, fixed when it is created, and the moves people make in it.

A live session is a simulation in which some seats are people. Its :class:`LiveSetup` and its list of
:class:`Move` objects are all there is to it: the engine (:mod:`accord.tournaments.live.game`) computes
everything else from them. Both turn into JSON-ready data and back.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from accord.agents.catalogue import mediator, negotiator
from accord.agents.strategy import Strategy
from accord.model.errors import AccordError
from accord.protocols.rules import Deadline
from accord.tournaments.simulation import DEFAULT_MEDIATOR

PERSON = "person"
"""The seat of a party played by a person (and its name in a trace header's ``agents``)."""
MAX_LIVE_ROUNDS = 1_000
"""Most rounds a live session may last: people play far fewer, and every replay runs them all. A session
with a deadline in minutes only stops after this many rounds at the latest."""


class Action(StrEnum):
    """What a person does."""

    VOTE = "vote"
    """Single text and shuttle: vote on the mediator's proposal; also signs (or not) the final text."""
    RESPOND = "respond"
    """Offers: accept or reject the package on the table."""
    OFFER = "offer"
    """Offers: put a package on the table (when it is the party's turn); offering is accepting."""
    PASS = "pass"
    """Offers: make no offer this turn."""


@dataclass(frozen=True)
class Move:
    """One decision of a person, as the server records it."""

    party: str
    action: Action
    accepted: bool | None = None
    """VOTE and RESPOND: yes or no."""
    package: int | None = None
    """OFFER: the package number offered."""
    at: float = 0.0
    """Server time (epoch seconds) the move was recorded: the session's clock reads it on replay."""
    timeout: bool = False
    """Imposed by the rules when the person's time to answer ran out (see ``LiveGame.timeouts``)."""
    round: int | None = None
    """The round the person answers, when the client says so: a move meant for a question that is over is
    then refused instead of answering the next one."""

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "action": str(self.action)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Move:
        """The move written by :meth:`to_dict`; :class:`AccordError` naming the field for anything else."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise AccordError(f"a move has no field(s) {', '.join(unknown)}")
        try:
            action = Action(str(data.get("action")))
        except ValueError:
            raise AccordError(
                f"a move's action is one of {', '.join(a.value for a in Action)}, not {data.get('action')!r}"
            ) from None
        values = {**data, "action": action}
        _typed(values, "party", str)
        _typed(values, "accepted", bool, optional=True)
        _typed(values, "package", int, optional=True)
        _typed(values, "round", int, optional=True)
        _typed(values, "timeout", bool)
        if not isinstance(values.get("at", 0.0), int | float) or isinstance(values.get("at"), bool):
            raise AccordError(f"a move's 'at' is a time in seconds, not {values.get('at')!r}")
        return cls(**values)


def _typed(values: Mapping[str, Any], name: str, kind: type, *, optional: bool = False) -> None:
    if name not in values or (optional and values[name] is None):
        return
    value = values[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AccordError(f"a move's '{name}' must be a {kind.__name__}, not {value!r}")


@dataclass(frozen=True, kw_only=True)
class LiveSetup:
    """Everything a live session is, fixed at its creation."""

    protocol: str
    """single-text | alternating-offers | stacked-offers | shuttle"""
    rounds: int | None
    minutes: float | None
    """Wall-clock deadline from ``started``; after it, votes and responses still asked count as no."""
    seats: Mapping[str, str]
    """Voting party -> ``"person"`` or a negotiating strategy's name (as ``accord simulate`` names them)."""
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Strategy parameters per party seated with a strategy (may be empty)."""
    mediator: str = DEFAULT_MEDIATOR
    """The mediator's strategy in mediated protocols (ignored by the others)."""
    mediator_parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int = 0
    started: float = 0.0
    """Epoch seconds the session started: the zero of its clock."""
    move_seconds: float | None = None
    """A person's time to answer a question, counted from when it is asked; None for no limit."""

    @property
    def deadline(self) -> Deadline:
        """The protocol's deadline; a session in minutes only stops after MAX_LIVE_ROUNDS at the latest."""
        seconds = None if self.minutes is None else self.minutes * 60.0
        return Deadline(rounds=self.rounds if self.rounds is not None else MAX_LIVE_ROUNDS, seconds=seconds)

    @property
    def ends_at(self) -> float | None:
        """Epoch seconds of the deadline in minutes, if any."""
        return None if self.minutes is None else self.started + self.minutes * 60.0

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(party for party, seat in self.seats.items() if seat == PERSON)

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "rounds": self.rounds,
            "minutes": self.minutes,
            "seats": dict(self.seats),
            "parameters": {party: dict(values) for party, values in self.parameters.items()},
            "mediator": self.mediator,
            "mediator_parameters": dict(self.mediator_parameters),
            "seed": self.seed,
            "started": self.started,
            "move_seconds": self.move_seconds,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LiveSetup:
        """The set-up written by :meth:`to_dict` (missing optional fields take their defaults)."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise AccordError(f"a live session has no field(s) {', '.join(unknown)}")
        missing = [name for name in ("protocol", "seats") if name not in data]
        if missing:
            raise AccordError(f"a live session needs {' and '.join(missing)}")
        values = {"rounds": None, "minutes": None, **data}
        if not isinstance(values["seats"], Mapping):
            raise AccordError("a live session's 'seats' maps each party to 'person' or a strategy")
        return cls(**values)

    def check(self) -> None:
        """Raise :class:`AccordError` with a readable message for a set-up no session can play (the parts
        that need no scenario; ``prepare_live`` checks the seats against it)."""
        if self.rounds is not None and (isinstance(self.rounds, bool) or not isinstance(self.rounds, int)):
            raise AccordError(f"rounds must be a whole number, not {self.rounds!r}")
        if self.rounds is not None and not 1 <= self.rounds <= MAX_LIVE_ROUNDS:
            raise AccordError(f"a live session lasts 1 to {MAX_LIVE_ROUNDS:,} rounds, not {self.rounds}")
        for name in ("minutes", "move_seconds"):
            value = getattr(self, name)
            if value is not None and not (_number(value) and math.isfinite(value) and value > 0):
                raise AccordError(f"{name} must be a positive number, not {value!r}")
        if self.rounds is None and self.minutes is None:
            raise AccordError("a live session needs a deadline: rounds, minutes, or both")
        if not (_number(self.started) and math.isfinite(self.started)):
            raise AccordError(f"started must be a time in seconds, not {self.started!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise AccordError(f"the seed must be a whole number from 0, not {self.seed!r}")
        self._check_names()

    def _check_names(self) -> None:
        if not isinstance(self.protocol, str) or not isinstance(self.mediator, str):
            raise AccordError("the protocol and the mediator are names")
        if not all(isinstance(p, str) and isinstance(s, str) for p, s in self.seats.items()):
            raise AccordError("seats map each party to 'person' or a strategy's name")
        groups = [self.mediator_parameters, *self.parameters.values()]
        if not isinstance(self.parameters, Mapping) or not all(isinstance(g, Mapping) for g in groups):
            raise AccordError("parameters map each party to its strategy's parameters by name")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def strategy_for(name: str, protocol: str, parameters: Mapping[str, Any], mediating: bool) -> Strategy:
    """A fresh strategy by name with ``parameters``; :class:`AccordError` for an unknown one."""
    made: Strategy = mediator(name, protocol) if mediating else negotiator(name, protocol)
    if not parameters:
        return made
    known = made.parameters()
    for key, value in parameters.items():
        if key not in known:
            has = ", ".join(known) or "none"
            raise AccordError(f"strategy '{name}' has no parameter '{key}' (it has: {has})")
        if not _number(value) or not math.isfinite(value):
            raise AccordError(f"parameter '{key}' of strategy '{name}' must be a number, not {value!r}")
        if isinstance(known[key], int) and not isinstance(value, int):
            raise AccordError(f"parameter '{key}' of strategy '{name}' must be a whole number, not {value!r}")
    return type(made)(**{**known, **parameters})
