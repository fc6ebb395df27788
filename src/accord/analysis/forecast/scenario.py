"""Forecasts of a scenario's ordered points (``accord forecast``), with the option nearest each forecast."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from accord.analysis.forecast.issue import issues_of
from accord.analysis.forecast.models import DRAWS, MODELS, SPREAD, spread
from accord.model.documents import Option, Point
from accord.model.errors import AccordError
from accord.model.output import Output
from accord.model.scenario import Scenario


class ForecastRound(Output):
    """The parties' positions at the start of a round, and the forecast they give (0-100)."""

    positions: dict[str, float]
    forecast: float


class PointForecast(Output):
    """Where one point is forecast to land, the option nearest to it, the spread and the rounds."""

    point: str
    title: str
    forecast: float
    nearest_option: str
    nearest_label: str
    spread: tuple[float, float]
    rounds: list[ForecastRound]


class ScenarioForecast(Output):
    """The JSON of ``accord forecast --json`` (``accord-forecast/1``)."""

    format: Literal["accord-forecast/1"] = "accord-forecast/1"
    model: str
    draws: int
    seed: int
    spread_percentiles: tuple[float, float] = Field(description="The percentiles the spreads report.")
    points: list[PointForecast]


def forecast_scenario(
    scenario: Scenario, model: str = "compromise", *, draws: int = DRAWS, seed: int = 0
) -> ScenarioForecast:
    """Forecast every ordered point of ``scenario`` by ``model``; the spread is seeded by ``seed``."""
    if model not in MODELS:
        raise AccordError(f"unknown model '{model}' (choose from {', '.join(MODELS)})")
    try:
        issues = issues_of(scenario)
    except ValueError as error:
        raise AccordError(str(error)) from None
    if not issues:
        raise AccordError(
            "no point has option positions: give every option of an ordered point a 'position' from 0 to 100 "
            "(docs/file-format.md) and the parties values on it"
        )
    chosen, rng = MODELS[model], np.random.default_rng(seed)
    points: list[PointForecast] = []
    for point, issue in issues:
        run = chosen.run(issue)
        nearest = nearest_option(point, run.forecast)
        low_high = spread(issue, chosen, rng, draws) if draws > 0 else None
        points.append(
            PointForecast(
                point=point.id,
                title=point.title,
                forecast=run.forecast,
                nearest_option=nearest.id,
                nearest_label=nearest.label,
                spread=(run.forecast, run.forecast) if low_high is None else (low_high.low, low_high.high),
                rounds=[
                    ForecastRound(
                        positions=dict(zip(issue.actors, r.positions, strict=True)), forecast=r.forecast
                    )
                    for r in run.rounds
                ],
            )
        )
    return ScenarioForecast(model=model, draws=draws, seed=seed, spread_percentiles=SPREAD, points=points)


def nearest_option(point: Point, position: float) -> Option:
    """The option of ``point`` whose position is nearest ``position`` (the first of equals)."""
    return min(point.options, key=lambda o: abs((o.position or 0.0) - position))
