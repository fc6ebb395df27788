"""``accord robustness``: the JSON is the Python API's, the readable report states the verdict's odds, bad
input is one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.tracker import Store

runner = CliRunner()
EXAMPLE = str(accord.example_path())


def test_json_equals_the_python_api_and_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["robustness", EXAMPLE, "--samples", "128", "--seed", "4", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == accord.robustness(accord.load(EXAMPLE), samples=128, seed=4).to_dict()
    assert data["format"] == "accord-robustness/1" and data["samples"] == 128 and data["seed"] == 4
    assert set(data["p_zone_nonempty"]) == {"estimate", "low", "high"}
    assert (
        data["p_zone_nonempty"]["low"]
        <= data["p_zone_nonempty"]["estimate"]
        <= data["p_zone_nonempty"]["high"]
    )
    for package in data["packages"]:
        assert set(package) >= {"package", "p_all_accept", "p_accept"}
        assert set(package["p_accept"]) == {"ukraine", "russia", "united-states", "europe"}
    assert set(data["most_robust"]) >= {"package", "p_all_accept", "p_accept"}
    assert {"input", "index", "tipping_value"} <= set(data["sensitivity"][0])
    assert "preferences.ukraine.values.territory.freeze-line" in {s["input"] for s in data["sensitivity"]}


def test_readable_report_states_the_odds_and_what_decides_them() -> None:
    result = runner.invoke(app, ["robustness", EXAMPLE, "-n", "256"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "The base case has no zone. Over 256 samples of 9 declared ranges, a zone exists in" in text
    assert "It turns most on preferences.russia.values.territory.demilitarised-zone" in text
    assert "a zone opens above 0.8" in text
    assert "Convergence" in text and "Tipping value" in text


def test_reads_standard_input_and_the_record(tmp_path: Path) -> None:
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    piped = runner.invoke(app, ["robustness", "-", "-n", "32", "--json"], input=text)
    assert piped.exit_code == 0, piped.output
    db = str(tmp_path / "talks.db")
    assert runner.invoke(app, ["track", "load-example", "--author", "a", "--db", db]).exit_code == 0
    recorded = runner.invoke(app, ["robustness", "--db", db, "--as-of", "2025-12-18", "-n", "32", "--json"])
    assert recorded.exit_code == 0, recorded.output
    with Store.open(db) as store:
        scenario = store.scenario_as_of(accord.tracker.parse_date("2025-12-18"))
    assert json.loads(recorded.stdout) == accord.robustness(scenario, samples=32, seed=0).to_dict()
    assert json.loads(piped.stdout)["samples"] == 32


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "2", "--scheduler", "tcp://localhost:1"], "accord: give --jobs or --scheduler, not both"),
        (["--sampler", "halton"], "accord: unknown sampler 'halton' (sobol or random)"),
        (["--engine", "guess"], "accord: unknown engine 'guess' (auto, enumeration or optimization)"),
    ],
)
def test_bad_options_are_one_line_and_exit_code_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["robustness", EXAMPLE, "-n", "16", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_too_many_samples_is_refused_before_any_work() -> None:
    result = runner.invoke(app, ["robustness", EXAMPLE, "--samples", "2000000"])
    assert result.exit_code == 2
    assert "less than or equal to 1000000" in result.output and "Traceback" not in result.output
