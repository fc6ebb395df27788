"""The one numeric form of a scenario that every engine reads.

A party's utility is an additive part, stored per party, per point and per option as ``weight * value``, plus
its non-linear terms, stored as a weight and a mask of the options each term admits on each point (a term adds
its weight when every point takes an admitted option). Contributions, term weights and reservation values are
held as whole numbers of units of ``1 / denominator`` (``units``, ``term_units``, ``floor_units``), one grid
for every party, chosen so that utilities equal as the input writes them are equal (``grid.py``,
``docs/methods.md``). Every package utility is a sum of at most ``K + T`` of them, a whole number of units
no larger than ``2**50``: exact in float64 in any order, so enumeration, dynamic programming, the MILP's
checks and the brute-force oracle agree to the last bit and ties are ties. Engines add units and turn a
package's total into a utility once (``to_utilities``: ``N / denominator``, correctly rounded, so the order
of utilities is the order of their units and ``to_units`` gives the units back). ``utilities``,
``term_weight`` and ``reservation`` are those floats of the parts, for the MILP's coefficients and display.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.model import grid
from accord.model.documents import Point
from accord.model.errors import AccordError
from accord.model.preferences import Preferences
from accord.model.rules import Rule
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CompiledScenario:
    """A scenario as arrays, for the parties whose consent the agreement rule counts.

    Shapes: ``P`` parties, ``K`` points, ``M`` the most options of any point (shorter points are padded).
    """

    parties: tuple[str, ...]
    points: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    units: FloatArray
    """(P, K, M) contribution of each option to each party's utility, in whole units; 0 on padding."""
    utilities: FloatArray
    """(P, K, M) the same contributions as utilities (``units / denominator``)."""
    allowed: BoolArray
    """(P, K, M) False where a red line excludes the option for the party; False on padding."""
    locked: IntArray
    """(P, K) index of the option a party has already agreed to on a point, or -1 where it is open."""
    term_units: FloatArray
    """(P, T) weight of each non-linear term of each party, in whole units; 0 on padding (``T`` is the most
    terms of any party)."""
    term_weight: FloatArray
    """(P, T) the same weights as utilities."""
    term_admits: BoolArray
    """(P, T, K, M) whether a term admits an option of a point: True on every option of a point the term does
    not name, and on padding terms; False on padded options."""
    reservation: FloatArray
    """(P,) utility of no agreement for each party (the float of its units)."""
    floor_units: FloatArray
    """(P,) the least utility, in whole units, that a party accepts: its reservation value, less the rounding
    bound (a unit for each point, term and the reservation value) when the grid is not exact."""
    tolerance: FloatArray
    """(P,) that rounding bound as a utility: 0 on an exact grid."""
    denominator: int
    """Units in one unit of utility: a utility of ``N`` units is ``N / denominator``."""
    exact: bool
    """Whether every contribution, term weight and reservation value is a whole number of units as the input
    writes it (else each was rounded to the nearest unit)."""
    quorum: int
    """How many parties must accept; ``len(parties)`` under unanimity."""
    veto: BoolArray
    """(P,) parties that must accept whatever the quorum."""
    values: FloatArray
    """(P, K, M) each party's declared value of each option (before weighting); 0 on padding."""
    thresholds: FloatArray
    """(P, K) the party's ``min_value`` red line on the point (the highest if several), NaN where none."""
    rejected: BoolArray
    """(P, K, M) options a red line rejects by name. ``allowed``: not rejected and not below threshold."""

    @property
    def sizes(self) -> IntArray:
        """(K,) number of options of each point."""
        return np.array([len(options) for options in self.options], dtype=np.int64)

    @property
    def n_packages(self) -> int:
        """Number of packages (one option per point), as an exact integer."""
        return math.prod(len(options) for options in self.options)

    @property
    def has_terms(self) -> bool:
        """Whether some party's utility has a non-linear term (else every utility is additive over points)."""
        return bool(np.any(self.term_weight != 0))

    def term_points(self, party: int, term: int) -> IntArray:
        """Indices of the points a term constrains (where it does not admit every option)."""
        admits = self.term_admits[party, term]
        real = np.arange(admits.shape[1])[None, :] < self.sizes[:, None]
        return np.flatnonzero(np.any(real & ~admits, axis=1))

    @property
    def floor(self) -> FloatArray:
        """(P,) ``floor_units`` as utilities: a utility reaches it exactly when its units reach the units."""
        return self.to_utilities(self.floor_units)

    @property
    def unit(self) -> float:
        """One unit as a utility: the smallest positive difference between two utilities of a party."""
        return 1.0 / self.denominator

    def to_utilities(self, units: FloatArray) -> FloatArray:
        """Utilities of whole numbers of units (correctly rounded, so ties and order are kept)."""
        result: FloatArray = np.asarray(units, dtype=np.float64) / self.denominator
        return result

    def to_units(self, utilities: FloatArray) -> FloatArray:
        """The whole numbers of units of utilities that ``to_utilities`` gave (exact: see ``grid.py``)."""
        result: FloatArray = np.round(np.asarray(utilities, dtype=np.float64) * self.denominator)
        return result

    def gains(self, utilities: FloatArray) -> FloatArray:
        """(..., P) utilities over the reservation values, in whole units (what bargaining compares)."""
        result: FloatArray = self.to_units(utilities) - self.to_units(self.reservation)
        return result

    @property
    def unanimity(self) -> bool:
        return self.quorum == len(self.parties)

    @cached_property
    def acceptable(self) -> BoolArray:
        """(P, K, M) options a party accepts on a point: allowed by its red lines and true to its locks."""
        m = self.utilities.shape[2]
        locked = self.locked[:, :, None]
        consistent = (locked < 0) | (np.arange(m)[None, None, :] == locked)
        result: BoolArray = self.allowed & consistent
        return result

    def package(self, choice: IntArray | tuple[int, ...]) -> dict[str, str]:
        """A package as ``{point_id: option_id}`` from one option index per point."""
        return {
            point: self.options[k][int(o)]
            for k, (point, o) in enumerate(zip(self.points, choice, strict=True))
        }

    def utility_of(self, choice: IntArray | tuple[int, ...]) -> FloatArray:
        """(P,) utility of each party for one package given as option indices."""
        return self.utilities_of(np.asarray(choice)[None, :])[:, 0]

    def utilities_of(self, choices: IntArray) -> FloatArray:
        """(P, n) utility of each party for packages given as option indices, ``choices`` (n, K)."""
        return self.to_utilities(self.units_of(choices))

    def units_of(self, choices: IntArray) -> FloatArray:
        """(P, n) utility in whole units of each party for packages given as option indices (n, K).

        The one place a package's units are summed from its per-point contributions and its terms (exact in
        any order): engines that need many packages' utilities call this.
        """
        choices = np.asarray(choices, dtype=np.int64)
        result: FloatArray = np.zeros((len(self.parties), len(choices)))
        for k in range(len(self.points)):
            result += self.units[:, k, choices[:, k]]
        if self.has_terms:
            holds = np.ones((*self.term_units.shape, len(choices)), dtype=bool)
            for k in range(len(self.points)):
                holds &= self.term_admits[:, :, k, choices[:, k]]
            result += np.where(holds, self.term_units[:, :, None], 0.0).sum(axis=1)
        return result

    def acceptable_of(self, choices: IntArray) -> BoolArray:
        """(P, n) whether each party accepts every option of each package (red lines and locks)."""
        choices = np.asarray(choices, dtype=np.int64)
        result: BoolArray = np.ones((len(self.parties), len(choices)), dtype=bool)
        for k in range(len(self.points)):
            result &= self.acceptable[:, k, choices[:, k]]
        return result

    def accepts(self, choice: IntArray | tuple[int, ...]) -> BoolArray:
        """(P,) whether each party accepts one package: acceptable options and at least its reservation."""
        k = np.arange(len(self.points))
        options_ok = self.acceptable[:, k, np.asarray(choice)].all(axis=1)
        units = self.units_of(np.asarray(choice)[None, :])[:, 0]
        result: BoolArray = options_ok & (units >= self.floor_units)
        return result

    def agreement(self, choice: IntArray | tuple[int, ...]) -> bool:
        """Whether the agreement rule makes the package an agreement (enough acceptors, every veto player)."""
        accepted = self.accepts(choice)
        return bool(accepted.sum() >= self.quorum and accepted[self.veto].all())


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Turn a validated scenario into arrays for the voting parties."""
    parties = scenario.voters
    missing = [p for p in parties if p not in scenario.preferences]
    if missing:
        raise AccordError(
            f"no preferences for voting part{'ies' if len(missing) > 1 else 'y'} {', '.join(missing)}: "
            "add them under 'preferences' to analyse the scenario"
        )
    points = scenario.points
    prefs = [scenario.preferences[party] for party in parties]
    weights, values, rejected, thresholds = _preference_arrays(prefs, points)
    with np.errstate(invalid="ignore"):
        below = values < thresholds[:, :, None]  # NaN thresholds compare False
    valid = (
        np.arange(values.shape[2])[None, None, :] < np.array([len(p.options) for p in points])[None, :, None]
    )
    allowed = valid & ~rejected & ~below
    locked = _locks(scenario, parties)
    reservation = np.array([p.reservation for p in prefs], dtype=np.float64)
    term_weight, term_admits = _term_arrays(prefs, points)
    units, term_units, reservation_units, denominator, exact = _on_grid(
        weights, values, term_weight, reservation
    )
    # Off an exact grid, the slack covers the rounding of every part a utility adds (less than a unit each):
    # each point, each of the party's terms, and the reservation value itself.
    parts = np.array([len(points) + len(p.terms) + 1 for p in prefs], dtype=np.float64)
    slack = np.zeros(len(prefs)) if exact else parts
    rule = scenario.agreement
    quorum = rule.quorum if rule.rule is Rule.QUORUM and rule.quorum is not None else len(parties)
    veto = np.array([party in rule.veto for party in parties], dtype=bool)
    if rule.rule is Rule.UNANIMITY:
        veto[:] = True
    return CompiledScenario(
        parties=parties,
        points=tuple(point.id for point in points),
        options=tuple(point.option_ids() for point in points),
        units=units,
        utilities=units / denominator,
        allowed=allowed,
        term_units=term_units,
        term_weight=term_units / denominator,
        term_admits=term_admits,
        locked=locked,
        reservation=reservation_units / denominator,
        floor_units=reservation_units - slack,
        tolerance=slack / denominator,
        denominator=denominator,
        exact=exact,
        quorum=quorum,
        veto=veto,
        values=values,
        thresholds=thresholds,
        rejected=rejected,
    )


def _preference_arrays(
    prefs: list[Preferences], points: tuple[Point, ...]
) -> tuple[FloatArray, FloatArray, BoolArray, FloatArray]:
    """Weights (P, K), values (P, K, M), options rejected by name (P, K, M), min_value thresholds (P, K)."""
    width = max(len(point.options) for point in points)
    weights = np.zeros((len(prefs), len(points)))
    values = np.zeros((len(prefs), len(points), width))
    rejected = np.zeros((len(prefs), len(points), width), dtype=bool)
    thresholds = np.full((len(prefs), len(points)), np.nan)
    index = {point.id: k for k, point in enumerate(points)}
    for p, party in enumerate(prefs):
        for k, point in enumerate(points):
            weights[p, k] = party.weights.get(point.id, 0.0)
            point_values = party.values.get(point.id, {})
            values[p, k, : len(point.options)] = [point_values.get(o.id, 0.0) for o in point.options]
        for red_line in party.red_lines:
            k = index[red_line.point]
            rejected[p, k, : len(points[k].options)] |= [o.id in red_line.reject for o in points[k].options]
            if red_line.min_value is not None:
                thresholds[p, k] = np.fmax(thresholds[p, k], red_line.min_value)
    return weights, values, rejected, thresholds


def _locks(scenario: Scenario, parties: tuple[str, ...]) -> IntArray:
    """(P, K) index of the option each voting party has agreed to on each point, -1 where it is open."""
    locked = np.full((len(parties), len(scenario.points)), -1, dtype=np.int64)
    row = {party: p for p, party in enumerate(parties)}
    column = {point.id: k for k, point in enumerate(scenario.points)}
    for agreement in scenario.agreements:
        k = column[agreement.point]
        agreed = scenario.points[k].option_ids().index(agreement.option)
        for party in agreement.parties:
            if party in row:
                locked[row[party], k] = agreed
    return locked


def _term_arrays(prefs: list[Preferences], points: tuple[Point, ...]) -> tuple[FloatArray, BoolArray]:
    """Term weights (P, T) and admitted options (P, T, K, M), padded to the most terms of any party."""
    width = max(len(point.options) for point in points)
    n_terms = max((len(party.terms) for party in prefs), default=0)
    weight = np.zeros((len(prefs), n_terms))
    real = np.arange(width)[None, :] < np.array([len(point.options) for point in points])[:, None]
    admits = np.broadcast_to(real, (len(prefs), n_terms, *real.shape)).copy()
    index = {point.id: k for k, point in enumerate(points)}
    for p, party in enumerate(prefs):
        for t, term in enumerate(party.terms):
            weight[p, t] = term.weight
            for point_id, option_ids in term.when.items():
                k = index[point_id]
                admits[p, t, k, :] = [
                    o < len(points[k].options) and points[k].options[o].id in option_ids for o in range(width)
                ]
    return weight, admits


def _on_grid(
    weights: FloatArray, values: FloatArray, term_weight: FloatArray, reservation: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, int, bool]:
    """Contributions (P, K, M), term weights (P, T) and reservation values (P,) in whole units of one grid
    (``grid.py``), with the grid's denominator and whether it is exact.

    The total scale that bounds the grid is summed exactly from the floats (``math.fsum``, so it does not
    depend on the order of the points), raised by a margin far above their distance from the fractions.
    """
    contributions = weights[:, :, None] * values
    scales = [
        max(math.fsum([*best, *row]), r)
        for best, row, r in zip(
            contributions.max(axis=2).tolist(), term_weight.tolist(), reservation.tolist(), strict=True
        )
    ]
    total = math.fsum(scales) * (1 + 2**-40)
    found = _exact_grid(weights, values, [*term_weight.ravel().tolist(), *reservation.tolist()], total)
    if found is None:
        denominator = grid.fallback(total)
        return (
            np.round(contributions * denominator),
            np.round(term_weight * denominator),
            np.round(reservation * denominator),
            denominator,
            False,
        )
    denominator, read = found

    def on_grid(numbers: list[Fraction]) -> list[float]:
        return [float(grid.units(x, denominator)) for x in numbers]

    zero = Fraction(0)
    units = [
        [on_grid([read.get((w, v), zero) for v in row]) for w, row in zip(ws, vs, strict=True)]
        for ws, vs in zip(weights.tolist(), values.tolist(), strict=True)
    ]
    term_units = on_grid([read[(w, 1.0)] for w in term_weight.ravel().tolist()])
    return (
        np.array(units, dtype=np.float64).reshape(values.shape),
        np.array(term_units, dtype=np.float64).reshape(term_weight.shape),
        np.array(on_grid([read[(r, 1.0)] for r in reservation.tolist()]), dtype=np.float64),
        denominator,
        True,
    )


def _exact_grid(
    weights: FloatArray, values: FloatArray, others: list[float], total: float
) -> tuple[int, dict[tuple[float, float], Fraction]] | None:
    """The least common multiple of the denominators of every contribution ``weight * value`` and every other
    number (term weights, reservation values, each as ``(x, 1.0)``), with those fractions; None as soon as
    the multiple passes the grid's limit (random floats: after a number or two)."""
    limit = grid.limit(total)
    pairs = {
        (w, v)
        for ws, vs in zip(weights.tolist(), values.tolist(), strict=True)
        for w, row in zip(ws, vs, strict=True)
        if w
        for v in row
        if v
    }
    pairs |= {(x, 1.0) for x in others}
    read: dict[tuple[float, float], Fraction] = {}
    fractions: dict[float, Fraction] = {}

    def fraction(x: float) -> Fraction:
        found = fractions.get(x)
        if found is None:
            found = fractions[x] = grid.fraction(x)
        return found

    multiple = 1
    for w, v in pairs:
        number = fraction(w) * fraction(v)
        multiple = math.lcm(multiple, number.denominator)
        if multiple > limit:
            return None
        read[(w, v)] = number
    return multiple, read
