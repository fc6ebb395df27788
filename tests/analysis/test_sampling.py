"""Declared ranges as inputs: their names, their distributions, one seeded generator, a sample applied."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from accord.analysis.sampling import (
    Input,
    draw,
    sampled_scenario,
    stated_row,
    uncertain_inputs,
    unit_samples,
)
from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario


def two_sides(weights_sum: float | None = 1.0, **north_uncertainty: Any) -> Scenario:
    point = {
        "id": "border",
        "number": 1,
        "title": "Border",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    }
    other = {**point, "id": "monitors", "number": 2, "title": "Monitors"}
    prefs = {
        "weights": {"border": 0.6, "monitors": 0.4},
        "values": {"border": {"a": 1, "b": 0}, "monitors": {"a": 0.5, "b": 1}},
        "reservation": 0.2,
    }
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "Two sides",
            "weights_sum": weights_sum,
            "parties": [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}],
            "documents": [{"id": "d", "title": "D", "points": [point, other]}],
            "preferences": {"north": {**prefs, "uncertainty": north_uncertainty}, "south": prefs},
        }
    )


def test_inputs_are_named_by_their_place_in_the_scenario_in_a_fixed_order() -> None:
    scenario = load_scenario(example_path())
    names = [i.name for i in uncertain_inputs(scenario, scenario.voters)]
    assert names[:4] == [
        "preferences.ukraine.weights.territory",
        "preferences.ukraine.values.territory.freeze-line",
        "preferences.ukraine.values.territory.demilitarised-zone",
        "preferences.ukraine.reservation",
    ]
    assert "preferences.russia.reservation" in names
    ukraine = uncertain_inputs(scenario, ("ukraine",))
    assert [(i.low, i.high, i.stated) for i in ukraine] == [
        (0.25, 0.40, 0.30),
        (0.6, 0.8, 0.7),
        (0.2, 0.6, 0.4),
        (0.25, 0.45, 0.35),
    ]
    assert stated_row(ukraine).tolist() == [0.30, 0.7, 0.4, 0.35]


def test_uniform_and_triangular_quantiles_have_the_right_moments() -> None:
    unit = (np.arange(100_000) + 0.5) / 100_000
    uniform = Input("north", None, None, 0.2, 0.8, 0.3).quantile(unit)
    assert uniform.min() >= 0.2 and uniform.max() <= 0.8
    assert uniform.mean() == pytest.approx(0.5, abs=1e-6)
    triangular = Input("north", None, None, 0.2, 0.8, 0.3, triangular=True).quantile(unit)
    assert triangular.min() >= 0.2 and triangular.max() <= 0.8
    assert triangular.mean() == pytest.approx((0.2 + 0.8 + 0.3) / 3, abs=1e-5)
    # the density peaks at the mode: a tenth of the width around it holds more mass than near the ends
    assert np.mean(np.abs(triangular - 0.3) < 0.03) > 2 * np.mean(triangular > 0.74)
    assert Input("north", None, None, 0.5, 0.5, 0.5, triangular=True).quantile(unit).tolist() == [0.5] * len(
        unit
    )


def test_triangular_distribution_is_read_from_the_party_or_the_scenario() -> None:
    scenario = two_sides(reservation=[0.1, 0.3], distribution="triangular")
    assert [i.triangular for i in uncertain_inputs(scenario, scenario.voters)] == [True]
    globally = two_sides(reservation=[0.1, 0.3]).model_copy(update={"distribution": "triangular"})
    assert [i.triangular for i in uncertain_inputs(globally, globally.voters)] == [True]
    assert [i.triangular for i in uncertain_inputs(two_sides(reservation=[0.1, 0.3]), ("north",))] == [False]


def test_one_seed_gives_the_same_samples_and_another_seed_other_ones() -> None:
    for sampler in ("sobol", "random"):
        first = unit_samples(3, 100, 7, sampler)
        assert np.array_equal(first, unit_samples(3, 100, 7, sampler))
        assert not np.array_equal(first, unit_samples(3, 100, 8, sampler))
        assert first.shape == (100, 3) and first.min() >= 0 and first.max() < 1
    assert not np.array_equal(unit_samples(3, 64, 7, "sobol"), unit_samples(3, 64, 7, "random"))
    with pytest.raises(AccordError, match="unknown sampler 'lhs'"):
        unit_samples(3, 10, 0, "lhs")
    assert unit_samples(0, 5, 0).shape == (5, 0)


def test_sobol_points_cover_the_cube_more_evenly_than_random_ones() -> None:
    # a power of two of scrambled Sobol points puts exactly n/4 points in each quarter of each axis
    points = unit_samples(2, 256, 3, "sobol")
    assert np.bincount((points[:, 0] * 4).astype(int)).tolist() == [64] * 4


def test_a_sample_rescales_the_weights_to_weights_sum_and_sets_values_and_reservation() -> None:
    scenario = two_sides(
        weights={"border": [0.2, 1.0]}, values={"monitors": {"a": [0.0, 1.0]}}, reservation=[0, 1]
    )
    inputs = uncertain_inputs(scenario, scenario.voters)
    assert [i.name for i in inputs] == [
        "preferences.north.weights.border",
        "preferences.north.values.monitors.a",
        "preferences.north.reservation",
    ]
    north = sampled_scenario(scenario, inputs, np.array([1.2, 0.25, 0.7])).preferences["north"]
    assert north.weights == pytest.approx({"border": 0.75, "monitors": 0.25})
    assert math.fsum(north.weights.values()) == pytest.approx(1.0)
    assert north.values["monitors"] == {"a": 0.25, "b": 1}
    assert north.reservation == 0.7
    unscaled = two_sides(None, weights={"border": [0.2, 1.0]})
    free = sampled_scenario(unscaled, uncertain_inputs(unscaled, ("north",)), np.array([1.2]))
    assert free.preferences["north"].weights == {"border": 1.2, "monitors": 0.4}


def test_draw_maps_each_column_into_its_range() -> None:
    scenario = load_scenario(example_path())
    inputs = uncertain_inputs(scenario, scenario.voters)
    rows = draw(inputs, 512, 0)
    assert rows.shape == (512, len(inputs))
    for j, item in enumerate(inputs):
        assert item.low <= rows[:, j].min() and rows[:, j].max() <= item.high
        assert rows[:, j].mean() == pytest.approx(
            (item.low + item.high) / 2, abs=0.01 * (item.high - item.low)
        )
