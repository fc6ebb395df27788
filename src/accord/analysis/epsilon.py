"""Pareto frontier points by mathematical programming, for spaces past enumeration.

Two parties: the epsilon-constraint method (Haimes, Lasdon & Wismer 1971; Chankong & Haimes 1983) walks the
whole frontier: maximise the first party's utility with the second's held above a level, then the second's
at that first utility (so the point is not weakly dominated), then raise the level just past it. Each step
finds the next frontier point, so the walk is exact and complete, up to the solver's tolerance
(``STEP``: two frontier points closer than that in the second party's utility are taken as one).

Three parties: epsilon-constraint problems over the boxes of the search region (Klamroth, Lacour &
Vanderpooten 2015; Dachert & Klamroth 2015), also exact and complete up to ``STEP``.

Four or more parties: supported frontier points from weighted sums with strictly positive weights spread
over the simplex (every such optimum is Pareto-optimal), each party's ideal point lexicographically
completed, up to a requested count.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.frontier import Frontier
from accord.analysis.parallel import aside, cores
from accord.analysis.pareto import nondominated
from accord.analysis.program import Coefficients, Program, Scope, combination, solve
from accord.analysis.supported import is_separable, simplex, supported_points

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

STEP = 5e-6
"""How far past the last point the next level (a box's bound) is set: more than the solver's tolerance (an
absolute 1e-6 a row), so that no point is found twice; points closer than that are taken as one."""

HALVES = 8
"""Frontier points asked for from which a two-party frontier is walked from both ends in two processes."""

POINTS = 50
"""Frontier points computed unless the caller asks for another number."""


@dataclass(frozen=True)
class FrontierPoints:
    frontier: Frontier
    complete: bool
    """Whether these are all the frontier's points (two parties, walk finished within the limit)."""


def frontier_points(program: Program, *, limit: int = POINTS) -> FrontierPoints:
    """Frontier points of the packages the programme admits (exact and complete for two parties)."""
    n = len(program.compiled.parties)
    if n == 2:
        return _walk(program, limit)
    if n == 3:
        return _search_region(program, limit)
    return _spread(program, limit)


def _walk(program: Program, limit: int) -> FrontierPoints:
    """Two parties. With a second core and at least ``HALVES`` points asked for, the frontier is walked from
    both ends at once, half the points each: from the first party's best in this process, from the second
    party's best in another. Together they hold every frontier point when either walk finished or the two
    met (the last point from below is at or past the last point from above)."""
    if limit < HALVES or cores() < 2:
        choices, complete = _walk_from(program, limit)
        return _points(program, choices, complete=complete)
    from_above = functools.partial(_walk_from, limit=limit - limit // 2, order=(1, 0))
    with aside(from_above, program) as walked_from_above:
        below, below_complete = _walk_from(program, limit // 2)
        above, above_complete = walked_from_above()
    utility = program.compiled.utility_of
    met = bool(below and above) and utility(below[-1])[1] >= utility(above[-1])[1]
    return _points(program, below + above, complete=below_complete or above_complete or met)


def _walk_from(program: Program, limit: int, order: tuple[int, int] = (0, 1)) -> tuple[list[IntArray], bool]:
    """Up to ``limit`` frontier packages from the best of party ``order[0]`` on, in increasing order of the
    other's utility, and whether they are all of them."""
    compiled = program.compiled
    first, second = program.utility(order[0]), program.utility(order[1])
    level = -np.inf
    choices: list[IntArray] = []
    while len(choices) < limit:
        step = Scope(program)
        step.row(second, low=level)
        best = solve(step.program(), first)
        if best is None:
            return choices, True
        u_first, u_second = compiled.utility_of(best.choice)[list(order)]
        step.row(first, low=u_first - STEP / 4)
        # the first solve's package is a start, and nothing below its second utility is wanted
        point = solve(step.program(), second, start=best.choice, cutoff=u_second - STEP / 4) or best
        choices.append(point.choice)
        level = max(level, float(compiled.utility_of(point.choice)[order[1]])) + STEP
    return choices, False


def _search_region(program: Program, limit: int) -> FrontierPoints:
    """Three parties: every frontier point, found one box of the search region at a time.

    The part of utility space where a frontier point not yet found can lie is a union of boxes
    ``{u > lower}``, one per *local lower bound* (Klamroth, Lacour & Vanderpooten 2015). A box is searched by
    maximising the first party's utility with the other two held above its bound, then the sum of theirs at
    that utility: the point found is on the frontier, and it splits every box it lies in; a box whose first
    utility cannot pass its bound is empty and dropped. With three parties this takes at most about three
    solves a point (Dachert & Klamroth 2015). A box's bound is ``STEP`` above the last point, past the
    solver's tolerance: points closer than that in every utility that differs are taken as one.
    """
    compiled = program.compiled
    utility = [program.utility(p) for p in range(3)]
    bounds: set[tuple[float, float, float]] = {(-np.inf, -np.inf, -np.inf)}
    choices: list[IntArray] = []
    while bounds:
        if len(choices) >= limit:
            return _points(program, choices, complete=False)
        lower = min(bounds)
        box = Scope(program)
        for p in (1, 2):
            if lower[p] > -np.inf:
                box.row(utility[p], low=lower[p] + STEP)
        best = solve(box.program(), utility[0])
        if best is None or (reached := compiled.utility_of(best.choice))[0] < lower[0] + STEP / 2:
            bounds.discard(lower)
            continue
        box.row(utility[0], low=float(reached[0]) - STEP / 4)
        cutoff = float(reached[1:].sum()) - STEP / 4
        others = combination(utility[1:], [1.0, 1.0])
        point = solve(box.program(), others, start=best.choice, cutoff=cutoff) or best
        choices.append(point.choice)
        bounds = _split(bounds, tuple(compiled.utility_of(point.choice)), STEP / 2)
    return _points(program, choices, complete=True)


def _split(
    bounds: set[tuple[float, float, float]], point: tuple[float, ...], step: float
) -> set[tuple[float, float, float]]:
    """The local lower bounds once ``point`` is found: each box it lies in is replaced by the three boxes of
    the points beating it in one utility, and boxes inside another box are dropped."""
    inside = {lower for lower in bounds if all(u >= b + step for u, b in zip(point, lower, strict=True))}
    candidates = bounds - inside
    for lower in inside:
        for j in range(3):
            raised = list(lower)
            raised[j] = point[j]
            candidates.add((raised[0], raised[1], raised[2]))
    return {lower for lower in candidates if not any(_below(other, lower) for other in candidates)}


def _below(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """``a`` is at most ``b`` in every utility and not equal to it: the box above ``b`` is inside ``a``'s."""
    return a != b and all(x <= y for x, y in zip(a, b, strict=True))


def _spread(program: Program, limit: int) -> FrontierPoints:
    if is_separable(program):
        return _points(program, list(supported_points(program, limit)), complete=False)
    utilities = [program.utility(p) for p in range(len(program.compiled.parties))]
    choices: list[IntArray] = []
    for weights in simplex(len(utilities), limit):
        objective = combination(utilities, weights)
        solution = solve(program, objective)
        if solution is None:
            break
        choices.append(_completed(program, objective, solution.choice, solution.objective))
    return _points(program, choices, complete=False)


def _completed(program: Program, objective: Coefficients, choice: IntArray, value: float) -> IntArray:
    """Lexicographic completion of a weighted optimum: at that optimum, the largest total, so that no
    weakly dominated point is kept."""
    hold = Scope(program)
    hold.row(objective, low=value - STEP * max(1.0, abs(value)))
    total = float(program.compiled.utility_of(choice).sum())
    found = solve(hold.program(), program.total_utility(), start=choice, cutoff=total - STEP)
    return choice if found is None else found.choice


def _points(program: Program, choices: list[IntArray], *, complete: bool) -> FrontierPoints:
    compiled = program.compiled
    if not choices:
        empty = Frontier(
            np.zeros((0, len(compiled.points)), dtype=np.int64), np.zeros((0, len(compiled.parties)))
        )
        return FrontierPoints(empty, complete)
    c = np.array(choices, dtype=np.int64)
    u = np.array([compiled.utility_of(choice) for choice in c])
    keep = nondominated(u)
    order = np.lexsort(c[keep].T[::-1])  # package-number order, as the enumeration engine lists them
    return FrontierPoints(Frontier(c[keep][order], u[keep][order]), complete)
