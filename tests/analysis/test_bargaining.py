"""Bargaining solutions: hand-checked cases, and optimality over the whole zone against the oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.analysis import bargaining
from accord.analysis.frontier import zone_frontier
from accord.model.scenario import Scenario
from tests.oracle import CRITERIA, assert_optimal, dominates, ks_shares, solve
from tests.strategies import scenarios

SOLVERS = {
    "nash": bargaining.nash,
    "kalai_smorodinsky": bargaining.kalai_smorodinsky,
    "egalitarian": bargaining.egalitarian,
    "utilitarian": bargaining.utilitarian,
}


@pytest.mark.parametrize(
    ("gains", "row"),
    [
        ([[1.0, 1.0], [2.0, 0.4], [0.5, 2.5]], 2),  # products 1, 0.8, 1.25
        ([[1.0, 2.0], [2.0, 1.0], [0.5, 4.0]], 2),  # products tie at 2: the largest sum wins
        ([[1.0, 2.0], [2.0, 1.0]], 0),  # product and sum tie: the first row
        ([[3.0, -1.0], [0.0, 0.5], [0.1, 0.1]], 2),  # a negative gain counts as 0
        ([[1.0, -1.0], [0.0, 0.5]], 1),  # both products 0: the larger sum
    ],
)
def test_nash_hand_checked(gains: list[list[float]], row: int) -> None:
    assert bargaining.nash(np.array(gains)) == row


@pytest.mark.parametrize(
    ("gains", "row"),
    [
        ([[1.0, 0.0], [0.0, 1.0], [0.6, 0.5]], 2),  # shares' minimum 0, 0, 0.5
        ([[4.0, 0.0], [0.0, 1.0], [2.0, 0.6]], 2),  # ideal (4, 1): shares (0.5, 0.6), not the gains' leximin
        ([[1.0, 0.5], [0.5, 1.0], [0.8, 0.4]], 0),  # ties on the smallest share, then the first row
        ([[0.5, 0.0], [1.0, -1.0]], 1),  # party 2's ideal is 0: only party 1's share counts
        ([[0.0, -1.0], [0.0, -0.5]], 1),  # no party can gain: the largest sum
    ],
)
def test_kalai_smorodinsky_hand_checked(gains: list[list[float]], row: int) -> None:
    assert bargaining.kalai_smorodinsky(np.array(gains)) == row


@pytest.mark.parametrize(
    ("gains", "row"),
    [
        ([[1.0, 1.0, 5.0], [1.0, 2.0, 2.0], [0.5, 9.0, 9.0]], 1),  # smallest ties at 1, then 2 beats 1
        ([[2.0, 1.0], [1.0, 2.0]], 0),  # the same sorted gains: the first row
        ([[-1.0, 5.0], [0.0, 0.0]], 1),
    ],
)
def test_egalitarian_hand_checked(gains: list[list[float]], row: int) -> None:
    assert bargaining.egalitarian(np.array(gains)) == row


@pytest.mark.parametrize(
    ("gains", "row"),
    [
        ([[3.0, 0.0], [1.0, 2.0], [2.0, 1.0]], 1),  # sums tie at 3: leximin, then the first row
        ([[3.0, 0.5], [1.0, 2.0]], 0),
    ],
)
def test_utilitarian_hand_checked(gains: list[list[float]], row: int) -> None:
    assert bargaining.utilitarian(np.array(gains)) == row


_gain_levels = st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0, 2.0])


@settings(max_examples=200)
@given(st.integers(1, 40), st.integers(1, 5), st.data())
def test_each_criterion_picks_a_best_row_by_its_definition(n: int, d: int, data: st.DataObject) -> None:
    """On small dyadic gains, where float products and sums are exact: the first row with the best key."""
    gains = data.draw(hnp.arrays(np.float64, (n, d), elements=_gain_levels))
    rows = [tuple(row) for row in gains.tolist()]
    ideal = tuple(max(column) for column in zip(*rows, strict=True))
    keys = {name: [key(row) for row in rows] for name, key in CRITERIA.items()}
    keys["kalai_smorodinsky"] = [(ks_shares(row, ideal),) for row in rows]
    if not any(i > 0 for i in ideal):
        keys["kalai_smorodinsky"] = keys["utilitarian"]
    for name, solver in SOLVERS.items():
        best = max(keys[name])
        assert solver(gains) == keys[name].index(best), name


@settings(max_examples=150)
@given(scenarios())
def test_each_solution_is_optimal_over_the_whole_zone(scenario: Scenario) -> None:
    oracle = solve(scenario)
    frontier = zone_frontier(oracle.compiled)
    if not len(frontier):
        assert not oracle.zone
        return
    gains = oracle.compiled.gains(frontier.utilities)
    numbers = {p.choice: p for p in oracle.packages}
    for name, solver in SOLVERS.items():
        chosen = numbers[tuple(frontier.choices[solver(gains)].tolist())]
        assert chosen in oracle.zone
        assert not any(dominates(p.utilities, chosen.utilities) for p in oracle.zone), f"{name} is dominated"
        assert_optimal(oracle, name, chosen)


def test_nash_products_that_tie_exactly_tie_whatever_their_float_rounding() -> None:
    """Two rows of gains (whole units) with the same product, whose float products differ by one ulp in the
    other direction from their sums: the exact tie goes to the larger sum (the first row)."""
    first = [95979.0, 626714643.0, 762491519.0, 1017153449.0]
    second = [95379.0, 682058767.0, 767288119.0, 934618821.0]
    assert np.prod(first) < np.prod(second) and sum(first) > sum(second)
    assert bargaining.nash(np.array([first, second])) == 0
    assert bargaining.nash(np.array([second, first])) == 1


@settings(max_examples=60)
@given(st.sampled_from([2, 3, 5]).flatmap(lambda n: scenarios(voters=(n, n), max_packages=400, decimal=True)))
def test_each_solution_is_optimal_on_decimal_ties_for_two_three_and_five_parties(scenario: Scenario) -> None:
    """Decimal ties: the oracle's keys are exact, so every tie-break is checked to the last unit."""
    oracle = solve(scenario)
    frontier = zone_frontier(oracle.compiled)
    gains = oracle.compiled.gains(frontier.utilities)
    numbers = {p.choice: p for p in oracle.packages}
    for name, solver in SOLVERS.items():
        if len(frontier):
            assert_optimal(oracle, name, numbers[tuple(frontier.choices[solver(gains)].tolist())])
