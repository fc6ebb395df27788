"""The package space as a mixed-integer linear programme, for spaces far past enumeration.

One binary variable per option of each point, exactly one chosen per point; each party's utility is a linear
expression of them. Acceptance is a set of *named constraint groups* - a party's red line on a point, its lock
on a point it has agreed, its reservation value - so that the deadlock explanation can drop and restore them
one group at a time. Problems are solved by HiGHS (``highspy``, 1.16: about twice as fast here as the HiGHS
inside SciPy) with its presolve switched off: in 1.14-1.16 presolve called some feasible problems infeasible
and returned a suboptimal package as optimal on others (cases in ``tests/analysis/test_program.py``).
Without it the 6-party problems solve as fast; models with many non-linear terms (ANAC 2014) are slower.

The solver works to tolerances (about 1e-6 on a row). Every package it returns is therefore checked exactly
on the compiled grid; one that breaks an acceptance constraint by more than the grid's bound is cut off
(a no-good cut) and the problem solved again, so a reported package always truly satisfies its constraints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

import highspy
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array

from accord.model.compiled import CompiledScenario
from accord.model.errors import AccordError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

TIME_LIMIT = 60.0
"""Seconds one solve may take before the engine reports that it gave up."""

OPTIONS: dict[str, float | bool | str] = {
    "output_flag": False,
    "mip_rel_gap": 1e-9,
    "mip_abs_gap": 1e-7,
    "presolve": "off",
    "mip_allow_cut_separation_at_nodes": False,
    "mip_pscost_minreliable": 0,
}
"""HiGHS options. Presolve: see above. The last two (cuts at the root only, no strong branching) take
20-25 % off a 6-party max-min proof (benchmarks/bench_optimize.py)."""

SEARCH_HEURISTICS = (
    "mip_heuristic_run_rins",
    "mip_heuristic_run_rens",
    "mip_heuristic_run_root_reduced_cost",
    "mip_heuristic_run_feasibility_jump",
)
"""Primal heuristics switched off under a cutoff: such a solve mostly proves that nothing passes it, where
they only cost time (25-40 % of a 6-party leximin uniqueness check)."""

TOLERANCE = 1e-6
"""How far a solver's solution may break a row, unless a problem asks for less (HiGHS's default)."""

MAX_CUTS = 50
"""No-good cuts tried before a borderline problem is reported as a solver failure."""


class Kind(StrEnum):
    RED_LINE = "red-line"
    LOCK = "lock"
    RESERVATION = "reservation"


@dataclass(frozen=True, order=True)
class Group:
    """A named acceptance constraint: one party's red line or lock on one point, or its reservation value."""

    kind: Kind
    party: str
    point: str | None = None

    def __str__(self) -> str:
        what = {Kind.RED_LINE: "red line", Kind.LOCK: "agreement", Kind.RESERVATION: "reservation value"}
        where = f" on {self.point}" if self.point else ""
        return f"{self.party}'s {what[self.kind]}{where}"


@dataclass(eq=False)
class Row:
    """A linear row ``low <= sum(coefficients[i] * variable[i]) <= high`` (compared by identity)."""

    coefficients: dict[int, float]
    low: float
    high: float


@dataclass
class Program:
    """A MILP over the options of a compiled scenario, with extra variables and rows added by each problem."""

    compiled: CompiledScenario
    offsets: IntArray
    n_vars: int
    lows: list[float]
    highs: list[float]
    integer: list[bool]
    rows: list[Row] = field(default_factory=list)
    groups: dict[Group, list[Row]] = field(default_factory=dict)
    terms: dict[tuple[int, int], int] = field(default_factory=dict)
    """Variable of each non-linear term (party, term): at most 1, and at most each of its conditions."""
    exact_check: bool = False
    """Check every package found against the agreement rule too (rows that are not groups)."""

    def add_variable(self, low: float = -np.inf, high: float = np.inf, *, integer: bool = False) -> int:
        self.lows.append(low)
        self.highs.append(high)
        self.integer.append(integer)
        self.n_vars += 1
        return self.n_vars - 1

    def add_row(self, coefficients: dict[int, float], low: float = -np.inf, high: float = np.inf) -> Row:
        row = Row(coefficients, low, high)
        self.rows.append(row)
        return row

    def x(self, k: int, o: int) -> int:
        """Index of the variable 'point k takes option o'."""
        return int(self.offsets[k] + o)

    def utility(self, p: int) -> dict[int, float]:
        """Coefficients of party ``p``'s utility (option variables, and its terms' variables)."""
        compiled = self.compiled
        coefficients = {
            self.x(k, o): float(compiled.utilities[p, k, o])
            for k, size in enumerate(compiled.sizes)
            for o in range(size)
            if compiled.utilities[p, k, o] != 0.0
        }
        for (party, t), variable in self.terms.items():
            if party == p:
                coefficients[variable] = float(compiled.term_weight[p, t])
        return coefficients

    def assignment(self, choice: IntArray) -> dict[int, float]:
        """The value of every option and term variable for a package (terms: 1 where all conditions hold)."""
        values = {self.x(k, int(o)): 1.0 for k, o in enumerate(choice)}
        for (p, t), variable in self.terms.items():
            admitted = self.compiled.term_admits[p, t, np.arange(len(choice)), choice]
            values[variable] = float(admitted.all())
        return values

    def total_utility(self) -> dict[int, float]:
        """Coefficients of the sum of every party's utility."""
        total: dict[int, float] = {}
        for p in range(len(self.compiled.parties)):
            for index, coefficient in self.utility(p).items():
                total[index] = total.get(index, 0.0) + coefficient
        return total

    def choice(self, solution: FloatArray) -> IntArray:
        """The package (option index per point) of a solver solution."""
        sizes = self.compiled.sizes
        return np.array(
            [
                int(np.argmax(solution[self.offsets[k] : self.offsets[k] + sizes[k]]))
                for k in range(len(sizes))
            ],
            dtype=np.int64,
        )


def base_program(compiled: CompiledScenario) -> Program:
    """Option variables and the one-option-per-point rows; no acceptance constraint yet."""
    sizes = compiled.sizes
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    n = int(sizes.sum())
    program = Program(compiled, offsets, n, [0.0] * n, [1.0] * n, [True] * n)
    for k, size in enumerate(sizes):
        program.add_row({program.x(k, o): 1.0 for o in range(size)}, 1.0, 1.0)
    _add_terms(program)
    return program


def _add_terms(program: Program) -> None:
    """A variable y in [0, 1] for each positive term, with y <= (some admitted option chosen) on each point it
    constrains. Term weights are not negative and every constraint and objective on a utility asks for more
    of it, so at an optimum y is exactly the conjunction; a reported package is evaluated exactly anyway."""
    compiled = program.compiled
    if not compiled.has_terms:
        return
    for p in range(len(compiled.parties)):
        for t in range(compiled.term_weight.shape[1]):
            if compiled.term_weight[p, t] <= 0:
                continue
            y = program.add_variable(0.0, 1.0)
            program.terms[(p, t)] = y
            for k in compiled.term_points(p, t):
                admitted = np.flatnonzero(compiled.term_admits[p, t, k, : compiled.sizes[k]])
                program.add_row({y: 1.0, **{program.x(int(k), int(o)): -1.0 for o in admitted}}, high=0.0)


def acceptance_groups(program: Program, parties: Sequence[int]) -> None:
    """Add each listed party's red lines, locks and reservation value as named groups."""
    compiled = program.compiled
    for p in parties:
        party = compiled.parties[p]
        for k, size in enumerate(compiled.sizes):
            banned = [o for o in range(size) if not compiled.allowed[p, k, o]]
            if banned:
                group = Group(Kind.RED_LINE, party, compiled.points[k])
                row = Row({program.x(k, o): 1.0 for o in banned}, -np.inf, 0.0)
                program.groups[group] = [row]
            if compiled.locked[p, k] >= 0:
                group = Group(Kind.LOCK, party, compiled.points[k])
                row = Row({program.x(k, int(compiled.locked[p, k])): 1.0}, 1.0, np.inf)
                program.groups[group] = [row]
        floor = float(compiled.reservation[p] - compiled.tolerance[p])
        program.groups[Group(Kind.RESERVATION, party)] = [Row(program.utility(p), floor, np.inf)]


def zone_program(compiled: CompiledScenario) -> Program:
    """The packages of the agreement zone.

    Under unanimity, every voter's acceptance is a set of named groups. Under a quorum rule each voter gets a
    binary 'accepts' variable ``a``: its red lines and locks bind only when ``a = 1``, its utility must reach
    ``a`` times its reservation value, at least ``quorum`` of the ``a`` are 1 and every veto player's is.
    """
    program = base_program(compiled)
    if compiled.unanimity:
        acceptance_groups(program, range(len(compiled.parties)))
        return program
    accepts = []
    for p in range(len(compiled.parties)):
        a = program.add_variable(float(compiled.veto[p]), 1.0, integer=True)
        accepts.append(a)
        for k, size in enumerate(compiled.sizes):
            banned = {program.x(k, o): 1.0 for o in range(size) if not compiled.allowed[p, k, o]}
            if banned:
                program.add_row({**banned, a: 1.0}, high=1.0)
            if compiled.locked[p, k] >= 0:
                program.add_row({program.x(k, int(compiled.locked[p, k])): 1.0, a: -1.0}, low=0.0)
        floor = float(compiled.reservation[p] - compiled.tolerance[p])
        program.add_row({**program.utility(p), a: -floor}, low=0.0)
    program.add_row(dict.fromkeys(accepts, 1.0), low=float(compiled.quorum))
    program.exact_check = True
    return program


@dataclass(frozen=True)
class Solution:
    choice: IntArray
    values: FloatArray
    """The solver's values of every variable."""
    objective: float
    """The objective's value (of the maximisation) at the solver's optimum."""


def solve(
    program: Program,
    objective: dict[int, float],
    *,
    dropped: frozenset[Group] = frozenset(),
    time_limit: float = TIME_LIMIT,
    start: IntArray | None = None,
    cutoff: float | None = None,
    tolerance: float = TOLERANCE,
) -> Solution | None:
    """Maximise ``objective`` under the programme's rows and groups (less ``dropped``); None if infeasible.
    ``start``, a package known to satisfy them, gives the solver a first incumbent; with ``cutoff``, only
    solutions of objective at least ``cutoff`` are sought (None when there is none), which prunes far more.
    ``tolerance``: how far the solver may break a row (tighter is slower).

    The package found is checked exactly against every kept group; a package that breaks one (within the
    solver's tolerance but beyond the grid's) is cut off and the problem solved again.
    """
    kept = [row for group, rows in program.groups.items() if group not in dropped for row in rows]
    cuts: list[Row] = []
    for _ in range(MAX_CUTS):
        rows = [*program.rows, *kept, *cuts]
        result = _milp(program, objective, rows, time_limit, start=start, cutoff=cutoff, tolerance=tolerance)
        if result is None:
            return None
        values, value = result
        choice = program.choice(values)
        rule_holds = not program.exact_check or program.compiled.agreement(choice)
        if rule_holds and all(holds(row, program, choice) for row in kept):
            return Solution(choice, values, value)
        cuts.append(no_good(program, choice))
    raise AccordError(
        f"the solver kept returning borderline packages ({MAX_CUTS} cuts); try the enumeration engine"
    )


def solve_relaxation(program: Program, objective: dict[int, float]) -> tuple[FloatArray, float] | None:
    """The linear relaxation (every variable continuous) under the programme's rows and every group: the
    optimal values of the variables and the objective, None when infeasible."""
    kept = [row for rows in program.groups.values() for row in rows]
    relaxed = Program(
        program.compiled,
        program.offsets,
        program.n_vars,
        program.lows,
        program.highs,
        [False] * program.n_vars,
    )
    return _milp(relaxed, objective, [*program.rows, *kept], TIME_LIMIT)


def _milp(
    program: Program,
    objective: dict[int, float],
    rows: list[Row],
    time_limit: float,
    *,
    start: IntArray | None = None,
    cutoff: float | None = None,
    tolerance: float = TOLERANCE,
) -> tuple[FloatArray, float] | None:
    c = np.zeros(program.n_vars)
    for index, coefficient in objective.items():
        c[index] += coefficient
    starts, indices, values = [0], list[int](), list[float]()
    for row in rows:
        indices.extend(row.coefficients)
        values.extend(row.coefficients.values())
        starts.append(len(indices))
    matrix = csr_array(
        (np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), np.array(starts)),
        shape=(len(rows), program.n_vars),
    )
    hint = None if start is None else program.assignment(start)
    return maximize(
        c,
        np.array(program.integer),
        (np.array(program.lows), np.array(program.highs)),
        matrix,
        (np.array([row.low for row in rows]), np.array([row.high for row in rows])),
        time_limit=time_limit,
        hint=hint,
        cutoff=cutoff,
        tolerance=tolerance,
    )


def maximize(
    c: FloatArray,
    integer: BoolArray,
    bounds: tuple[FloatArray, FloatArray],
    matrix: csr_array,
    row_bounds: tuple[FloatArray, FloatArray],
    *,
    time_limit: float = TIME_LIMIT,
    hint: dict[int, float] | None = None,
    cutoff: float | None = None,
    tolerance: float = TOLERANCE,
) -> tuple[FloatArray, float] | None:
    """Maximise ``c @ x`` with HiGHS under ``bounds[0] <= x <= bounds[1]`` and ``row_bounds[0] <= matrix @ x
    <= row_bounds[1]``, ``x`` integer where ``integer`` says: the optimal ``x`` and objective, None when
    infeasible. ``hint`` gives some variables' values of a feasible solution (HiGHS completes the rest), a
    first incumbent. ``cutoff``: a solution must reach this objective (None when none does). ``tolerance``:
    how far a solution may break a row."""
    with _quiet_stdout():
        solver = _solver(time_limit, cutoff, tolerance)
        solver.passModel(
            len(c),
            matrix.shape[0],
            matrix.nnz,
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMaximize),
            0.0,
            c,
            *bounds,
            *row_bounds,
            matrix.indptr.astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data,
            integer.astype(np.int32),
        )
        if hint is not None:
            index = np.fromiter(hint, dtype=np.int32, count=len(hint))
            values = np.fromiter(hint.values(), dtype=np.float64, count=len(hint))
            solver.setSolution(len(hint), index, values)
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kSolveError:
            # HiGHS found a solution at its feasibility tolerance and then rejected it (a row off by exactly
            # the tolerance): solve again to a tighter one
            solver.setOptionValue("mip_feasibility_tolerance", tolerance / 10)
            solver.run()
            status = solver.getModelStatus()
    if status in {highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kObjectiveBound}:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise AccordError(f"the MILP solver stopped without an answer: {solver.modelStatusToString(status)}")
    value = float(solver.getInfo().objective_function_value)
    if cutoff is not None and value < cutoff:  # a heuristic's solution, below the cutoff
        return None
    return np.asarray(solver.getSolution().col_value, dtype=np.float64), value


def _solver(time_limit: float, cutoff: float | None, tolerance: float) -> highspy.Highs:
    """A HiGHS instance with this module's options (build it with standard output quiet: it prints)."""
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    for option, value in OPTIONS.items():
        solver.setOptionValue(option, value)
    solver.setOptionValue("time_limit", time_limit)
    for option in ("mip_feasibility_tolerance", "primal_feasibility_tolerance"):
        solver.setOptionValue(option, tolerance)
    if cutoff is not None:  # HiGHS minimises the negated objective: prune what cannot go below -cutoff
        solver.setOptionValue("objective_bound", -cutoff)
        for option in SEARCH_HEURISTICS:
            solver.setOptionValue(option, False)
    return solver


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send what the solver's C code prints on file descriptor 1 to /dev/null: HiGHS sometimes prints debug
    lines there, which would corrupt the JSON that the CLI writes on standard output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def holds(row: Row, program: Program, choice: IntArray) -> bool:
    """Does a row over option and term variables hold for the package (exact on the grid)?"""
    values = program.assignment(choice)
    total = sum(coefficient * values.get(index, 0.0) for index, coefficient in row.coefficients.items())
    return bool(row.low <= total <= row.high)


def no_good(program: Program, choice: IntArray) -> Row:
    """A row that every package but ``choice`` satisfies."""
    return Row({program.x(k, int(o)): 1.0 for k, o in enumerate(choice)}, -np.inf, len(choice) - 1.0)
