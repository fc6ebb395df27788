"""The optimisation engine against brute force: same emptiness, same optimal values."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings

from accord.analysis import optimize
from accord.analysis.program import zone_program
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario
from tests.analysis.mip_oracle import gains, leximin_key, zone
from tests.strategies import scenarios

TOLERANCE = 1e-6
MIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leximin_optimal(found: np.ndarray, best: np.ndarray) -> bool:
    """``found`` is leximin-optimal up to the solver's tolerance: at the first sorted position where the two
    differ by more than the tolerance, ``found`` is the larger (a tie within tolerance may be broken either
    way, and then the next position decides)."""
    for mine, theirs in zip(np.sort(found), np.sort(best), strict=True):
        if mine < theirs - TOLERANCE:
            return False
        if mine > theirs + TOLERANCE:
            return True
    return True


@MIP
@given(scenarios(max_packages=400))
def test_optimal_values_equal_brute_force(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    members = zone(compiled)
    program = zone_program(compiled)
    start = optimize.max_min_gain(program)
    assert (start is None) == (not members)
    if not members:
        assert optimize.utilitarian(program) is None
        assert optimize.nash(program) is None
        return
    for solve_for in (optimize.utilitarian, optimize.egalitarian, optimize.kalai_smorodinsky):
        solution = solve_for(program)
        assert solution is not None and compiled.agreement(solution.choice)
    every = [gains(compiled, c) for c in members]
    best_min = max(g.min() for g in every)
    assert start is not None and math.isclose(
        gains(compiled, start.choice).min(), best_min, abs_tol=TOLERANCE
    )
    total = optimize.utilitarian(program)
    assert total is not None
    assert math.isclose(gains(compiled, total.choice).sum(), max(g.sum() for g in every), abs_tol=TOLERANCE)
    leximin = optimize.egalitarian(program)
    assert leximin is not None
    assert leximin_optimal(gains(compiled, leximin.choice), np.array(max(leximin_key(g) for g in every)))


@MIP
@given(scenarios(max_packages=400, quorum=False))
def test_nash_is_optimal_with_a_certificate(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    members = zone(compiled)
    found = optimize.nash(zone_program(compiled))
    assert (found is None) == (not members)
    if found is None:
        return
    solution, certificate = found
    products = [np.clip(gains(compiled, c), 0, None).prod() for c in members]
    best = max(products)
    smallest = gains(compiled, members[int(np.argmax(products))]).min()
    mine = np.clip(gains(compiled, solution.choice), 0, None).prod()
    if best > 0 and smallest > TOLERANCE:
        assert certificate is not None and certificate.gap <= optimize.NASH_TOLERANCE
        assert math.isclose(mine, best, rel_tol=1e-5)
    elif best == 0:
        assert certificate is None
    # else the best product rests on a gain below the solver's tolerance (a few ulps over a reservation
    # value, say): whether the solver sees it or not, either answer stands


@MIP
@given(scenarios(max_packages=400))
def test_kalai_smorodinsky_shares_equal_brute_force(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    members = zone(compiled)
    program = zone_program(compiled)
    found = optimize.kalai_smorodinsky(program)
    if not members:
        assert found is None
        return
    every = np.array([gains(compiled, c) for c in members])
    ideal = every.max(axis=0)
    counted = ideal > optimize.NEGLIGIBLE  # the optimisation engine leaves out negligible ideal gains
    if not counted.any():
        return
    best = max(leximin_key(g[counted] / ideal[counted]) for g in every)
    assert found is not None
    mine = gains(compiled, found.choice)[counted] / ideal[counted]
    assert leximin_optimal(mine, np.array(best))


def test_nash_with_a_party_that_cannot_gain_falls_back_to_the_largest_total() -> None:
    """A party whose utility is 0 everywhere gains nothing anywhere: the Nash product is 0 throughout and
    the largest total decides, with no certificate. (The relaxation once reported a tiny positive smallest
    gain here, which left that party's log variable without a tangent, and the problem unbounded.)"""
    points = [
        {
            "id": p,
            "number": k,
            "title": p,
            "options": [{"id": f"o{j}", "label": "O"} for j in range(1, size + 1)],
        }
        for k, (p, size) in enumerate((("p1", 3), ("p2", 3), ("p3", 4)), start=1)
    ]
    zeros = {"p1": dict.fromkeys(("o1", "o2", "o3"), 0.0), "p3": dict.fromkeys(("o1", "o2", "o3", "o4"), 0.0)}
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "indifferent",
            "weights_sum": None,
            "parties": [{"id": "v1", "name": "V1"}, {"id": "v2", "name": "V2"}],
            "documents": [{"id": "d1", "title": "D", "points": points}],
            "preferences": {
                "v1": {
                    "weights": {},
                    "values": {**zeros, "p2": {}},
                    "red_lines": [{"point": "p2", "reject": ["o2", "o3"]}],
                },
                "v2": {
                    "weights": {"p1": 3.0, "p2": 1.96875, "p3": 3.576278688e-07},
                    "values": {
                        "p1": zeros["p1"],
                        "p2": {"o1": 0.25, "o2": 0.0, "o3": 0.0},
                        "p3": {"o1": 0.0, "o2": 0.0, "o3": 0.0, "o4": 0.25},
                    },
                },
            },
        }
    )
    compiled = compile_scenario(scenario)
    found = optimize.nash(zone_program(compiled))
    assert found is not None
    solution, certificate = found
    assert certificate is None
    best = compiled.utilities[1].max(axis=1).sum()  # v2's best is allowed by v1's red line
    assert math.isclose(compiled.utility_of(solution.choice)[1], best, abs_tol=TOLERANCE)


def test_leximin_breaks_a_tie_on_the_smallest_gain_by_the_next_one_finely() -> None:
    """Many packages give V1 the same smallest gain; in the next position two packages are 1.7e-6 apart (V2
    values one option 0.99999, the other 1): Ogryczak's stages run at a tight tolerance and take the better
    one, where at the default tolerance they took the other."""
    sizes = (2, 3, 2, 3, 3, 3)
    points = [
        {
            "id": f"p{k}",
            "number": k,
            "title": f"P{k}",
            "options": [{"id": f"o{j}", "label": "O"} for j in range(1, n + 1)],
        }
        for k, n in enumerate(sizes, start=1)
    ]
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "fine tie",
            "parties": [{"id": "v1", "name": "V1"}, {"id": "v2", "name": "V2"}, {"id": "v3", "name": "V3"}],
            "documents": [{"id": "d1", "title": "D", "points": points}],
            "preferences": {
                "v1": {
                    "weights": {"p4": 0.125, "p6": 0.875},
                    "values": {
                        "p4": {"o1": 0.0, "o2": 0.0, "o3": 0.0},
                        "p6": {"o1": 0.0, "o2": 0.0, "o3": 0.25},
                    },
                },
                "v2": {
                    "weights": {"p2": 1 / 6, "p3": 1 / 6, "p5": 1 / 6, "p6": 0.5},
                    "values": {
                        "p2": {"o1": 1.0, "o2": 0.0, "o3": 0.0},
                        "p3": {"o1": 0.99999, "o2": 1.0},
                        "p5": {"o1": 1.0, "o2": 0.0, "o3": 0.0},
                        "p6": {"o1": 1.0, "o2": 0.0, "o3": 0.0},
                    },
                },
                "v3": {
                    "weights": {"p2": 0.125, "p3": 0.125, "p5": 0.375, "p6": 0.375},
                    "values": {
                        "p2": {"o1": 0.0, "o2": 0.0, "o3": 0.0},
                        "p3": {"o1": 1.0, "o2": 0.0},
                        "p5": {"o1": 0.0, "o2": 0.0, "o3": 1.0},
                        "p6": {"o1": 0.0, "o2": 0.0, "o3": 0.0},
                    },
                },
            },
        }
    )
    compiled = compile_scenario(scenario)
    every = [gains(compiled, c) for c in zone(compiled)]
    best = np.array(max(leximin_key(g) for g in every))
    found = optimize.egalitarian(zone_program(compiled))
    assert found is not None
    assert np.allclose(np.sort(gains(compiled, found.choice)), best, rtol=0.0, atol=1e-7)
