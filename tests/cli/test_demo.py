from __future__ import annotations

import json

from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()


def test_demo_shows_where_the_talks_stand_and_that_no_package_is_acceptable() -> None:
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Where the talks stand" in text
    assert "Territorial arrangements │ open" in text
    assert "partial" in text  # points agreed by Ukraine and the US only
    for venue in ("Berlin", "United States", "Miami"):
        assert venue in text
    assert "planned" in text
    assert "hard-line" in text
    assert "agreement zone is empty" in text
    assert "These results rest on illustrative assumptions" in text
    assert "The base case has no zone. Over 256 samples of 9 declared ranges, a zone exists in" in text
    assert "It turns most on preferences.russia.values.territory.demilitarised-zone" in text


def test_demo_json_is_the_analysis_of_the_example() -> None:
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["zone"] == {"empty": True, "size": 0, "accepted_by": data["zone"]["accepted_by"]}
    assert all(value is None for value in data["solutions"].values())
    assert {a["id"] for a in data["assumptions"]} >= {"illustrative-preferences", "territorial-red-lines"}
    assert data["robustness"]["samples"] == 256 and data["robustness"]["base"] == {"zone_empty": True}


def test_no_command_prints_help() -> None:
    result = runner.invoke(app, [])
    assert "analyze" in result.output and "validate" in result.output


def test_demo_simulate_runs_the_shuttle_between_the_example_sides() -> None:
    result = runner.invoke(app, ["demo", "--simulate"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "shuttle on 'Talks on ending the war in Ukraine" in text
    assert "russia: hardliner" in text
    assert "Miami: russia" in text
    assert "breakdown" in text and "refused by russia" in text
    assert "illustrative assumptions" in text
