"""Acceptance and the agreement zone under many samples of the declared uncertainty at once, in NumPy.

A :class:`SampledSpace` holds a scenario's fixed parts (locks, ``reject`` lists, the rule, the numbers no
range varies) and evaluates blocks of samples x packages: a party's utility is a matrix product of its
sampled weights by its values on the points whose values are fixed, plus a broadcast product a point whose
values vary, plus its non-linear terms (fixed); a party none of whose weights and values vary keeps its
exact compiled utilities. Work is done in blocks of at most ``CELLS`` samples x packages, so memory stays
bounded (about ``(16 + P) * CELLS`` bytes: one utility and one test array, and the acceptance of ``P``
parties) whatever the number of samples or packages.

Only *candidates* are evaluated: packages that the rule could accept in some sample, found once from the
fixed parts (under unanimity or veto players, the product of the options every such party might accept on
each point, so locks shrink the space before any package is built).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.sampling import Input
from accord.analysis.space import choices as digits_of
from accord.analysis.space import in_zone
from accord.model.compiled import CompiledScenario
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

CELLS = 1 << 21
"""Samples x packages evaluated at once (about 40 MB for four parties)."""

CANDIDATES = 1 << 16
"""Packages tested for candidacy at once."""


@dataclass(frozen=True)
class _Drawn:
    """Samples as arrays: weights as sampled (S, P, K), the factor that rescales them to ``weights_sum``
    (S, P), values (S, K, M) of each party with a varied value (else None), reservation values (S, P)."""

    weights: FloatArray
    factor: FloatArray
    values: list[FloatArray | None]
    reservation: FloatArray


@dataclass(frozen=True)
class Column:
    """Where an input's sampled values go: party row, point column and option (or -1), and its kind."""

    party: int
    point: int
    option: int
    kind: str


class SampledSpace:
    """The package space of a compiled scenario with the inputs that vary it."""

    def __init__(self, scenario: Scenario, compiled: CompiledScenario, inputs: tuple[Input, ...]) -> None:
        self.compiled = compiled
        self.inputs = inputs
        self.weights_sum = scenario.weights_sum
        row = {p: i for i, p in enumerate(compiled.parties)}
        column = {p: k for k, p in enumerate(compiled.points)}
        self.columns = tuple(_column(i, row, column, compiled) for i in inputs)
        self.weights = np.array(
            [[scenario.preferences[p].weights.get(k, 0.0) for k in compiled.points] for p in compiled.parties]
        ).reshape(len(compiled.parties), len(compiled.points))
        self.fixed_ok, self.possible_ok = self._option_masks()
        self.block = max(1, min(CANDIDATES, CELLS // compiled.values[0].size))
        """Packages evaluated at once: their one-hot columns take at most ``CELLS`` numbers."""
        self.varies = np.zeros(len(compiled.parties), dtype=bool)
        """(P,) parties whose utilities a sample changes (some weight or value of theirs varies)."""
        self.varied_values = np.zeros(compiled.values.shape, dtype=bool)
        """(P, K, M) values a range varies."""
        self.varied_points = np.zeros(compiled.values.shape[:2], dtype=bool)
        """(P, K) points where a range varies the party's weight or one of its values."""
        for col in self.columns:
            self.varies[col.party] |= col.kind != "reservation"
            if col.kind != "reservation":
                self.varied_points[col.party, col.point] = True
            if col.kind == "values":
                self.varied_values[col.party, col.point, col.option] = True

    def _option_masks(self) -> tuple[BoolArray, BoolArray]:
        """(P, K, M) options acceptable whatever the sample (beside the values a range varies), and options
        acceptable in some sample (a varied value's high end passes its ``min_value`` red line)."""
        c = self.compiled
        m = c.values.shape[2]
        locked = c.locked[:, :, None]
        consistent = (locked < 0) | (np.arange(m)[None, None, :] == locked)
        valid = np.arange(m)[None, None, :] < c.sizes[None, :, None]
        open_ = valid & ~c.rejected & consistent
        varied = np.zeros_like(open_)
        high = c.values.copy()
        for col, item in zip(self.columns, self.inputs, strict=True):
            if col.kind == "values":
                varied[col.party, col.point, col.option] = True
                high[col.party, col.point, col.option] = item.high
        with np.errstate(invalid="ignore"):  # NaN thresholds compare False
            below = c.values < c.thresholds[:, :, None]
            below_high = high < c.thresholds[:, :, None]
        fixed: BoolArray = open_ & (varied | ~below)
        possible: BoolArray = open_ & ~below_high
        return fixed, possible

    # -- candidates -----------------------------------------------------------------------------------

    def candidates(self) -> Iterator[IntArray]:
        """Blocks (n, K) of the packages the rule could make an agreement in some sample."""
        c = self.compiled
        options = [np.arange(int(size)) for size in c.sizes]
        needed = c.veto if c.veto.any() else np.zeros(len(c.parties), dtype=bool)
        if needed.any():
            options = [o[self.possible_ok[needed][:, k, : len(o)].all(axis=0)] for k, o in enumerate(options)]
        sizes = np.array([len(o) for o in options], dtype=np.int64)
        total = math.prod(int(s) for s in sizes)
        lowest = self._lowest_reservation()
        for first in range(0, total, self.block):
            digits = digits_of(np.arange(first, min(first + self.block, total), dtype=np.int64), sizes)
            block = np.stack([options[k][digits[:, k]] for k in range(len(options))], axis=1)
            possible = np.ones((len(c.parties), len(block)), dtype=bool)
            for k in range(len(options)):
                possible &= self.possible_ok[:, k, block[:, k]]
            fixed = ~self.varies
            if fixed.any():
                utilities = c.utilities_of(block)
                possible[fixed] &= utilities[fixed] >= (lowest - c.tolerance)[fixed, None]
            keep = in_zone(possible, c)
            if keep.any():
                yield block[keep]

    def _lowest_reservation(self) -> FloatArray:
        """(P,) the lowest reservation value a sample can give each party."""
        lowest = self.compiled.reservation.copy()
        for col, item in zip(self.columns, self.inputs, strict=True):
            if col.kind == "reservation":
                lowest[col.party] = min(item.low, lowest[col.party])
        return lowest

    # -- evaluation -----------------------------------------------------------------------------------

    def accepts(self, rows: FloatArray, block: IntArray) -> BoolArray:
        """(S, P, n) whether each party accepts each package of ``block`` under each sample of ``rows``.

        A party's utility is ``factor * (fixed + sum over varied points of weight * value)``: the points no
        range touches add up once a package, each varied point adds one gathered (samples x packages) term,
        and ``factor`` rescales the weights to ``weights_sum``.
        """
        c = self.compiled
        n_samples, n = len(rows), len(block)
        drawn = self._sampled(rows)
        exact = c.utilities_of(block)
        fixed_ok = np.ones((len(c.parties), n), dtype=bool)
        for k in range(len(c.points)):
            fixed_ok &= self.fixed_ok[:, k, block[:, k]]
        result = np.empty((n_samples, len(c.parties), n), dtype=bool)
        for p in range(len(c.parties)):
            ok = np.broadcast_to(fixed_ok[p], (n_samples, n))
            values = drawn.values[p]
            if values is not None:
                for point in np.flatnonzero(self.varied_values[p].any(axis=1) & np.isfinite(c.thresholds[p])):
                    passes = values[:, point] >= c.thresholds[p, point]
                    ok = ok & np.take(passes, block[:, point], axis=1)
            utility: FloatArray = np.broadcast_to(exact[p], (n_samples, n))
            if self.varies[p]:
                utility = self._utility(p, drawn, block, exact[p])
            result[:, p] = ok & (utility >= (drawn.reservation[:, p] - c.tolerance[p])[:, None])
        return result

    def _utility(self, p: int, drawn: _Drawn, block: IntArray, exact: FloatArray) -> FloatArray:
        """(S, n) party ``p``'s sampled utility of each package, its (fixed) terms included."""
        c = self.compiled
        varied = self.varied_points[p]
        fixed = np.zeros(len(block))
        for k in np.flatnonzero(~varied):
            fixed += self.weights[p, k] * c.values[p, k, block[:, k]]
        values = drawn.values[p]
        utility: FloatArray = np.broadcast_to(fixed, (len(drawn.factor), len(block)))
        for k in np.flatnonzero(varied):
            table = drawn.weights[:, p, k, None] * (
                c.values[p, k][None, :] if values is None else values[:, k]
            )
            utility = utility + np.take(table, block[:, k], axis=1)
        utility = utility * drawn.factor[:, p, None]
        if c.has_terms:
            points = np.arange(len(c.points))
            utility += exact - c.utilities[p, points[:, None], block.T].sum(axis=0)
        return utility

    def _sampled(self, rows: FloatArray) -> _Drawn:
        """The samples' numbers as arrays."""
        c = self.compiled
        n = len(rows)
        weights = np.broadcast_to(self.weights, (n, *self.weights.shape)).copy()
        reservation = np.broadcast_to(c.reservation, (n, len(c.parties))).copy()
        values: list[FloatArray | None] = [None] * len(c.parties)
        rescaled = np.zeros(len(c.parties), dtype=bool)
        for j, col in enumerate(self.columns):
            if col.kind == "weights":
                weights[:, col.party, col.point] = rows[:, j]
                rescaled[col.party] = True
            elif col.kind == "reservation":
                reservation[:, col.party] = rows[:, j]
            else:
                party_values = values[col.party]
                if party_values is None:
                    party_values = np.broadcast_to(c.values[col.party], (n, *c.values.shape[1:])).copy()
                    values[col.party] = party_values
                party_values[:, col.point, col.option] = rows[:, j]
        factor = np.ones((n, len(c.parties)))
        if self.weights_sum is not None and rescaled.any():
            total = weights[:, rescaled].sum(axis=2)
            factor[:, rescaled] = np.where(total > 0, self.weights_sum / np.where(total > 0, total, 1.0), 1.0)
        return _Drawn(weights, factor, values, reservation)

    def zone(self, rows: FloatArray, block: IntArray) -> tuple[BoolArray, BoolArray]:
        """(S, P, n) acceptance and (S, n) whether the rule makes each package an agreement, per sample."""
        accepts = self.accepts(rows, block)
        n_samples, n_parties, n = accepts.shape
        flat = accepts.transpose(1, 0, 2).reshape(n_parties, n_samples * n)
        return accepts, in_zone(flat, self.compiled).reshape(n_samples, n)

    def chunks(self, n_samples: int, n_packages: int) -> Iterator[slice]:
        """Slices of the samples such that a chunk times the packages (or times the options of all points,
        when there are more) stays within ``CELLS``."""
        width = max(n_packages, self.compiled.values[0].size, 1)
        step = max(1, CELLS // width)
        for first in range(0, n_samples, step):
            yield slice(first, min(first + step, n_samples))


def _column(item: Input, row: dict[str, int], column: dict[str, int], compiled: CompiledScenario) -> Column:
    point = -1 if item.point is None else column[item.point]
    option = -1 if item.option is None else compiled.options[point].index(item.option)
    return Column(row[item.party], point, option, item.kind)
