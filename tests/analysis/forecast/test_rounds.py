"""The median voter and the weighted mean of a set of positions."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.forecast.rounds import weighted_mean, weighted_median


def test_the_median_voter_position() -> None:
    x = np.array([0.0, 40.0, 100.0])
    assert weighted_median(x, np.array([1.0, 1.0, 1.0])) == 40.0
    assert weighted_median(x, np.array([3.0, 1.0, 1.0])) == 0.0  # weighted distances: 140 at 0, 180 at 40
    assert weighted_median(np.array([0.0, 100.0]), np.array([1.0, 1.0])) == 50.0  # equally good: the midpoint
    assert weighted_median(x, np.zeros(3)) == 40.0  # no weight: the plain median


def test_the_weighted_mean_stays_within_the_positions() -> None:
    assert weighted_mean(np.array([0.0, 100.0]), np.array([1.0, 3.0])) == pytest.approx(75.0)
    assert weighted_mean(np.array([29.0, 29.0]), np.array([0.1, 0.7])) == 29.0
    assert weighted_mean(np.array([10.0, 30.0]), np.zeros(2)) == 20.0
