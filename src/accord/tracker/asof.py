"""The scenario as it stood on a date: the imported structure and assumptions, with the agreements, meetings
and statements the record held on that date.

The scenario version is the one in force on that date (its effective date). A point a party had agreed to
by then is locked for that party on the option it agreed to, exactly as an ``agreements`` entry of a scenario
file locks it. An option a party had rejected by then (and no later status of that party on the point lifted)
is a red line of that party, stated among the scenario's assumptions, which the analysis lists. The analysis
then runs unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection

from accord.model.preferences import Preferences, RedLine
from accord.model.record import Agreement, Assumption, Meeting, Statement
from accord.model.scenario import Scenario
from accord.tracker import reads
from accord.tracker.catalogue import version_in_force, version_scenario, versions
from accord.tracker.entries import MeetingEntry, StatementEntry, Status, StatusChange

MAX_SOURCE = 2_000
"""Longest source text kept on an agreement built from several status changes."""


@dataclass(frozen=True)
class RecordState:
    """What the record held on ``date`` (None: everything recorded), read against one scenario version."""

    date: dt.date | None
    version: int
    in_force: dt.date
    """The effective date of the version (after ``date`` when no version was in force yet: the first)."""
    scenario: Scenario
    status: dict[tuple[str, str], StatusChange]
    """Status in force per (point, party)."""
    meetings: tuple[MeetingEntry, ...]
    statements: tuple[StatementEntry, ...]
    rejections: dict[tuple[str, str], tuple[StatusChange, ...]]
    """Rejections of an option standing per (point, party) (``reads.standing_rejections``)."""

    def describe(self) -> str:
        """Which date and scenario version the analysis of this state uses, in one sentence."""
        when = "every entry recorded" if self.date is None else f"the record as of {self.date.isoformat()}"
        version = f"scenario version {self.version} (in force from {self.in_force.isoformat()}"
        if self.date is not None and self.in_force > self.date:
            version += f"; none was in force on {self.date.isoformat()}, so the first is used"
        return f"Analysed: {when}, with {version})."


def read_state(
    connection: Connection, talks: int, as_of: dt.date | None, version: int | None, *, entries: bool = True
) -> RecordState:
    """The record on ``as_of`` read against ``version`` (by default the version in force on that date).
    Without ``entries``, the statuses only (no meetings or statements: what the consensus matrix needs)."""
    chosen = version_in_force(connection, talks, as_of) if version is None else version
    number, scenario = version_scenario(connection, talks, chosen)
    in_force = next(v.effective for v in versions(connection, talks) if v.version == number)
    return RecordState(
        date=as_of,
        version=number,
        in_force=in_force,
        scenario=scenario,
        status=reads.status_as_of(connection, talks, as_of),
        meetings=tuple(reads.meetings_as_of(connection, talks, as_of)) if entries else (),
        statements=tuple(reads.statements(connection, talks, until=as_of)) if entries else (),
        rejections=reads.standing_rejections(connection, talks, as_of),
    )


def build_scenario(state: RecordState) -> Scenario:
    """The version's scenario with its agreements, meetings and statements taken from the record.

    Entries about parties, points or options the version does not have (recorded against another version)
    are left out.
    """
    scenario = state.scenario
    title = (
        scenario.title if state.date is None else f"{scenario.title} (record as of {state.date.isoformat()})"
    )
    preferences, assumptions = red_lines(state)
    return Scenario.model_validate(
        {
            **{name: getattr(scenario, name) for name in Scenario.model_fields},
            "title": title,
            "assumptions": scenario.assumptions + assumptions,
            "preferences": preferences,
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


def red_lines(state: RecordState) -> tuple[dict[str, Preferences], tuple[Assumption, ...]]:
    """The version's preferences with each standing rejection of an option as a red line of that party, and
    one assumption per red line saying where it comes from (referenced by the party, so reports list it)."""
    scenario = state.scenario
    options = {point.id: point.option_ids() for point in scenario.points}
    preferences = dict(scenario.preferences)
    taken = {a.id for a in scenario.assumptions}
    added: list[Assumption] = []
    for (point, party), changes in sorted(state.rejections.items()):
        rejected = tuple(dict.fromkeys(c.option for c in changes if c.option in options.get(point, ())))
        if party not in preferences or not rejected:
            continue
        number = len(added) + 1
        while f"record-red-line-{number}" in taken:
            number += 1
        assumption = Assumption(id=f"record-red-line-{number}", text=_rejection_text(party, point, changes))
        taken.add(assumption.id)
        added.append(assumption)
        prefs = preferences[party]
        line = RedLine(point=point, reject=rejected, note=f"recorded rejection ({assumption.id})")
        preferences[party] = prefs.model_copy(
            update={"red_lines": (*prefs.red_lines, line), "assumptions": (*prefs.assumptions, assumption.id)}
        )
    return preferences, tuple(added)


def _rejection_text(party: str, point: str, changes: tuple[StatusChange, ...]) -> str:
    said = "; ".join(f"'{c.option}' from {c.effective.isoformat()} ({c.source})" for c in changes)
    text = f"{party}'s recorded rejection on {point} is taken as a red line of {party}: {said}"
    return text[:MAX_SOURCE]


def _known_statement(scenario: Scenario, statement: Statement) -> bool:
    points = {point.id for point in scenario.points}
    return statement.party in {p.id for p in scenario.parties} and set(statement.points) <= points


def _known_meeting(scenario: Scenario, meeting: Meeting) -> bool:
    return set(meeting.participants) <= {p.id for p in scenario.parties}
