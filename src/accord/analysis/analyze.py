"""The mediator's questions in one call: is there a package every party needed can accept, which are
efficient, and which are fair by each classical criterion.

:func:`analyze` is a thin facade over the algorithms of this package; :class:`Analysis` holds their results
and gives the one JSON form that the Python API, the CLI and the web service share
(``docs/analysis-json.md``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis import bargaining, optimize
from accord.analysis.epsilon import POINTS, FrontierPoints, frontier_points
from accord.analysis.frontier import Frontier, product_frontier, zone_frontier
from accord.analysis.outputs import (
    AnalysisOutput,
    AssumptionOutput,
    PackageEntry,
    RuleOutput,
    SolutionsOutput,
    SpaceOutput,
    ZoneOutput,
    shown,
)
from accord.analysis.parallel import aside
from accord.analysis.program import Program, Solution, base_program, zone_program
from accord.analysis.space import BLOCK, MAX_PACKAGES, blocks, in_zone
from accord.model.compiled import CompiledScenario, IntArray, compile_scenario
from accord.model.errors import AccordError
from accord.model.record import Assumption
from accord.model.scenario import Scenario

FORMAT = "accord-analysis/1"
AUTO, ENUMERATION, OPTIMIZATION = "auto", "enumeration", "optimization"
ENUMERATION_LIMIT = 10**7
"""Largest space the ``auto`` engine enumerates (about a second); larger spaces are optimised."""
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

    empty: bool
    size: int | None
    """Number of packages in the zone; None when the engine does not count them (optimisation)."""
    accepted_by: dict[str, int] | None
    """How many packages each voting party accepts on its own (enumeration only)."""


@dataclass(frozen=True)
class Analysis:
    """What an engine found about a scenario."""

    title: str
    compiled: CompiledScenario
    zone: Zone
    zone_frontier: Frontier
    space_frontier: Frontier
    solutions: dict[str, IntArray | None]
    """The package (option index per point) chosen by each criterion, or None when the zone is empty."""
    assumptions: tuple[Assumption, ...]
    engine: str = ENUMERATION
    frontier_complete: bool = True
    """Whether the frontiers hold every frontier package (always with enumeration)."""
    skipped: tuple[str, ...] = ()
    """Entries of the GENIUS folder the scenario was read from that are not domain or profile files."""

    @property
    def parties(self) -> tuple[str, ...]:
        return self.compiled.parties

    @property
    def frontier(self) -> Frontier:
        """The zone's frontier, or the whole space's when the zone is empty."""
        return self.space_frontier if self.zone.empty else self.zone_frontier

    def entry(self, choice: IntArray) -> PackageEntry:
        """One package with each voting party's utility of it."""
        utilities = self.compiled.utility_of(choice)
        return PackageEntry(
            package=self.compiled.package(choice),
            utilities={p: shown(u) for p, u in zip(self.parties, utilities, strict=True)},
        )

    def solution(self, name: str) -> PackageEntry | None:
        choice = self.solutions[name]
        return None if choice is None else self.entry(choice)

    def to_output(self) -> AnalysisOutput:
        """The analysis in its output format (``accord-analysis/1``)."""
        compiled = self.compiled
        zone = self.zone
        return AnalysisOutput(
            format=FORMAT,
            scenario=self.title,
            engine=self.engine,
            parties=list(self.parties),
            rule=RuleOutput(
                quorum=compiled.quorum,
                veto=[p for p, v in zip(self.parties, compiled.veto, strict=True) if v],
                reservation={p: shown(r) for p, r in zip(self.parties, compiled.reservation, strict=True)},
            ),
            space=SpaceOutput(points=len(compiled.points), size=compiled.n_packages),
            zone=ZoneOutput(empty=zone.empty, size=zone.size, accepted_by=zone.accepted_by),
            frontier_scope="space" if zone.empty else "zone",
            frontier_complete=self.frontier_complete,
            frontier=[self.entry(choice) for choice in self.frontier.choices],
            space_frontier=[self.entry(choice) for choice in self.space_frontier.choices],
            solutions=SolutionsOutput(**{name: self.solution(name) for name in SOLUTIONS}),
            assumptions=[AssumptionOutput(id=a.id, text=a.text) for a in self.assumptions],
            skipped=list(self.skipped),
        )

    def to_dict(self) -> dict[str, Any]:
        """The analysis as JSON-ready data; ``accord analyze --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")


def analyze(
    scenario: Scenario,
    *,
    engine: str = AUTO,
    max_packages: int = MAX_PACKAGES,
    block: int = BLOCK,
    frontier_points: int = POINTS,
) -> Analysis:
    """Agreement zone, Pareto frontiers and the Nash, Kalai-Smorodinsky, egalitarian and utilitarian packages.

    ``engine``: ``enumeration`` counts every package (in blocks of ``block``, up to ``max_packages``) and
    computes the frontiers exactly; ``optimization`` solves mixed-integer programmes, at any size (the zone
    is then not counted, and frontiers are exact and complete for two parties, spread points for more);
    ``auto`` enumerates up to ``ENUMERATION_LIMIT`` packages and optimises above.
    """
    compiled = compile_scenario(scenario)
    chosen = choose_engine(compiled, engine)
    result = _by_enumeration(compiled, max_packages, block) if chosen == ENUMERATION else None
    if result is None:
        result = _by_optimization(compiled, frontier_points)
    zone, zone_frontier_, space, solutions, complete = result
    return Analysis(
        title=scenario.title,
        compiled=compiled,
        zone=zone,
        zone_frontier=zone_frontier_,
        space_frontier=space,
        solutions=solutions,
        assumptions=rested_on(scenario),
        engine=chosen,
        frontier_complete=complete,
    )


def choose_engine(compiled: CompiledScenario, engine: str) -> str:
    """The engine to run: as asked, or by the size of the space for ``auto``."""
    if engine not in (AUTO, ENUMERATION, OPTIMIZATION):
        raise AccordError(f"unknown engine '{engine}' (auto, enumeration or optimization)")
    if engine != AUTO:
        return engine
    return ENUMERATION if compiled.n_packages <= ENUMERATION_LIMIT else OPTIMIZATION


_Result = tuple[Zone, Frontier, Frontier, dict[str, IntArray | None], bool]


def _by_enumeration(compiled: CompiledScenario, max_packages: int, block: int) -> _Result:
    zone = count_zone(compiled, max_packages=max_packages, block=block)
    space = product_frontier(compiled)
    frontier = zone_frontier(compiled, space=space, block=block, max_packages=max_packages)
    solutions: dict[str, IntArray | None] = dict.fromkeys(SOLUTIONS)
    if len(frontier):
        gains = compiled.gains(frontier.utilities)
        solutions = {name: frontier.choices[criterion(gains)] for name, criterion in _CRITERIA.items()}
    return zone, frontier, space, solutions, True


def _by_optimization(compiled: CompiledScenario, points: int) -> _Result:
    """The optimisation engine. Kalai-Smorodinsky (ideal gains, then two max-min proofs) and the frontiers
    run in a second process meanwhile, when there is a second core, beside the other three solutions."""
    program = zone_program(compiled)
    solutions: dict[str, IntArray | None] = dict.fromkeys(SOLUTIONS)
    with aside(functools.partial(_kalai_smorodinsky_and_frontiers, points=points), program) as rest:
        max_min = optimize.max_min_gain(program)
        if max_min is not None:
            found = optimize.nash(program)
            for name, solution in (
                ("nash", None if found is None else found[0]),
                ("egalitarian", optimize.egalitarian(program, max_min_found=max_min)),
                ("utilitarian", optimize.utilitarian(program)),
            ):
                solutions[name] = None if solution is None else solution.choice
        kalai_smorodinsky, zone_points, space_points = rest()
    if max_min is not None and kalai_smorodinsky is not None:
        solutions["kalai_smorodinsky"] = kalai_smorodinsky.choice
    complete = zone_points.complete and space_points.complete
    zone = Zone(empty=max_min is None, size=None, accepted_by=None)
    return zone, zone_points.frontier, space_points.frontier, solutions, complete


def _kalai_smorodinsky_and_frontiers(
    program: Program, points: int
) -> tuple[Solution | None, FrontierPoints, FrontierPoints]:
    """The Kalai-Smorodinsky package, and ``points`` frontier points of the zone and of the whole space
    (computed once when every party accepts every package)."""
    space = frontier_points(base_program(program.compiled), limit=points)
    zone = space if accepts_everything(program) else frontier_points(program, limit=points)
    return optimize.kalai_smorodinsky(program), zone, space


def accepts_everything(program: Program) -> bool:
    """Whether every party accepts every package: no red line, no lock, and no reservation value above the
    party's least possible utility (contributions and term weights are not negative)."""
    compiled = program.compiled
    real = np.arange(compiled.utilities.shape[2])[None, :] < compiled.sizes[:, None]
    least = np.where(real[None], compiled.utilities, np.inf).min(axis=2).sum(axis=1)
    return bool(
        compiled.allowed[:, real].all() and (compiled.locked < 0).all() and (program.floors <= least).all()
    )


def count_zone(compiled: CompiledScenario, *, max_packages: int = MAX_PACKAGES, block: int = BLOCK) -> Zone:
    """Size of the agreement zone and of each party's acceptable set, by enumerating every package."""
    size = 0
    accepted: NDArray[np.int64] = np.zeros(len(compiled.parties), dtype=np.int64)
    for part in blocks(compiled, block=block, max_packages=max_packages):
        size += int(in_zone(part.accepts, compiled).sum())
        accepted += part.accepts.sum(axis=1)
    accepted_by = {p: int(n) for p, n in zip(compiled.parties, accepted, strict=True)}
    return Zone(empty=size == 0, size=size, accepted_by=accepted_by)


def rested_on(scenario: Scenario) -> tuple[Assumption, ...]:
    """The scenario's assumptions that the voting parties' preferences rest on, in declaration order."""
    used = {
        a
        for party, prefs in scenario.preferences.items()
        if party in scenario.voters
        for a in prefs.assumptions
    }
    return tuple(a for a in scenario.assumptions if a.id in used)
