"""The one numeric form of a scenario that every engine reads.

A party's utility is an additive part, stored per party, per point and per option as ``weight * value``, plus
its non-linear terms, stored as a weight and a mask of the options each term admits on each point (a term adds
its weight when every point takes an admitted option). Contributions, term weights and reservation values are
rounded to a dyadic grid: 2**-50 of the smallest power of two above the party's scale, which is its largest
possible utility - the best option of every point plus every term weight, the best conceivable term total -
or its reservation value when larger. Every package utility is then a sum of at most ``K + T`` non-negative
grid multiples no larger than the scale, so every partial sum is a whole number of quanta, at most 2**50, and
exact in float64: a package's utility does not depend on the order in which an engine adds its points and
terms (enumeration, dynamic programming, a matrix product and the brute-force oracle agree to the last bit),
and equal utilities are truly equal. The rounding moves a utility by less than 1e-15 of its scale per part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.model.documents import Point
from accord.model.errors import AccordError
from accord.model.preferences import Preferences
from accord.model.rules import Rule
from accord.model.scenario import Scenario

GRID_BITS = 50
"""Bits of the dyadic grid below a party's utility scale: every package utility is a whole number of quanta
below 2**50, which float64 (53-bit mantissa) holds exactly."""

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
    utilities: FloatArray
    """(P, K, M) contribution of each option to each party's utility; 0 on padding."""
    allowed: BoolArray
    """(P, K, M) False where a red line excludes the option for the party; False on padding."""
    locked: IntArray
    """(P, K) index of the option a party has already agreed to on a point, or -1 where it is open."""
    term_weight: FloatArray
    """(P, T) weight of each non-linear term of each party, on the party's grid; 0 on padding (``T`` is the
    most terms of any party)."""
    term_admits: BoolArray
    """(P, T, K, M) whether a term admits an option of a point: True on every option of a point the term does
    not name, and on padding terms; False on padded options."""
    reservation: FloatArray
    """(P,) utility of no agreement for each party, on the same grid as the utilities."""
    tolerance: FloatArray
    """(P,) slack when comparing a utility with the reservation value: the grid's rounding bound."""
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
        """(P, n) utility of each party for packages given as option indices, ``choices`` (n, K).

        The one place a package's utility is summed from its per-point contributions and its terms (in a fixed
        order, exact on the grid): engines that need many packages' utilities call this.
        """
        choices = np.asarray(choices, dtype=np.int64)
        result: FloatArray = np.zeros((len(self.parties), len(choices)))
        for k in range(len(self.points)):
            result += self.utilities[:, k, choices[:, k]]
        if self.has_terms:
            holds = np.ones((*self.term_weight.shape, len(choices)), dtype=bool)
            for k in range(len(self.points)):
                holds &= self.term_admits[:, :, k, choices[:, k]]
            result += np.where(holds, self.term_weight[:, :, None], 0.0).sum(axis=1)
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
        result: BoolArray = options_ok & (self.utility_of(choice) >= self.reservation - self.tolerance)
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
    utilities, term_weight, reservation, quantum = _on_grid(
        weights[:, :, None] * values, term_weight, reservation
    )
    # The slack covers the rounding of every part a utility adds: each point, each of the party's terms, and
    # the reservation value itself.
    parts = np.array([len(points) + len(p.terms) + 1 for p in prefs], dtype=np.float64)
    tolerance = parts * quantum
    rule = scenario.agreement
    quorum = rule.quorum if rule.rule is Rule.QUORUM and rule.quorum is not None else len(parties)
    veto = np.array([party in rule.veto for party in parties], dtype=bool)
    if rule.rule is Rule.UNANIMITY:
        veto[:] = True
    return CompiledScenario(
        parties=parties,
        points=tuple(point.id for point in points),
        options=tuple(point.option_ids() for point in points),
        utilities=utilities,
        allowed=allowed,
        term_weight=term_weight,
        term_admits=term_admits,
        locked=locked,
        reservation=reservation,
        tolerance=tolerance,
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
    contributions: FloatArray, term_weight: FloatArray, reservation: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Round contributions, term weights and reservation values to each party's dyadic grid (see the module
    docstring); also return each party's quantum.

    The best utility is summed exactly (``math.fsum``): a float sum in point order can land on either side of
    a power of two, and the grid, hence every utility, would then depend on the order of the points.
    """
    best = np.array(
        [math.fsum([*row, *terms]) for row, terms in zip(contributions.max(axis=2), term_weight, strict=True)]
    )
    scale = np.maximum(np.maximum(best, reservation), np.finfo(float).tiny)
    quantum = np.exp2(np.ceil(np.log2(scale)) - GRID_BITS)
    q = quantum[:, None, None]
    on_grid = np.round(contributions / q) * q
    terms_on_grid = np.round(term_weight / quantum[:, None]) * quantum[:, None]
    reservation_on_grid = np.round(reservation / quantum) * quantum
    return on_grid, terms_on_grid, reservation_on_grid, quantum
