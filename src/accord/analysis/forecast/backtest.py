"""Backtesting the models on issues with known outcomes (DEU III), beside the plain baselines.

Every issue with an outcome and at least one position is forecast by each model; the score of a model is
its mean absolute error and root mean squared error on the 0-100 scale over the issues it forecast. The
baselines are the plain mean and the median of the positions and the reference point (the outcome if no
law is adopted; issues without one are left out of its score); the compromise model is the fourth.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.forecast.issue import Issue
from accord.analysis.forecast.models import MODELS
from accord.model.deu import DeuIssue, DeuTable
from accord.model.output import Output

BASELINES = ("mean", "median", "reference-point")
DEFAULT_MODELS = ("compromise", "eum", "spatial")


class Score(Output):
    """How far a model's forecasts were from the outcomes (0-100 scale), over ``n`` issues."""

    mae: float | None
    rmse: float | None
    n: int


class IssueForecasts(Output):
    """One issue's outcome and each model's forecast (null: the model could not forecast it)."""

    proposal: str
    issue: str
    outcome: float
    forecasts: dict[str, float | None]


class Backtest(Output):
    """The JSON of ``accord backtest --json``: scores by model (baselines included) and every issue.

    Its fields are exactly those issue 16 fixes (no ``format`` field), so it is not among the published
    output schemas."""

    models: dict[str, Score]
    issues: list[IssueForecasts]


def deu_issue(row: DeuIssue, table: DeuTable) -> Issue | None:
    """The issue of a DEU row: actors with a position, salience / 100 (0 when not recorded), capability."""
    actors = tuple(a for a in table.actors if a in row.positions)
    if not actors:
        return None
    return Issue(
        actors,
        np.array([row.positions[a] for a in actors]),
        np.array([row.saliences.get(a, 0.0) / 100 for a in actors]),
        np.array([table.capability(a) for a in actors]),
    )


def backtest(table: DeuTable, models: Sequence[str] = DEFAULT_MODELS) -> Backtest:
    """Forecast every issue with an outcome by each model and baseline, and score them."""
    names = list(dict.fromkeys(["compromise", *models]))
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        raise ValueError(f"unknown model {unknown[0]!r}")
    results: list[IssueForecasts] = []
    for row in table.issues:
        issue = deu_issue(row, table)
        if row.outcome is None or issue is None:
            continue
        forecasts: dict[str, float | None] = {name: MODELS[name].run(issue).forecast for name in names}
        forecasts.update(baselines(issue, row.reference_point))
        results.append(
            IssueForecasts(proposal=row.proposal, issue=row.issue, outcome=row.outcome, forecasts=forecasts)
        )
    scores = {name: score(results, name) for name in (*names, *BASELINES)}
    return Backtest(models=scores, issues=results)


def baselines(issue: Issue, reference_point: float | None) -> dict[str, float | None]:
    """The plain forecasts: mean and median of the positions, and the reference point."""
    return {
        "mean": float(issue.positions.mean()),
        "median": float(np.median(issue.positions)),
        "reference-point": reference_point,
    }


def score(results: Sequence[IssueForecasts], name: str) -> Score:
    """Mean absolute error and RMSE of one model's forecasts over the issues it forecast."""
    pairs = [(r.forecasts[name], r.outcome) for r in results if r.forecasts.get(name) is not None]
    if not pairs:
        return Score(mae=None, rmse=None, n=0)
    errors = np.array([f - o for f, o in pairs if f is not None])
    return Score(mae=float(np.abs(errors).mean()), rmse=float(np.sqrt((errors**2).mean())), n=len(errors))
