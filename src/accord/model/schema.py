"""The published JSON Schema of the scenario format (``schemas/accord-1.schema.json``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from accord.model.scenario import FORMAT, Scenario

SCHEMA_ID = "https://accord.invalid/schemas/accord-1.schema.json"


def scenario_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a scenario file, generated from the model."""
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Accord scenario ({FORMAT})",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def schema_text() -> str:
    """The schema as published: indented JSON with a final newline."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def published_schema() -> str:
    """The schema file shipped in the package."""
    return (resources.files("accord") / "schemas" / "accord-1.schema.json").read_text(encoding="utf-8")
