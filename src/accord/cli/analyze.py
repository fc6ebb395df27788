"""``accord analyze``: agreement zone, Pareto frontier and fair packages of a scenario."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from accord.analysis.analyze import analyze
from accord.analysis.space import MAX_PACKAGES
from accord.cli.console import out, report_errors, write_json
from accord.cli.inputs import read_scenario
from accord.cli.report import analysis_report

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print the analysis as JSON (see docs/analysis-json.md).")
]
MaxPackages = Annotated[
    int, typer.Option("--max-packages", min=1, help="Refuse to enumerate a larger package space.")
]
Top = Annotated[int, typer.Option("--top", min=0, help="Frontier packages shown in the readable report.")]


@report_errors
def analyze_command(
    path: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON), or - for standard input.")],
    as_json: JsonFlag = False,
    max_packages: MaxPackages = MAX_PACKAGES,
    top: Top = 10,
) -> None:
    """Find the packages every needed party accepts, the efficient ones, and the fair ones."""
    result = analyze(read_scenario(path), max_packages=max_packages)
    if as_json:
        write_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.print(analysis_report(result, top=top))
