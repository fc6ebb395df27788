"""First-order indices against known values, and tipping values against known thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.sampling import unit_samples
from accord.analysis.sensitivity import Estimate, first_order, tipping_value


def ishigami(x: np.ndarray) -> np.ndarray:
    """Ishigami & Homma (1990), a = 7, b = 0.1, inputs uniform on [-pi, pi]: S1 = 0.3139, S2 = 0.4424,
    S3 = 0."""
    z = -np.pi + 2 * np.pi * x
    result: np.ndarray = np.sin(z[:, 0]) + 7 * np.sin(z[:, 1]) ** 2 + 0.1 * z[:, 2] ** 4 * np.sin(z[:, 0])
    return result


ISHIGAMI = [0.3139, 0.4424, 0.0]


def step_indices(pa: float = 0.2, pb: float = 0.75) -> list[float]:
    """Y = [x0 > 1 - pa] [x1 > 1 - pb]: S_0 = pb^2 pa (1 - pa) / Var Y, S_1 = pa^2 pb (1 - pb) / Var Y."""
    p = pa * pb
    variance = p * (1 - p)
    return [pb**2 * pa * (1 - pa) / variance, pa**2 * pb * (1 - pb) / variance, 0.0]


@pytest.mark.parametrize("sampler", ["sobol", "random"])
def test_first_order_indices_of_the_ishigami_function(sampler: str) -> None:
    x = unit_samples(3, 8192, 0, sampler)
    found = first_order(x, ishigami(x), corrected=sampler == "random")
    assert found == pytest.approx(ISHIGAMI, abs=0.03)


@pytest.mark.parametrize("sampler", ["sobol", "random"])
def test_first_order_indices_of_a_verdict(sampler: str) -> None:
    x = unit_samples(3, 8192, 1, sampler)
    verdict = (x[:, 0] > 0.8) & (x[:, 1] > 0.25)
    assert first_order(x, verdict, corrected=sampler == "random") == pytest.approx(step_indices(), abs=0.03)


def test_an_outcome_or_an_input_that_does_not_vary_has_no_index() -> None:
    x = unit_samples(2, 256, 0)
    assert first_order(x, np.zeros(256, dtype=bool)).tolist() == [0.0, 0.0]
    x[:, 1] = 0.5
    assert first_order(x, x[:, 0] > 0.5)[1] == 0.0
    assert first_order(x, x[:, 0] > 0.5)[0] > 0.9


def test_the_tipping_value_is_the_threshold_nearest_the_stated_number() -> None:
    def verdicts(rows: np.ndarray) -> np.ndarray:
        result: np.ndarray = (rows[:, 0] > 0.8) | (rows[:, 0] < 0.13)
        return result

    base = np.array([0.5, 0.0])
    assert tipping_value(verdicts, base, 0, 0.0, 1.0) == pytest.approx(0.8, abs=1e-5)
    assert tipping_value(verdicts, np.array([0.3, 0.0]), 0, 0.0, 1.0) == pytest.approx(0.13, abs=1e-5)
    assert tipping_value(verdicts, base, 0, 0.2, 0.7) is None  # no flip inside the range
    assert tipping_value(verdicts, base, 1, 0.0, 1.0) is None  # the verdict does not depend on input 1
    assert tipping_value(verdicts, base, 0, 0.5, 0.5) is None


def test_wilson_interval() -> None:
    # Wilson (1927): 0 of 10 gives [0, 0.2775]; 5 of 10 gives [0.2366, 0.7634]
    assert Estimate(0, 10).interval == pytest.approx((0.0, 0.27754), abs=1e-5)
    assert Estimate(5, 10).interval == pytest.approx((0.23659, 0.76341), abs=1e-5)
