"""The grid: each float read as the fraction it stands for, one denominator, whole units."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model import grid


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0.0, Fraction(0)),
        (0.1, Fraction(1, 10)),
        (0.0125, Fraction(1, 80)),
        (3.0, Fraction(3)),
        (12.5, Fraction(25, 2)),
        (1 / 3, Fraction(1, 3)),
        (5 / 17, Fraction(5, 17)),
        (0.1 + 0.15 * 3, Fraction(11, 20)),  # 0.5499999999999999: GENIUS's offset 0.1, slope 0.15 at 3
        (0.2 / (0.2 + 0.2 + 0.2), Fraction(1, 3)),  # a weight over a float sum of weights
        (3 * 0.05, Fraction(3, 20)),  # 0.15000000000000002
    ],
)
def test_numbers_are_read_as_the_fractions_they_stand_for(number: float, expected: Fraction) -> None:
    assert grid.fraction(number) == expected


@settings(max_examples=300)
@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_a_short_fraction_computed_in_floats_is_read_back(numerator: int, denominator: int) -> None:
    """``a/b`` with ``b**2 * x < 2**49`` is the simplest fraction near its float, so it is the one read."""
    exact = Fraction(numerator, denominator)
    if exact.denominator**2 * exact < 2**49:
        assert grid.fraction(numerator / denominator) == exact


@settings(max_examples=300)
@given(st.floats(min_value=1e-300, max_value=1e300))
def test_every_float_is_read_within_the_window(number: float) -> None:
    read = grid.fraction(number)
    assert abs(read - Fraction(number)) <= Fraction(number) * Fraction(1, 2**grid.WINDOW)
    assert grid.fraction(-number) == -read


def test_the_limit_keeps_the_total_scale_within_the_budget() -> None:
    assert grid.limit(0.5) == grid.BUDGET
    assert grid.limit(3.0) * 3 <= grid.BUDGET < (grid.limit(3.0) + 1) * 3


def test_the_fallback_grid_is_the_largest_power_of_ten_within_its_budget() -> None:
    for total in (0.0, 1.0, 2.5, 6.0, 1e6):
        found = grid.fallback(total)
        assert str(found).rstrip("0") == "1"
        assert found * max(total, 1.0) <= grid.FALLBACK_BUDGET < found * 10 * max(total, 1.0)


def test_units_are_exact_on_the_grid_and_rounded_half_to_even_off_it() -> None:
    assert grid.units(Fraction(3, 8), 80) == 30
    assert grid.units(Fraction(1, 3), 10) == 3
    assert grid.units(Fraction(1, 4), 10) == 2  # 2.5 rounds to even
    assert grid.units(Fraction(3, 4), 10) == 8  # 7.5 rounds to even
