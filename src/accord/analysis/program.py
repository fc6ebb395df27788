"""The package space as a mixed-integer linear programme: one formulation, many algorithms.

One binary variable per option of each point, exactly one chosen per point; each party's utility is a linear
expression of them. Acceptance is a set of *named constraint groups* - a party's red line on a point, its lock
on a point it has agreed, its reservation value - so that the deadlock explanation can drop and restore them
one group at a time.

A :class:`Program` is a value: built once from a compiled scenario (:func:`base_program`,
:func:`zone_program`) and never changed. An algorithm that needs variables and rows of its own opens a
:class:`Scope` on a programme, adds them there and solves ``scope.program()``, a new programme; groups are
set aside the same way, by value (:meth:`Program.without`). So every algorithm is a function of a programme
and its own additions: algorithms run in any order, alone in a test, or in another process (a programme
pickles).

The solver (:mod:`accord.analysis.highs`) works to tolerances (about 1e-6 on a row). Every package it returns
is therefore checked exactly in whole units of the compiled grid; one that breaks an acceptance constraint is
cut off (a no-good cut) and the problem solved again, so a reported package always truly satisfies its
constraints.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.analysis.highs import TIME_LIMIT, TOLERANCE, Settings, SparseRows, maximize
from accord.model.compiled import CompiledScenario
from accord.model.errors import AccordError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MAX_CUTS = 50
"""No-good cuts tried before a borderline problem is reported as a solver failure."""

Coefficients = Mapping[int, float]
"""A linear expression: coefficient of each variable (by index)."""
Share = tuple[Coefficients, float]
"""A linear expression plus a constant (a party's gain: its utility minus its reservation value)."""


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


@dataclass(frozen=True, eq=False)
class Row:
    """A linear row ``low <= sum(coefficients[i] * variable[i]) <= high`` (never changed once made)."""

    coefficients: Coefficients
    low: float = -np.inf
    high: float = np.inf

    @cached_property
    def entries(self) -> tuple[IntArray, FloatArray]:
        """The row's variables and coefficients as arrays (for the solver's matrix)."""
        indices = np.fromiter(self.coefficients, dtype=np.int64, count=len(self.coefficients))
        values = np.fromiter(self.coefficients.values(), dtype=np.float64, count=len(self.coefficients))
        return indices, values


@dataclass(frozen=True, eq=False)
class Program:
    """A MILP over the options of a compiled scenario: variables (bounds, integrality), rows, and the named
    acceptance groups. Never changed: see :class:`Scope` and :meth:`without`."""

    compiled: CompiledScenario
    offsets: IntArray
    """(K,) index of the variable of each point's first option."""
    lows: tuple[float, ...]
    highs: tuple[float, ...]
    integer: tuple[bool, ...]
    rows: tuple[Row, ...]
    groups: Mapping[Group, tuple[Row, ...]]
    terms: Mapping[tuple[int, int], int]
    """Variable of each non-linear term (party, term): at most 1, and at most each of its conditions."""
    floors: FloatArray
    """(P,) the least utility that reaches each party's reservation value (``CompiledScenario.floor``)."""
    utilities: tuple[Coefficients, ...] = ()
    """Each party's utility as coefficients (option variables, and its terms' variables)."""
    exact_check: bool = False
    """Check every package found against the agreement rule too (rows that are not groups)."""

    @property
    def n_vars(self) -> int:
        return len(self.lows)

    def x(self, k: int, o: int) -> int:
        """Index of the variable 'point k takes option o'."""
        return int(self.offsets[k] + o)

    def utility(self, p: int) -> Coefficients:
        """Coefficients of party ``p``'s utility (option variables, and its terms' variables)."""
        return self.utilities[p]

    def gain(self, p: int) -> Share:
        """Party ``p``'s gain: its utility less its reservation value."""
        return self.utility(p), -float(self.compiled.reservation[p])

    def total_utility(self) -> Coefficients:
        """Coefficients of the sum of every party's utility."""
        return combination(self.utilities, np.ones(len(self.utilities)))

    def assignment(self, choice: IntArray) -> dict[int, float]:
        """The value of every option and term variable for a package (terms: 1 where all conditions hold)."""
        values = {self.x(k, int(o)): 1.0 for k, o in enumerate(choice)}
        for (p, t), variable in self.terms.items():
            admitted = self.compiled.term_admits[p, t, np.arange(len(choice)), choice]
            values[variable] = float(admitted.all())
        return values

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

    def without(self, dropped: Collection[Group]) -> Program:
        """The same programme with the groups in ``dropped`` set aside."""
        kept = {group: rows for group, rows in self.groups.items() if group not in dropped}
        return dataclasses.replace(self, groups=kept)

    def with_groups(self, groups: Mapping[Group, tuple[Row, ...]]) -> Program:
        """The same programme with more named groups."""
        return dataclasses.replace(self, groups={**self.groups, **groups})


class Scope:
    """The variables and rows one algorithm adds to a programme. ``program()`` is the programme with them,
    a new value: the programme the scope was opened on never changes."""

    def __init__(self, base: Program) -> None:
        self.base = base
        self._lows: list[float] = []
        self._highs: list[float] = []
        self._integer: list[bool] = []
        self._rows: list[Row] = []

    def variable(self, low: float = -np.inf, high: float = np.inf, *, integer: bool = False) -> int:
        self._lows.append(low)
        self._highs.append(high)
        self._integer.append(integer)
        return self.base.n_vars + len(self._lows) - 1

    def row(self, coefficients: Coefficients, low: float = -np.inf, high: float = np.inf) -> Row:
        return self.add(Row(coefficients, low, high))

    def add(self, row: Row) -> Row:
        self._rows.append(row)
        return row

    def program(self) -> Program:
        base = self.base
        return dataclasses.replace(
            base,
            lows=base.lows + tuple(self._lows),
            highs=base.highs + tuple(self._highs),
            integer=base.integer + tuple(self._integer),
            rows=base.rows + tuple(self._rows),
        )


def combination(expressions: Sequence[Coefficients], weights: Sequence[float] | FloatArray) -> Coefficients:
    """``sum(weights[i] * expressions[i])``."""
    total: dict[int, float] = {}
    for expression, weight in zip(expressions, weights, strict=True):
        for index, coefficient in expression.items():
            total[index] = total.get(index, 0.0) + float(weight) * coefficient
    return total


def smallest(scope: Scope, shares: Sequence[Share], low: float = -np.inf) -> int:
    """The max-min formulation: a variable held at or below every share; maximised, the smallest share."""
    t = scope.variable(low)
    for coefficients, constant in shares:
        scope.row({**coefficients, t: -1.0}, low=-constant)
    return t


def base_program(compiled: CompiledScenario) -> Program:
    """Option variables, the one-option-per-point rows and the terms; no acceptance constraint yet."""
    sizes = compiled.sizes
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    n = int(sizes.sum())
    spans = [range(int(o), int(o + size)) for o, size in zip(offsets, sizes, strict=True)]
    rows = tuple(Row(dict.fromkeys(span, 1.0), 1.0, 1.0) for span in spans)
    floors = np.asarray(compiled.floor, dtype=np.float64)
    options = Program(compiled, offsets, (0.0,) * n, (1.0,) * n, (True,) * n, rows, {}, {}, floors)
    program = _with_terms(options)
    return dataclasses.replace(program, utilities=_utilities(program))


def _utilities(program: Program) -> tuple[Coefficients, ...]:
    compiled = program.compiled
    utilities = []
    for p in range(len(compiled.parties)):
        coefficients = {
            program.x(k, o): float(compiled.utilities[p, k, o])
            for k, size in enumerate(compiled.sizes)
            for o in range(size)
            if compiled.utilities[p, k, o] != 0.0
        }
        for (party, t), variable in program.terms.items():
            if party == p:
                coefficients[variable] = float(compiled.term_weight[p, t])
        utilities.append(coefficients)
    return tuple(utilities)


def _with_terms(program: Program) -> Program:
    """A variable y in [0, 1] for each positive term, with y <= (some admitted option chosen) on each point it
    constrains. Term weights are not negative and every constraint and objective on a utility asks for more
    of it, so at an optimum y is exactly the conjunction; a reported package is evaluated exactly anyway."""
    compiled = program.compiled
    if not compiled.has_terms:
        return program
    scope = Scope(program)
    terms = {}
    for p in range(len(compiled.parties)):
        for t in range(compiled.term_weight.shape[1]):
            if compiled.term_weight[p, t] <= 0:
                continue
            y = scope.variable(0.0, 1.0)
            terms[(p, t)] = y
            for k in compiled.term_points(p, t):
                admitted = np.flatnonzero(compiled.term_admits[p, t, k, : compiled.sizes[k]])
                scope.row({y: 1.0, **{program.x(int(k), int(o)): -1.0 for o in admitted}}, high=0.0)
    return dataclasses.replace(scope.program(), terms=terms)


def acceptance(program: Program, parties: Sequence[int]) -> Program:
    """The programme with each listed party's red lines, locks and reservation value as named groups."""
    compiled = program.compiled
    groups: dict[Group, tuple[Row, ...]] = {}
    for p in parties:
        party = compiled.parties[p]
        for k, size in enumerate(compiled.sizes):
            banned = [o for o in range(size) if not compiled.allowed[p, k, o]]
            if banned:
                row = Row({program.x(k, o): 1.0 for o in banned}, high=0.0)
                groups[Group(Kind.RED_LINE, party, compiled.points[k])] = (row,)
            if compiled.locked[p, k] >= 0:
                row = Row({program.x(k, int(compiled.locked[p, k])): 1.0}, low=1.0)
                groups[Group(Kind.LOCK, party, compiled.points[k])] = (row,)
        groups[Group(Kind.RESERVATION, party)] = (Row(program.utility(p), float(program.floors[p])),)
    return program.with_groups(groups)


def zone_program(compiled: CompiledScenario) -> Program:
    """The packages of the agreement zone.

    Under unanimity, every voter's acceptance is a set of named groups. Under a quorum rule each voter gets a
    binary 'accepts' variable ``a``: its red lines and locks bind only when ``a = 1``, its utility must reach
    ``a`` times its reservation value, at least ``quorum`` of the ``a`` are 1 and every veto player's is.
    """
    program = base_program(compiled)
    if compiled.unanimity:
        return acceptance(program, range(len(compiled.parties)))
    scope = Scope(program)
    accepts = []
    for p in range(len(compiled.parties)):
        a = scope.variable(float(compiled.veto[p]), 1.0, integer=True)
        accepts.append(a)
        for k, size in enumerate(compiled.sizes):
            banned = {program.x(k, o): 1.0 for o in range(size) if not compiled.allowed[p, k, o]}
            if banned:
                scope.row({**banned, a: 1.0}, high=1.0)
            if compiled.locked[p, k] >= 0:
                scope.row({program.x(k, int(compiled.locked[p, k])): 1.0, a: -1.0}, low=0.0)
        scope.row({**program.utility(p), a: -float(program.floors[p])}, low=0.0)
    scope.row(dict.fromkeys(accepts, 1.0), low=float(compiled.quorum))
    return dataclasses.replace(scope.program(), exact_check=True)


@dataclass(frozen=True)
class Solution:
    choice: IntArray
    values: FloatArray
    """The solver's values of every variable."""
    objective: float
    """The objective's value (of the maximisation) at the solver's optimum."""


def solve(
    program: Program,
    objective: Coefficients,
    *,
    start: IntArray | None = None,
    cutoff: float | None = None,
    tolerance: float = TOLERANCE,
    time_limit: float = TIME_LIMIT,
    first: bool = False,
) -> Solution | None:
    """Maximise ``objective`` under the programme's rows and groups; None if infeasible. ``start``, a package
    known to satisfy them, gives the solver a first incumbent; with ``cutoff``, only solutions of objective at
    least ``cutoff`` are sought (None when there is none), which prunes far more. ``tolerance``: how far the
    solver may break a row (tighter is slower). ``first``: the first package found that satisfies them, not
    necessarily the best.

    The package found is checked exactly against every group; a package that breaks one (within the solver's
    tolerance) is cut off and the problem solved again.
    """
    kept = [row for rows in program.groups.values() for row in rows]
    hint = None if start is None else program.assignment(start)
    settings = Settings(time_limit, hint, cutoff, tolerance, first)
    cuts: list[Row] = []
    for _ in range(MAX_CUTS):
        rows = [*program.rows, *kept, *cuts]
        result = _milp(program, objective, rows, np.array(program.integer), settings)
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


def solve_relaxation(program: Program, objective: Coefficients) -> tuple[FloatArray, float] | None:
    """The linear relaxation (every variable continuous) under the programme's rows and every group: the
    optimal values of the variables and the objective, None when infeasible."""
    rows = [*program.rows, *(row for rows in program.groups.values() for row in rows)]
    return _milp(program, objective, rows, np.zeros(program.n_vars, dtype=bool), Settings())


def _milp(
    program: Program, objective: Coefficients, rows: list[Row], integer: NDArray[np.bool_], settings: Settings
) -> tuple[FloatArray, float] | None:
    c = np.zeros(program.n_vars)
    for index, coefficient in objective.items():
        c[index] += coefficient
    entries = [row.entries for row in rows]
    lengths = np.fromiter((len(indices) for indices, _ in entries), dtype=np.int64, count=len(rows))
    matrix = SparseRows(
        np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
        np.concatenate([indices for indices, _ in entries]) if rows else np.zeros(0, dtype=np.int64),
        np.concatenate([values for _, values in entries]) if rows else np.zeros(0),
        program.n_vars,
    )
    row_bounds = (np.array([row.low for row in rows]), np.array([row.high for row in rows]))
    bounds = (np.array(program.lows), np.array(program.highs))
    return maximize(c, integer, bounds, matrix, row_bounds, settings=settings)


def holds(row: Row, program: Program, choice: IntArray) -> bool:
    """Does a row over option and term variables hold for the package? Exact: coefficients and bounds are
    read in whole units of the compiled grid (what utilities and floors are; a 1 is ``denominator`` units)."""
    values = program.assignment(choice)
    grid = program.compiled.denominator
    total = sum(round(c * grid) * round(values.get(index, 0.0)) for index, c in row.coefficients.items())
    low = row.low if math.isinf(row.low) else round(row.low * grid)
    high = row.high if math.isinf(row.high) else round(row.high * grid)
    return bool(low <= total <= high)


def no_good(program: Program, choice: IntArray) -> Row:
    """A row that every package but ``choice`` satisfies."""
    return Row({program.x(k, int(o)): 1.0 for k, o in enumerate(choice)}, high=len(choice) - 1.0)
