"""``accord validate``: check scenario files; one line per problem, exit code 2 if any."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from accord.cli.console import EXIT_INPUT, out, report_errors
from accord.cli.inputs import STDIN, read_scenario
from accord.model.errors import ScenarioError


@report_errors
def validate_command(
    paths: Annotated[
        list[str], typer.Argument(help="Scenario files (YAML or JSON), or - for standard input.")
    ],
) -> None:
    """Check scenario files. Prints FILE:LINE:COLUMN: field.path: problem for each problem found."""
    failed = False
    for path in paths:
        try:
            scenario = read_scenario(path)
        except ScenarioError as error:
            failed = True
            for problem in error.problems:
                out.print(str(problem), markup=False, highlight=False, soft_wrap=True)
            continue
        packages = math.prod(len(point.options) for point in scenario.points)
        size = f"{len(scenario.parties)} parties, {len(scenario.points)} points, {packages:,} packages"
        out.print(
            f"{'<stdin>' if path == STDIN else path}: valid ({size})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if failed:
        raise typer.Exit(EXIT_INPUT)
