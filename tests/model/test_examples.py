"""The built-in example holds the facts of the article (../shared/seed/peace-talks-article.txt)."""

from __future__ import annotations

import datetime as dt

from accord.model.examples import example_names, example_path
from accord.model.files import load_scenario
from accord.model.parties import Role
from accord.model.record import MeetingStatus, Stance
from accord.model.status import State, point_status

TALKS = load_scenario(example_path())


def test_every_example_loads() -> None:
    assert "peace-talks" in example_names()
    for name in example_names():
        assert load_scenario(example_path(name)).format == "accord/1"


def test_four_sides_with_their_roles_principals_and_delegations() -> None:
    roles = {p.id: p.role for p in TALKS.parties}
    assert roles == {
        "ukraine": Role.NEGOTIATING,
        "russia": Role.NEGOTIATING,
        "united-states": Role.MEDIATOR,
        "europe": Role.GUARANTOR,
    }
    ukraine = TALKS.party("ukraine")
    assert ukraine.delegation is not None and ukraine.delegation.head.name == "Rustem Umerov"
    assert ukraine.principal is not None and ukraine.principal.name == "Volodymyr Zelensky"
    us = TALKS.party("united-states")
    assert us.delegation is not None
    assert {us.delegation.head.name, *(m.name for m in us.delegation.members)} == {
        "Steve Witkoff",
        "Jared Kushner",
    }


def test_meetings_us_berlin_and_planned_miami() -> None:
    meetings = {m.id: m for m in TALKS.meetings}
    assert meetings["us-december-19"].date == dt.date(2025, 12, 19)
    assert set(meetings["us-december-19"].participants) == {"ukraine", "united-states", "europe"}
    assert meetings["berlin"].venue == "Berlin" and meetings["berlin"].status is MeetingStatus.HELD
    assert meetings["miami"].status is MeetingStatus.PLANNED
    assert set(meetings["miami"].participants) == {"united-states", "russia"}


def test_three_documents_and_the_territorial_point_is_open() -> None:
    assert {d.id for d in TALKS.documents} == {"peace-framework", "security-guarantees", "reconstruction"}
    status = {s.point: s for s in point_status(TALKS)}
    assert status["territory"].state is State.OPEN
    others = [s for point, s in status.items() if point != "territory"]
    assert others and all(s.state is State.PARTIAL for s in others)
    assert all(set(s.agreed_by) == {"ukraine", "united-states"} for s in others)


def test_stances_thresholds_and_the_mediator() -> None:
    putin = [s for s in TALKS.statements if s.party == "russia"]
    assert [s.stance for s in putin] == [Stance.HARD_LINE]
    assert all(s.date and s.speaker and s.source for s in TALKS.statements)
    guarantee = [r for r in TALKS.preferences["ukraine"].red_lines if r.point == "guarantee-form"]
    assert len(guarantee) == 1 and guarantee[0].min_value == 0.5
    rubio = next(s for s in TALKS.statements if s.speaker.startswith("Marco Rubio"))
    assert "cannot force" in rubio.text


def test_every_preference_rests_on_declared_assumptions() -> None:
    declared = {a.id for a in TALKS.assumptions}
    for prefs in TALKS.preferences.values():
        assert "illustrative-preferences" in prefs.assumptions
        assert set(prefs.assumptions) <= declared
