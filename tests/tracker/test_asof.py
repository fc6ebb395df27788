"""The scenario as of a date locks what was agreed by then, and the analysis of it is the analysis of the
same scenario written as a file."""

from __future__ import annotations

import datetime as dt

import accord
from accord.tracker import Status, StatusInput, Store

EXAMPLE = accord.load(accord.example_path())


def test_the_latest_record_is_the_example_as_written(example: Store) -> None:
    scenario = example.scenario_as_of()
    assert scenario.agreements == EXAMPLE.agreements
    assert scenario.meetings == EXAMPLE.meetings
    assert sorted(scenario.statements, key=lambda s: s.id) == sorted(EXAMPLE.statements, key=lambda s: s.id)
    assert accord.analyze(scenario).to_dict() == accord.analyze(EXAMPLE).to_dict()


def test_before_the_us_round_nothing_is_locked(example: Store) -> None:
    scenario = example.scenario_as_of(dt.date(2025, 12, 18))
    assert scenario.agreements == ()
    assert [m.id for m in scenario.meetings] == ["berlin"]
    assert [s.id for s in scenario.statements] == ["umerov-guarantees"]
    assert "(record as of 2025-12-18)" in scenario.title
    before, after = accord.analyze(scenario), accord.analyze(example.scenario_as_of(dt.date(2025, 12, 19)))
    assert before.zone.accepted_by["ukraine"] > after.zone.accepted_by["ukraine"]
    assert after.compiled.locked[0].tolist().count(-1) == 1  # Ukraine: only territory is open


def test_a_withdrawn_agreement_unlocks_the_point(example: Store) -> None:
    example.set_status(StatusInput("ceasefire", "ukraine", Status.OPEN, dt.date(2026, 1, 3), "a", "test"))
    agreements = {a.point: a.parties for a in example.scenario_as_of().agreements}
    assert agreements["ceasefire"] == ("united-states",)
    assert {a.point: a.parties for a in example.scenario_as_of(dt.date(2026, 1, 2)).agreements}[
        "ceasefire"
    ] == (
        "ukraine",
        "united-states",
    )
