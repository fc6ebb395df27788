"""The compromise model: the capability x salience weighted mean of the positions.

The plain benchmark of the bargaining literature on the EU (Achen 2006; Thomson, Stokman, Achen & Koenig
2006, "The European Union Decides"), where it forecasts outcomes at least as well as the game-theoretic
models. It has no rounds and no switches: its history is the one round of the initial positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.forecast.issue import Issue
from accord.analysis.forecast.rounds import ModelRun, a_round, weighted_mean


@dataclass(frozen=True)
class CompromiseSettings:
    """The compromise model has no switches."""


def compromise(issue: Issue, settings: CompromiseSettings = CompromiseSettings()) -> ModelRun:
    """``sum(c * s * x) / sum(c * s)``; the capability-weighted mean when no actor gives the point any
    salience."""
    weights = issue.weights if issue.weights.sum() > 0 else issue.capabilities
    forecast = weighted_mean(issue.positions, weights)
    return ModelRun(forecast, (a_round(issue.positions, forecast),))


def draw_compromise(rng: np.random.Generator) -> CompromiseSettings:
    """No uncertain switch: the spread comes from the declared salience ranges alone."""
    return CompromiseSettings()
