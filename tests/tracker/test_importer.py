"""Importing a scenario into the record: never re-adds an entry the record holds, so a correction stands;
refuses a scenario of other talks unless asked to replace it, and then says what it replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import accord
from accord.model.record import Meeting, MeetingStatus
from accord.tracker import Status, StatusInput, Store, TrackerError

OTHER = Path(__file__).resolve().parents[1] / "model" / "valid" / "minimal.yaml"
DECEMBER_19 = dt.date(2025, 12, 19)


def test_a_correction_stands_when_the_scenario_is_imported_again(example: Store) -> None:
    """Ukraine's agreement on the ceasefire, corrected the same day, is not re-added by a second import."""
    correction = StatusInput(
        "ceasefire", "ukraine", Status.REJECTED, DECEMBER_19, "analyst", "correction", option="immediate"
    )
    example.set_status(correction)
    report = example.load_example(author="analyst")
    assert (report.version, report.status_changes, report.meetings, report.statements) == (2, 0, 0, 0)
    assert example.status_as_of()[("ceasefire", "ukraine")].source == "correction"
    assert example.status_as_of(DECEMBER_19)[("ceasefire", "ukraine")].status is Status.REJECTED


def test_a_later_meeting_revision_stands_when_the_scenario_is_imported_again(example: Store) -> None:
    held = {m.meeting.id: m for m in example.meetings()}["miami"]
    cancelled = held.meeting.model_copy(update={"status": MeetingStatus.CANCELLED})
    example.add_meeting(cancelled, author="analyst", effective=held.effective)
    assert example.load_example(author="analyst").meetings == 0
    assert {m.meeting.id: m.meeting.status for m in example.meetings()}["miami"] is MeetingStatus.CANCELLED


def test_an_import_adds_what_the_record_does_not_hold(example: Store) -> None:
    scenario = accord.load(accord.example_path())
    rome = Meeting(id="rome", date=dt.date(2026, 1, 8), venue="Rome", participants=("ukraine", "russia"))
    report = example.import_scenario(
        scenario.model_copy(update={"meetings": (*scenario.meetings, rome)}), source="update"
    )
    assert (report.meetings, report.status_changes) == (1, 0)


def test_a_scenario_of_other_talks_is_refused(example: Store) -> None:
    before = example.export()
    with pytest.raises(TrackerError) as error:
        example.import_scenario(accord.load(OTHER), source="minimal.yaml")
    message = str(error.value)
    assert message.startswith("'Smoke' describes other talks: it shares no party with version 1 '")
    assert "parties ukraine, russia, united-states, europe;" in message
    assert message.endswith("(--new-talks), or make it the next version of these talks (--replace)")
    assert example.export() == before


def test_replace_says_what_it_replaces(example: Store) -> None:
    report = example.import_scenario(accord.load(OTHER), source="minimal.yaml", replace=True)
    assert report.version == 2
    assert report.replaced is not None and report.replaced.startswith("'Smoke' replaces version 1 '")
    assert "documents " in report.replaced and report.replaced.endswith("stay in the record")
    assert example.scenario().title == "Smoke"
    again = example.import_scenario(accord.load(OTHER), source="minimal.yaml", replace=True)
    assert again.replaced is None
