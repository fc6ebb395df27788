"""``accord convert``: rewrite a scenario as YAML or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.console import err, report_errors
from accord.cli.inputs import read_scenario
from accord.model.files import save_scenario


@report_errors
def convert_command(
    source: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON), or - for standard input.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Target: .json for JSON, YAML otherwise.")],
) -> None:
    """Read a scenario, check it, and write it in the format the target's name asks for."""
    save_scenario(read_scenario(source), output)
    err.print(f"wrote {output}", markup=False)
