"""The record's readable reports on SQLite and PostgreSQL: hostile text in statements, meetings, sources and
authors is shown literally by every ``accord track`` report (issue 11: a statement containing ``[/oops]``
made ``track statement list``, ``timeline`` and ``diff`` fail for good)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.model.record import Meeting, Stance, Statement
from accord.tracker import Store
from accord.tracker.entries import Status, StatusInput
from tests.hostile import HOSTILE, hostile_scenario, raw_controls, shows_hostile_text

runner = CliRunner()
DAY = dt.date(2025, 12, 21)


@pytest.fixture
def hostile_record(record_url: str, tmp_path: Path) -> str:
    """The example talks with hostile text everywhere, and entries added through the Store API."""
    with Store.open(record_url) as store:
        store.import_scenario(hostile_scenario(tmp_path), author=HOSTILE, source=HOSTILE)
        store.add_statement(
            Statement(
                id="hostile",
                date=DAY,
                party="russia",
                speaker=HOSTILE,
                text=HOSTILE,
                source=HOSTILE,
                stance=Stance.HARD_LINE,
            ),
            author=HOSTILE,
        )
        meeting = Meeting(
            id="geneva", date=DAY, venue=HOSTILE, participants=("ukraine", "russia"), source=HOSTILE
        )
        store.add_meeting(meeting, author=HOSTILE)
        store.set_status(
            StatusInput(
                point="territory",
                party="russia",
                status=Status.PROPOSED,
                option="freeze-line",
                effective=DAY,
                author=HOSTILE,
                source=HOSTILE,
                note=HOSTILE,
            )
        )
    return record_url


REPORTS = [
    ["timeline"],
    ["matrix"],
    ["diff", "--since", "2025-12-16"],
    ["statement", "list"],
    ["meeting", "list"],
    ["status", "history"],
    ["versions"],
    ["talks"],
]


@pytest.mark.parametrize("report", REPORTS, ids=" ".join)
def test_every_record_report_shows_hostile_text_literally(hostile_record: str, report: list[str]) -> None:
    result = runner.invoke(app, ["track", *report, "--db", hostile_record], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.stdout)
    if report[0] != "matrix":  # the matrix shows ids and statuses only
        assert shows_hostile_text(result.stdout), result.stdout


@pytest.mark.parametrize("report", [["timeline"], ["statement", "list"]], ids=" ".join)
def test_in_colour_the_only_escape_sequences_are_the_reports_own(
    hostile_record: str, report: list[str]
) -> None:
    env = {**os.environ, "COLUMNS": "1000", "FORCE_COLOR": "1"}
    command = [sys.executable, "-m", "accord", "track", *report, "--db", hostile_record]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "\x1b[" in result.stdout  # styled: the colour path
    assert (
        "\x1b[31mred" not in result.stdout and "\x1b]8;" not in result.stdout and "\x07" not in result.stdout
    )
    assert "␛[31mred␛[0m" in result.stdout
