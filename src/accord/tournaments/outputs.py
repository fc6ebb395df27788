"""The output formats of runs at scale: ``accord-simulation/1`` and ``accord-tournament/1``.

One model per format (``model/output.py``): ``accord simulate --json``, ``accord tournament --json`` and the
service's jobs dump these models, and the readable reports render from them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from accord.model.output import Output


class DeadlineOutput(Output):
    rounds: int | None
    seconds: float | None


class RunOutput(Output):
    """The score of one run."""

    run: int
    outcome: Literal["agreement", "breakdown"]
    reason: str
    round: int
    package: dict[str, str] | None = Field(
        description="The agreed package, or on a breakdown the final text rejected (mediated protocols)."
    )
    accepted_by: list[str]
    time: float = Field(description="The share of the deadline used when the run ended (0-1).")
    utilities: dict[str, float] = Field(
        description="Each party's utility of the outcome (reservation if none)."
    )
    discounted_utilities: dict[str, float] | None = Field(
        description="u * d^time for scenarios with GENIUS discount factors; null without discounts."
    )
    advantage: dict[str, float] = Field(description="(Discounted) utility minus reservation value.")
    welfare: float
    frontier_distance: float
    nash_distance: float | None


class SummaryOutput(Output):
    runs: int
    agreements: int
    agreement_rate: float
    mean_round: float | None
    mean_welfare: float | None


class SimulationOutput(Output):
    """``accord simulate --json`` (``docs/simulation.md``)."""

    format: Literal["accord-simulation/1"]
    scenario: str
    protocol: str
    agents: dict[str, str] = Field(description="The strategy seated for each party.")
    mediator: str | None
    deadline: DeadlineOutput
    seed: int | None
    runs: list[RunOutput]
    summary: SummaryOutput


class StandingOutput(Output):
    """One strategy's averages over every seat it took."""

    strategy: str
    seats: int
    utility: float
    discounted_utility: float | None
    advantage: float
    welfare: float
    nash_distance: float | None
    agreement_rate: float


class TournamentOutput(Output):
    """``accord tournament --json``: the standings, best mean advantage first."""

    format: Literal["accord-tournament/1"]
    runs: int
    agreements: int
    standings: list[StandingOutput]
