"""How sure an estimated probability is, which inputs drive an outcome, and where one input alone flips it.

**Estimate**: a probability from successes over samples, with its 95 % Wilson score interval (Wilson 1927),
which keeps within [0, 1] and covers well even near 0 and 1 where the normal approximation fails.

**First-order index** of each input on an outcome ``Y`` (the verdict "a zone exists", or "the package is
accepted"): ``S_i = Var(E[Y | X_i]) / Var(Y)``, the share of the outcome's variance that input ``i`` explains
alone (Sobol 1993). It is estimated from the samples already drawn, with no design of its own, as a
correlation ratio (Pearson 1903; the given-data estimators of Plischke, Borgonovo & Smith 2013): the samples
cut into ``sqrt(n)`` bins of equal count along ``X_i``, the variance of the bin means over the variance of
``Y``. On pseudo-random samples each bin mean carries sampling noise, whose expected share
``(bins - 1) / (n - bins)`` of the remaining variance is subtracted; on scrambled Sobol points the other
inputs are stratified within each bin, the noise nearly vanishes and the raw ratio is the better estimate.
On the Ishigami function and on a step (a verdict) this is more accurate than SALib's RBD-FAST on Sobol
points and as accurate on random ones, and costs no start-up time (``benchmarks/bench_robustness.py``).

**Tipping value**: the other inputs at their stated numbers, the value of one input nearest its stated
number at which the verdict differs from the base case's, found by a scan of ``GRID`` points of the range,
then ``STEPS`` bisections of the first bracket on each side of the stated number where the verdict changes
(the verdict need not be monotone in the input).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.outputs import ProbabilityOutput, shown

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

GRID = 9
"""Points of an input's range scanned before bisection."""

STEPS = 16
"""Bisections of the bracket: the tipping value is found to ``2**-16`` of a grid step."""

Verdicts = Callable[[FloatArray], BoolArray]
"""Rows of inputs (n, d) -> the verdict of each row (n,)."""

Z95 = 1.959963984540054
"""The standard normal's 97.5th percentile: a 95 % two-sided interval."""


@dataclass(frozen=True)
class Estimate:
    """A probability from ``successes`` of ``n`` samples, with its 95 % Wilson score interval."""

    successes: int
    n: int

    @property
    def estimate(self) -> float:
        return self.successes / self.n

    @property
    def interval(self) -> tuple[float, float]:
        p, n, z2 = self.estimate, self.n, Z95 * Z95
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    def to_output(self) -> ProbabilityOutput:
        low, high = self.interval
        return ProbabilityOutput(estimate=shown(self.estimate), low=shown(low), high=shown(high))

    def to_dict(self) -> dict[str, float]:
        return self.to_output().model_dump(mode="json")


def first_order(
    samples: FloatArray, outcome: BoolArray | FloatArray, *, corrected: bool = False
) -> FloatArray:
    """(d,) first-order index of each input column of ``samples`` (n, d) on ``outcome`` (n,), in [0, 1];
    0 for an input that does not vary or an outcome that does not. ``corrected``: subtract the bins'
    sampling noise (for pseudo-random samples)."""
    y = np.asarray(outcome, dtype=np.float64)
    n = len(y)
    indices = np.zeros(samples.shape[1])
    total = float(np.sum((y - y.mean()) ** 2))
    bins = max(2, math.isqrt(n))
    if n <= bins or total == 0.0:
        return indices
    ranks = np.empty(n, dtype=np.int64)
    for j in range(samples.shape[1]):
        column = samples[:, j]
        if column.min() == column.max():
            continue
        ranks[np.argsort(column, kind="stable")] = np.arange(n)
        where = ranks * bins // n
        counts = np.bincount(where, minlength=bins)
        means = np.bincount(where, weights=y, minlength=bins) / counts
        between = float(np.sum(counts * (means - y.mean()) ** 2))
        noise = (bins - 1) * (total - between) / (n - bins) if corrected else 0.0
        indices[j] = (between - noise) / total
    result: FloatArray = np.clip(indices, 0.0, 1.0)
    return result


def tipping_value(verdicts: Verdicts, base: FloatArray, j: int, low: float, high: float) -> float | None:
    """The value of input ``j`` nearest its stated number ``base[j]`` at which the verdict differs from the
    verdict of ``base``; None when it holds over the whole range ``[low, high]``."""
    if high <= low:
        return None
    stated = float(np.clip(base[j], low, high))
    grid = np.unique(np.append(np.linspace(low, high, GRID), stated))
    rows = np.repeat(base[None, :], len(grid) + 1, axis=0)
    rows[1:, j] = grid
    found = verdicts(rows)
    flipped = found[1:] != found[0]
    if not flipped.any():
        return None
    centre = int(np.flatnonzero(grid == stated)[0])
    if flipped[centre]:  # the stated number lies outside the range: its nearest end already flips
        return stated
    found_values = []
    for side in (range(centre + 1, len(grid)), range(centre - 1, -1, -1)):
        first = next((i for i in side if flipped[i]), None)
        if first is not None:  # the grid point before it, towards the stated number, is not flipped
            before = first - 1 if first > centre else first + 1
            inside, outside = float(grid[first]), float(grid[before])
            found_values.append(_bisect(verdicts, base, j, inside=inside, outside=outside, verdict=found[0]))
    return min(found_values, key=lambda value: abs(value - stated))


def _bisect(
    verdicts: Verdicts, base: FloatArray, j: int, *, inside: float, outside: float, verdict: bool
) -> float:
    """Narrow ``[outside, inside]`` (the base verdict at ``outside``, the other at ``inside``) ``STEPS``
    times; the end where the verdict has flipped."""
    for _ in range(STEPS):
        middle = 0.5 * (inside + outside)
        row = base.copy()
        row[j] = middle
        if verdicts(row[None, :])[0] != verdict:
            inside = middle
        else:
            outside = middle
    return inside
