"""Forecasts of a scenario's ordered points, with the nearest option and a seeded spread."""

from __future__ import annotations

import pytest

import accord
from accord.analysis.forecast.scenario import forecast_scenario, nearest_option
from accord.model.errors import AccordError
from accord.model.files import parse_scenario


def test_the_example_compromise_forecast_by_hand() -> None:
    result = forecast_scenario(accord.load(accord.example_path()), "compromise", draws=20, seed=3)
    territory = result.points[0]
    # weights 0.30, 0.35, 0.15, 0.20 on 0, 100, 50, 0: (35 + 7.5) / 1.0
    assert territory.point == "territory" and territory.forecast == pytest.approx(42.5)
    assert territory.nearest_option == "demilitarised-zone"
    assert territory.spread[0] < 42.5 < territory.spread[1]  # Ukraine's and Russia's weights are uncertain
    assert territory.rounds[0].positions == {"ukraine": 0, "russia": 100, "united-states": 50, "europe": 0}
    sanctions = result.points[2]
    assert sanctions.spread == pytest.approx((sanctions.forecast, sanctions.forecast))


@pytest.mark.parametrize("model", ["eum", "spatial"])
def test_the_same_seed_gives_the_same_forecast(model: str) -> None:
    scenario = accord.load(accord.example_path())
    first = forecast_scenario(scenario, model, draws=10, seed=5)
    assert first == forecast_scenario(scenario, model, draws=10, seed=5)
    assert [p.point for p in first.points] == ["territory", "armed-forces", "sanctions", "guarantee-form"]


def test_nearest_option() -> None:
    point = accord.load(accord.example_path()).point("guarantee-form")  # 100, 60, 0
    assert nearest_option(point, 79).id == "reassurance-force"
    assert nearest_option(point, 81).id == "binding"
    assert nearest_option(point, 80).id == "binding"  # the first of equals


PLAIN = """
format: accord/1
title: T
parties: [{id: a, name: A}, {id: b, name: B}]
documents:
  - {id: d, title: D, points: [{id: p, number: 1, title: P, options: [{id: x, label: X}, {id: y, label: Y}]}]}
preferences:
  a: {weights: {p: 1}, values: {p: {x: 1, y: 0}}}
  b: {weights: {p: 1}, values: {p: {x: 0, y: 1}}}
"""


def test_a_scenario_without_positions_and_an_unknown_model() -> None:
    with pytest.raises(AccordError, match="no point has option positions"):
        forecast_scenario(parse_scenario(PLAIN))
    with pytest.raises(AccordError, match="unknown model 'oracle'"):
        forecast_scenario(accord.load(accord.example_path()), "oracle")
