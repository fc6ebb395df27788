"""``accord forecast``: where each ordered point of a scenario will land, by a forecasting model."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table

from accord.analysis.forecast import MODELS, ScenarioForecast, forecast_scenario
from accord.analysis.forecast.models import DRAWS
from accord.cli.console import Width, literal, print_json, print_report, report_errors
from accord.cli.inputs import read_scenario

ModelName = Annotated[
    str, typer.Option("--model", help=f"The forecasting model: {', '.join(MODELS)} (docs/forecast.md).")
]


@report_errors
def forecast_command(
    path: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON), or - for standard input.")],
    *,
    model: ModelName = "compromise",
    draws: Annotated[
        int, typer.Option("--draws", min=0, max=100_000, help="Monte Carlo draws of the spread (0: none).")
    ] = DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the Monte Carlo spread.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the forecast as JSON.")] = False,
    width: Width = None,
) -> None:
    """Forecast the position (0-100) each ordered point lands on, and name the option nearest to it."""
    result = forecast_scenario(read_scenario(path), model, draws=draws, seed=seed)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        print_report(forecast_report(result), width)


def forecast_report(result: ScenarioForecast) -> RenderableType:
    """One row per ordered point: forecast, spread, nearest option, rounds."""
    low, high = result.spread_percentiles
    table = Table(
        title=f"Forecast by the {result.model} model ({MODELS[result.model].summary})",
        title_justify="left",
        caption=f"Positions on the 0-100 scale. Spread: {low:g}th-{high:g}th percentiles of {result.draws} "
        f"Monte Carlo draws (seed {result.seed}) over the model's uncertain switches and declared ranges.",
        caption_justify="left",
    )
    for column, justify in (("Point", "left"), ("Forecast", "right"), ("Spread", "right"),
                            ("Nearest option", "left"), ("Rounds", "right")):  # fmt: skip
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for point in result.points:
        table.add_row(
            literal(point.title),
            f"{point.forecast:.1f}",
            f"{point.spread[0]:.1f}-{point.spread[1]:.1f}",
            literal(f"{point.nearest_option}: {point.nearest_label}"),
            str(len(point.rounds)),
        )
    return Group(table)
