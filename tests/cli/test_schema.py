from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app
from accord.model.schema import published_schema, scenario_schema

runner = CliRunner()


def test_prints_the_published_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    # After a change of the model: accord schema -o src/accord/schemas/accord-1.schema.json
    assert result.stdout == published_schema(), "the published schema is stale"
    assert json.loads(result.stdout) == scenario_schema()


def test_writes_the_schema_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Accord scenario (accord/1)"
