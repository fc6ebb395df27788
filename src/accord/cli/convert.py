"""``accord convert``: rewrite a scenario as YAML, JSON or a GENIUS domain folder, or a GENIUS folder as a
scenario file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.console import err, report_errors
from accord.cli.inputs import STDIN, RealStep, RescaleWeights, read_scenario
from accord.model.errors import AccordError
from accord.model.files import save_scenario
from accord.model.genius import save_genius
from accord.model.target import check_target

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


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
    rescale_weights: RescaleWeights = False,
) -> None:
    """Read a scenario, check it, and write it in the format the target's name asks for."""
    as_file = output.suffix.lower() in SCENARIO_SUFFIXES
    _check_output(source, output, as_file)
    scenario = read_scenario(source, real_step=real_step, rescale_weights=rescale_weights)
    if as_file:
        save_scenario(scenario, output)
    else:
        for note in save_genius(scenario, output):
            err.print(f"note: {note}", markup=False, highlight=False)
    err.print(f"wrote {output}", markup=False)


def _check_output(source: str, output: Path, as_file: bool) -> None:
    """Refuse, before reading, a target that is the source itself or cannot be written."""
    if source != STDIN and output.exists() and os.path.samefile(source, output):
        raise AccordError(f"cannot convert {source} onto itself: name another output with -o")
    if as_file:
        check_target(output)
    elif output.exists() and not output.is_dir():
        raise AccordError(f"cannot write a GENIUS folder at {output}: it is a file")
    elif not output.parent.is_dir():
        raise AccordError(f"cannot write a GENIUS folder at {output}: folder {output.parent} does not exist")
