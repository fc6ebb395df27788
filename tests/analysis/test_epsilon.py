"""Two and three parties: the epsilon-constraint methods find exactly the enumerated frontier."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from accord.analysis.analyze import analyze
from accord.analysis.epsilon import frontier_points
from accord.analysis.program import base_program, zone_program
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario
from tests.strategies import scenarios

MIP = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


SOLVER = 1e-5
"""Two frontier points closer than the solver's tolerance may come out as one, or as its neighbour."""


def as_set(utilities: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(np.round(row, 9)) for row in utilities.tolist()}


def near(a: np.ndarray, b: np.ndarray) -> bool:
    """Every row of ``a`` is within the solver's tolerance of some row of ``b``."""
    return all(len(b) and np.abs(b - row).max(axis=1).min() <= SOLVER for row in a)


def covered(a: np.ndarray, b: np.ndarray) -> bool:
    """Every row of ``a`` is matched or dominated, within the solver's tolerance, by some row of ``b``."""
    return all(len(b) and (b >= row - SOLVER).all(axis=1).any() for row in a)


@MIP
@given(scenarios(voters=(2, 3), max_packages=300))
def test_two_and_three_party_frontiers_equal_enumeration(scenario: Scenario) -> None:
    """The two-party walk and the three-party search of the boxes find exactly the enumerated frontiers."""
    compiled = compile_scenario(scenario)
    exact = analyze(scenario, engine="enumeration")
    space = frontier_points(base_program(compiled), limit=10_000)
    zone = frontier_points(zone_program(compiled), limit=10_000)
    assert space.complete and zone.complete
    for walked, enumerated in ((space, exact.space_frontier), (zone, exact.zone_frontier)):
        assert near(walked.frontier.utilities, enumerated.utilities)
        assert covered(enumerated.utilities, walked.frontier.utilities)


@MIP
@given(scenarios(voters=(3, 4), max_packages=300))
def test_spread_points_lie_on_the_frontier(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    exact = analyze(scenario, engine="enumeration")
    points = frontier_points(base_program(compiled), limit=12)
    for point in points.frontier.utilities:  # on the frontier, up to the solver's tolerance
        beaten = (exact.space_frontier.utilities >= point).all(axis=1)
        assert not (beaten & (exact.space_frontier.utilities > point + SOLVER).any(axis=1)).any()


@MIP
@given(scenarios(max_packages=300))
def test_the_optimization_engine_agrees_with_enumeration(scenario: Scenario) -> None:
    exact = analyze(scenario, engine="enumeration")
    optimized = analyze(scenario, engine="optimization")
    assert optimized.engine == "optimization" and optimized.zone.size is None
    assert optimized.zone.empty == exact.zone.empty
    for name, choice in optimized.solutions.items():
        assert (choice is None) == exact.zone.empty, name
        if choice is not None:
            assert exact.compiled.agreement(choice)
