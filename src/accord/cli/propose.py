"""``accord propose``: the mediator's single negotiating text, and the improvement of an agreement."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.analysis.propose import propose
from accord.cli.console import Width, print_json, print_report, report_errors
from accord.cli.inputs import RealStep, RescaleWeights, read_scenario
from accord.cli.report import proposal_report
from accord.model.errors import AccordError


@report_errors
def propose_command(
    path: Annotated[
        str,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ],
    *,
    agreement: Annotated[
        str | None,
        typer.Option(
            "--agreement", help="An agreement to improve on: point=option,point=option,... (every point)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the proposals as JSON.")] = False,
    real_step: RealStep = None,
    rescale_weights: RescaleWeights = False,
    width: Width = None,
) -> None:
    """The maximin-gain single text (locks and red lines held), and a post-settlement improvement."""
    scenario = read_scenario(path, real_step=real_step, rescale_weights=rescale_weights)
    result = propose(scenario, None if agreement is None else parse_package(agreement))
    if as_json:
        print_json(result.to_dict())
    else:
        print_report(proposal_report(result), width)


def parse_package(text: str) -> dict[str, str]:
    """``point=option,point=option`` as a mapping."""
    package: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        point, sep, option = item.partition("=")
        if not sep or not point.strip() or not option.strip():
            raise AccordError(f"--agreement: '{item}' is not point=option")
        package[point.strip()] = option.strip()
    return package
