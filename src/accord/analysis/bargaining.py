"""Bargaining solutions: which package of a set is fairest or best by each classical criterion.

Each function takes the gains ``g = u - reservation`` of candidate packages, shape (n, P), and returns the
row index of its choice. Every criterion here picks a Pareto-optimal package, so callers pass the frontier
of the agreement zone and get the optimum over the whole zone. Ties are broken by a second criterion and
then by the lowest row, so the choice is deterministic. Every criterion is unchanged by one positive scale
common to all parties, so callers pass gains in whole units of the compiled grid
(``CompiledScenario.to_units``): sums and comparisons are then exact, and Nash products are compared exactly
where floats cannot tell them apart, so gains that tie as the input writes them tie here.

- Nash (1950): maximise the product of gains (0 when any gain is negative).
- Kalai & Smorodinsky (1975): maximise the smallest gain as a share of the party's ideal gain in the set.
- Egalitarian (Rawls 1971; Sen 1970): leximin of the gains - the worst-off first, then the next.
- Utilitarian: maximise the sum of utilities.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

NEAR = 1e-9
"""Products whose float logarithm is within this of the largest are compared exactly (a sum of P float
logarithms of numbers up to 2**50 is within about ``P * 1e-14`` of the exact one)."""


def nash(gains: FloatArray) -> int:
    """Nash bargaining solution (Nash 1950); ties by larger sum of gains."""
    ranked = np.sort(gains, axis=1)
    clipped = np.clip(ranked, 0.0, None)
    best = np.zeros(len(gains))
    if (clipped > 0).all(axis=1).any():  # else every product is 0 and the sum decides
        with np.errstate(divide="ignore"):
            logs = np.log(clipped).sum(axis=1)
        near = np.flatnonzero(logs >= logs.max() - NEAR)
        exact = [math.prod(map(Fraction, clipped[row].tolist())) for row in near]
        largest = max(exact)
        best[near[[value == largest for value in exact]]] = 1.0  # 1 for the largest exact products
    return _best(best, ranked.sum(axis=1))


def kalai_smorodinsky(gains: FloatArray) -> int:
    """Kalai-Smorodinsky solution (Kalai & Smorodinsky 1975); ties by leximin of the shares.

    A party whose ideal gain in the set is not positive cannot be given a share and is left out of the
    criterion (it gets its best, zero, wherever it can).
    """
    ideal = gains.max(axis=0)
    counted = ideal > 0
    if not counted.any():
        return utilitarian(gains)
    shares = gains[:, counted] / ideal[counted]
    return egalitarian(shares)


def egalitarian(gains: FloatArray) -> int:
    """Leximin: the largest smallest gain, then the largest second smallest, and so on."""
    ranked = np.sort(gains, axis=1)
    keys = [
        -np.arange(len(gains), dtype=np.float64),
        *(ranked[:, j] for j in reversed(range(ranked.shape[1]))),
    ]
    return int(np.lexsort(keys)[-1])


def utilitarian(gains: FloatArray) -> int:
    """Largest sum of gains (the same package as the largest sum of utilities); ties by leximin."""
    totals = np.sort(gains, axis=1).sum(axis=1)
    tied = np.flatnonzero(totals == totals.max())
    return int(tied[egalitarian(gains[tied])])


def _best(primary: FloatArray, secondary: FloatArray) -> int:
    """Row with the largest ``primary``, ties by the largest ``secondary``, then the lowest row."""
    keys = [-np.arange(len(primary), dtype=np.float64), secondary, primary]
    return int(np.lexsort(keys)[-1])
