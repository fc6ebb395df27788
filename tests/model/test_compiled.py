"""The compiled form: contributions, red lines, locks and the decision rule, read back from the scenario."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model import grid
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from tests.oracle import acceptable_options, decision_rule
from tests.strategies import preferences, reorderings, scenarios

SMOKE: dict[str, Any] = {
    "format": "accord/1",
    "title": "Smoke",
    "parties": [
        {"id": "a", "name": "A"},
        {"id": "b", "name": "B"},
        {"id": "m", "name": "M", "role": "mediator"},
    ],
    "documents": [
        {
            "id": "d",
            "title": "Doc",
            "points": [
                {
                    "id": "p1",
                    "number": 1,
                    "title": "P1",
                    "options": [
                        {"id": "x", "label": "X"},
                        {"id": "y", "label": "Y"},
                        {"id": "z", "label": "Z"},
                    ],
                },
                {
                    "id": "p2",
                    "number": 2,
                    "title": "P2",
                    "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
                },
            ],
        }
    ],
    "preferences": {
        "a": {
            "weights": {"p1": 0.6, "p2": 0.4},
            "values": {"p1": {"x": 1, "y": 0.5, "z": 0}, "p2": {"yes": 1, "no": 0}},
            "reservation": 0.3,
        },
        "b": {
            "weights": {"p1": 0.5, "p2": 0.5},
            "values": {"p1": {"x": 0, "y": 0.6, "z": 1}, "p2": {"yes": 0.2, "no": 1}},
            "red_lines": [{"point": "p1", "reject": ["x"]}],
        },
    },
}


def declared(scenario: Scenario, party: str, point: str, option: str) -> tuple[float, float]:
    """The weight and value a party declared for an option (0 where it declared none)."""
    prefs = scenario.preferences[party]
    return prefs.weights.get(point, 0.0), prefs.values.get(point, {}).get(option, 0.0)


def scale(scenario: Scenario, party: str) -> float:
    """The party's utility scale: its best possible utility (every term counted), or its reservation value
    when larger."""
    prefs = scenario.preferences[party]
    best = math.fsum(
        [
            max(math.prod(declared(scenario, party, point.id, o)) for o in point.option_ids())
            for point in scenario.points
        ]
        + [term.weight for term in prefs.terms]
    )
    return max(best, prefs.reservation)


def total(scenario: Scenario) -> float:
    """The sum of the voting parties' scales: the grid's unit is at most ``10 * total * 2**-48``."""
    return math.fsum(scale(scenario, party) for party in scenario.voters)


def test_smoke_scenario_compiles_to_its_declared_numbers() -> None:
    compiled = compile_scenario(Scenario.model_validate(SMOKE))
    assert compiled.parties == ("a", "b")
    assert compiled.points == ("p1", "p2")
    assert compiled.options == (("x", "y", "z"), ("yes", "no"))
    assert compiled.n_packages == 6
    # Every number is a short decimal: the grid is exact, in tenths, and the utilities are the decimals.
    assert (compiled.exact, compiled.denominator) == (True, 10)
    assert compiled.units[0].tolist() == [[6, 3, 0], [4, 0, 0]]
    assert compiled.utilities.tolist() == [
        [[0.6, 0.3, 0.0], [0.4, 0.0, 0.0]],
        [[0.0, 0.3, 0.5], [0.1, 0.5, 0.0]],
    ]
    assert compiled.allowed.tolist() == [
        [[True, True, True], [True, True, False]],
        [[False, True, True], [True, True, False]],
    ]
    assert compiled.locked.tolist() == [[-1, -1], [-1, -1]]
    assert compiled.reservation.tolist() == [0.3, 0.0]
    assert compiled.tolerance.tolist() == [0.0, 0.0]
    assert (compiled.quorum, compiled.veto.tolist(), compiled.unanimity) == (2, [True, True], True)
    assert compiled.package((2, 0)) == {"p1": "z", "p2": "yes"}
    assert compiled.utility_of((1, 1)).tolist() == [0.3, 0.8]


def test_a_voting_party_without_preferences_cannot_be_compiled() -> None:
    data = {**SMOKE, "preferences": {}}
    with pytest.raises(AccordError, match="no preferences for voting parties a, b"):
        compile_scenario(Scenario.model_validate(data))


@settings(max_examples=100)
@given(scenarios())
def test_contributions_are_weight_times_value(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    bound = 1 / compiled.denominator  # nothing moves by a unit: off an exact grid, 4e-15 of the total or less
    assert compiled.exact or bound <= 4e-14 * max(total(scenario), 1.0)
    for p, party in enumerate(compiled.parties):
        for k, point in enumerate(scenario.points):
            for o, option in enumerate(point.option_ids()):
                weight, value = declared(scenario, party, point.id, option)
                assert abs(compiled.utilities[p, k, o] - weight * value) <= bound
            assert not compiled.units[p, k, len(point.options) :].any(), "padding adds nothing"
        reservation = scenario.preferences[party].reservation
        assert abs(compiled.reservation[p] - reservation) <= bound
        for t, term in enumerate(scenario.preferences[party].terms):
            assert abs(compiled.term_weight[p, t] - term.weight) <= bound
        assert not compiled.term_units[p, len(scenario.preferences[party].terms) :].any()
        # Off an exact grid, the slack is a unit for each point, term and the reservation value.
        parts = len(scenario.points) + len(scenario.preferences[party].terms) + 1
        slack = 0 if compiled.exact else parts
        assert compiled.to_units(compiled.tolerance)[p] == slack


@settings(max_examples=100)
@given(scenarios())
def test_every_number_is_a_whole_number_of_units_and_its_utility_is_their_float(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    for units, utilities in (
        (compiled.units, compiled.utilities),
        (compiled.term_units, compiled.term_weight),
    ):
        assert (units == np.round(units)).all()
        assert utilities.tolist() == (units / compiled.denominator).tolist()
        assert compiled.to_units(utilities).tolist() == units.tolist()
    assert (
        compiled.to_units(compiled.reservation).tolist()
        == (compiled.floor_units + compiled.to_units(compiled.tolerance)).tolist()
    )
    # The budget: every package utility of every party, summed over the parties, stays within 2**50 units.
    best = compiled.units.max(axis=2).sum(axis=1) + compiled.term_units.sum(axis=1)
    reservation = compiled.to_units(compiled.reservation)
    assert np.maximum(best, reservation).sum() <= grid.BUDGET


@settings(max_examples=100)
@given(scenarios())
def test_red_lines_and_locks_give_the_acceptable_options(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    for p, party in enumerate(compiled.parties):
        prefs = scenario.preferences[party]
        acceptable = acceptable_options(scenario, party)
        for k, point in enumerate(scenario.points):
            options = point.option_ids()
            excluded = {
                o
                for line in prefs.red_lines
                if line.point == point.id
                for o in options
                if o in line.reject
                or (line.min_value is not None and declared(scenario, party, point.id, o)[1] < line.min_value)
            }
            agreed = {a.option for a in scenario.agreements if a.point == point.id and party in a.parties}
            width = compiled.allowed.shape[2]
            assert compiled.allowed[p, k].tolist() == [
                o < len(options) and options[o] not in excluded for o in range(width)
            ]
            assert compiled.locked[p, k] == (options.index(agreed.pop()) if agreed else -1)
            assert compiled.acceptable[p, k].tolist() == [
                o < len(options) and options[o] in acceptable[k] for o in range(width)
            ]


@settings(max_examples=100)
@given(scenarios())
def test_decision_rule(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    quorum, veto = decision_rule(scenario)
    assert compiled.parties == scenario.voters
    assert compiled.quorum == quorum
    assert compiled.veto.tolist() == [party in veto for party in compiled.parties]
    assert compiled.unanimity == (quorum == len(compiled.parties))


@settings(max_examples=80)
@given(scenarios(), st.randoms(use_true_random=False))
def test_package_utilities_do_not_depend_on_summation_order(scenario: Scenario, random: Any) -> None:
    """In units every sum is exact: forwards, backwards, shuffled, pairwise or exactly rounded agree."""
    compiled = compile_scenario(scenario)
    sizes = [len(o) for o in compiled.options]
    for p in range(len(compiled.parties)):
        for choice in itertools.islice(itertools.product(*map(range, sizes)), 64):
            terms = [float(compiled.units[p, k, o]) for k, o in enumerate(choice)]
            k = np.arange(len(choice))
            holds = compiled.term_admits[p, :, k, list(choice)].T.all(axis=1)
            terms += compiled.term_units[p, holds].tolist()
            shuffled = random.sample(terms, len(terms))
            sums = {sum(terms), sum(reversed(terms)), sum(shuffled), math.fsum(terms), float(np.sum(terms))}
            assert len(sums) == 1
            assert sums == {float(compiled.units_of(np.array([choice]))[p, 0])}
            assert compiled.utility_of(choice)[p] == sums.pop() / compiled.denominator


@settings(max_examples=80)
@given(scenarios())
def test_no_package_at_its_reservation_value_is_refused_for_rounding(scenario: Scenario) -> None:
    """A package whose utility as the input writes it (each number read as its fraction) reaches the
    reservation value passes the compiled test, and on an exact grid no other package does."""
    compiled = compile_scenario(scenario)
    read = grid.fraction
    for p, party in enumerate(compiled.parties):
        reservation = read(scenario.preferences[party].reservation)
        contributions = [
            [
                read(w) * read(v)
                for w, v in (declared(scenario, party, point.id, o) for o in point.option_ids())
            ]
            for point in scenario.points
        ]
        for choice in itertools.islice(itertools.product(*map(range, compiled.sizes.tolist())), 500):
            exact = sum((contributions[k][o] for k, o in enumerate(choice)), Fraction(0))
            ids = {point.id: point.option_ids()[o] for point, o in zip(scenario.points, choice, strict=True)}
            exact += sum(
                (
                    read(term.weight)
                    for term in scenario.preferences[party].terms
                    if all(ids[point] in options for point, options in term.when.items())
                ),
                Fraction(0),
            )
            reached = compiled.utility_of(choice)[p] >= compiled.floor[p]
            if exact >= reservation:
                assert reached
            elif compiled.exact:
                assert not reached


@settings(max_examples=100)
@given(st.data())
def test_compiled_numbers_do_not_depend_on_the_order_of_parties_points_and_options(
    data: st.DataObject,
) -> None:
    scenario = data.draw(scenarios())
    one, other = compile_scenario(scenario), compile_scenario(data.draw(reorderings(scenario)))
    assert sorted(one.parties) == sorted(other.parties)
    for p, party in enumerate(one.parties):
        q = other.parties.index(party)
        assert one.reservation[p] == other.reservation[q]
        assert one.term_weight[p].tolist() == other.term_weight[q].tolist()
        for k, point in enumerate(one.points):
            m = other.points.index(point)
            for o, option in enumerate(one.options[k]):
                n = other.options[m].index(option)
                assert one.utilities[p, k, o] == other.utilities[q, m, n], (party, point, option)
                assert one.acceptable[p, k, o] == other.acceptable[q, m, n]


def test_the_grid_does_not_depend_on_the_order_of_the_points() -> None:
    """Regression: weights whose float sum is 1 + 1 ulp in one order and 1 - 1 ulp in another.

    The best utility was summed in point order, so the grid's quantum was 2**-49 or 2**-50 and the compiled
    utilities moved by 1e-16 when the points were listed in another order (scales are now summed as
    fractions).
    """
    weights = {"p1": 0.35759422670256397, "p2": 0.24899207913854227, "p3": 0.3934136941588939}

    def compiled_in(order: list[str]) -> CompiledScenario:
        points = [
            {"id": p, "number": n + 1, "title": p, "options": [{"id": "yes", "label": "Yes"}]}
            for n, p in enumerate(order)
        ]
        values = {p: {"yes": 1.0} for p in weights}
        return compile_scenario(
            Scenario.model_validate(
                {
                    **SMOKE,
                    "documents": [{"id": "d", "title": "D", "points": points}],
                    "preferences": {party: {"weights": weights, "values": values} for party in "ab"},
                }
            )
        )

    one, other = compiled_in(["p1", "p2", "p3"]), compiled_in(["p3", "p1", "p2"])
    assert one.utilities[:, [2, 0, 1], 0].tolist() == other.utilities[:, :, 0].tolist()
    assert one.tolerance.tolist() == other.tolerance.tolist()


@settings(max_examples=60)
@given(st.data())
def test_a_partys_numbers_depend_only_on_its_own_preferences(data: st.DataObject) -> None:
    scenario = data.draw(scenarios())
    party = data.draw(st.sampled_from(scenario.voters))
    points = [(point.id, point.option_ids()) for point in scenario.points]
    replaced = scenario.model_dump()
    replaced["preferences"][party] = data.draw(preferences(points, scenario.weights_sum)).model_dump()
    one, other = compile_scenario(scenario), compile_scenario(Scenario.model_validate(replaced))
    assert one.locked.tolist() == other.locked.tolist()
    for p, voter in enumerate(one.parties):
        if voter != party:
            assert one.allowed[p].tolist() == other.allowed[p].tolist()
            if one.exact and other.exact:  # the grid is shared: off it, another party's rounding may move
                assert one.utilities[p].tolist() == other.utilities[p].tolist()
                assert (one.reservation[p], one.tolerance[p]) == (other.reservation[p], other.tolerance[p])


@settings(max_examples=100)
@given(scenarios())
def test_term_masks_admit_the_listed_options_and_every_option_of_an_unlisted_point(
    scenario: Scenario,
) -> None:
    compiled = compile_scenario(scenario)
    for p, party in enumerate(compiled.parties):
        terms = scenario.preferences[party].terms
        for t in range(compiled.term_weight.shape[1]):
            for k, point in enumerate(scenario.points):
                options = point.option_ids()
                listed = terms[t].when.get(point.id, options) if t < len(terms) else options
                assert compiled.term_admits[p, t, k, : len(options)].tolist() == [
                    o in listed for o in options
                ]
                assert not compiled.term_admits[p, t, k, len(options) :].any(), "padding is never admitted"
            named = sorted(
                k for k, pt in enumerate(scenario.points) if t < len(terms) and pt.id in terms[t].when
            )
            constrained = compiled.term_points(p, t).tolist()
            assert set(constrained) <= set(named)


def test_a_term_adds_its_weight_only_when_every_listed_point_takes_a_listed_option() -> None:
    data = {**SMOKE, "weights_sum": None}
    data["preferences"] = {
        **SMOKE["preferences"],
        "a": {
            **SMOKE["preferences"]["a"],
            "terms": [{"weight": 0.5, "when": {"p1": ["x", "y"], "p2": ["yes"]}}, {"weight": 0.25}],
        },
    }
    compiled = compile_scenario(Scenario.model_validate(data))
    assert compiled.has_terms
    assert compiled.term_weight.tolist() == [[0.5, 0.25], [0.0, 0.0]]
    additive = {(0, 0): 100, (1, 0): 70, (2, 0): 40, (0, 1): 60, (1, 1): 30, (2, 1): 0}
    for (x, y), expected in additive.items():
        bonus = 25 + (50 if x in (0, 1) and y == 0 else 0)
        assert compiled.utility_of((x, y))[0] == (expected + bonus) / 100
    assert compiled.term_points(0, 0).tolist() == [0, 1]
    assert compiled.term_points(0, 1).tolist() == []


def two_sums(values: list[float], weights: dict[str, float]) -> CompiledScenario:
    """One party, two points of two options, valued ``values`` (p1: o1, o2; p2: o1, o2)."""
    points = [
        {
            "id": p,
            "number": n + 1,
            "title": p,
            "options": [{"id": "o1", "label": "1"}, {"id": "o2", "label": "2"}],
        }
        for n, p in enumerate(["p1", "p2"])
    ]
    prefs = {
        "weights": weights,
        "values": {"p1": {"o1": values[0], "o2": values[1]}, "p2": {"o1": values[2], "o2": values[3]}},
    }
    data = {
        "format": "accord/1",
        "title": "Two sums",
        "parties": [{"id": "a", "name": "A"}],
        "documents": [{"id": "d", "title": "D", "points": points}],
        "preferences": {"a": prefs},
        "weights_sum": None,
    }
    return compile_scenario(Scenario.model_validate(data))


def test_sums_equal_in_decimal_arithmetic_are_equal() -> None:
    """Regression (issue 10): values on 0.0125-steps, weights 0.125 and 0.875; 0.0609375 + 0.3171875 and
    0.0390625 + 0.3390625 are both 0.378125, but each contribution was rounded to a binary grid on its own
    and the two sums came out one unit apart (0.37812500000000027 and 0.3781249999999998)."""
    compiled = two_sums([0.4875, 0.3125, 0.3875, 0.3625], {"p1": 0.125, "p2": 0.875})
    assert (compiled.exact, compiled.denominator) == (True, 640)  # 1/80 * 1/8
    assert compiled.utility_of((0, 1))[0] == compiled.utility_of((1, 0))[0] == 0.378125
    # GENIUS's 0.1 + 0.15 * 3 is 0.5499999999999999 in floats, read as 0.55: 0.55 + 0.25 = 0.35 + 0.45.
    linear = two_sums([0.1 + 0.15 * 3, 0.05 + 0.1 * 3, 0.25, 0.15 + 0.15 * 2], {"p1": 0.125, "p2": 0.125})
    assert linear.exact
    assert linear.utility_of((0, 0))[0] == linear.utility_of((1, 1))[0] == 0.1


def test_numbers_that_stand_for_no_short_fraction_fall_back_to_a_rounding_grid() -> None:
    # One such float is still a fraction (with a denominator near 10**8) that fits; three of them do not.
    floats = [0.7853981633974483, 0.5772156649015329, 0.6931471805599453]
    assert two_sums([floats[0], 0.1, 0.2, 1 / 3], {"p1": 0.5, "p2": 0.5}).exact
    compiled = two_sums([floats[0], 0.1, floats[1], floats[2]], {"p1": 0.5, "p2": 0.5})
    assert not compiled.exact
    assert compiled.denominator == grid.fallback(1.0)  # a power of ten: decimals stay exact, the rest rounds
    assert compiled.utilities[0, 0, 1] == 0.05
    assert abs(compiled.utilities[0, 0, 0] - 0.5 * 0.7853981633974483) <= 1 / compiled.denominator
    assert compiled.to_units(compiled.tolerance)[0] == 3  # a unit for each of 2 points and the reservation
