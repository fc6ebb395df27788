"""``accord import deu`` and ``accord backtest``: files written, the JSON contract, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from tests.deu_data import TABLE, needs_deu, tsv

runner = CliRunner()
ROWS = [
    ["", "", "", "", "", "", '"4.1"', '"4.1"', '"2.8"', "", "", "", "", ""],
    ["1", "1", '"d1"', '"quotas"', '"d1i1"', "", "100", "0", "50", "50", "80", "20", "40", "40"],
    ["2", "1", '"d2"', '"fish"', '"d2i1"', '"not a date"', "20", "", "", "", "", "", "", "30"],
]


def table(tmp_path: Path, *rows: list[str]) -> str:
    path = tmp_path / "deu.tsv"
    path.write_text(tsv(*rows), encoding="utf-8")
    return str(path)


def test_import_writes_one_scenario_per_proposal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["import", "deu", table(tmp_path, *ROWS), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["d1.yaml", "d2.yaml"]
    assert accord.load(out / "d1.yaml").party("fr").capability == 2.8
    again = runner.invoke(app, ["import", "deu", table(tmp_path, *ROWS), "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert (
        runner.invoke(app, ["import", "deu", table(tmp_path, *ROWS), "-o", str(out), "--force"]).exit_code
        == 0
    )
    forecast = runner.invoke(app, ["forecast", str(out / "d1.yaml"), "--json", "--draws", "0"])
    # weights 4.1 x 0.5, 4.1 x 0.8, 2.8 x 0.2 on 100, 0, 50: 233 / 5.89
    assert json.loads(forecast.stdout)["points"][0]["forecast"] == pytest.approx(233 / 5.89)


def test_backtest_json_has_exactly_the_contract_fields(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["backtest", table(tmp_path, *ROWS), "--json", "--model", "eum", "--model", "spatial"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"models", "issues"}
    assert set(data["models"]) == {"compromise", "eum", "spatial", "mean", "median", "reference-point"}
    assert all(set(score) == {"mae", "rmse", "n"} for score in data["models"].values())
    assert [set(issue) for issue in data["issues"]] == [{"proposal", "issue", "outcome", "forecasts"}] * 2
    assert data["issues"][1]["forecasts"]["eum"] == 20.0  # one actor: its position
    assert data["models"]["reference-point"]["n"] == 1


def test_backtest_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["backtest", table(tmp_path, *ROWS), "--width", "120"])
    assert result.exit_code == 0
    for name in ("compromise", "eum", "spatial", "mean", "median", "reference-point", "baseline"):
        assert name in result.stdout


def test_a_malformed_table_exits_2_naming_file_line_and_field(tmp_path: Path) -> None:
    bad = [list(ROWS[1])]
    bad[0][8] = "fifty"
    path = table(tmp_path, *bad)
    for command in (["backtest", path], ["import", "deu", path, "-o", str(tmp_path / "o")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"{path}:2:9: pfr: 'fifty' is not a number from 0 to 100"
    assert not (tmp_path / "o").exists()
    missing = runner.invoke(app, ["backtest", str(tmp_path / "absent.tsv")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    unknown = runner.invoke(app, ["backtest", path, "--model", "oracle"])
    assert unknown.exit_code == 2 and "unknown model 'oracle'" in unknown.stderr


@needs_deu
def test_backtest_on_the_shared_half() -> None:
    result = runner.invoke(app, ["backtest", str(TABLE), "--model", "compromise", "--json"])
    assert result.exit_code == 0
    assert round(json.loads(result.stdout)["models"]["compromise"]["mae"], 1) == 20.5
