"""What a job is asked to do: the options of ``accord simulate``, ``accord tournament`` and
``accord robustness`` as the API takes them (``POST .../simulations``, ``.../tournaments``,
``.../robustness``), stored with the job and read back by its worker and by the dashboard's replay."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from accord.analysis.robustness import SAMPLES
from accord.protocols.rules import Deadline
from accord.tournaments.simulation import DEFAULT_MEDIATOR, SimulationConfig
from accord.tournaments.tournament import TournamentConfig

MAX_RUNS = 10_000
MAX_ROUNDS = 10_000


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Name = str


class SimulationRequest(_Request):
    """The options of ``accord simulate``."""

    kind: Literal["simulation"] = "simulation"
    protocol: Name = Field(default="stacked-offers", max_length=64)
    agents: tuple[Name, ...] = Field(default=("linear",), min_length=1, max_length=64)
    mediator: Name = Field(default=DEFAULT_MEDIATOR, max_length=64)
    rounds: int = Field(default=100, ge=1, le=MAX_ROUNDS)
    runs: int = Field(default=1, ge=1, le=MAX_RUNS)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    as_of: dt.date | None = None

    def config(self) -> SimulationConfig:
        """The simulation these options ask for."""
        return SimulationConfig(
            protocol=self.protocol,
            agents=self.agents,
            deadline=Deadline(rounds=self.rounds),
            mediator=self.mediator,
            runs=self.runs,
            seed=self.seed,
        )


class TournamentRequest(_Request):
    """The options of ``accord tournament`` (on the talks' scenario)."""

    kind: Literal["tournament"] = "tournament"
    protocol: Name = Field(default="stacked-offers", max_length=64)
    strategies: tuple[Name, ...] = Field(
        default=("boulware", "linear", "conceder", "hardliner", "tit-for-tat"), min_length=1, max_length=16
    )
    mediator: Name = Field(default=DEFAULT_MEDIATOR, max_length=64)
    repetitions: int = Field(default=1, ge=1, le=100)
    rounds: int = Field(default=100, ge=1, le=MAX_ROUNDS)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    as_of: dt.date | None = None

    def config(self) -> TournamentConfig:
        """The tournament these options ask for (on the talks' scenario)."""
        return TournamentConfig(
            protocol=self.protocol,
            strategies=self.strategies,
            deadline=Deadline(rounds=self.rounds),
            repetitions=self.repetitions,
            mediator=self.mediator,
            seed=self.seed,
        )


MAX_JOB_SAMPLES = 100_000
"""Most samples of one robustness job."""


class RobustnessRequest(_Request):
    """The options of ``accord robustness`` (on the talks' record as of a date)."""

    kind: Literal["robustness"] = "robustness"
    samples: int = Field(default=SAMPLES, ge=1, le=MAX_JOB_SAMPLES)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    sampler: Literal["sobol", "random"] = "sobol"
    as_of: dt.date | None = None


JobRequest = SimulationRequest | TournamentRequest | RobustnessRequest
REQUESTS: dict[str, type[JobRequest]] = {
    "simulation": SimulationRequest,
    "tournament": TournamentRequest,
    "robustness": RobustnessRequest,
}
