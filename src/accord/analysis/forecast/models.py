"""The forecasting models by name, and the Monte Carlo spread of a forecast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from accord.analysis.forecast.compromise import compromise
from accord.analysis.forecast.eum import draw_eum, eum
from accord.analysis.forecast.issue import Issue
from accord.analysis.forecast.rounds import ModelRun
from accord.analysis.forecast.spatial import draw_spatial, spatial

Run = Callable[[Issue], ModelRun]

DRAWS = 200
"""Monte Carlo draws of a forecast's spread."""
SPREAD = (5.0, 95.0)
"""Percentiles of the Monte Carlo forecasts reported as the spread."""


@dataclass(frozen=True)
class ForecastModel:
    """A model: its run with the default switches, and a run with its uncertain switches drawn."""

    name: str
    run: Run
    draw: Callable[[np.random.Generator], Run]
    summary: str


def _eum_draw(rng: np.random.Generator) -> Run:
    return partial(eum, settings=draw_eum(rng))


def _spatial_draw(rng: np.random.Generator) -> Run:
    return partial(spatial, settings=draw_spatial(rng))


MODELS: dict[str, ForecastModel] = {
    "compromise": ForecastModel(
        "compromise", compromise, lambda rng: compromise, "capability x salience weighted mean (Achen 2006)"
    ),
    "eum": ForecastModel(
        "eum", eum, _eum_draw, "expected-utility model (Bueno de Mesquita; Scholz, Calbert & Smith 2011)"
    ),
    "spatial": ForecastModel(
        "spatial", spatial, _spatial_draw, "probabilistic Condorcet elections (KTAB; Wise et al. 2015)"
    ),
}


@dataclass(frozen=True)
class Spread:
    """The low and high percentiles (:data:`SPREAD`) of the Monte Carlo forecasts."""

    low: float
    high: float


def spread(issue: Issue, model: ForecastModel, rng: np.random.Generator, draws: int = DRAWS) -> Spread:
    """The forecasts under ``draws`` draws of the model's uncertain switches and of the saliences within
    their declared ranges (uniformly), summarised by two percentiles."""
    forecasts = np.empty(draws)
    for n in range(draws):
        drawn = issue
        if issue.salience_ranges is not None:
            low, high = issue.salience_ranges[:, 0], issue.salience_ranges[:, 1]
            drawn = issue.with_saliences(np.clip(rng.uniform(low, high), 0.0, 1.0))
        forecasts[n] = model.draw(rng)(drawn).forecast
    low, high = np.percentile(forecasts, SPREAD)
    return Spread(float(low), float(high))
