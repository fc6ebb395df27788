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
