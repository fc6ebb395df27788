"""How a run went for each party, rebuilt from its record and the scenario alone.

Utilities are the parties' utilities for the agreed package, or their reservation values on a breakdown. The
frontier distance is the Euclidean distance in utility space from that point to the nearest package of the
whole space's Pareto frontier; the Nash distance, to the Nash package of the agreement zone (none when the
zone is empty). Both come from :mod:`accord.analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.analyze import analyze
from accord.analysis.outputs import shown
from accord.analysis.space import choices
from accord.model.compiled import CompiledScenario
from accord.model.scenario import Scenario
from accord.protocols.trace import Record

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Reference:
    """What runs on one scenario are measured against, computed once."""

    compiled: CompiledScenario
    frontier: FloatArray
    """(f, P) utilities of the whole space's Pareto frontier."""
    nash: FloatArray | None
    """(P,) utilities of the Nash package of the agreement zone, or None when the zone is empty."""


def reference_of(scenario: Scenario) -> Reference:
    analysis = analyze(scenario)
    nash = analysis.solutions["nash"]
    return Reference(
        compiled=analysis.compiled,
        frontier=analysis.space_frontier.utilities,
        nash=None if nash is None else analysis.compiled.utility_of(nash),
    )


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
    """Utility minus reservation value, per party."""
    welfare: float
    frontier_distance: float
    nash_distance: float | None

    def to_dict(self, parties: tuple[str, ...]) -> dict[str, Any]:
        return {
            "run": self.run,
            "outcome": "agreement" if self.agreement else "breakdown",
            "reason": self.reason,
            "round": self.round,
            "package": self.package,
            "accepted_by": list(self.accepted_by),
            "utilities": {p: shown(u) for p, u in zip(parties, self.utilities, strict=True)},
            "advantage": {p: shown(a) for p, a in zip(parties, self.advantage, strict=True)},
            "welfare": shown(self.welfare),
            "frontier_distance": shown(self.frontier_distance),
            "nash_distance": None if self.nash_distance is None else shown(self.nash_distance),
        }


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
    distances = np.sqrt(((reference.frontier - point) ** 2).sum(axis=1))
    nash = None if reference.nash is None else float(np.sqrt(((reference.nash - point) ** 2).sum()))
    return Score(
        run=record.header.run,
        agreement=ended.agreement,
        reason=str(ended.reason),
        round=ended.round,
        package=package,
        accepted_by=ended.accepted_by,
        utilities=tuple(float(u) for u in point),
        advantage=tuple(float(a) for a in point - compiled.reservation),
        welfare=float(point.sum()),
        frontier_distance=float(distances.min()) if len(distances) else 0.0,
        nash_distance=nash,
    )
