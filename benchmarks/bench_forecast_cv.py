"""Cross-validation of the forecasting models' switches on a DEU table (how the defaults were chosen).

    python benchmarks/bench_forecast_cv.py ../shared/data/deu3/deu3-part-a.tsv [--folds 5]

Folds are by proposal: the proposals, sorted by code, go to folds 0, 1, ..., k-1 in turn, so that the issues
of one proposal are never split between training and test. For each model and each fold the switches with the
lowest mean absolute error on the other folds are chosen and scored on the held-out fold; the cross-validated
MAE is that of the held-out forecasts over all issues. The grid's best on the whole table is printed too.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from functools import partial

import numpy as np

from accord.analysis.forecast.backtest import deu_issue
from accord.analysis.forecast.eum import Accept, EumSettings, eum
from accord.analysis.forecast.eum import Outcome as EumOutcome
from accord.analysis.forecast.issue import Issue
from accord.analysis.forecast.rounds import ModelRun
from accord.analysis.forecast.spatial import Election, SpatialSettings, Victory, spatial
from accord.analysis.forecast.spatial import Outcome as SpatialOutcome
from accord.model.deu import load_deu

ROUNDS = (1, 2, 3, 5, 10)
EUM_OUTCOMES: tuple[EumOutcome, ...] = ("median", "mean")
ACCEPTS: tuple[Accept, ...] = ("nearest", "mean")
VICTORIES: tuple[Victory, ...] = ("linear", "square", "quartic", "octic", "binary")
ELECTIONS: tuple[Election, ...] = ("conditional", "markov")
SPATIAL_OUTCOMES: tuple[SpatialOutcome, ...] = ("expected", "most-probable")


def grids() -> dict[str, list[tuple[str, Callable[[Issue], ModelRun]]]]:
    """Every setting tried, by model, with a readable name."""
    eum_grid = [
        EumSettings(q=q, t=t, rounds=n, accept=a, outcome=o)
        for o, a, n, q, t in itertools.product(EUM_OUTCOMES, ACCEPTS, ROUNDS, (0.5, 1.0), (1.0, 0.0))
    ]
    spatial_grid = [
        SpatialSettings(victory=v, election=e, rounds=n, outcome=o)
        for v, e, o, n in itertools.product(VICTORIES, ELECTIONS, SPATIAL_OUTCOMES, ROUNDS)
    ]
    return {
        "eum": [(str(s), partial(eum, settings=s)) for s in eum_grid],
        "spatial": [(str(s), partial(spatial, settings=s)) for s in spatial_grid],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    table = load_deu(args.table)
    rows = [(row, deu_issue(row, table)) for row in table.issues]
    kept = [(row, issue) for row, issue in rows if row.outcome is not None and issue is not None]
    issues = [issue for _, issue in kept if issue is not None]
    outcomes = np.array([row.outcome for row, _ in kept], dtype=float)
    proposals = sorted({row.proposal for row, _ in kept})
    fold_of = {p: k % args.folds for k, p in enumerate(proposals)}
    folds = np.array([fold_of[row.proposal] for row, _ in kept])
    for model, grid in grids().items():
        errors = {name: np.abs(np.array([run(i).forecast for i in issues]) - outcomes) for name, run in grid}
        held_out = np.empty(len(outcomes))
        for fold in range(args.folds):
            train = folds != fold
            best = min(errors, key=lambda name: float(errors[name][train].mean()))
            held_out[~train] = errors[best][~train]
            print(f"{model} fold {fold}: {best}")
        best = min(errors, key=lambda name: float(errors[name].mean()))
        whole = errors[best].mean()
        print(f"{model}: cross-validated MAE {held_out.mean():.2f}")
        print(f"{model}: best on the whole table {best}, MAE {whole:.2f}")


if __name__ == "__main__":
    main()
