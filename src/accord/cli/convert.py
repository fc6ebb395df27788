"""``accord convert``: rewrite a scenario as YAML, JSON or a GENIUS domain folder, or a GENIUS folder as a
scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.console import err, report_errors
from accord.cli.inputs import read_scenario
from accord.model.files import save_scenario
from accord.model.genius import save_genius

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")

RealStep = Annotated[
    float | None,
    typer.Option("--real-step", min=0.0, help="Step discretising the real issues of a GENIUS domain."),
]


@report_errors
def convert_command(
    source: Annotated[
        str,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Target: .json for JSON, .yaml/.yml for YAML, anything else a GENIUS folder.",
        ),
    ],
    real_step: RealStep = None,
) -> None:
    """Read a scenario, check it, and write it in the format the target's name asks for."""
    scenario = read_scenario(source, real_step=real_step)
    if output.suffix.lower() in SCENARIO_SUFFIXES:
        save_scenario(scenario, output)
    else:
        for note in save_genius(scenario, output):
            err.print(f"note: {note}", markup=False, highlight=False)
    err.print(f"wrote {output}", markup=False)
