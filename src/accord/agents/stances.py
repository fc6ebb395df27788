"""Strategies that stand for the stances parties have taken in public: a party that says it will make no
concession plays the hard-liner, and so on. The mapping is an assumption, stated here and in the docs."""

from __future__ import annotations

import datetime as dt

from accord.model.record import Stance
from accord.model.scenario import Scenario

STANCE_STRATEGY: dict[Stance, str] = {
    Stance.HARD_LINE: "hardliner",
    Stance.CONDITIONAL: "boulware",
    Stance.COOPERATIVE: "conceder",
    Stance.NEUTRAL: "linear",
}
"""The strategy each stance stands for."""

NO_STATEMENT = "linear"
"""The strategy of a party that has made no statement."""


def stance_strategies(scenario: Scenario) -> tuple[str, ...]:
    """A strategy name for each voting party, from the stance of its latest statement (the first of the
    statements of its latest date)."""
    latest: dict[str, tuple[dt.date, Stance]] = {}
    for statement in scenario.statements:
        seen = latest.get(statement.party)
        if seen is None or statement.date > seen[0]:
            latest[statement.party] = (statement.date, statement.stance)
    return tuple(
        STANCE_STRATEGY[latest[party][1]] if party in latest else NO_STATEMENT for party in scenario.voters
    )
