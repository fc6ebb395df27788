"""The agreement rule, settled points, deadlines and the clock."""

from __future__ import annotations

import pytest

from accord.model.compiled import compile_scenario
from accord.model.errors import AccordError
from accord.protocols.events import Reason
from accord.protocols.rules import Clock, Deadline, rules_of
from tests.scripted import scenario


def test_quorum_with_a_veto_player() -> None:
    rules = rules_of(compile_scenario(scenario(3, rule={"rule": "quorum", "quorum": 2, "veto": ["v1"]})))
    assert rules.holds(["v1", "v3"])
    assert not rules.holds(["v2", "v3"])
    assert not rules.still_possible([], ["v1"])
    assert rules.still_possible(["v1"], ["v2"])
    assert not rules.still_possible(["v1"], ["v2", "v3"])


def test_a_point_is_settled_only_when_every_voter_agreed_to_the_same_option() -> None:
    agreed = [
        {"point": "p1", "option": "b", "parties": ["v1"]},
        {"point": "p2", "option": "y", "parties": ["v1", "v2"]},
    ]
    rules = rules_of(compile_scenario(scenario(2, agreements=agreed)))
    assert rules.fixed == (-1, 1)
    assert rules.locked == ((1, 1), (-1, 1))
    assert rules.open_points == (0,)


def test_package_numbers_and_choices_convert_both_ways() -> None:
    rules = rules_of(compile_scenario(scenario(2)))
    assert [rules.choice_of(n) for n in range(6)] == [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]]
    assert all(rules.package_of(rules.choice_of(n)) == n for n in range(6))


def test_a_deadline_needs_rounds_or_seconds() -> None:
    with pytest.raises(AccordError, match="needs a number of rounds"):
        Deadline()
    with pytest.raises(AccordError, match="at least one round"):
        Deadline(rounds=0)


def test_relative_time_is_the_larger_share_of_the_deadline_used() -> None:
    now = [100.0]
    clock = Clock(Deadline(rounds=10, seconds=4.0), now=lambda: now[0])
    clock.begin()
    clock.completed = 2
    now[0] = 101.0
    assert clock.time == 0.25 and clock.round == 3 and clock.expired() is None
    now[0] = 104.0
    assert clock.time == 1.0 and clock.expired() is Reason.TIME
    clock = Clock(Deadline(rounds=2))
    clock.begin()
    clock.completed = 2
    assert clock.expired() is Reason.DEADLINE
