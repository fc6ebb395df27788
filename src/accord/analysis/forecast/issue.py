"""One point of a negotiation as the forecasting models see it: each actor's position, salience, capability.

Positions are on the 0-100 scale of ``Option.position``; saliences are from 0 to 1 (a party's weight of the
point); capabilities are positive (``Party.capability``, 1 when not given). A scenario gives one issue per
ordered point (:func:`issues_of`); the DEU reader gives one per row of its table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model.documents import Point
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]

SCALE = 100.0
"""Width of the position scale."""
MAX_ACTORS = 100
"""Most actors on one point: the models compare every pair of actors with every third one (n^3 numbers)."""


@dataclass(frozen=True, eq=False)
class Issue:
    """Actors' positions, saliences and capabilities on one point (arrays of one length, actor order).

    ``salience_ranges`` (shape (n, 2)) are the declared ranges around the saliences that the Monte Carlo
    spread draws from; ``None`` when nothing is uncertain.
    """

    actors: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    salience_ranges: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.actors)
        if n == 0:
            raise ValueError("an issue needs at least one actor with a position")
        if n > MAX_ACTORS:
            raise ValueError(f"{n} actors have a position on the point; the models take at most {MAX_ACTORS}")
        for name in ("positions", "saliences", "capabilities"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} must have one value per actor")
        if self.salience_ranges is not None and self.salience_ranges.shape != (n, 2):
            raise ValueError("salience_ranges must have one [low, high] per actor")

    @property
    def weights(self) -> FloatArray:
        """Each actor's clout on the point: capability times salience."""
        return self.capabilities * self.saliences

    def with_saliences(self, saliences: FloatArray) -> Issue:
        return Issue(self.actors, self.positions, saliences, self.capabilities, self.salience_ranges)

    def permuted(self, order: NDArray[np.intp]) -> Issue:
        """The same issue with the actors in another order (for tests of order independence)."""
        ranges = None if self.salience_ranges is None else self.salience_ranges[order]
        return Issue(
            tuple(self.actors[i] for i in order),
            self.positions[order],
            self.saliences[order],
            self.capabilities[order],
            ranges,
        )


def make_issue(
    actors: tuple[str, ...],
    positions: list[float],
    saliences: list[float],
    capabilities: list[float] | None = None,
) -> Issue:
    """An issue from plain lists (capabilities default to 1)."""
    caps = [1.0] * len(actors) if capabilities is None else capabilities
    return Issue(actors, np.asarray(positions, float), np.asarray(saliences, float), np.asarray(caps, float))


def issues_of(scenario: Scenario) -> tuple[tuple[Point, Issue], ...]:
    """One issue per ordered point of the scenario on which at least one party has a position.

    A party's position on a point is the position of the option it values most (the first of equals); its
    salience is its weight of the point, divided by the largest weight of any party on any point when that
    exceeds 1. Parties without values on the point take no part in it.
    """
    largest = max((w for prefs in scenario.preferences.values() for w in prefs.weights.values()), default=1.0)
    scale = max(1.0, largest)
    result: list[tuple[Point, Issue]] = []
    for point in scenario.points:
        positions = point.positions()
        if positions is None:
            continue
        issue = _point_issue(scenario, point, positions, scale)
        if issue is not None:
            result.append((point, issue))
    return tuple(result)


def _point_issue(
    scenario: Scenario, point: Point, positions: tuple[float, ...], scale: float
) -> Issue | None:
    actors: list[str] = []
    rows: list[tuple[float, float, float, float, float]] = []
    for party in scenario.parties:
        prefs = scenario.preferences.get(party.id)
        values = None if prefs is None else prefs.values.get(point.id)
        if prefs is None or not values:
            continue
        best = max(range(len(point.options)), key=lambda i: (values.get(point.options[i].id, 0.0), -i))
        weight = prefs.weights.get(point.id, 0.0)
        uncertain = None if prefs.uncertainty is None else prefs.uncertainty.weights.get(point.id)
        low, high = (weight, weight) if uncertain is None else uncertain
        capability = 1.0 if party.capability is None else party.capability
        actors.append(party.id)
        rows.append((positions[best], weight / scale, capability, low / scale, high / scale))
    if not actors:
        return None
    table = np.asarray(rows, dtype=np.float64)
    ranges = table[:, 3:5] if np.any(table[:, 3] != table[:, 4]) else None
    return Issue(tuple(actors), table[:, 0], table[:, 1], table[:, 2], ranges)
