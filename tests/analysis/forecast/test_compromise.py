"""The compromise model: the capability x salience weighted mean, worked by hand."""

from __future__ import annotations

import pytest

from accord.analysis.forecast.compromise import compromise
from accord.analysis.forecast.issue import make_issue


def test_three_actors() -> None:
    issue = make_issue(("a", "b", "c"), [0, 40, 100], [0.8, 0.5, 0.6], [1, 2, 1])
    # weights 0.8, 1.0, 0.6: (0 + 40 + 60) / 2.4
    assert compromise(issue).forecast == pytest.approx(100 / 2.4)


def test_five_actors() -> None:
    issue = make_issue(
        ("a", "b", "c", "d", "e"), [0, 20, 45, 70, 100], [0.9, 0.3, 0.6, 0.5, 1.0], [2, 1, 3, 1, 2]
    )
    # weights 1.8, 0.3, 1.8, 0.5, 2.0: (0 + 6 + 81 + 35 + 200) / 6.4
    run = compromise(issue)
    assert run.forecast == pytest.approx(322 / 6.4)
    assert len(run.rounds) == 1 and run.rounds[0].positions == (0, 20, 45, 70, 100)


def test_without_any_salience_the_capabilities_weigh() -> None:
    issue = make_issue(("a", "b"), [0, 100], [0.0, 0.0], [3, 1])
    assert compromise(issue).forecast == pytest.approx(25.0)
