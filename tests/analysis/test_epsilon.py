"""Two and three parties: the epsilon-constraint methods find exactly the enumerated frontier."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from accord.analysis.analyze import analyze
from accord.analysis.epsilon import frontier_points
from accord.analysis.frontier import Frontier
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


def vectors(frontier: Frontier) -> list[tuple[float, ...]]:
    return sorted(map(tuple, frontier.utilities.tolist()))


@MIP
@given(scenarios(voters=(2, 3), max_packages=300, decimal=True))
def test_both_engines_give_the_same_frontier_on_decimal_ties(scenario: Scenario) -> None:
    """Exactly the same vectors, to the last bit: both engines read utilities from the same units."""
    exact = analyze(scenario, engine="enumeration")
    optimized = analyze(scenario, engine="optimization", frontier_points=10_000)
    assert optimized.frontier_complete
    assert vectors(optimized.space_frontier) == vectors(exact.space_frontier)
    assert vectors(optimized.zone_frontier) == vectors(exact.zone_frontier)


@MIP
@given(scenarios(voters=(5, 5), max_packages=200, decimal=True))
def test_five_party_frontier_points_are_members_of_the_enumerated_frontier(scenario: Scenario) -> None:
    exact = analyze(scenario, engine="enumeration")
    points = frontier_points(base_program(exact.compiled), limit=12)
    assert set(vectors(points.frontier)) <= set(vectors(exact.space_frontier))


def linear(offset: float, slope: float, start: int) -> dict[str, float]:
    """Three options valued by a GENIUS linear evaluator, computed in floats as its importer does."""
    return {f"o{o + 1}": offset + slope * (o + start) for o in range(3)}


def test_the_engines_agree_where_decimal_ties_broke_enumeration() -> None:
    """Regression (issue 10): enumeration listed 8 frontier vectors and the optimisation engine 6, both
    complete; two of the 8 were 0.45 and 0.4499999999999993 for the same decimal utility, so a package
    dominated by one unit survived."""
    points = ["p1", "p2", "p3"]
    options = [{"id": f"o{o + 1}", "label": f"o{o + 1}"} for o in range(3)]
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "Decimal ties",
            "parties": [{"id": v, "name": v} for v in ("v1", "v2", "v3")],
            "documents": [
                {
                    "id": "d",
                    "title": "D",
                    "points": [
                        {"id": p, "number": n + 1, "title": p, "options": options}
                        for n, p in enumerate(points)
                    ],
                }
            ],
            "preferences": {
                "v1": {"weights": {"p3": 1.0}, "values": {"p3": {"o1": 0.0, "o2": 0.0, "o3": 0.0}}},
                "v2": {
                    "weights": {"p1": 0.25, "p2": 0.25, "p3": 0.5},
                    "values": {
                        "p1": linear(0.05, 0.1, 1),
                        "p2": linear(0.2, 0.05, 1),
                        "p3": linear(0.1, 0.15, 2),
                    },
                },
                "v3": {
                    "weights": dict.fromkeys(points, 1 / 3),
                    "values": {
                        "p1": {"o1": 1.0, "o2": 0.0, "o3": 0.65},
                        "p2": {"o1": 0.5, "o2": 0.0, "o3": 0.45},
                        "p3": {"o1": 0.0, "o2": 0.5, "o3": 0.15},
                    },
                },
            },
        }
    )
    exact = analyze(scenario, engine="enumeration")
    optimized = analyze(scenario, engine="optimization")
    assert len(exact.space_frontier) == len(optimized.space_frontier) == 6
    assert vectors(optimized.space_frontier) == vectors(exact.space_frontier)
    assert [0.0, 0.45, 0.55] in exact.space_frontier.utilities.tolist()
