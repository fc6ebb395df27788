"""The issues of a scenario: one per ordered point, a party's position being its best option's."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analysis.forecast.issue import MAX_ACTORS, Issue, issues_of


def test_the_example_has_four_ordered_points() -> None:
    found = dict(issues_of(accord.load(accord.example_path())))
    assert [point.id for point in found] == ["territory", "armed-forces", "sanctions", "guarantee-form"]
    territory = next(issue for point, issue in found.items() if point.id == "territory")
    assert territory.actors == ("ukraine", "russia", "united-states", "europe")
    # best options: freeze-line (0), cede-claimed (100), demilitarised-zone (50), freeze-line (0)
    assert list(territory.positions) == [0, 100, 50, 0]
    assert list(territory.saliences) == pytest.approx([0.30, 0.35, 0.15, 0.20])
    assert list(territory.capabilities) == [1, 1, 1, 1]
    assert territory.salience_ranges is not None
    assert list(territory.salience_ranges[0]) == pytest.approx([0.25, 0.40])
    assert list(territory.salience_ranges[2]) == pytest.approx([0.15, 0.15])  # no range: the weight itself


def test_an_issue_needs_an_actor_and_matching_arrays() -> None:
    with pytest.raises(ValueError, match="at least one actor"):
        Issue((), np.array([]), np.array([]), np.array([]))
    with pytest.raises(ValueError, match="saliences"):
        Issue(("a",), np.array([1.0]), np.array([1.0, 2.0]), np.array([1.0]))


def test_an_issue_has_at_most_max_actors() -> None:
    n = MAX_ACTORS + 1
    with pytest.raises(ValueError, match=f"{n} actors have a position on the point; the models take at most"):
        Issue(tuple(f"a{i}" for i in range(n)), np.zeros(n), np.zeros(n), np.ones(n))
