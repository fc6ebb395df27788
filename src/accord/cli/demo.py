"""``accord demo``: the built-in example talks, where they stand, and what the analysis finds; with
``--simulate``, shuttle diplomacy between the sides as their public stances suggest."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group
from rich.rule import Rule
from rich.text import Text

from accord.analysis.analyze import analyze
from accord.analysis.explain import explain
from accord.analysis.robustness import robustness
from accord.cli.console import Width, literal, print_json, print_report, report_errors
from accord.cli.report import analysis_report, explanation_report, standing
from accord.cli.robustness import verdict_sentence
from accord.cli.simulate import run_and_show
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.protocols.rules import Deadline
from accord.tournaments.simulation import STANCES, SimulationConfig

DEMO_ROUNDS = 50
DEMO_SAMPLES = 256
"""Samples of the example's declared ranges (about 0.1 s)."""


@report_errors
def demo_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis, with the explanation, as JSON.")
    ] = False,
    simulate: Annotated[
        bool,
        typer.Option(
            "--simulate",
            help="Instead, simulate shuttle diplomacy between the sides, each playing its public stance.",
        ),
    ] = False,
    width: Width = None,
) -> None:
    """Run the analysis on the built-in example: the round of talks of December 19, 2025.

    Also says how robust its verdict is under the example's declared uncertainty."""
    path = example_path()
    scenario = load_scenario(path)
    if simulate:
        config = SimulationConfig("shuttle", (STANCES,), Deadline(rounds=DEMO_ROUNDS), seed=0)
        run_and_show(scenario, config, as_json=as_json, trace=None, width=width)
        return
    result = analyze(scenario)
    explanation = explain(scenario)
    odds = robustness(scenario, samples=DEMO_SAMPLES, seed=0)
    if as_json:
        data = {**result.to_dict(), "explanation": explanation.to_dict(), "robustness": odds.to_dict()}
        print_json(data)
        return
    blocks = "What blocks the talks, and who would have to move how far" if result.zone.empty else "Red lines"
    report = Group(
        Text(f"Example scenario: {path}"),
        Rule("Where the talks stand"),
        standing(scenario),
        Rule("Is there a package every party can accept?"),
        analysis_report(result, top=5),
        Rule(blocks),
        explanation_report(explanation),
        Rule("How sure is that? (accord robustness)"),
        literal(verdict_sentence(odds)),
    )
    print_report(report, width)
