"""``accord forecast``: the example's ordered points, in a table and as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app

runner = CliRunner()
EXAMPLE = str(accord.example_path())


@pytest.mark.parametrize("model", ["compromise", "eum", "spatial"])
def test_json_names_the_nearest_option_of_each_ordered_point(model: str) -> None:
    result = runner.invoke(app, ["forecast", EXAMPLE, "--model", model, "--json", "--draws", "20"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"] == model and data["draws"] == 20
    assert [p["point"] for p in data["points"]] == [
        "territory",
        "armed-forces",
        "sanctions",
        "guarantee-form",
    ]
    for point in data["points"]:
        low, high = point["spread"]
        assert 0 <= low <= high <= 100 and 0 <= point["forecast"] <= 100
        assert point["rounds"][0]["positions"].keys() == {"ukraine", "russia", "united-states", "europe"}


def test_the_readable_report() -> None:
    result = runner.invoke(app, ["forecast", EXAMPLE, "--width", "200"])
    assert result.exit_code == 0
    assert "Forecast by the compromise model" in result.stdout
    assert "42.5" in result.stdout and "demilitarised-zone" in result.stdout


def test_an_unknown_model_and_a_scenario_without_positions(tmp_path: Path) -> None:
    result = runner.invoke(app, ["forecast", EXAMPLE, "--model", "oracle"])
    assert result.exit_code == 2
    assert "unknown model 'oracle' (choose from compromise, eum, spatial)" in result.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        re.sub(r",\s*position: \d+\}", "}", Path(EXAMPLE).read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = runner.invoke(app, ["forecast", str(plain)])
    assert result.exit_code == 2 and "no point has option positions" in result.stderr
    assert "Traceback" not in result.stderr
