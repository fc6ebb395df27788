"""``accord import deu`` and ``accord backtest``: the DEU III dataset of EU negotiations as scenarios, and
the forecasting models' record on its known outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import RenderableType
from rich.table import Table

from accord.analysis.forecast import MODELS, Backtest, backtest
from accord.analysis.forecast.backtest import BASELINES, DEFAULT_MODELS
from accord.cli.console import Width, err, print_json, print_report, report_errors
from accord.model.deu import load_deu
from accord.model.deu_import import deu_scenarios
from accord.model.errors import AccordError
from accord.model.files import save_scenario

import_app = typer.Typer(
    help="Import negotiations from other datasets as scenarios.", no_args_is_help=True, rich_markup_mode=None
)
Table_ = Annotated[str, typer.Argument(help="The DEU table: tab-separated text (docs/forecast.md).")]


@import_app.command("deu")
@report_errors
def import_deu_command(
    path: Table_,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write one scenario per proposal in.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite scenario files already there.")] = False,
) -> None:
    """One scenario file (YAML) per proposal of a DEU III table, one ordered point per issue."""
    scenarios = deu_scenarios(load_deu(path))
    if output.exists() and not output.is_dir():
        raise AccordError(f"{output}: is not a folder")
    targets = {output / f"{name}.yaml": scenario for name, scenario in scenarios.items()}
    taken = [str(target) for target in targets if target.exists()]
    if taken and not force:
        raise AccordError(f"{taken[0]} already exists (and {len(taken) - 1} more); use --force to overwrite")
    try:
        output.mkdir(parents=True, exist_ok=True)
        for target, scenario in targets.items():
            save_scenario(scenario, target)
    except OSError as error:
        raise AccordError(f"{output}: cannot write ({error.strerror or error})") from None
    err.print(f"wrote {len(targets)} scenarios to {output}", markup=False, highlight=False)


@report_errors
def backtest_command(
    path: Table_,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help=f"A model to score (repeatable): {', '.join(MODELS)}; default all."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores and every forecast as JSON.")
    ] = False,
    width: Width = None,
) -> None:
    """Forecast every issue with a known outcome; print each model's errors beside the baselines."""
    names = tuple(model) if model else DEFAULT_MODELS
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        raise AccordError(f"unknown model '{unknown[0]}' (choose from {', '.join(MODELS)})")
    result = backtest(load_deu(path), names)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        print_report(backtest_report(result), width)


def backtest_report(result: Backtest) -> RenderableType:
    """Mean absolute error and RMSE of each model and baseline, best first."""
    table = Table(
        title=f"Backtest on {len(result.issues)} issues with a known outcome",
        title_justify="left",
        caption="Errors on the 0-100 scale. n: issues forecast (the reference point is often missing).",
        caption_justify="left",
    )
    for column, justify in (
        ("Model", "left"),
        ("Kind", "left"),
        ("MAE", "right"),
        ("RMSE", "right"),
        ("n", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    ranked = sorted(result.models.items(), key=lambda item: (item[1].mae is None, item[1].mae or 0.0))
    for name, score in ranked:
        kind = "baseline" if name in (*BASELINES, "compromise") else "model"
        mae = "-" if score.mae is None else f"{score.mae:.1f}"
        rmse = "-" if score.rmse is None else f"{score.rmse:.1f}"
        table.add_row(name, kind, mae, rmse, str(score.n))
    return table
