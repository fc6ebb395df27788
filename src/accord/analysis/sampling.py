"""Declared uncertainty as inputs to sample: one per range a voting party declares.

Each range is an independent input, uniform over ``[low, high]`` or triangular with its mode at the stated
number (the scenario's ``distribution``, or the party's). Samples come from one seeded generator: scrambled
Sobol points (``scipy.stats.qmc``; Owen 1998) by default, which cover the unit cube more evenly than
pseudo-random points and so converge faster, or plain pseudo-random points; each coordinate is then mapped
through the input's inverse distribution function. A sample sets the party's numbers: its point weights are
then rescaled to the scenario's ``weights_sum`` (left as sampled when it is null), ``min_value`` red lines
compare the sampled values, and ``reject`` lists, locks and the agreement rule stay as written.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model.errors import AccordError
from accord.model.preferences import Distribution, Preferences
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]

SOBOL, RANDOM = "sobol", "random"
SAMPLERS = (SOBOL, RANDOM)


@dataclass(frozen=True)
class Input:
    """One declared range: a party's weight of a point, value of an option, or reservation value."""

    party: str
    point: str | None
    option: str | None
    low: float
    high: float
    stated: float
    """The number the scenario states (the mode of a triangular distribution)."""
    triangular: bool = False

    @property
    def kind(self) -> str:
        """``weights``, ``values`` or ``reservation``: the field of the party's preferences it varies."""
        if self.point is None:
            return "reservation"
        return "weights" if self.option is None else "values"

    @property
    def name(self) -> str:
        """Its place in the scenario: ``preferences.ukraine.values.territory.freeze-line``."""
        parts = [p for p in ("preferences", self.party, self.kind, self.point, self.option) if p is not None]
        return ".".join(parts)

    @property
    def distribution(self) -> Distribution:
        return Distribution.TRIANGULAR if self.triangular else Distribution.UNIFORM

    def quantile(self, unit: FloatArray) -> FloatArray:
        """The input's values at probabilities ``unit`` in [0, 1) (its inverse distribution function)."""
        low, high, width = self.low, self.high, self.high - self.low
        if not self.triangular or width == 0:
            result: FloatArray = low + unit * width
            return result
        split = (self.stated - low) / width
        rising = low + np.sqrt(unit * width * (self.stated - low))
        falling = high - np.sqrt((1.0 - unit) * width * (high - self.stated))
        return np.where(unit < split, rising, falling)


def uncertain_inputs(scenario: Scenario, parties: tuple[str, ...]) -> tuple[Input, ...]:
    """The declared ranges of ``parties`` (the voters), in party order, then weights, values, reservation,
    points and options in the scenario's order."""
    inputs: list[Input] = []
    for party in parties:
        prefs = scenario.preferences[party]
        uncertainty = prefs.uncertainty
        if uncertainty is None:
            continue
        triangular = (uncertainty.distribution or scenario.distribution) == Distribution.TRIANGULAR
        for point in scenario.points:
            if point.id in uncertainty.weights:
                low, high = uncertainty.weights[point.id]
                stated = prefs.weights.get(point.id, 0.0)
                inputs.append(Input(party, point.id, None, low, high, stated, triangular))
        for point in scenario.points:
            ranges = uncertainty.values.get(point.id, {})
            for option in point.option_ids():
                if option in ranges:
                    low, high = ranges[option]
                    stated = prefs.values.get(point.id, {}).get(option, 0.0)
                    inputs.append(Input(party, point.id, option, low, high, stated, triangular))
        if uncertainty.reservation is not None:
            low, high = uncertainty.reservation
            inputs.append(Input(party, None, None, low, high, prefs.reservation, triangular))
    return tuple(inputs)


def unit_samples(dimensions: int, n: int, seed: int, sampler: str = SOBOL) -> FloatArray:
    """(n, dimensions) points in the unit cube from one generator seeded with ``seed``."""
    if sampler not in SAMPLERS:
        raise AccordError(f"unknown sampler '{sampler}' (sobol or random)")
    rng = np.random.default_rng(seed)
    if dimensions == 0:
        return np.zeros((n, 0))
    if sampler == RANDOM:
        return rng.random((n, dimensions))
    # scipy.stats costs every command about 0.4 s of start-up: imported here, when samples are drawn
    from scipy.stats import qmc  # noqa: PLC0415

    with warnings.catch_warnings():  # any n is allowed; powers of two are balanced (see docs/methods.md)
        warnings.simplefilter("ignore", UserWarning)
        points: FloatArray = qmc.Sobol(dimensions, scramble=True, seed=rng).random(n)
    return points


def draw(inputs: tuple[Input, ...], n: int, seed: int, sampler: str = SOBOL) -> FloatArray:
    """(n, len(inputs)) samples: each column one input's values."""
    unit = unit_samples(len(inputs), n, seed, sampler)
    columns = [inputs[j].quantile(unit[:, j]) for j in range(len(inputs))]
    return np.stack(columns, axis=1) if columns else unit


def stated_row(inputs: tuple[Input, ...]) -> FloatArray:
    """(len(inputs),) the stated numbers: the base case as a sample."""
    return np.array([i.stated for i in inputs], dtype=np.float64)


def sampled_scenario(scenario: Scenario, inputs: tuple[Input, ...], row: FloatArray) -> Scenario:
    """The scenario with one sample's numbers in place (weights rescaled to ``weights_sum``)."""
    preferences = dict(scenario.preferences)
    for party in dict.fromkeys(i.party for i in inputs):
        chosen = [(i, float(x)) for i, x in zip(inputs, row, strict=True) if i.party == party]
        preferences[party] = _sampled_preferences(preferences[party], chosen, scenario.weights_sum)
    return scenario.model_copy(update={"preferences": preferences})


def _sampled_preferences(
    prefs: Preferences, chosen: list[tuple[Input, float]], weights_sum: float | None
) -> Preferences:
    weights = dict(prefs.weights)
    values = {point: dict(by_option) for point, by_option in prefs.values.items()}
    reservation = prefs.reservation
    for item, x in chosen:
        if item.point is None:
            reservation = x
        elif item.option is None:
            weights[item.point] = x
        else:
            values.setdefault(item.point, {})[item.option] = x
    total = sum(weights.values())
    if weights_sum is not None and total > 0 and any(i.kind == "weights" for i, _ in chosen):
        factor = weights_sum / total
        weights = {point: w * factor for point, w in weights.items()}
    return prefs.model_copy(update={"weights": weights, "values": values, "reservation": reservation})
