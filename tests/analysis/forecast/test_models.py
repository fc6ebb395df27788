"""Properties every forecasting model has: the forecast stays within the positions' range, unanimity is a
fixed point, the order of the actors does not matter; the spread is seeded."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.forecast.issue import Issue, make_issue
from accord.analysis.forecast.models import MODELS, spread
from tests.analysis.forecast.builders import issues

NAMES = sorted(MODELS)


@pytest.mark.parametrize("name", NAMES)
@given(issue=issues())
def test_the_forecast_stays_within_the_positions(name: str, issue: Issue) -> None:
    run = MODELS[name].run(issue)
    low, high = issue.positions.min(), issue.positions.max()
    assert low - 1e-9 <= run.forecast <= high + 1e-9
    for r in run.rounds:
        assert all(low - 1e-9 <= x <= high + 1e-9 for x in r.positions)


@pytest.mark.parametrize("name", NAMES)
@given(issue=issues(), where=st.integers(0, 100))
def test_unanimity_is_a_fixed_point(name: str, issue: Issue, where: int) -> None:
    same = Issue(issue.actors, np.full(len(issue.actors), float(where)), issue.saliences, issue.capabilities)
    run = MODELS[name].run(same)
    assert run.forecast == where
    assert all(x == where for x in run.rounds[-1].positions)


@pytest.mark.parametrize("name", NAMES)
@given(issue=issues(), seed=st.integers(0, 2**32 - 1))
def test_the_order_of_the_actors_does_not_matter(name: str, issue: Issue, seed: int) -> None:
    order = np.random.default_rng(seed).permutation(len(issue.actors))
    assert MODELS[name].run(issue.permuted(order)).forecast == pytest.approx(
        MODELS[name].run(issue).forecast, abs=1e-7
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_spread_is_seeded_and_holds_the_forecasts(name: str) -> None:
    issue = make_issue(("a", "b", "c", "d"), [0, 30, 70, 100], [0.9, 0.4, 0.6, 0.8], [1, 3, 2, 1])
    ranged = Issue(
        issue.actors, issue.positions, issue.saliences, issue.capabilities, np.array([[0.5, 1.0]] * 4)
    )
    model = MODELS[name]
    first = spread(ranged, model, np.random.default_rng(7), draws=40)
    assert first == spread(ranged, model, np.random.default_rng(7), draws=40)
    assert 0.0 <= first.low <= first.high <= 100.0


def test_the_compromise_spread_comes_from_the_declared_ranges_alone() -> None:
    issue = make_issue(("a", "b"), [0, 100], [0.5, 0.5])
    fixed = spread(issue, MODELS["compromise"], np.random.default_rng(1), draws=20)
    assert (fixed.low, fixed.high) == (50.0, 50.0)
    ranged = Issue(
        issue.actors, issue.positions, issue.saliences, issue.capabilities, np.array([[0.1, 0.9]] * 2)
    )
    varied = spread(ranged, MODELS["compromise"], np.random.default_rng(1), draws=200)
    assert varied.low < 40 and varied.high > 60
