"""Where the talks stand on each point: agreed by all, by some, contested, or open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.model.scenario import Scenario


class State(StrEnum):
    AGREED = "agreed"
    """Every voting party agreed to the same option."""
    PARTIAL = "partial"
    """Some parties agreed to one option; the others have not agreed to any."""
    CONTESTED = "contested"
    """Parties agreed to different options."""
    OPEN = "open"
    """No party has agreed to an option."""


@dataclass(frozen=True)
class PointStatus:
    document: str
    point: str
    number: int
    title: str
    agreed_by: dict[str, str]
    """Option each party has agreed to, for the parties that have."""
    state: State


def point_status(scenario: Scenario) -> list[PointStatus]:
    """The status of every point, in document order, from the scenario's recorded agreements."""
    agreed: dict[str, dict[str, str]] = {point.id: {} for point in scenario.points}
    for agreement in scenario.agreements:
        for party in agreement.parties:
            agreed[agreement.point][party] = agreement.option
    voters = set(scenario.voters)
    result = []
    for document in scenario.documents:
        for point in document.points:
            by = agreed[point.id]
            result.append(
                PointStatus(document.id, point.id, point.number, point.title, by, _state(by, voters))
            )
    return result


def _state(agreed_by: dict[str, str], voters: set[str]) -> State:
    options = set(agreed_by.values())
    if not options:
        return State.OPEN
    if len(options) > 1:
        return State.CONTESTED
    return State.AGREED if voters <= set(agreed_by) else State.PARTIAL
