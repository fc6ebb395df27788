from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from accord.model.examples import example_path
from accord.model.schema import published_schema, scenario_schema


def as_json(data: Any) -> Any:
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


def test_published_schema_is_current() -> None:
    # After a change of the model: accord schema -o src/accord/schemas/accord-1.schema.json
    assert json.loads(published_schema()) == scenario_schema()


def test_example_is_valid_under_the_schema() -> None:
    data = as_json(YAML(typ="safe").load(example_path().read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(scenario_schema()).validate(data)


def test_schema_rejects_an_unknown_field() -> None:
    data = as_json(YAML(typ="safe").load(example_path().read_text(encoding="utf-8")))
    data["parties"][0]["nickname"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(scenario_schema()).validate(data)
