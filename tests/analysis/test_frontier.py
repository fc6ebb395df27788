"""Exact frontiers against the brute-force oracle: the same utility vectors, the lowest-numbered packages."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import frontier as frontier_module
from accord.analysis.frontier import Frontier, product_frontier, zone_frontier
from accord.model.scenario import Scenario
from tests.oracle import Package, dominates, frontier, solve
from tests.strategies import scenarios


def rows(result: Frontier) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
    return [
        (tuple(c), tuple(u)) for c, u in zip(result.choices.tolist(), result.utilities.tolist(), strict=True)
    ]


def expected(packages: list[Package]) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
    return [(p.choice, p.utilities) for p in packages]


@settings(max_examples=150)
@given(scenarios())
def test_product_frontier_is_the_whole_space_frontier(scenario: Scenario) -> None:
    oracle = solve(scenario)
    assert rows(product_frontier(oracle.compiled)) == expected(oracle.space_frontier)


@settings(max_examples=100)
@given(scenarios(), st.data())
def test_product_frontier_of_some_options_is_the_frontier_of_their_packages(
    scenario: Scenario, data: st.DataObject
) -> None:
    oracle = solve(scenario)
    compiled = oracle.compiled
    shape = compiled.utilities.shape[1:]
    options = np.array(
        data.draw(st.lists(st.booleans(), min_size=shape[0] * shape[1], max_size=shape[0] * shape[1]))
    )
    options = options.reshape(shape)
    kept = [p for p in oracle.packages if all(options[k, o] for k, o in enumerate(p.choice))]
    result = product_frontier(compiled, options)
    assert rows(result) == expected(frontier(kept))
    assert result.choices.shape[1] == len(compiled.points)
    assert result.utilities.shape[1] == len(compiled.parties)


@settings(max_examples=150)
@given(scenarios())
def test_zone_frontier_is_the_frontier_of_the_zone(scenario: Scenario) -> None:
    oracle = solve(scenario)
    assert rows(zone_frontier(oracle.compiled)) == expected(oracle.zone_frontier)


@settings(max_examples=100)
@given(scenarios(quorum=True), st.sampled_from([1, 2, 5, 37]))
def test_quorum_zone_frontier_merges_small_blocks_exactly(scenario: Scenario, block: int) -> None:
    oracle = solve(scenario)
    assert rows(zone_frontier(oracle.compiled, block=block)) == expected(oracle.zone_frontier)


@settings(max_examples=100)
@given(scenarios())
def test_frontier_rows_are_in_package_order_and_never_dominated(scenario: Scenario) -> None:
    oracle = solve(scenario)
    numbers = {p.choice: p.number for p in oracle.packages}
    for result, packages in (
        (product_frontier(oracle.compiled), oracle.packages),
        (zone_frontier(oracle.compiled), oracle.zone),
    ):
        listed = [numbers[choice] for choice, _ in rows(result)]
        assert listed == sorted(set(listed))
        for _, utilities in rows(result):
            assert not any(dominates(p.utilities, utilities) for p in packages)


@settings(max_examples=50)
@given(scenarios(voters=(1, 1)))
def test_one_voting_party_has_one_best_package_the_first(scenario: Scenario) -> None:
    oracle = solve(scenario)
    assert rows(product_frontier(oracle.compiled)) == expected(oracle.space_frontier)
    assert rows(zone_frontier(oracle.compiled)) == expected(oracle.zone_frontier)
    assert len(oracle.space_frontier) == 1


@settings(max_examples=100)
@given(scenarios(), st.booleans())
def test_point_by_point_programme_and_whole_space_filter_agree_with_the_oracle(
    scenario: Scenario, direct: bool
) -> None:
    """Small spaces are filtered whole; the programme must give the same rows when forced on them."""
    oracle = solve(scenario)
    with patch.object(frontier_module, "DIRECT", oracle.compiled.n_packages if direct else 0):
        assert rows(product_frontier(oracle.compiled)) == expected(oracle.space_frontier)
