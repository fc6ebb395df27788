"""Exact frontiers against the brute-force oracle: the same utility vectors, the lowest-numbered packages."""

from __future__ import annotations

from fractions import Fraction
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import frontier as frontier_module
from accord.analysis.frontier import Frontier, product_frontier, zone_frontier
from accord.model import grid
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario
from tests.oracle import Package, dominates, frontier, nondominated_rows, solve
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


def read_utilities(scenario: Scenario, choice: tuple[int, ...]) -> tuple[Fraction, ...]:
    """Each voter's utility of a package as the input writes it: every number read as its fraction, summed
    exactly (independent of the compiled grid)."""
    ids = {point.id: point.option_ids()[o] for point, o in zip(scenario.points, choice, strict=True)}
    result = []
    for party in scenario.voters:
        prefs = scenario.preferences[party]
        total = sum(
            (
                grid.fraction(prefs.weights.get(point, 0.0))
                * grid.fraction(prefs.values.get(point, {}).get(option, 0.0))
                for point, option in ids.items()
            ),
            Fraction(0),
        )
        total += sum(
            (
                grid.fraction(term.weight)
                for term in prefs.terms
                if all(ids[p] in options for p, options in term.when.items())
            ),
            Fraction(0),
        )
        result.append(total)
    return tuple(result)


@settings(max_examples=60)
@given(st.sampled_from([2, 3, 5]).flatmap(lambda n: scenarios(voters=(n, n), max_packages=400, decimal=True)))
def test_decimal_ties_are_ties_for_two_three_and_five_parties(scenario: Scenario) -> None:
    """Values on 0.05- and 0.0125-steps, linear evaluators, equal weights: the frontiers are the oracle's, and
    their vectors are distinct and non-dominated in the input's own (exact decimal) arithmetic."""
    oracle = solve(scenario)
    assert oracle.compiled.exact
    space, zone = product_frontier(oracle.compiled), zone_frontier(oracle.compiled)
    assert rows(space) == expected(oracle.space_frontier)
    assert rows(zone) == expected(oracle.zone_frontier)
    every = [read_utilities(scenario, p.choice) for p in oracle.packages]
    members = [read_utilities(scenario, tuple(c)) for c in space.choices.tolist()]
    assert len(set(members)) == len(members), "one package per distinct utility vector"
    for vector in members:
        assert not any(dominates(other, vector) for other in every)
    assert set(members) == {every[i] for i in nondominated_rows(every)}


def test_two_packages_that_tie_in_decimals_are_listed_once() -> None:
    """Regression (issue 10): weights 0.5, values 0.2/0.4/0.6 on two points; (0.4, 0.4) was listed twice, as
    0.3999999999999999 / 0.40000000000000036 and the reverse, each dominating the other by nothing."""
    options = [{"id": o, "label": o} for o in ("a", "b", "c")]
    points = [{"id": p, "number": n + 1, "title": p, "options": options} for n, p in enumerate(["p1", "p2"])]
    weights = {"p1": 0.5, "p2": 0.5}
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "Two points",
            "parties": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
            "documents": [{"id": "d", "title": "D", "points": points}],
            "preferences": {
                "x": {
                    "weights": weights,
                    "values": {"p1": {"a": 0.2, "b": 0.2, "c": 0.4}, "p2": {"a": 0.2, "b": 0.4, "c": 0.6}},
                },
                "y": {
                    "weights": weights,
                    "values": {"p1": {"a": 0.2, "b": 0.4, "c": 0.2}, "p2": {"a": 0.2, "b": 0.6, "c": 0.4}},
                },
            },
        }
    )
    found = product_frontier(compile_scenario(scenario))
    assert found.utilities.tolist() == [[0.3, 0.5], [0.4, 0.4], [0.5, 0.3]]
