"""accord simulate: byte-identical JSON for a seed, the trace file, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.model.examples import example_path
from accord.protocols.trace import read_trace

runner = CliRunner()
EXAMPLE = str(example_path())
ARGS = [EXAMPLE, "--protocol", "shuttle", "--agents", "stances", "--rounds", "20", "--runs", "3"]


def test_the_same_seed_prints_byte_identical_json() -> None:
    first = runner.invoke(app, ["simulate", *ARGS, "--seed", "7", "--json"])
    second = runner.invoke(app, ["simulate", *ARGS, "--seed", "7", "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["format"] == "accord-simulation/1"
    assert data["agents"] == {
        "ukraine": "conceder",
        "russia": "hardliner",
        "united-states": "linear",
        "europe": "linear",
    }
    assert len(data["runs"]) == 3 and "seconds" not in json.dumps(data["runs"])
    other = runner.invoke(app, ["simulate", *ARGS, "--seed", "8", "--json"])
    assert json.loads(other.stdout)["seed"] == 8


def test_the_trace_holds_every_event_of_every_run(tmp_path: Path) -> None:
    trace = tmp_path / "talks.jsonl"
    result = runner.invoke(app, ["simulate", *ARGS, "--json", "--trace", str(trace)])
    assert result.exit_code == 0, result.output
    records = read_trace(trace.read_text(encoding="utf-8").splitlines())
    assert [r.header.run for r in records] == [0, 1, 2]
    data = json.loads(result.stdout)
    for record, run in zip(records, data["runs"], strict=True):
        assert record.ended.round == run["round"]
        assert record.ended.agreement == (run["outcome"] == "agreement")


def test_the_readable_report_names_the_sessions_and_who_refused() -> None:
    result = runner.invoke(app, ["simulate", *ARGS[:-2]], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "United States: ukraine, europe; Miami: russia" in result.stdout
    assert "refused by russia" in result.stdout


def test_a_bilateral_run_on_a_small_scenario_reaches_agreement(tmp_path: Path) -> None:
    path = Path(__file__).parents[1] / "model" / "valid" / "minimal.yaml"
    result = runner.invoke(app, ["simulate", str(path), "-p", "stacked-offers", "-a", "conceder", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["runs"][0]["outcome"] in ("agreement", "breakdown")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--protocol", "auction"], "unknown protocol 'auction'"),
        (["--agents", "bulware"], "did you mean 'boulware'"),
        (["--protocol", "alternating-offers"], "alternating offers is bilateral"),
        (["--protocol", "single-text", "--mediator", "boulware"], "unknown mediator strategy 'boulware'"),
        (["--agents", "linear,linear"], "2 strategies for 4 voting parties"),
        (["--rounds", "0"], "greater than or equal to 1"),
        (["--seed", "-1"], "greater than or equal to 0"),
        (["--runs", "100000000000"], "100,000,000,000 runs is over the limit of 1,000,000"),
        (["--rounds", "100000000000"], "rounds is over the limit of 1,000,000"),
        (["--trace", "/no/such/folder/trace.jsonl"], "cannot write /no/such/folder/trace.jsonl: folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["simulate", EXAMPLE, *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_folder_is_read_as_a_genius_domain(tmp_path: Path) -> None:
    empty = runner.invoke(app, ["simulate", str(tmp_path)])
    assert empty.exit_code == 2 and "Traceback" not in empty.output
    lunch = Path(__file__).resolve().parents[2] / "examples" / "genius-lunch"
    args = ["simulate", str(lunch), "--protocol", "alternating-offers", "--agents", "boulware,conceder"]
    result = runner.invoke(app, [*args, "--rounds", "20", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["runs"]
