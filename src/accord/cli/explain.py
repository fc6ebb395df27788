"""``accord explain``: why no package is acceptable to all, and who would have to move how far."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.analysis.explain import LIMIT, explain
from accord.cli.console import Width, print_json, print_report, report_errors
from accord.cli.inputs import RealStep, RescaleWeights, read_scenario
from accord.cli.report import explanation_report


@report_errors
def explain_command(
    path: Annotated[
        str,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most conflicts and corrections listed.")
    ] = LIMIT,
    real_step: RealStep = None,
    rescale_weights: RescaleWeights = False,
    width: Width = None,
) -> None:
    """Conflicting constraints, the smallest sets to drop, the cheapest concessions; or binding red lines."""
    scenario = read_scenario(path, real_step=real_step, rescale_weights=rescale_weights)
    result = explain(scenario, limit=limit)
    if as_json:
        print_json(result.to_dict())
    else:
        print_report(explanation_report(result), width)
