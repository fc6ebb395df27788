"""The JSON of the live sessions' routes, one pydantic model each (``model/output.py``): the routes declare
them, so the OpenAPI description says what a page gets (``docs/live.md``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from accord.model.output import Output
from accord.tournaments.outputs import RunOutput

Package = dict[str, str]
"""point -> option."""
State = Literal["waiting", "running", "agreed", "broken-down"]


class SessionSummary(Output):
    """A session in the teacher's list (``GET /talks/{id}/sessions``)."""

    id: str
    talks: int
    group: str | None
    protocol: str
    state: State
    reason: str | None = Field(description="Once ended: accepted, rejected, deadline, time or stopped.")
    round: int
    rounds: int | None
    minutes: float | None
    move_seconds: float | None
    waiting_for: list[str] = Field(description="The people the protocol awaits now.")
    seats: dict[str, str] = Field(description="party -> 'person' or a strategy's name.")
    people: dict[str, str | None] = Field(description="person seat -> the account bound to it (null: any).")
    start: Literal["now", "when-seated"]
    opened: list[str] = Field(description="The person seats that opened a session waiting for its people.")
    events: int = Field(description="The number of the latest event (the event stream's ids).")
    moves: int
    created_by: str
    created_at: str
    started_at: str | None
    ended_at: str | None
    result: RunOutput | None = Field(description="The score once ended (the mediator only).")


class AskOutput(Output):
    """What the protocol asks a waiting person now."""

    question: Literal["vote", "sign", "respond", "offer"]
    round: int
    package: Package | None = Field(description="The proposal, the final text or the package on the table.")
    session: str | None = Field(description="The shuttle's private session it is asked in.")
    answer_by: float | None = Field(description="When the rules answer no for the person (epoch seconds).")
    seconds_left: float | None


class ValuedOutput(Output):
    """A package and what the person makes of it."""

    package: Package
    utility: float
    acceptable: bool = Field(description="No option crosses the party's red lines or earlier agreements.")
    rational: bool = Field(description="Acceptable and worth at least the party's reservation value.")


class ChangeOutput(Output):
    """One option of an open point changed in the base package, and the person's utility of the result."""

    point: str
    option: str
    utility: float
    acceptable: bool
    rational: bool


class OwnOutput(Output):
    """A person's own numbers (never another party's)."""

    party: str
    reservation: float
    best: float
    draft: ValuedOutput | None
    asked: ValuedOutput | None
    base: ValuedOutput | None = Field(description="The package ``changes`` change.")
    changes: list[ChangeOutput]


class TableOutput(Output):
    """The mediator's exact analysis beside the table."""

    zone_empty: bool
    zone_size: int | None
    nash: Package | None
    nash_utilities: dict[str, float] | None
    draft: Package | None
    draft_utilities: dict[str, float] | None
    draft_in_zone: bool | None
    frontier_distance: float | None
    nash_distance: float | None


class SessionOutput(SessionSummary):
    """A session as its caller may see it (``GET /sessions/{sid}``, a move's answer, a stream's ``state``)."""

    mediator: str | None = Field(description="The mediator's strategy (mediated protocols).")
    seed: int | None = Field(description="The strategies' seed (the mediator only).")
    draft: Package | None = Field(description="The single text, or the package on the table.")
    settled: Package = Field(description="Points every party has agreed already.")
    time_left: float | None = Field(description="Seconds to the deadline in minutes.")
    rounds_left: int | None
    asks: dict[str, AskOutput] = Field(
        description="Per waiting person (a person: its own; the mediator: all)."
    )
    allowed: list[dict[str, Any]] = Field(
        description="The moves the caller may make now, as the bodies of POST /sessions/{sid}/moves."
    )
    you: OwnOutput | None = Field(description="A person's own numbers (null for the others).")
    analysis: TableOutput | None = Field(description="The mediator's live analysis (null for the others).")
