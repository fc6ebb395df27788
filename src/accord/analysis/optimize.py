"""Bargaining solutions by mathematical programming: exact answers where enumeration cannot go.

Each function takes a :class:`~accord.analysis.program.Program` of the agreement zone and returns the chosen
package, or None when the zone is empty. Gains are utilities over reservation values.

- Emptiness: maximise the smallest gain (TOOLCHAIN: far faster than a zero-objective feasibility solve).
- Egalitarian: leximin by Ogryczak & Sliwinski (2006): maximise the sum of the ``j`` smallest gains for
  ``j = 1 .. P`` in turn, each optimum then held as a constraint.
- Utilitarian: maximise the sum of utilities.
- Kalai-Smorodinsky: each party's ideal gain, then leximin of gains as shares of the ideals.
- Nash: maximise the sum of log gains by outer approximation: tangent cuts of the log, added at each solution
  until the bound and the best package found agree within ``NASH_TOLERANCE`` (a certificate of optimality).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.program import Program, Solution, solve

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NASH_TOLERANCE = 1e-6
"""Gap allowed between the sum of log gains of the Nash package and its proven upper bound."""

MAX_NASH_ROUNDS = 60
"""Rounds of tangent cuts before the Nash search stops and reports its gap."""

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


def gains(program: Program, p: int) -> tuple[dict[int, float], float]:
    """Coefficients and constant of party ``p``'s gain: utility minus reservation value."""
    return program.utility(p), -float(program.compiled.reservation[p])


def max_min_gain(program: Program) -> Solution | None:
    """The package of largest smallest gain; None when the zone is empty."""
    t = program.add_variable()
    for p in range(len(program.compiled.parties)):
        coefficients, constant = gains(program, p)
        program.add_row({**coefficients, t: -1.0}, low=-constant)
    try:
        return solve(program, {t: 1.0})
    finally:
        _pop(program, rows=len(program.compiled.parties), variables=1)


def utilitarian(program: Program) -> Solution | None:
    """The package of largest total utility."""
    return solve(program, program.total_utility())


def egalitarian(program: Program, scale: FloatArray | None = None) -> Solution | None:
    """Leximin of gains (of gains divided by ``scale`` when given; parties with scale 0 left out)."""
    compiled = program.compiled
    counted = [p for p in range(len(compiled.parties)) if scale is None or scale[p] > 0]
    shares = [_scaled_gain(program, p, 1.0 if scale is None else float(scale[p])) for p in counted]
    added_rows, added_vars = 0, 0
    solution: Solution | None = None
    try:
        for j in range(1, len(shares) + 1):
            t = program.add_variable()
            excess = [program.add_variable(0.0) for _ in shares]
            added_vars += 1 + len(shares)
            for d, (coefficients, constant) in zip(excess, shares, strict=True):
                # d >= t - share, so that j t - sum(d) is the sum of the j smallest shares at the optimum
                program.add_row({d: 1.0, t: -1.0, **coefficients}, low=-constant)
                added_rows += 1
            objective = {t: float(j), **dict.fromkeys(excess, -1.0)}
            solution = solve(program, objective)
            if solution is None:
                return None
            program.add_row(objective, low=solution.objective - HOLD * max(1.0, abs(solution.objective)))
            added_rows += 1
        return solution
    finally:
        _pop(program, rows=added_rows, variables=added_vars)


def ideal_gains(program: Program) -> FloatArray:
    """(P,) each party's largest gain in the zone (the zone must not be empty)."""
    compiled = program.compiled
    ideal = np.zeros(len(compiled.parties))
    for p in range(len(compiled.parties)):
        solution = solve(program, program.utility(p))
        if solution is None:
            raise ValueError("the zone is empty: no ideal gains")
        ideal[p] = compiled.utility_of(solution.choice)[p] - compiled.reservation[p]
    return ideal


def kalai_smorodinsky(program: Program) -> Solution | None:
    """Leximin of gains as shares of each party's ideal gain (Kalai & Smorodinsky 1975)."""
    if max_min_gain(program) is None:
        return None
    ideal = ideal_gains(program)
    if not (ideal > 0).any():
        return utilitarian(program)
    return egalitarian(program, scale=np.where(ideal > 0, ideal, 0.0))


def nash(program: Program) -> tuple[Solution, NashCertificate | None] | None:
    """The Nash package with its certificate; when no package gives every party a positive gain the Nash
    product is 0 throughout the zone and, as in the enumeration engine, the largest total utility decides."""
    start = max_min_gain(program)
    if start is None:
        return None
    if _gains_of(program, start.choice).min() <= 0:
        best = utilitarian(program)
        return None if best is None else (best, None)
    return _nash_by_cuts(program, start, ideal_gains(program))


def _nash_by_cuts(program: Program, start: Solution, ideal: FloatArray) -> tuple[Solution, NashCertificate]:
    compiled = program.compiled
    n = len(compiled.parties)
    z = [program.add_variable(high=math.log(ideal[p])) for p in range(n)]
    floor = compiled.tolerance  # a positive gain is at least one grid step; the solver sees it as >= 0
    rows = 0
    for p in range(n):
        coefficients, constant = gains(program, p)
        program.add_row(coefficients, low=float(floor[p]) - constant)
        rows += 1
    best, best_value = start, _log_product(program, start.choice)
    points = _tangent_points(program, start, ideal)
    # Where a solution gives a party no gain, the next tangent goes at `tiny`, closer to 0 each time.
    tiny = _gains_of(program, start.choice) * 1e-3
    try:
        for round_ in range(1, MAX_NASH_ROUNDS + 1):
            rows += _add_tangents(program, z, points)
            solution = solve(program, dict.fromkeys(z, 1.0))
            if solution is None:  # cannot happen: the start package is feasible
                break
            value = _log_product(program, solution.choice)
            if value > best_value:
                best, best_value = solution, value
            if solution.objective - best_value <= NASH_TOLERANCE:
                return best, NashCertificate(best_value, solution.objective, round_)
            reached = _gains_of(program, solution.choice)
            points = np.where(reached > 0, reached, tiny)[None, :]
            tiny = np.where(reached > 0, tiny, tiny * 1e-3)
        return best, NashCertificate(
            best_value, solution.objective if solution else math.inf, MAX_NASH_ROUNDS
        )
    finally:
        _pop(program, rows=rows, variables=n)


def _tangent_points(program: Program, start: Solution, ideal: FloatArray) -> FloatArray:
    """First tangent points of each party's log: its gain at the max-min package and its ideal gain."""
    return np.vstack([_gains_of(program, start.choice), ideal])


def _add_tangents(program: Program, z: list[int], points: FloatArray) -> int:
    """Rows z_p <= log(a) + (gain_p - a) / a at each positive gain a in ``points``; returns how many."""
    added = 0
    for p, variable in enumerate(z):
        coefficients, constant = gains(program, p)
        for a in points[:, p]:
            if a <= 0:
                continue
            # z - gain / a <= log(a) - 1 + constant / a
            row = {variable: 1.0, **{i: -c / a for i, c in coefficients.items()}}
            program.add_row(row, high=math.log(a) - 1.0 + constant / a)
            added += 1
    return added


def _scaled_gain(program: Program, p: int, scale: float) -> tuple[dict[int, float], float]:
    coefficients, constant = gains(program, p)
    return {i: c / scale for i, c in coefficients.items()}, constant / scale


def _gains_of(program: Program, choice: IntArray) -> FloatArray:
    compiled = program.compiled
    result: FloatArray = compiled.utility_of(choice) - compiled.reservation
    return result


def _log_product(program: Program, choice: IntArray) -> float:
    g = _gains_of(program, choice)
    return float(np.log(g).sum()) if (g > 0).all() else -math.inf


def _pop(program: Program, *, rows: int, variables: int) -> None:
    """Remove the last ``rows`` rows and ``variables`` variables a problem added."""
    del program.rows[len(program.rows) - rows :]
    for values in (program.lows, program.highs, program.integer):
        del values[len(values) - variables :]
    program.n_vars -= variables
