"""A tournament's results, rebuilt from its records alone (as Axelrod's ``ResultSet`` from its interactions).

Each run is scored against its scenario's reference (:mod:`accord.tournaments.scores`); each strategy's
table row averages, over every seat it took: its party's utility and advantage over the reservation value,
and the run's social welfare (sum of utilities), Nash distance (runs whose zone is not empty) and agreement.
On scenarios with GENIUS discount factors the discounted utility is averaged too, and advantage and welfare
(hence the standings) are those of the discounted utilities, as ANAC scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.outputs import shown
from accord.model.errors import AccordError
from accord.protocols.trace import Record
from accord.tournaments.outputs import StandingOutput, TournamentOutput
from accord.tournaments.scores import Reference, Score, score

FORMAT = "accord-tournament/1"


@dataclass(frozen=True)
class Standing:
    """One strategy's averages over every seat it took."""

    strategy: str
    seats: int
    utility: float
    advantage: float
    """Mean scored utility (discounted where discount factors are declared) minus reservation value."""
    welfare: float
    nash_distance: float | None
    agreement_rate: float
    discounted_utility: float | None = None
    """Mean discounted utility, when some run's scenario declares GENIUS discount factors (undiscounted
    utility on the others)."""

    def to_output(self) -> StandingOutput:
        return StandingOutput(
            strategy=self.strategy,
            seats=self.seats,
            utility=shown(self.utility),
            discounted_utility=None if self.discounted_utility is None else shown(self.discounted_utility),
            advantage=shown(self.advantage),
            welfare=shown(self.welfare),
            nash_distance=None if self.nash_distance is None else shown(self.nash_distance),
            agreement_rate=shown(self.agreement_rate),
        )


@dataclass(frozen=True)
class ResultSet:
    """Every run's score and the strategies' standings, best mean advantage first."""

    records: tuple[Record, ...]
    scores: tuple[Score, ...]
    standings: tuple[Standing, ...]

    @classmethod
    def from_records(cls, records: Sequence[Record], references: Sequence[Reference]) -> ResultSet:
        """Score every record against the reference of its scenario (``extra["scenario"]``, default 0)."""
        scores = []
        for record in records:
            s = int(record.header.extra.get("scenario", 0))
            if not 0 <= s < len(references):
                raise AccordError(f"run {record.header.run} names scenario {s}, which was not given")
            scores.append(score(record, references[s]))
        return cls(tuple(records), tuple(scores), standings(records, scores))

    def to_output(self) -> TournamentOutput:
        """The standings in their output format (``accord-tournament/1``)."""
        return TournamentOutput(
            format=FORMAT,
            runs=len(self.scores),
            agreements=sum(s.agreement for s in self.scores),
            standings=[standing.to_output() for standing in self.standings],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``accord tournament --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")


def standings(records: Sequence[Record], scores: Sequence[Score]) -> tuple[Standing, ...]:
    seats: dict[str, list[tuple[int, Score]]] = {}
    for record, run in zip(records, scores, strict=True):
        for p, strategy in enumerate(record.header.agents):
            seats.setdefault(strategy, []).append((p, run))
    discounted = any(run.discounted_utilities is not None for run in scores)
    table = []
    for strategy, taken in seats.items():
        nash = [run.nash_distance for _, run in taken if run.nash_distance is not None]
        table.append(
            Standing(
                strategy=strategy,
                seats=len(taken),
                utility=float(np.mean([run.utilities[p] for p, run in taken])),
                advantage=float(np.mean([run.advantage[p] for p, run in taken])),
                welfare=float(np.mean([run.welfare for _, run in taken])),
                nash_distance=float(np.mean(nash)) if nash else None,
                agreement_rate=float(np.mean([run.agreement for _, run in taken])),
                discounted_utility=float(np.mean([run.scored[p] for p, run in taken]))
                if discounted
                else None,
            )
        )
    table.sort(key=lambda s: (-s.advantage, s.strategy))
    return tuple(table)
