"""Forecasting where each ordered point of a negotiation will land: the compromise model, the expected-utility
model and a spatial bargaining model (``docs/forecast.md``), and their backtest on real outcomes."""

from __future__ import annotations

from accord.analysis.forecast.backtest import Backtest, backtest
from accord.analysis.forecast.issue import Issue, issues_of
from accord.analysis.forecast.models import MODELS, ForecastModel
from accord.analysis.forecast.rounds import ModelRun, Round
from accord.analysis.forecast.scenario import ScenarioForecast, forecast_scenario

__all__ = [
    "MODELS",
    "Backtest",
    "ForecastModel",
    "Issue",
    "ModelRun",
    "Round",
    "ScenarioForecast",
    "backtest",
    "forecast_scenario",
    "issues_of",
]
