"""``accord schema``: the JSON Schema of the scenario format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.console import err, report_errors, write_json
from accord.model.schema import schema_text


@report_errors
def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of scenario files, or write it to a file."""
    text = schema_text()
    if output is None:
        write_json(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)
