"""What a forecasting model returns for one issue: the forecast and the round-by-round history behind it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Round:
    """The actors' positions at the start of a round (0-100, actor order) and the forecast they give."""

    positions: tuple[float, ...]
    forecast: float


@dataclass(frozen=True)
class ModelRun:
    """A model's forecast position (0-100) on one issue and the rounds that led to it (first to last)."""

    forecast: float
    rounds: tuple[Round, ...]


def a_round(positions: FloatArray, forecast: float) -> Round:
    return Round(tuple(float(x) for x in positions), float(forecast))


def weighted_median(positions: FloatArray, weights: FloatArray) -> float:
    """The position that minimises the weighted sum of distances to every actor (the median voter: with
    utilities falling linearly with distance it beats every other position in a pairwise vote; Black 1948).

    Among equally good positions, their midpoint; with no weight at all, the plain median.
    """
    if weights.sum() <= 0:
        return float(np.median(positions))
    candidates = np.unique(positions)
    cost = np.abs(candidates[:, None] - positions[None, :]) @ weights
    best = candidates[cost <= cost.min() + 1e-9 * max(1.0, float(cost.min()))]
    return float((best.min() + best.max()) / 2)


def weighted_mean(positions: FloatArray, weights: FloatArray) -> float:
    """The weighted mean position (never outside the positions); with no weight, the plain mean."""
    total = weights.sum()
    if total <= 0:
        weights, total = np.ones_like(positions), float(len(positions))
    low = positions.min()  # measured from the lowest: unanimity gives its position exactly
    return float(np.clip(low + (positions - low) @ weights / total, low, positions.max()))
