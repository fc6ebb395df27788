"""How a run went for each party, rebuilt from its record and the scenario alone.

Utilities are the parties' utilities for the agreed package, or their reservation values on a breakdown. The
frontier distance is the Euclidean distance in utility space from that point to the nearest package of the
whole space's Pareto frontier; the Nash distance, to the Nash package of the agreement zone (none when the
zone is empty). Both come from :mod:`accord.analysis`, which ignores time.

When a voting party declares a GENIUS discount factor ``d``, its utility is also discounted to ``u * d**t``,
``t`` the share of the deadline used when the run ended; a run is then scored - advantage, welfare, and the
standings built on them - by the discounted utilities, as ANAC scores (parties without a factor: ``d = 1``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.analyze import Analysis, analyze
from accord.analysis.outputs import shown
from accord.analysis.space import choices
from accord.model.compiled import CompiledScenario
from accord.model.scenario import Scenario
from accord.protocols.trace import Record
from accord.tournaments.outputs import RunOutput

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Reference:
    """What runs on one scenario are measured against, computed once."""

    compiled: CompiledScenario
    frontier: FloatArray
    """(f, P) utilities of the whole space's Pareto frontier."""
    nash: FloatArray | None
    """(P,) utilities of the Nash package of the agreement zone, or None when the zone is empty."""
    discounts: FloatArray | None = None
    """(P,) each voting party's GENIUS discount factor (1 where it declares none), or None when none does."""


def reference_of(scenario: Scenario) -> Reference:
    return reference_from(analyze(scenario), scenario)


def reference_from(analysis: Analysis, scenario: Scenario) -> Reference:
    """The reference measures of ``scenario`` from its analysis (for a caller that keeps the analysis)."""
    nash = analysis.solutions["nash"]
    factors = [scenario.preferences[party].discount_factor for party in analysis.parties]
    discounts = None
    if any(d is not None for d in factors):
        discounts = np.array([1.0 if d is None else d for d in factors], dtype=np.float64)
    return Reference(
        compiled=analysis.compiled,
        frontier=analysis.space_frontier.utilities,
        nash=None if nash is None else analysis.compiled.utility_of(nash),
        discounts=discounts,
    )


def time_of(record: Record) -> float:
    """The share of the deadline used when the run ended: as recorded, or (records written before it was
    kept) the rounds played over the deadline's rounds, 1 without a deadline in rounds."""
    ended = record.ended
    if ended.time is not None:
        return ended.time
    rounds = record.header.deadline.get("rounds")
    return min(1.0, ended.round / rounds) if isinstance(rounds, int) and rounds > 0 else 1.0


@dataclass(frozen=True)
class Score:
    """One run's outcome and measures."""

    run: int
    agreement: bool
    reason: str
    round: int
    package: dict[str, str] | None
    """The agreed package, or on a breakdown the final text that was rejected (mediated protocols)."""
    accepted_by: tuple[str, ...]
    utilities: tuple[float, ...]
    advantage: tuple[float, ...]
    """Scored utility (discounted, when discount factors are declared) minus reservation value, per party."""
    welfare: float
    """Sum of the scored utilities."""
    frontier_distance: float
    nash_distance: float | None
    time: float = 1.0
    """Share of the deadline used when the run ended."""
    discounted_utilities: tuple[float, ...] | None = None
    """``u * d**time`` per party, when some voting party declares a discount factor ``d``."""

    @property
    def scored(self) -> tuple[float, ...]:
        """The utilities the run is scored by: discounted when discount factors are declared, as in ANAC."""
        return self.utilities if self.discounted_utilities is None else self.discounted_utilities

    def to_output(self, parties: tuple[str, ...]) -> RunOutput:
        return RunOutput(
            run=self.run,
            outcome="agreement" if self.agreement else "breakdown",
            reason=self.reason,
            round=self.round,
            package=self.package,
            accepted_by=list(self.accepted_by),
            time=shown(self.time),
            utilities=_by_party(parties, self.utilities),
            discounted_utilities=None
            if self.discounted_utilities is None
            else _by_party(parties, self.discounted_utilities),
            advantage=_by_party(parties, self.advantage),
            welfare=shown(self.welfare),
            frontier_distance=shown(self.frontier_distance),
            nash_distance=None if self.nash_distance is None else shown(self.nash_distance),
        )


def _by_party(parties: tuple[str, ...], values: tuple[float, ...]) -> dict[str, float]:
    return {p: shown(v) for p, v in zip(parties, values, strict=True)}


def score(record: Record, reference: Reference) -> Score:
    """The measures of one run, from its last event."""
    compiled = reference.compiled
    ended = record.ended
    package = None
    if ended.package is not None:
        package = compiled.package(choices(np.array([ended.package]), compiled.sizes)[0])
    if ended.agreement and ended.package is not None:
        point = compiled.utilities_of(choices(np.array([ended.package]), compiled.sizes))[:, 0]
    else:
        point = compiled.reservation.copy()
    frontier_distance, nash = distances(reference, point)
    time = time_of(record)
    discounted = None if reference.discounts is None else point * reference.discounts**time
    scored = point if discounted is None else discounted
    return Score(
        run=record.header.run,
        agreement=ended.agreement,
        reason=str(ended.reason),
        round=ended.round,
        package=package,
        accepted_by=ended.accepted_by,
        utilities=tuple(float(u) for u in point),
        advantage=tuple(float(a) for a in scored - compiled.reservation),
        welfare=float(scored.sum()),
        frontier_distance=frontier_distance,
        nash_distance=nash,
        time=time,
        discounted_utilities=None if discounted is None else tuple(float(u) for u in discounted),
    )


def distances(reference: Reference, point: FloatArray) -> tuple[float, float | None]:
    """Euclidean distances in utility space from ``point`` (P,) to the nearest package of the space's
    frontier and to the Nash package (None when the zone is empty)."""
    to_frontier = np.sqrt(((reference.frontier - point) ** 2).sum(axis=1))
    nash = None if reference.nash is None else float(np.sqrt(((reference.nash - point) ** 2).sum()))
    return (float(to_frontier.min()) if len(to_frontier) else 0.0), nash
