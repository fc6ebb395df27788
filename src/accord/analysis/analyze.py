"""The mediator's questions in one call: is there a package every party needed can accept, which are
efficient, and which are fair by each classical criterion.

:func:`analyze` is a thin facade over the algorithms of this package; :class:`Analysis` holds their results
and gives the one JSON form that the Python API, the CLI and the web service share
(``docs/analysis-json.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis import bargaining
from accord.analysis.frontier import Frontier, product_frontier, zone_frontier
from accord.analysis.space import BLOCK, MAX_PACKAGES, blocks, in_zone
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.record import Assumption
from accord.model.scenario import Scenario

FORMAT = "accord-analysis/1"
SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
_CRITERIA = {
    "nash": bargaining.nash,
    "kalai_smorodinsky": bargaining.kalai_smorodinsky,
    "egalitarian": bargaining.egalitarian,
    "utilitarian": bargaining.utilitarian,
}


@dataclass(frozen=True)
class Zone:
    """The agreement zone: packages the agreement rule makes an agreement."""

    size: int
    accepted_by: dict[str, int]
    """How many packages each voting party accepts on its own."""

    @property
    def empty(self) -> bool:
        return self.size == 0


@dataclass(frozen=True)
class Analysis:
    """What the enumeration engine found about a scenario."""

    title: str
    compiled: CompiledScenario
    zone: Zone
    zone_frontier: Frontier
    space_frontier: Frontier
    solutions: dict[str, int | None]
    """Row of ``zone_frontier`` chosen by each criterion, or None when the zone is empty."""
    assumptions: tuple[Assumption, ...]
    engine: str = "enumeration"

    @property
    def parties(self) -> tuple[str, ...]:
        return self.compiled.parties

    @property
    def frontier(self) -> Frontier:
        """The zone's frontier, or the whole space's when the zone is empty."""
        return self.space_frontier if self.zone.empty else self.zone_frontier

    def entry(self, frontier: Frontier, row: int) -> dict[str, Any]:
        """One package as ``{package: {point: option}, utilities: {party: utility}}``."""
        return {
            "package": self.compiled.package(frontier.choices[row]),
            "utilities": {p: shown(u) for p, u in zip(self.parties, frontier.utilities[row], strict=True)},
        }

    def solution(self, name: str) -> dict[str, Any] | None:
        row = self.solutions[name]
        return None if row is None else self.entry(self.zone_frontier, row)

    def to_dict(self) -> dict[str, Any]:
        """The analysis as JSON-ready data; ``accord analyze --json`` prints exactly this."""
        compiled = self.compiled
        return {
            "format": FORMAT,
            "scenario": self.title,
            "engine": self.engine,
            "parties": list(self.parties),
            "rule": {
                "quorum": compiled.quorum,
                "veto": [p for p, v in zip(self.parties, compiled.veto, strict=True) if v],
                "reservation": {p: shown(r) for p, r in zip(self.parties, compiled.reservation, strict=True)},
            },
            "space": {"points": len(compiled.points), "size": compiled.n_packages},
            "zone": {"empty": self.zone.empty, "size": self.zone.size, "accepted_by": self.zone.accepted_by},
            "frontier_scope": "space" if self.zone.empty else "zone",
            "frontier": [self.entry(self.frontier, row) for row in range(len(self.frontier))],
            "space_frontier": [
                self.entry(self.space_frontier, row) for row in range(len(self.space_frontier))
            ],
            "solutions": {name: self.solution(name) for name in SOLUTIONS},
            "assumptions": [{"id": a.id, "text": a.text} for a in self.assumptions],
        }


def shown(value: float) -> float:
    """A utility as reported: 12 significant digits, so grid rounding (about 1e-16) does not show."""
    return float(f"{value:.12g}")


def analyze(scenario: Scenario, *, max_packages: int = MAX_PACKAGES, block: int = BLOCK) -> Analysis:
    """Agreement zone, Pareto frontiers and the Nash, Kalai-Smorodinsky, egalitarian and utilitarian packages.

    Exact: every package is counted (in blocks of ``block``, up to ``max_packages``) and the frontiers are
    computed exactly. Raises :class:`~accord.model.errors.TooLargeError` for a larger space.
    """
    compiled = compile_scenario(scenario)
    zone = count_zone(compiled, max_packages=max_packages, block=block)
    space = product_frontier(compiled)
    frontier = zone_frontier(compiled, space=space, block=block, max_packages=max_packages)
    solutions: dict[str, int | None] = dict.fromkeys(SOLUTIONS)
    if len(frontier):
        gains = frontier.utilities - compiled.reservation
        solutions = {name: criterion(gains) for name, criterion in _CRITERIA.items()}
    return Analysis(
        title=scenario.title,
        compiled=compiled,
        zone=zone,
        zone_frontier=frontier,
        space_frontier=space,
        solutions=solutions,
        assumptions=rested_on(scenario),
    )


def count_zone(compiled: CompiledScenario, *, max_packages: int = MAX_PACKAGES, block: int = BLOCK) -> Zone:
    """Size of the agreement zone and of each party's acceptable set, by enumerating every package."""
    size = 0
    accepted: NDArray[np.int64] = np.zeros(len(compiled.parties), dtype=np.int64)
    for part in blocks(compiled, block=block, max_packages=max_packages):
        size += int(in_zone(part.accepts, compiled).sum())
        accepted += part.accepts.sum(axis=1)
    return Zone(size=size, accepted_by={p: int(n) for p, n in zip(compiled.parties, accepted, strict=True)})


def rested_on(scenario: Scenario) -> tuple[Assumption, ...]:
    """The scenario's assumptions that the voting parties' preferences rest on, in declaration order."""
    used = {
        a
        for party, prefs in scenario.preferences.items()
        if party in scenario.voters
        for a in prefs.assumptions
    }
    return tuple(a for a in scenario.assumptions if a.id in used)
