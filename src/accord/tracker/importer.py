"""Importing a scenario into the record: a new version of its structure and assumptions, and its record parts
(agreements, meetings, statements) added where the record does not hold them yet.

Importing is idempotent on the record: the same scenario imported twice makes a second version but no
duplicate entry. An agreement becomes an ``agreed`` status change for each party that signed it; an undated
item is dated by the latest date the scenario's record mentions (the day the scenario describes).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from accord.model.scenario import Scenario
from accord.tracker import reads
from accord.tracker.catalogue import Catalogue, VersionStamp, add_version, load_catalogue
from accord.tracker.entries import ImportReport, Status, StatusInput
from accord.tracker.errors import TrackerError
from accord.tracker.writes import add_meeting, add_statement, add_status


def described_date(scenario: Scenario, default: dt.date) -> dt.date:
    """The latest date in the scenario's record (agreements, meetings, statements), or ``default``."""
    dates = [a.date for a in scenario.agreements if a.date is not None]
    dates += [m.date for m in scenario.meetings if m.date is not None]
    dates += [s.date for s in scenario.statements]
    return max(dates, default=default)


def import_scenario(
    connection: Connection, talks: int, scenario: Scenario, stamp: VersionStamp
) -> ImportReport:
    """Store ``scenario`` as a new version of ``talks`` and add its record parts new to the record."""
    version = add_version(connection, talks, scenario, stamp)
    catalogue = load_catalogue(connection, talks, version)
    author, source, recorded_at = stamp.author, stamp.source, stamp.recorded_at
    day = described_date(scenario, recorded_at.date())
    statements = _import_statements(connection, catalogue, scenario, author, recorded_at)
    known = {entry.meeting.id: entry.meeting for entry in reads.meetings_as_of(connection, talks)}
    meetings = 0
    for meeting in scenario.meetings:
        if known.get(meeting.id) != meeting:
            effective = meeting.date or day
            add_meeting(
                connection, catalogue, meeting, effective=effective, author=author, recorded_at=recorded_at
            )
            meetings += 1
    current = reads.status_as_of(connection, talks)
    changes = 0
    for agreement in scenario.agreements:
        for party in agreement.parties:
            now = current.get((agreement.point, party))
            if now is not None and now.status is Status.AGREED and now.option == agreement.option:
                continue
            change = StatusInput(
                point=agreement.point,
                party=party,
                status=Status.AGREED,
                option=agreement.option,
                effective=agreement.date or day,
                author=author,
                source=agreement.source or source,
            )
            add_status(connection, catalogue, change, recorded_at)
            changes += 1
    return ImportReport(version=version, status_changes=changes, meetings=meetings, statements=statements)


def _import_statements(
    connection: Connection, catalogue: Catalogue, scenario: Scenario, author: str, recorded_at: dt.datetime
) -> int:
    known = {entry.statement.id: entry.statement for entry in reads.statements(connection, catalogue.talks)}
    added = 0
    for statement in scenario.statements:
        if statement.id in known:
            if known[statement.id] != statement:
                raise TrackerError(
                    f"statement '{statement.id}' is already in the record with a different content; "
                    "statements are never replaced: give the new one another id"
                )
            continue
        add_statement(connection, catalogue, statement, author=author, recorded_at=recorded_at)
        added += 1
    return added
