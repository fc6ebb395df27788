"""Why no package is acceptable to all, and who would have to move how far.

The acceptance constraints are named groups (a party's red line or lock on a point, its reservation value;
see :mod:`accord.analysis.program`). When the zone is empty:

- **corrections** (minimal correction sets): the smallest sets of groups whose removal opens the zone, found
  by a MILP that may relax each group at a cost of 1, smallest first, each found set then blocked together
  with its supersets (Liffiton & Sakallah 2008);
- **conflicts** (minimal infeasible subsets): every conflict must meet every correction set and vice versa
  (Reiter 1987's hitting-set duality), so once all correction sets are known the conflicts are the minimal
  sets that hit all of them - enumerated the same way, smallest first, and each checked infeasible. If the
  corrections could not all be listed, one conflict is found by a deletion filter instead (Chinneck 2008);
- **concessions**: the least total, and separately the least largest, lowering of reservation values and
  ``min_value`` thresholds that opens the zone, and the package it opens it on.

Under a quorum rule the zone is not a conjunction of groups; only unanimity is explained here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.conflicts import corrections, deletion_filter, feasible, hitting_sets
from accord.analysis.outputs import (
    ConcessionOutput,
    ConstraintOutput,
    ExplanationOutput,
    MoveOutput,
    shown,
)
from accord.analysis.parallel import aside
from accord.analysis.program import Group, Kind, Program, Scope, base_program, solve, zone_program
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario

IntArray = NDArray[np.int64]

LIMIT = 20
"""Most conflicts and corrections listed."""

SCALES = (
    "'Least total' adds lowerings on different parties' utility scales, as if a unit of one party's utility "
    "were worth a unit of another's: the scenario states no such exchange rate, so compare each party's way "
    "out alone as well."
)
"""What the least total concession assumes: that utilities can be compared across parties."""


@dataclass(frozen=True)
class Move:
    """What one party would have to accept: an option of a point below its ``min_value`` threshold, or (no
    point) a package worth less to it than its reservation value."""

    party: str
    point: str | None
    option: str | None
    value: float
    """Its value of the option, or its utility of the package."""
    level: float
    """Its threshold on the point, or its reservation value."""

    @property
    def lowering(self) -> float:
        return self.level - self.value

    def __str__(self) -> str:
        if self.point is None:
            return (
                f"{self.party} would have to accept a package worth {self.value:.3g} to it, below its "
                f"reservation value ({self.level:.3g})"
            )
        return (
            f"{self.party} would have to accept {self.option} on {self.point}, which it values "
            f"{self.value:.3g} (its red line there asks at least {self.level:.3g})"
        )

    def to_output(self) -> MoveOutput:
        return MoveOutput(
            party=self.party,
            point=self.point,
            option=self.option,
            value=shown(self.value),
            level=shown(self.level),
        )


@dataclass(frozen=True)
class Concession:
    """How far each party lowers its reservation value and thresholds, and the package that then opens."""

    objective: str
    """``total`` (least sum of lowerings) or ``largest`` (least largest lowering)."""
    movers: tuple[str, ...]
    """The parties allowed to move."""
    reservation: dict[str, float]
    thresholds: dict[str, dict[str, float]]
    """Lowering of each ``min_value`` threshold, per party and point."""
    choice: tuple[int, ...]
    moves: tuple[Move, ...]
    """The lowerings above as what each party would have to accept (the non-zero ones)."""

    def __str__(self) -> str:
        return "; ".join(str(move) for move in self.moves) if self.moves else "no lowering at all"


@dataclass(frozen=True)
class Explanation:
    compiled: CompiledScenario
    empty: bool
    conflicts: list[frozenset[Group]]
    corrections: list[frozenset[Group]]
    complete: bool
    """Whether every correction set (so every conflict) was listed."""
    concessions: list[Concession]
    binding: list[Group]
    """When the zone is not empty: the red lines whose removal would enlarge it."""
    alone: dict[Group, float]
    """Conflicts of one constraint: a reservation value with the best utility its party can reach."""

    def to_output(self) -> ExplanationOutput:
        """The explanation in its output format (``accord-explanation/1``, docs/analysis-json.md)."""
        return ExplanationOutput(
            format="accord-explanation/1",
            parties=list(self.compiled.parties),
            empty=self.empty,
            complete=self.complete,
            conflicts=[_groups(c) for c in self.conflicts],
            corrections=[_groups(c) for c in self.corrections],
            concessions=[self._concession_output(c) for c in self.concessions],
            binding=[_group(g) for g in self.binding],
            summary=self.summary(),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``accord explain --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")

    def summary(self) -> str:
        """The explanation in words."""
        if not self.empty:
            if not self.binding:
                return "Packages acceptable to all exist, and no red line keeps any other package out."
            return (
                "Packages acceptable to all exist; the red lines that bind the zone: "
                + _listed(self.binding)
                + "."
            )
        if not self.conflicts:
            return "No package is acceptable to all."
        smallest = min(self.conflicts, key=len)
        text = f"No package is acceptable to all because {self._conflict_in_words(smallest)}."
        best = next((c for c in self.concessions if c.objective == "total" and len(c.movers) > 1), None)
        alone = [c for c in self.concessions if len(c.movers) == 1]
        if alone:
            text += " " + " ".join(f"If only {c.movers[0]} moves: {c}." for c in alone)
        if best is None:
            return f"{text} No lowering of reservation values or thresholds opens the zone: see corrections."
        return f"{text} The cheapest way out (least total lowering): {best}. {SCALES}"

    def _conflict_in_words(self, conflict: frozenset[Group]) -> str:
        if len(conflict) > 1:
            points = {g.point for g in conflict}
            where = f" on point {points.pop()}" if len(points) == 1 and None not in points else ""
            return f"{_listed(sorted(conflict))} conflict{where}"
        (group,) = conflict
        if group in self.alone:
            reservation = shown(self.compiled.reservation[self.compiled.parties.index(group.party)])
            return f"{group} ({reservation:.3g}) is above the best it can reach ({self.alone[group]:.3g})"
        if group.kind is Kind.RED_LINE:
            return f"{group} excludes every option of {group.point}"
        return f"{group} cannot hold"

    def _concession_output(self, concession: Concession) -> ConcessionOutput:
        return ConcessionOutput(
            objective=concession.objective,
            movers=list(concession.movers),
            moves=[move.to_output() for move in concession.moves],
            reservation={p: shown(v) for p, v in concession.reservation.items() if v > 0},
            thresholds={
                party: {point: shown(v) for point, v in by_point.items() if v > 0}
                for party, by_point in concession.thresholds.items()
                if any(v > 0 for v in by_point.values())
            },
            package=self.compiled.package(concession.choice),
        )


def explain(scenario: Scenario, *, limit: int = LIMIT) -> Explanation:
    """Why the scenario's zone is empty (or which red lines bind it): see :func:`explain_compiled`."""
    return explain_compiled(compile_scenario(scenario), limit=limit)


def explain_compiled(compiled: CompiledScenario, *, limit: int = LIMIT) -> Explanation:
    """Conflicts, corrections and cheapest concessions of an empty zone; binding red lines of an open one."""
    if not compiled.unanimity:
        raise AccordError("explain supports unanimity rules only (this scenario has a quorum rule)")
    program = zone_program(compiled)
    if solve(program, {}) is not None:
        return Explanation(compiled, False, [], [], True, [], binding_red_lines(program), {})
    with aside(_other_concessions, program) as others:  # in a second process, when there is a second core
        found = list(corrections(program, limit + 1))
        complete = len(found) <= limit
        found = found[:limit]
        if complete:
            conflicts = [c for c in hitting_sets(found, limit) if not feasible(program, c)]
        else:
            conflicts = [deletion_filter(program)]
        concessions = [cheapest_concession(compiled, "total"), *others()]
        alone = _out_of_reach(compiled, conflicts)
    return Explanation(compiled, True, conflicts, found, complete, [c for c in concessions if c], [], alone)


def _out_of_reach(compiled: CompiledScenario, conflicts: list[frozenset[Group]]) -> dict[Group, float]:
    """For each reservation value that alone is a conflict: the best utility its party can reach."""
    best = {}
    for (group,) in (c for c in conflicts if len(c) == 1):
        if group.kind is Kind.RESERVATION:
            program = base_program(compiled)
            solution = solve(program, program.utility(compiled.parties.index(group.party)))
            if solution is not None:
                p = compiled.parties.index(group.party)
                best[group] = shown(compiled.utility_of(solution.choice)[p])
    return best


def _other_concessions(program: Program) -> list[Concession | None]:
    """The least largest concession, then each party's cheapest one when it alone moves."""
    compiled = program.compiled
    alone = [cheapest_concession(compiled, "total", (party,)) for party in compiled.parties]
    return [cheapest_concession(compiled, "largest"), *alone]


def _group(group: Group) -> ConstraintOutput:
    return ConstraintOutput(kind=str(group.kind), party=group.party, point=group.point)


def _groups(groups: frozenset[Group]) -> list[ConstraintOutput]:
    return [_group(g) for g in sorted(groups)]


def _listed(groups: list[Group]) -> str:
    names = [str(g) for g in groups]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def binding_red_lines(program: Program) -> list[Group]:
    """Red lines whose removal alone would admit a package the zone does not hold."""
    binding = []
    for group, rows in program.groups.items():
        if group.kind is not Kind.RED_LINE:
            continue
        # a package acceptable without this red line but breaking it
        widened = Scope(program.without({group}))
        for row in rows:
            widened.row(row.coefficients, 1.0, np.inf)
        if solve(widened.program(), {}) is not None:
            binding.append(group)
    return binding


def cheapest_concession(
    compiled: CompiledScenario, objective: str, movers: tuple[str, ...] | None = None
) -> Concession | None:
    """The least ``total`` (or ``largest``) lowering of reservation values and min_value thresholds that
    opens the zone, made only by the ``movers`` (all parties when None), red lines by name and locks held;
    None when such lowering alone cannot open it."""
    scope = Scope(base_program(compiled))
    lowered: list[int] = []
    movers = compiled.parties if movers is None else movers
    thresholds = _lowering_variables(scope, lowered, movers)
    if objective == "largest":
        top = scope.variable(0.0)
        for variable in lowered:
            scope.row({top: 1.0, variable: -1.0}, low=0.0)
        goal = {top: -1.0, **dict.fromkeys(lowered, -1e-6)}
    else:
        goal = dict.fromkeys(lowered, -1.0)
    solution = solve(scope.program(), goal)
    if solution is None:
        return None
    return _concession(compiled, objective, movers, solution.choice, thresholds)


def _concession(
    compiled: CompiledScenario,
    objective: str,
    movers: tuple[str, ...],
    choice: IntArray,
    thresholds: dict[str, dict[str, int]],
) -> Concession:
    """The lowerings a package needs, computed exactly from the package (not from the solver's values)."""
    utilities = compiled.utility_of(choice)
    column = {point: k for k, point in enumerate(compiled.points)}
    row = {party: p for p, party in enumerate(compiled.parties)}
    on_points = [
        Move(
            party,
            point,
            compiled.options[column[point]][choice[column[point]]],
            float(compiled.values[row[party], column[point], choice[column[point]]]),
            float(compiled.thresholds[row[party], column[point]]),
        )
        for party, by_point in thresholds.items()
        for point in by_point
    ]
    on_reservations = [
        Move(party, None, None, float(utilities[p]), float(compiled.reservation[p]))
        for p, party in enumerate(compiled.parties)
    ]
    lowered: dict[str, dict[str, float]] = {}
    for move in on_points:
        lowered.setdefault(move.party, {})[str(move.point)] = max(0.0, move.lowering)
    return Concession(
        objective=objective,
        movers=movers,
        reservation={move.party: max(0.0, move.lowering) for move in on_reservations},
        thresholds=lowered,
        choice=tuple(int(o) for o in choice),
        moves=tuple(move for move in (*on_points, *on_reservations) if move.lowering > 0),
    )


def _lowering_variables(
    scope: Scope, lowered: list[int], movers: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """For each party: how far its reservation value is lowered; for each min_value red line: how far its
    threshold is lowered. Named rejections and locks stay as they are."""
    program = scope.base
    compiled = program.compiled
    thresholds: dict[str, dict[str, int]] = {}
    for p, party in enumerate(compiled.parties):
        for k, size in enumerate(compiled.sizes):
            rejected = {program.x(k, o): 1.0 for o in range(size) if compiled.rejected[p, k, o]}
            if rejected:
                scope.row(rejected, high=0.0)
            if compiled.locked[p, k] >= 0:
                scope.row({program.x(k, int(compiled.locked[p, k])): 1.0}, low=1.0)
            level = compiled.thresholds[p, k]
            if not np.isnan(level):
                variable = scope.variable(0.0, np.inf if party in movers else 0.0)
                lowered.append(variable)
                thresholds.setdefault(party, {})[compiled.points[k]] = variable
                for o in range(size):
                    short = level - compiled.values[p, k, o]
                    if short > 0:  # choosing o needs the threshold lowered by at least `short`
                        scope.row({variable: 1.0, program.x(k, o): -float(short)}, low=0.0)
        variable = scope.variable(0.0, np.inf if party in movers else 0.0)
        lowered.append(variable)
        scope.row({**program.utility(p), variable: 1.0}, low=float(program.floors[p]))
    return thresholds
