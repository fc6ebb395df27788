"""Simulations: the same seed gives the same runs; agreements respect the rule, red lines and reservations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Ended, Ratified, Responded
from accord.protocols.rules import Deadline
from accord.tournaments.simulation import (
    SimulationConfig,
    lineup,
    prepare,
    report,
    simulate,
    simulate_run,
)
from tests.scripted import scenario
from tests.strategies import scenarios

RATIONAL = ("boulware", "linear", "conceder", "hardliner", "tit-for-tat", "random")
VOTERS = ("hill-climber", "annealer", *RATIONAL)


def test_the_same_seed_gives_the_same_runs_and_another_seed_other_runs() -> None:
    peace = load_scenario(example_path())
    config = SimulationConfig("shuttle", ("stances",), Deadline(rounds=20), runs=3, seed=11)
    first = list(simulate(peace, config))
    assert first == list(simulate(peace, config))
    other = list(
        simulate(peace, SimulationConfig("shuttle", ("stances",), Deadline(rounds=20), runs=3, seed=12))
    )
    assert [r.events for r in other] != [r.events for r in first]


@pytest.mark.parametrize("protocol", ["stacked-offers", "single-text"])
def test_one_run_alone_is_that_run_of_the_whole_simulation(protocol: str) -> None:
    peace = load_scenario(example_path())
    config = SimulationConfig(protocol, ("random",), Deadline(rounds=15), runs=4, seed=5)
    every = list(simulate(peace, config))
    assert [simulate_run(peace, config, run) for run in range(4)] == every
    assert len({r.events for r in every}) > 1  # the runs differ: picking the wrong one would show
    with pytest.raises(AccordError, match="there is no run 4: the simulation has runs 0 to 3"):
        simulate_run(peace, config, 4)


def test_the_example_shuttle_breaks_down_on_russia_refusal() -> None:
    peace = load_scenario(example_path())
    config = SimulationConfig("shuttle", ("stances",), Deadline(rounds=30))
    records = list(simulate(peace, config))
    data = report(prepare(peace), config, records).model_dump(mode="json")
    run = data["runs"][0]
    assert run["outcome"] == "breakdown" and run["reason"] == "rejected"
    assert "russia" not in run["accepted_by"]
    assert run["nash_distance"] is None  # the zone is empty
    assert run["utilities"] == {"ukraine": 0.35, "russia": 0.45, "united-states": 0.3, "europe": 0.35}


def test_lineups_name_one_strategy_per_party() -> None:
    tiny = scenario(2)
    assert lineup(tiny, ["linear"]) == ("linear", "linear")
    with pytest.raises(AccordError, match="3 strategies for 2 voting parties"):
        lineup(tiny, ["linear"] * 3)


@st.composite
def simulations(draw: st.DrawFn) -> tuple[Scenario, SimulationConfig]:
    s = draw(scenarios(max_packages=400))
    n = len(s.voters)
    protocol = draw(
        st.sampled_from(["single-text", "shuttle", "stacked-offers"] + (["alternating-offers"] * (n == 2)))
    )
    pool = VOTERS if protocol in ("single-text", "shuttle") else RATIONAL
    agents = tuple(draw(st.sampled_from(pool)) for _ in range(n))
    mediator = draw(st.sampled_from(["hill-climbing", "annealing", "maximin"]))
    rounds = draw(st.integers(1, 30))
    return s, SimulationConfig(
        protocol, agents, Deadline(rounds=rounds), mediator=mediator, seed=draw(st.integers(0, 9))
    )


@settings(max_examples=60)
@given(simulations())
def test_agreements_respect_the_rule_red_lines_and_reservation_values(
    case: tuple[Scenario, SimulationConfig],
) -> None:
    s, config = case
    prepared = prepare(s)
    table, rules = prepared.setting.table, prepared.setting.rules
    (record,) = simulate(s, config)
    ended = record.ended
    assert isinstance(ended, Ended)
    for event in record.events:
        if isinstance(event, Responded | Ratified) and event.accepted:
            p = rules.parties.index(event.party)
            assert table.rational[p, event.package], "an individually rational party accepted below its floor"
    if ended.agreement:
        assert ended.package is not None and rules.holds(ended.accepted_by)
        for party in ended.accepted_by:
            assert table.rational[rules.parties.index(party), ended.package]
        assert all(rules.fixed[k] in (-1, o) for k, o in enumerate(table.choice(ended.package)))
    assert record == next(iter(simulate(s, config))), "the same seed gives the same run"
    assert np.isfinite(report(prepared, config, [record]).runs[0].frontier_distance)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"seed": -1}, "the seed must be 0 or more, not -1"),
        ({"runs": 0}, "the number of runs must be at least 1, not 0"),
        ({"runs": 10**11}, "100,000,000,000 runs is over the limit of 1,000,000"),
    ],
)
def test_a_simulation_refuses_a_bad_seed_or_count_before_it_runs(
    fields: dict[str, int], message: str
) -> None:
    with pytest.raises(AccordError) as caught:
        SimulationConfig("stacked-offers", ("linear",), Deadline(rounds=1), **fields)  # type: ignore[arg-type]
    assert str(caught.value) == message
