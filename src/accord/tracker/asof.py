"""The scenario as it stood on a date: the imported structure and assumptions, with the agreements, meetings
and statements the record held on that date.

A point a party had agreed to by then is locked for that party on the option it agreed to, exactly as an
``agreements`` entry of a scenario file locks it; the analysis then runs unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from accord.model.record import Agreement, Meeting, Statement
from accord.model.scenario import Scenario
from accord.tracker.entries import MeetingEntry, StatementEntry, Status, StatusChange

MAX_SOURCE = 2_000
"""Longest source text kept on an agreement built from several status changes."""


@dataclass(frozen=True)
class RecordState:
    """What the record held on ``date`` (None: everything recorded), read against one scenario version."""

    date: dt.date | None
    version: int
    scenario: Scenario
    status: dict[tuple[str, str], StatusChange]
    """Status in force per (point, party)."""
    meetings: tuple[MeetingEntry, ...]
    statements: tuple[StatementEntry, ...]


def build_scenario(state: RecordState) -> Scenario:
    """The version's scenario with its agreements, meetings and statements taken from the record.

    Entries about parties, points or options the version does not have (recorded against another version)
    are left out.
    """
    scenario = state.scenario
    title = (
        scenario.title if state.date is None else f"{scenario.title} (record as of {state.date.isoformat()})"
    )
    return Scenario.model_validate(
        {
            **{name: getattr(scenario, name) for name in Scenario.model_fields},
            "title": title,
            "agreements": agreements(state),
            "meetings": [m.meeting for m in state.meetings if _known_meeting(scenario, m.meeting)],
            "statements": [s.statement for s in state.statements if _known_statement(scenario, s.statement)],
        }
    )


def agreements(state: RecordState) -> list[Agreement]:
    """One agreement per (point, option) that some parties had agreed to, in document and party order."""
    scenario = state.scenario
    party_order = {p.id: i for i, p in enumerate(scenario.parties)}
    options = {point.id: set(point.option_ids()) for point in scenario.points}
    groups: dict[tuple[str, str], list[StatusChange]] = defaultdict(list)
    for change in state.status.values():
        known = change.party in party_order and change.option in options.get(change.point, ())
        if change.status is Status.AGREED and change.option is not None and known:
            groups[(change.point, change.option)].append(change)
    point_order = {point.id: i for i, point in enumerate(scenario.points)}
    result = []
    for (point, option), changes in sorted(
        groups.items(), key=lambda item: (point_order[item[0][0]], item[0][1])
    ):
        changes.sort(key=lambda c: party_order[c.party])
        sources = list(dict.fromkeys(c.source for c in changes))
        result.append(
            Agreement(
                point=point,
                option=option,
                parties=tuple(c.party for c in changes),
                date=max(c.effective for c in changes),
                source="; ".join(sources)[:MAX_SOURCE],
            )
        )
    return result


def _known_statement(scenario: Scenario, statement: Statement) -> bool:
    points = {point.id for point in scenario.points}
    return statement.party in {p.id for p in scenario.parties} and set(statement.points) <= points


def _known_meeting(scenario: Scenario, meeting: Meeting) -> bool:
    return set(meeting.participants) <= {p.id for p in scenario.parties}
