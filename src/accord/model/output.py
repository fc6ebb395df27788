"""Output formats: every JSON document Accord prints or serves is an instance of one pydantic model.

Each output format (``accord-analysis/1``, ``accord-matrix/1``, ...) is a subclass of :class:`Output` in the
layer that produces it. The CLI's ``--json`` and the service's responses both serialise that model, and its
JSON Schema is published (``accord schema --output NAME``, ``src/accord/schemas/``), so the CLI's files and
the API's OpenAPI document are the same description and cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

SCHEMA_BASE = "https://accord.invalid/schemas/"


class Output(BaseModel):
    """A frozen output document: a field the format does not declare is an error, not passed through."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def output_schema(model: type[BaseModel], name: str, fmt: str) -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of an output model, as it is serialised."""
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}accord-{name}-1.schema.json",
        "title": f"Accord {name} output ({fmt})",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def json_text(data: Any) -> str:
    """JSON as Accord writes it (CLI and service alike): indented, UTF-8 as is, with a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
