"""The analysis facade against the oracle, its independence from the listing order, and its JSON form."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.analyze import FORMAT, SOLUTIONS, Analysis, accepts_everything, analyze
from accord.analysis.frontier import Frontier
from accord.analysis.program import zone_program
from accord.model.scenario import Scenario
from tests.oracle import RELATIVE, assert_optimal, nash_product, solve
from tests.strategies import reorderings, scenarios

UtilityMap = frozenset[tuple[str, float]]


def by_party(analysis: Analysis, frontier: Frontier) -> set[UtilityMap]:
    """A frontier as a set of ``{party: utility}``, whatever the order of parties and packages."""
    return {frozenset(zip(analysis.parties, row, strict=True)) for row in frontier.utilities.tolist()}


def gains(analysis: Analysis, name: str) -> dict[str, float]:
    choice = analysis.solutions[name]
    assert choice is not None
    utilities = analysis.compiled.utility_of(choice) - analysis.compiled.reservation
    return dict(zip(analysis.parties, utilities.tolist(), strict=True))


@settings(max_examples=100)
@given(scenarios())
def test_zone_and_solutions_agree_with_the_oracle(scenario: Scenario) -> None:
    oracle = solve(scenario)
    analysis = analyze(scenario)
    assert analysis.zone.size == len(oracle.zone)
    assert analysis.zone.empty == (not oracle.zone)
    assert analysis.zone.accepted_by == {
        party: sum(p.accepts[i] for p in oracle.packages) for i, party in enumerate(oracle.compiled.parties)
    }
    assert analysis.frontier is (analysis.space_frontier if not oracle.zone else analysis.zone_frontier)
    assert len(analysis.zone_frontier) == len(oracle.zone_frontier)
    assert len(analysis.space_frontier) == len(oracle.space_frontier)
    numbers = {p.choice: p for p in oracle.packages}
    for name in SOLUTIONS:
        choice = analysis.solutions[name]
        if not oracle.zone:
            assert choice is None
            continue
        assert choice is not None
        assert choice.tolist() in analysis.zone_frontier.choices.tolist()
        assert_optimal(oracle, name, numbers[tuple(choice.tolist())])


@settings(max_examples=60)
@given(scenarios(), st.sampled_from([1, 3, 16]))
def test_small_blocks_give_the_same_analysis(scenario: Scenario, block: int) -> None:
    whole, blocked = analyze(scenario), analyze(scenario, block=block)
    assert blocked.zone == whole.zone
    assert blocked.zone_frontier.choices.tolist() == whole.zone_frontier.choices.tolist()
    assert {k: None if v is None else v.tolist() for k, v in blocked.solutions.items()} == {
        k: None if v is None else v.tolist() for k, v in whole.solutions.items()
    }


@settings(max_examples=100)
@given(st.data())
def test_results_do_not_depend_on_the_order_of_parties_points_and_options(data: st.DataObject) -> None:
    scenario = data.draw(scenarios())
    one, other = analyze(scenario), analyze(data.draw(reorderings(scenario)))
    assert one.zone.size == other.zone.size
    assert one.zone.accepted_by == other.zone.accepted_by
    assert by_party(one, one.zone_frontier) == by_party(other, other.zone_frontier)
    assert by_party(one, one.space_frontier) == by_party(other, other.space_frontier)
    if one.zone.empty:
        assert all(choice is None for choice in other.solutions.values())
        return
    # Ties may pick another package: compare what each criterion maximises, party by party.
    for name in ("egalitarian", "kalai_smorodinsky"):
        assert sorted(shares(one, name)) == sorted(shares(other, name)), name
    nash = [nash_product(tuple(gains(analysis, "nash").values())) for analysis in (one, other)]
    assert math.isclose(*nash, rel_tol=RELATIVE)
    total = [math.fsum(gains(analysis, "utilitarian").values()) for analysis in (one, other)]
    scale = max(abs(u) for u in one.zone_frontier.utilities.ravel().tolist()) * len(one.parties)
    assert math.isclose(*total, rel_tol=0, abs_tol=RELATIVE * max(scale, 1.0))


def shares(analysis: Analysis, name: str) -> list[float]:
    """What a leximin criterion sorts: the gains, or for Kalai-Smorodinsky the shares of the ideal gains."""
    chosen = gains(analysis, name)
    if name == "egalitarian":
        return list(chosen.values())
    frontier = analysis.zone_frontier.utilities - analysis.compiled.reservation
    ideal = dict(zip(analysis.parties, frontier.max(axis=0).tolist(), strict=True))
    return [chosen[p] / ideal[p] for p in analysis.parties if ideal[p] > 0]


@settings(max_examples=60)
@given(scenarios())
def test_to_dict_is_json_with_the_documented_keys(scenario: Scenario) -> None:
    analysis = analyze(scenario)
    data = analysis.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert set(data) == {
        "format",
        "scenario",
        "engine",
        "parties",
        "rule",
        "space",
        "zone",
        "frontier_scope",
        "frontier_complete",
        "frontier",
        "space_frontier",
        "solutions",
        "assumptions",
        "skipped",
    }
    assert data["skipped"] == []
    assert data["format"] == FORMAT
    assert data["parties"] == list(scenario.voters)
    assert set(data["rule"]) == {"quorum", "veto", "reservation"}
    assert data["space"] == {
        "points": len(scenario.points),
        "size": math.prod(len(p.options) for p in scenario.points),
    }
    assert data["zone"] == {
        "empty": analysis.zone.empty,
        "size": analysis.zone.size,
        "accepted_by": analysis.zone.accepted_by,
    }
    assert data["frontier_scope"] == ("space" if analysis.zone.empty else "zone")
    assert len(data["frontier"]) == len(analysis.frontier)
    assert len(data["space_frontier"]) == len(analysis.space_frontier)
    options = {point.id: set(point.option_ids()) for point in scenario.points}
    for entry in [*data["frontier"], *data["space_frontier"]]:
        assert set(entry) == {"package", "utilities"}
        assert set(entry["package"]) == set(options)
        assert all(option in options[point] for point, option in entry["package"].items())
        assert list(entry["utilities"]) == list(scenario.voters)
    assert set(data["solutions"]) == set(SOLUTIONS)
    for solution in data["solutions"].values():
        if analysis.zone.empty:
            assert solution is None
        else:
            assert solution in data["frontier"]


@settings(max_examples=60, deadline=None)
@given(scenarios(max_packages=300))
def test_the_zone_is_taken_for_the_space_only_when_every_package_is_in_it(scenario: Scenario) -> None:
    """The optimisation engine computes one frontier when the zone surely holds every package."""
    exact = analyze(scenario, engine="enumeration")
    if accepts_everything(zone_program(exact.compiled)):
        assert exact.zone.size == exact.compiled.n_packages


def test_with_no_red_line_lock_or_reservation_the_zone_frontier_is_the_space_s() -> None:
    points = [
        {
            "id": f"p{k}",
            "number": k,
            "title": "P",
            "options": [{"id": f"o{o}", "label": "O"} for o in range(3)],
        }
        for k in (1, 2)
    ]
    values = {"v1": [0.0, 0.5, 1.0], "v2": [1.0, 0.25, 0.0], "v3": [0.5, 1.0, 0.0], "v4": [0.0, 1.0, 0.5]}
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "open",
            "parties": [{"id": party, "name": party} for party in values],
            "documents": [{"id": "d", "title": "D", "points": points}],
            "preferences": {
                party: {
                    "weights": {"p1": 0.5, "p2": 0.5},
                    "values": {p: {f"o{o}": v for o, v in enumerate(row)} for p in ("p1", "p2")},
                }
                for party, row in values.items()
            },
        }
    )
    optimized = analyze(scenario, engine="optimization")
    assert accepts_everything(zone_program(optimized.compiled))
    assert by_party(optimized, optimized.zone_frontier) == by_party(optimized, optimized.space_frontier)
    exact = analyze(scenario, engine="enumeration")
    assert by_party(optimized, optimized.zone_frontier) <= by_party(exact, exact.zone_frontier)
