"""Supported points chosen point by point: on the exact frontier, in the zone, spread out, bounded."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from accord.analysis.analyze import analyze
from accord.analysis.epsilon import frontier_points
from accord.analysis.program import base_program, zone_program
from accord.analysis.supported import is_separable, supported_points
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario
from tests.strategies import scenarios

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def exactly_on(points: np.ndarray, frontier: np.ndarray) -> bool:
    """Every row of ``points`` is a row of the exact frontier (no tolerance: the choice is exact)."""
    members = {tuple(row) for row in frontier.tolist()}
    return all(tuple(row) in members for row in points.tolist())


@FAST
@given(scenarios(voters=(4, 5), max_packages=300))
def test_supported_points_are_exact_frontier_points_of_the_space_and_the_zone(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    exact = analyze(scenario, engine="enumeration")
    cases = [(base_program(compiled), exact.space_frontier)]
    if compiled.unanimity:
        cases.append((zone_program(compiled), exact.zone_frontier))
    for program, frontier in cases:
        if not is_separable(program):
            continue
        choices = supported_points(program, limit=12)
        assert len(choices) <= 12
        utilities = compiled.utilities_of(choices).T
        assert exactly_on(utilities, frontier.utilities)
        assert all(compiled.agreement(choice) for choice in choices) or not program.groups
        assert len({tuple(row) for row in utilities.tolist()}) == len(choices)  # one per utility vector


def test_a_quorum_zone_or_terms_go_to_the_solver() -> None:
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "quorum",
            "parties": [{"id": f"v{i}", "name": f"V{i}"} for i in range(4)],
            "documents": [
                {
                    "id": "d",
                    "title": "D",
                    "points": [
                        {
                            "id": "p1",
                            "number": 1,
                            "title": "P1",
                            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                        }
                    ],
                }
            ],
            "preferences": {
                f"v{i}": {"weights": {"p1": 1.0}, "values": {"p1": {"a": i / 4, "b": 1 - i / 4}}}
                for i in range(4)
            },
            "agreement": {"rule": "quorum", "quorum": 3},
        }
    )
    compiled = compile_scenario(scenario)
    assert is_separable(base_program(compiled))
    assert not is_separable(zone_program(compiled))
    found = frontier_points(zone_program(compiled), limit=5).frontier
    assert len(found) == 2  # both packages: each is best for two of the four parties


def test_the_points_are_spread_over_each_party_s_best() -> None:
    """Each party's best package comes first in the choice, so the sample reaches every extreme."""
    rng = np.random.default_rng(5)
    points = [
        {
            "id": f"p{k}",
            "number": k + 1,
            "title": "P",
            "options": [{"id": f"o{o}", "label": "O"} for o in range(6)],
        }
        for k in range(8)
    ]
    preferences = {
        f"v{i}": {
            "weights": {f"p{k}": 1 / 8 for k in range(8)},
            "values": {f"p{k}": {f"o{o}": float(rng.random()) for o in range(6)} for k in range(8)},
        }
        for i in range(5)
    }
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "spread",
            "parties": [{"id": f"v{i}", "name": f"V{i}"} for i in range(5)],
            "documents": [{"id": "d", "title": "D", "points": points}],
            "preferences": preferences,
        }
    )
    compiled = compile_scenario(scenario)
    utilities = compiled.utilities_of(supported_points(base_program(compiled), limit=10)).T
    best = compiled.to_utilities(compiled.units.max(axis=2).sum(axis=1))  # summed in units, exactly
    assert np.array_equal(utilities.max(axis=0), best)
