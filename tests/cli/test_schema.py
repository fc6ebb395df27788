from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from accord.analysis.analyze import analyze
from accord.analysis.explain import explain
from accord.analysis.propose import propose
from accord.analysis.robustness import robustness
from accord.cli import app
from accord.cli.schema import OUTPUTS, published_output_schema
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.schema import published_schema, scenario_schema
from accord.tracker import Store

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


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_each_output_schema_is_published_and_current(name: str) -> None:
    # After a change of an output model:
    #   accord schema --output NAME -o src/accord/schemas/accord-NAME-1.schema.json
    result = runner.invoke(app, ["schema", "--output", name])
    assert result.exit_code == 0
    assert result.stdout == published_output_schema(name), f"the published {name} schema is stale"
    schema = json.loads(result.stdout)
    assert schema["properties"]["format"]["const"] == OUTPUTS[name][1]


def test_an_unknown_output_is_one_message_and_exit_2() -> None:
    result = runner.invoke(app, ["schema", "--output", "verdict"])
    assert result.exit_code == 2
    assert "unknown schema 'verdict'" in result.stderr


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(published_output_schema(name)))


def test_the_example_outputs_are_valid_under_their_schemas() -> None:
    scenario = load_scenario(example_path())
    _validator("analysis").validate(analyze(scenario).to_dict())
    _validator("analysis").validate(analyze(scenario, engine="optimization").to_dict())
    _validator("explanation").validate(explain(scenario).to_dict())
    _validator("proposal").validate(propose(scenario).to_dict())
    _validator("robustness").validate(robustness(scenario, samples=64, seed=0).to_dict())


def test_the_record_outputs_are_valid_under_their_schemas(tmp_path: Path) -> None:
    with Store.open(tmp_path / "talks.db") as store:
        store.load_example()
        _validator("record").validate(store.export())
        _validator("matrix").validate(store.matrix().to_dict())


def test_an_output_model_refuses_a_field_its_format_does_not_declare() -> None:
    data = propose(load_scenario(example_path())).to_dict()
    with pytest.raises(jsonschema.ValidationError):
        _validator("proposal").validate({**data, "verdict": "deal"})


def test_a_file_in_a_missing_folder_is_one_message(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"accord: cannot write {target}: folder {target.parent} does not exist\n"


def test_the_simulation_and_tournament_outputs_are_valid_under_their_schemas() -> None:
    peace = str(example_path())
    simulated = runner.invoke(app, ["simulate", peace, "--agents", "stances", "--runs", "2", "--json"])
    assert simulated.exit_code == 0, simulated.stderr
    _validator("simulation").validate(json.loads(simulated.stdout))
    played = runner.invoke(
        app, ["tournament", peace, "--strategies", "boulware,hardliner", "--rounds", "10", "--json"]
    )
    assert played.exit_code == 0, played.stderr
    _validator("tournament").validate(json.loads(played.stdout))
