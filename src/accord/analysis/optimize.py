"""Bargaining solutions by mathematical programming: exact answers where enumeration cannot go.

Each function takes a :class:`~accord.analysis.program.Program` of the agreement zone and returns the chosen
package, or None when the zone is empty; what it adds to the programme it adds in a
:class:`~accord.analysis.program.Scope` of its own, so the functions run in any order. Gains are utilities
over reservation values.

- Emptiness: maximise the smallest gain (TOOLCHAIN: far faster than a zero-objective feasibility solve);
  when only emptiness is asked (:func:`zone_exists`), stopped at the first package found.
- Egalitarian (leximin): the largest smallest gain, then one solve to show that no other package comes within
  ``HOLD`` of it (the package found cut off, everything below the bound pruned): then it is the leximin
  package. Only when another one does, Ogryczak & Sliwinski's (2006) stages follow: maximise the sum of the
  ``j`` smallest gains for ``j = 2 .. P`` in turn, each optimum then held.
- Utilitarian: maximise the sum of utilities.
- Kalai-Smorodinsky: each party's ideal gain, then leximin of gains as shares of the ideals.
- Nash: maximise the sum of log gains by outer approximation with tangent cuts of the log: first on the linear
  relaxation (cheap; the cuts gather near its Nash point), then on the integer problem, a cut added at each
  package found until the bound and the best package agree within ``NASH_TOLERANCE`` (a certificate of
  optimality). On the 30 x 10 x 6 benchmark one or two integer solves suffice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.program import (
    Program,
    Scope,
    Share,
    Solution,
    combination,
    no_good,
    smallest,
    solve,
    solve_relaxation,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NASH_TOLERANCE = 1e-6
"""Gap allowed between the sum of log gains of the Nash package and its proven upper bound."""

MAX_NASH_ROUNDS = 60
"""Integer rounds of tangent cuts before the Nash search stops and reports its gap."""

MAX_RELAXED_ROUNDS = 200
"""Rounds of tangent cuts on the linear relaxation, before the integer rounds."""

TIGHT = 1e-7
"""The solver's tolerance in Ogryczak's stages (run only on near-ties): each stage's objective adds up
several rows, and at the default 1e-6 a row two packages 2e-6 apart in a later position could swap."""

NEGLIGIBLE = 1e-9
"""An ideal gain this small counts as none in Kalai-Smorodinsky (the exact enumeration engine counts any)."""

HOLD = 1e-6
"""Slack when an optimum found earlier is held as a constraint (the solver's tolerance: about 1e-6 a row)."""


@dataclass(frozen=True)
class NashCertificate:
    """The Nash package's sum of log gains, the proven upper bound on it, and the rounds of cuts it took."""

    value: float
    bound: float
    rounds: int

    @property
    def gap(self) -> float:
        return self.bound - self.value


def held(value: float) -> float:
    """The least objective that still counts as an optimum ``value`` found earlier (``HOLD`` below it)."""
    return value - HOLD * max(1.0, abs(value))


def max_min_gain(program: Program) -> Solution | None:
    """The package of largest smallest gain; None when the zone is empty."""
    return max_min(program, [program.gain(p) for p in range(len(program.compiled.parties))])


def zone_exists(program: Program) -> bool:
    """Whether the zone has a package: the programme of :func:`max_min_gain`, stopped at the first package
    found (any one answers; proving it the best took 9 times as long on samples of a 30 x 10 x 6 scenario)."""
    shares = [program.gain(p) for p in range(len(program.compiled.parties))]
    return max_min(program, shares, first=True) is not None


def max_min(
    program: Program,
    shares: Sequence[Share],
    *,
    cutoff: float | None = None,
    excluded: IntArray | None = None,
    first: bool = False,
) -> Solution | None:
    """The package of largest smallest share (one reaching ``cutoff`` and not ``excluded``, if given; with
    ``first``, the first package found, not necessarily the largest)."""
    scope = Scope(program)
    if excluded is not None:
        scope.add(no_good(program, excluded))
    t = smallest(scope, shares)
    return solve(scope.program(), {t: 1.0}, cutoff=cutoff, first=first)


def utilitarian(program: Program) -> Solution | None:
    """The package of largest total utility."""
    return solve(program, program.total_utility())


def egalitarian(
    program: Program, scale: FloatArray | None = None, *, max_min_found: Solution | None = None
) -> Solution | None:
    """Leximin of gains (of gains divided by ``scale`` when given; parties with scale 0 left out).

    First the largest smallest share (``max_min_found``, when the caller has it already). If no other
    package comes within ``HOLD`` of it - one more solve, the package found cut off and everything below the
    bound pruned - that package is the leximin one; otherwise Ogryczak's stages follow.
    """
    compiled = program.compiled
    counted = [p for p in range(len(compiled.parties)) if scale is None or scale[p] > 0]
    shares = [_scaled(program.gain(p), 1.0 if scale is None else float(scale[p])) for p in counted]
    first = max_min_found if max_min_found is not None and scale is None else max_min(program, shares)
    if first is None or len(shares) == 1:
        return first
    floor = held(first.objective)
    if max_min(program, shares, cutoff=floor, excluded=first.choice) is None:
        return first
    return _ogryczak(program, shares, first, floor)


def _ogryczak(program: Program, shares: Sequence[Share], first: Solution, floor: float) -> Solution:
    """Stages 2 .. P of leximin (Ogryczak & Sliwinski 2006): maximise the sum of the ``j`` smallest shares,
    each optimum then held; stage 1's optimum ``floor`` is held for every share."""
    scope = Scope(program)
    for coefficients, constant in shares:
        scope.row(coefficients, low=floor - constant)
    solution = first
    for j in range(2, len(shares) + 1):
        t = scope.variable()
        excess = [scope.variable(0.0) for _ in shares]
        for d, (coefficients, constant) in zip(excess, shares, strict=True):
            # d >= t - share, so that j t - sum(d) is the sum of the j smallest shares at the optimum
            scope.row({d: 1.0, t: -1.0, **coefficients}, low=-constant)
        objective = {t: float(j), **dict.fromkeys(excess, -1.0)}
        found = solve(scope.program(), objective, start=solution.choice, tolerance=TIGHT)
        if found is None:  # cannot happen: the previous stage's package is feasible
            break
        solution = found
        scope.row(objective, low=held(solution.objective))
    return solution


def ideal_gains(program: Program) -> FloatArray | None:
    """(P,) each party's largest gain in the zone; None when the zone is empty."""
    compiled = program.compiled
    ideal = np.zeros(len(compiled.parties))
    for p in range(len(compiled.parties)):
        # on a unit scale: HiGHS ignores coefficients below 1e-9, and a party's utilities may all be smaller
        coefficients = program.utility(p)
        size = max(map(abs, coefficients.values()), default=0.0) or 1.0
        solution = solve(program, {i: c / size for i, c in coefficients.items()})
        if solution is None:
            return None
        ideal[p] = compiled.utility_of(solution.choice)[p] - compiled.reservation[p]
    return ideal


def kalai_smorodinsky(program: Program) -> Solution | None:
    """Leximin of gains as shares of each party's ideal gain (Kalai & Smorodinsky 1975); a party whose ideal
    gain is ``NEGLIGIBLE`` or less is left out, as one with none (its shares would be gains divided by almost
    nothing, past what a solver working to 1e-6 can compare)."""
    ideal = ideal_gains(program)
    if ideal is None:
        return None
    counted = ideal > NEGLIGIBLE
    if not counted.any():
        return utilitarian(program)
    return egalitarian(program, scale=np.where(counted, ideal, 0.0))


def nash(program: Program) -> tuple[Solution, NashCertificate | None] | None:
    """The Nash package with its certificate; when no package gives every party a positive gain the Nash
    product is 0 throughout the zone and, as in the enumeration engine, the largest total utility decides.

    Outer approximation: the tangent cuts are first refined on the linear relaxation (cheap linear
    programmes, converging on the relaxation's Nash point), then the integer problem is solved with them and
    a tangent added at each package it returns, until its bound and the best package agree within
    ``NASH_TOLERANCE``.
    """
    compiled = program.compiled
    reachable = (
        compiled.utilities.max(axis=2).sum(axis=1)
        + np.clip(compiled.term_weight, 0.0, None).sum(axis=1)
        - compiled.reservation
    )  # no gain exceeds this; it bounds the log variables, which tangents alone may leave unbounded
    found = None
    if (reachable > 0).all():
        scope = Scope(program)
        z = [scope.variable(high=math.log(top)) for top in reachable]
        for p in range(len(z)):  # a positive gain is at least one unit of the grid
            coefficients, constant = program.gain(p)
            scope.row(coefficients, low=compiled.unit - constant)
        found = _nash_by_cuts(scope, z) if _relaxed_tangents(scope, z) else None
    if found is not None:
        return found
    best = utilitarian(program)
    return None if best is None else (best, None)


def _relaxed_tangents(scope: Scope, z: list[int]) -> bool:
    """Add tangents of the log that approximate it well near the Nash point of the linear relaxation
    (Kelley's cutting planes, on linear programmes); False when no fractional package gives every party a
    positive gain, so that no package does."""
    reached = _relaxed_max_min(scope.program())
    if reached is None:
        return False
    floor = reached * 1e-3
    for _ in range(MAX_RELAXED_ROUNDS):
        _add_tangents(scope, z, reached)
        relaxed = solve_relaxation(scope.program(), dict.fromkeys(z, 1.0))
        if relaxed is None:  # cannot happen: the max-min point is feasible
            break
        values, bound = relaxed
        reached = np.maximum(_gains_at(scope.base, values), floor)
        if bound - float(np.log(reached).sum()) <= NASH_TOLERANCE:
            break
    _add_tangents(scope, z, reached)
    return True


def _relaxed_max_min(program: Program) -> FloatArray | None:
    """Gains at the linear relaxation's max-min point, when they are all positive."""
    scope = Scope(program)
    t = smallest(scope, [program.gain(p) for p in range(len(program.compiled.parties))])
    relaxed = solve_relaxation(scope.program(), {t: 1.0})
    if relaxed is None or relaxed[1] <= 0:
        return None
    # every gain is at least the smallest, whatever rounding says
    return np.maximum(_gains_at(program, relaxed[0]), relaxed[1])


def _nash_by_cuts(scope: Scope, z: list[int]) -> tuple[Solution, NashCertificate] | None:
    """Integer rounds of the outer approximation, the relaxation's tangents in place; None when no package
    gives every party a positive gain.

    The rows that ask for positive gains hold only up to the solver's tolerance, so a round may return a
    package where some party gains nothing (its product is 0): it is cut off, after a max-min solve has
    shown that some package does give everyone a gain (or that none does).
    """
    program = scope.base
    best: Solution | None = None
    best_value = -math.inf
    bound = math.inf
    for round_ in range(1, MAX_NASH_ROUNDS + 1):
        start = None if best is None else best.choice
        solution = solve(scope.program(), dict.fromkeys(z, 1.0), start=start)
        if solution is None:
            return None
        reached = _gains_of(program, solution.choice)
        if (reached <= 0).any():
            if best is None:
                best = max_min_gain(scope.program())
                gains = None if best is None else _gains_of(program, best.choice)
                if gains is None or gains.min() <= 0:
                    return None
                best_value = float(np.log(gains).sum())
                _add_tangents(scope, z, gains)
            scope.add(no_good(program, solution.choice))
            continue
        bound = solution.objective
        value = float(np.log(reached).sum())
        if best is None or value > best_value:
            best, best_value = solution, value
        if bound - best_value <= NASH_TOLERANCE:
            return best, NashCertificate(best_value, bound, round_)
        _add_tangents(scope, z, reached)
    if best is None:
        return None
    return best, NashCertificate(best_value, bound, MAX_NASH_ROUNDS)


def _add_tangents(scope: Scope, z: list[int], point: FloatArray) -> None:
    """Rows z_p <= log(a) + (gain_p - a) / a at each positive gain a of ``point``."""
    for p, variable in enumerate(z):
        coefficients, constant = scope.base.gain(p)
        a = float(point[p])
        if a > 0:  # z - gain / a <= log(a) - 1 + constant / a
            row = {variable: 1.0, **{i: -c / a for i, c in coefficients.items()}}
            scope.row(row, high=math.log(a) - 1.0 + constant / a)


def _scaled(share: Share, scale: float) -> Share:
    coefficients, constant = share
    return combination([coefficients], [1.0 / scale]), constant / scale


def _gains_of(program: Program, choice: IntArray) -> FloatArray:
    compiled = program.compiled
    result: FloatArray = compiled.utility_of(choice) - compiled.reservation
    return result


def _gains_at(program: Program, values: FloatArray) -> FloatArray:
    """Each party's gain at a (possibly fractional) solution of the programme's variables."""
    result = np.zeros(len(program.compiled.parties))
    for p in range(len(result)):
        coefficients, constant = program.gain(p)
        result[p] = sum(c * values[i] for i, c in coefficients.items()) + constant
    return result
