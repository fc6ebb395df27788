"""The scenario as of a date locks what was agreed by then, and the analysis of it is the analysis of the
same scenario written as a file."""

from __future__ import annotations

import datetime as dt

import accord
from accord.tracker import Status, StatusInput, Store

EXAMPLE = accord.load(accord.example_path())


def accepted_by(analysis: accord.Analysis, party: str) -> int:
    """How many packages of the zone the party accepts (the example's zone is small enough to count)."""
    counts = analysis.zone.accepted_by
    assert counts is not None
    return counts[party]


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
    assert accepted_by(before, "ukraine") > accepted_by(after, "ukraine")
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


def test_each_date_is_analysed_with_the_version_in_force(store: Store) -> None:
    """Version 1 is in force from December 1, version 2 (Ukraine's reservation raised) from January 10."""
    prefs = EXAMPLE.preferences["ukraine"]
    raised = EXAMPLE.model_copy(
        update={
            "preferences": {**EXAMPLE.preferences, "ukraine": prefs.model_copy(update={"reservation": 0.44})}
        }
    )
    first, january = dt.date(2025, 12, 1), dt.date(2026, 1, 10)
    store.import_scenario(EXAMPLE, source="example", date=first)
    store.import_scenario(raised, source="update", date=january)
    assert [v.effective for v in store.versions()] == [first, january]
    for day in (first, dt.date(2026, 1, 9)):
        assert store.state(day).version == 1
        assert store.scenario_as_of(day).preferences["ukraine"].reservation == prefs.reservation
    assert store.state(january).version == store.state().version == 2
    assert store.scenario_as_of(january).preferences["ukraine"].reservation == 0.44
    assert store.state(january).describe() == (
        "Analysed: the record as of 2026-01-10, with scenario version 2 (in force from 2026-01-10)."
    )
    early = store.state(dt.date(2025, 11, 18))
    assert early.version == 1 and "none was in force on 2025-11-18, so the first is used" in early.describe()
    assert store.state(january, version=1).version == 1


def test_a_recorded_rejection_is_a_red_line_until_a_later_status_lifts_it(example: Store) -> None:
    day = dt.date(2025, 12, 18)
    before = accord.analyze(example.scenario_as_of(day))
    example.set_status(
        StatusInput("territory", "russia", Status.REJECTED, day, "a", "readout", option="cede-claimed")
    )
    scenario = example.scenario_as_of(day)
    assert scenario.preferences["russia"].red_lines[-1].reject == ("cede-claimed",)
    after = accord.analyze(scenario)
    assert accepted_by(after, "russia") < accepted_by(before, "russia")
    [stated] = [a for a in after.assumptions if a.id.startswith("record-red-line-")]
    assert (
        "russia's recorded rejection on territory" in stated.text
        and "'cede-claimed' from 2025-12-18" in stated.text
    )
    assert accord.analyze(example.scenario_as_of(dt.date(2025, 12, 17))).zone == before.zone
    lifted = dt.date(2025, 12, 20)
    example.set_status(StatusInput("territory", "russia", Status.OPEN, lifted, "a", "readout"))
    standing = accepted_by(accord.analyze(example.scenario_as_of(lifted.replace(day=19))), "russia")
    assert accepted_by(accord.analyze(example.scenario_as_of(lifted)), "russia") > standing
    assert example.scenario_as_of(lifted).preferences["russia"] == EXAMPLE.preferences["russia"]


def test_rejections_of_two_options_both_stand(example: Store) -> None:
    day = dt.date(2025, 12, 18)
    for option in ("cede-claimed", "demilitarised-zone"):
        example.set_status(StatusInput("territory", "russia", Status.REJECTED, day, "a", "s", option=option))
    assert example.scenario_as_of(day).preferences["russia"].red_lines[-1].reject == (
        "cede-claimed",
        "demilitarised-zone",
    )
