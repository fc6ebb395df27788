"""accord tournament: standings, records, the same JSON for a seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.protocols.trace import read_trace
from accord.tournaments import backends

runner = CliRunner()
MINIMAL = str(Path(__file__).parents[1] / "model" / "valid" / "minimal.yaml")
ARGS = ["tournament", MINIMAL, "-p", "stacked-offers", "-s", "boulware,conceder,hardliner", "--rounds", "20"]


def test_standings_as_json_are_reproducible_and_records_are_written(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    first = runner.invoke(app, [*ARGS, "--json", "-r", "2", "--records", str(records)])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["format"] == "accord-tournament/1"
    assert {row["strategy"] for row in data["standings"]} == {"boulware", "conceder", "hardliner"}
    assert len(read_trace(records.read_text(encoding="utf-8").splitlines())) == data["runs"]
    again = runner.invoke(app, [*ARGS, "--json", "-r", "2", "--jobs", "2"])
    assert again.stdout == first.stdout


def test_readable_table_and_a_bad_scheduler_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "CONNECT_TIMEOUT", "1s")
    result = runner.invoke(app, ARGS)
    assert result.exit_code == 0, result.output
    assert "hardliner" in result.stdout and "runs reached an agreement" in result.stdout
    bad = runner.invoke(app, [*ARGS, "--scheduler", "tcp://127.0.0.1:9"])
    assert bad.exit_code == 2 and "cannot reach the Dask scheduler" in bad.output


def test_the_default_protocol_works_for_more_than_two_parties() -> None:
    example = str(Path(__file__).parents[2] / "examples" / "peace-talks.yaml")
    result = runner.invoke(
        app, ["tournament", example, "-s", "boulware,hardliner", "--rounds", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["runs"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-r", "100000000000"], "100,000,000,000 repetitions is over the limit of 1,000,000"),
        # 3 strategies in 2 seats: 6 lineups
        (["-r", "1000000"], "the tournament would play at least 6,000,000 runs, over the limit of 1,000,000"),
        (["--seed", "-1"], "greater than or equal to 0"),
        (["--jobs", "100000"], "worker processes must be from 1 to 256"),
        (["--records", "/no/such/folder/r.jsonl"], "cannot write /no/such/folder/r.jsonl: folder"),
    ],
)
def test_counts_are_bounded_up_front_and_bad_input_is_one_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*ARGS, *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
