"""The store on both backends: entries go in checked and come back exactly; nothing is ever overwritten; bad
input is refused with a clear message and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord
from accord.model.record import Meeting, MeetingStatus, Stance, Statement
from accord.tracker import Status, StatusInput, Store, TrackerError

D = dt.date


def change(**fields: object) -> StatusInput:
    base: dict[str, object] = {
        "point": "territory",
        "party": "russia",
        "status": Status.REJECTED,
        "option": "freeze-line",
        "effective": D(2025, 12, 21),
        "author": "analyst",
        "source": "test",
    }
    return StatusInput(**(base | fields))  # type: ignore[arg-type]


def counts(store: Store) -> tuple[int, int, int, int]:
    data = store.export()
    return len(data["versions"]), len(data["meetings"]), len(data["statements"]), len(data["status"])


def test_the_example_loads_as_a_record(example: Store) -> None:
    assert counts(example) == (1, 3, 6, 16)
    scenario = accord.load(accord.example_path())
    assert example.scenario() == scenario.model_copy()
    history = example.status_history()
    assert {(c.point, c.party) for c in history} == {
        (a.point, p) for a in scenario.agreements for p in a.parties
    }
    assert all(c.status is Status.AGREED and c.author == "analyst" for c in history)
    assert [c.entry for c in history] == sorted(c.entry for c in history)


def test_importing_again_adds_a_version_and_no_duplicate_entry(example: Store) -> None:
    report = example.load_example(author="analyst")
    assert (report.version, report.status_changes, report.meetings, report.statements) == (2, 0, 0, 0)
    assert counts(example) == (2, 3, 6, 16)
    assert [v.version for v in example.versions()] == [1, 2]


def test_status_changes_are_appended_never_overwritten(example: Store) -> None:
    first = example.set_status(
        change(status=Status.PROPOSED, option="demilitarised-zone", effective=D(2025, 12, 22))
    )
    second = example.set_status(
        change(status=Status.REJECTED, option="demilitarised-zone", effective=D(2025, 12, 23))
    )
    assert second > first
    cell = example.status_history(point="territory", party="russia")
    assert [(c.status, c.effective) for c in cell] == [
        (Status.PROPOSED, D(2025, 12, 22)),
        (Status.REJECTED, D(2025, 12, 23)),
    ]
    assert example.status_as_of(D(2025, 12, 22))[("territory", "russia")].status is Status.PROPOSED
    assert example.status_as_of(D(2025, 12, 23))[("territory", "russia")].status is Status.REJECTED
    assert ("territory", "russia") not in example.status_as_of(D(2025, 12, 21))


def test_a_later_entry_with_the_same_effective_date_wins(example: Store) -> None:
    example.set_status(change(status=Status.PROPOSED, option="freeze-line"))
    example.set_status(change(status=Status.OPEN, option=None))
    assert example.status_as_of(D(2025, 12, 21))[("territory", "russia")].status is Status.OPEN


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"party": "narnia"}, "unknown party 'narnia'"),
        ({"point": "teritory"}, "no point 'teritory' in the scenario (did you mean 'territory'?)"),
        ({"option": "cede-everything"}, "unknown option 'cede-everything' for point 'territory'"),
        ({"status": Status.AGREED, "option": None}, "status 'agreed' needs the option it is about"),
        ({"status": Status.OPEN}, "status 'open' takes no option"),
        ({"author": " "}, "every entry needs an author"),
        ({"source": ""}, "every entry needs a source"),
    ],
)
def test_bad_status_input_is_refused_and_writes_nothing(
    example: Store, fields: dict[str, object], message: str
) -> None:
    before = example.export()
    with pytest.raises(TrackerError) as error:
        example.set_status(change(**fields))
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert example.export() == before


def test_an_entry_before_any_scenario_is_refused(store: Store) -> None:
    with pytest.raises(TrackerError, match="holds no scenario yet"):
        store.set_status(change())
    assert store.export()["status"] == []


def test_meetings_keep_every_revision(example: Store) -> None:
    held = Meeting(
        id="miami",
        title="Meeting of the US envoys with a Russian delegation",
        date=D(2025, 12, 27),
        venue="Miami",
        participants=("united-states", "russia"),
        status=MeetingStatus.HELD,
        source="test",
    )
    example.add_meeting(held, author="analyst")
    now = {m.meeting.id: m.meeting for m in example.meetings()}
    assert now["miami"] == held
    before = {m.meeting.id: m.meeting for m in example.meetings(as_of=D(2025, 12, 26))}
    assert before["miami"].status is MeetingStatus.PLANNED
    assert "miami" not in {m.meeting.id for m in example.meetings(as_of=D(2025, 12, 19))}
    assert len(example.export()["meetings"]) == 4


def test_a_meeting_with_an_unknown_participant_writes_nothing(example: Store) -> None:
    bad = Meeting(id="geneva", date=D(2026, 1, 5), venue="Geneva", participants=("ukraine", "atlantis"))
    with pytest.raises(TrackerError, match="unknown party 'atlantis'"):
        example.add_meeting(bad)
    assert len(example.meetings()) == 3


def test_statements_are_never_replaced(example: Store) -> None:
    statement = Statement(
        id="putin-no-concession",
        date=D(2025, 12, 21),
        party="russia",
        speaker="Vladimir Putin",
        text="Something else.",
        source="test",
        stance=Stance.HARD_LINE,
    )
    with pytest.raises(TrackerError, match="already holds a statement 'putin-no-concession'"):
        example.add_statement(statement)
    bad_point = statement.model_copy(update={"id": "new", "points": ("teritory",)})
    with pytest.raises(TrackerError, match="no point 'teritory'"):
        example.add_statement(bad_point)
    assert len(example.statements()) == 6
    example.add_statement(statement.model_copy(update={"id": "putin-2", "points": ("territory",)}))
    assert [s.statement.id for s in example.statements(since=D(2025, 12, 20))] == ["putin-2"]


CELLS = st.tuples(
    st.sampled_from(["territory", "ceasefire", "alliance"]), st.sampled_from(["ukraine", "russia", "europe"])
)
CHANGES = st.lists(
    st.tuples(CELLS, st.sampled_from(list(Status)), st.integers(0, 20)), min_size=1, max_size=12
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES, probe=st.integers(-1, 21))
def test_status_as_of_matches_a_brute_force_reading_of_the_history(
    example: Store, changes: list[tuple[tuple[str, str], Status, int]], probe: int
) -> None:
    """As of D: the change with the largest (effective date, entry) among those effective on or before D."""
    scenario = example.scenario()
    for (point, party), status, day in changes:
        option = None if status is Status.OPEN else scenario.point(point).options[day % 3].id
        example.set_status(
            change(
                point=point,
                party=party,
                status=status,
                option=option,
                effective=D(2026, 1, 1) + dt.timedelta(day),
            )
        )
    history = example.status_history()
    date = D(2026, 1, 1) + dt.timedelta(probe)
    expected: dict[tuple[str, str], tuple[dt.date, int]] = {}
    for c in history:
        if c.effective <= date:
            expected[(c.point, c.party)] = max(
                expected.get((c.point, c.party), (c.effective, c.entry)), (c.effective, c.entry)
            )
    got = example.status_as_of(date)
    assert {cell: (c.effective, c.entry) for cell, c in got.items()} == expected
