"""Importing a scenario into the record: a new version of its structure and assumptions, and its record parts
(agreements, meetings, statements) added where the record does not hold them yet.

Importing is idempotent on the record: the same scenario imported twice makes a second version but never
re-adds an entry the record holds (a status change with the same party, point, status, option, effective date
and source; a meeting revision with the same content and effective date), so a correction recorded since
stands. An agreement becomes an ``agreed`` status change for each party that signed it; an undated item is
dated by the latest date the scenario's record mentions (the day the scenario describes).

A scenario that shares no party or no document with the talks' latest version describes other talks: it is
refused unless the caller asks to ``replace`` the scenario with it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from accord.model.scenario import Scenario
from accord.tracker import reads
from accord.tracker.catalogue import (
    Catalogue,
    VersionStamp,
    add_version,
    load_catalogue,
    version_scenario,
    versions,
)
from accord.tracker.entries import ImportReport, Status, StatusInput
from accord.tracker.errors import TrackerError
from accord.tracker.writes import add_meeting, add_statement, add_status


def record_dates(scenario: Scenario) -> list[dt.date]:
    """The dates of the scenario's record (agreements, meetings, statements)."""
    dates = [a.date for a in scenario.agreements if a.date is not None]
    dates += [m.date for m in scenario.meetings if m.date is not None]
    return dates + [s.date for s in scenario.statements]


def described_date(scenario: Scenario, default: dt.date) -> dt.date:
    """The latest date in the scenario's record, or ``default``."""
    return max(record_dates(scenario), default=default)


def import_scenario(
    connection: Connection, talks: int, scenario: Scenario, stamp: VersionStamp, *, replace: bool = False
) -> ImportReport:
    """Store ``scenario`` as a new version of ``talks`` and add its record parts new to the record."""
    replaced = _other_talks(connection, talks, scenario, replace=replace)
    version = add_version(connection, talks, scenario, stamp)
    catalogue = load_catalogue(connection, talks, version)
    day = described_date(scenario, stamp.recorded_at.date())
    statements = _import_statements(connection, catalogue, scenario, stamp.author, stamp.recorded_at)
    meetings = _import_meetings(connection, catalogue, scenario, stamp, day)
    changes = _import_agreements(connection, catalogue, scenario, stamp, day)
    return ImportReport(version, changes, meetings, statements, replaced)


def _other_talks(connection: Connection, talks: int, scenario: Scenario, *, replace: bool) -> str | None:
    """None if ``scenario`` can be the next version of ``talks``; what it replaces if ``replace``; else a
    :class:`TrackerError` saying it describes other talks."""
    if not versions(connection, talks):
        return None
    number, held = version_scenario(connection, talks)
    parties, documents = [p.id for p in held.parties], [d.id for d in held.documents]
    shares_parties = not set(parties).isdisjoint(p.id for p in scenario.parties)
    if shares_parties and not set(documents).isdisjoint(d.id for d in scenario.documents):
        return None
    what = f"version {number} '{held.title}' (parties {_ids(parties)}; documents {_ids(documents)})"
    if not replace:
        shared = "party" if not shares_parties else "document"
        raise TrackerError(
            f"'{scenario.title}' describes other talks: it shares no {shared} with {what}. "
            "Open it as new talks (--new-talks), or make it the next version of these talks (--replace)"
        )
    return f"'{scenario.title}' replaces {what}; the entries recorded so far stay in the record"


def _ids(ids: list[str], shown: int = 6) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _import_meetings(
    connection: Connection, catalogue: Catalogue, scenario: Scenario, stamp: VersionStamp, day: dt.date
) -> int:
    """Add each meeting whose revision (content and effective date) the record does not hold, unless it
    already stands as written."""
    revisions = reads.meeting_revisions(connection, catalogue.talks)
    held = {(m.meeting, m.effective) for m in revisions}
    standing = {m.meeting.id: m.meeting for m in reads.meetings_as_of(connection, catalogue.talks)}
    added = 0
    for meeting in scenario.meetings:
        effective = meeting.date or day
        if (meeting, effective) in held or standing.get(meeting.id) == meeting:
            continue
        add_meeting(
            connection,
            catalogue,
            meeting,
            effective=effective,
            author=stamp.author,
            recorded_at=stamp.recorded_at,
        )
        added += 1
    return added


def _import_agreements(
    connection: Connection, catalogue: Catalogue, scenario: Scenario, stamp: VersionStamp, day: dt.date
) -> int:
    """Add an ``agreed`` change per signing party unless the record holds the same entry (party, point,
    status, option, effective date, source) or the party's status already is that agreement."""
    history = reads.status_history(connection, catalogue.talks)
    held = {(c.party, c.point, c.status, c.option, c.effective, c.source) for c in history}
    current = reads.status_as_of(connection, catalogue.talks)
    added = 0
    for agreement in scenario.agreements:
        for party in agreement.parties:
            change = StatusInput(
                point=agreement.point,
                party=party,
                status=Status.AGREED,
                option=agreement.option,
                effective=agreement.date or day,
                author=stamp.author,
                source=agreement.source or stamp.source,
            )
            key = (party, change.point, change.status, change.option, change.effective, change.source)
            now = current.get((agreement.point, party))
            if key in held or (
                now is not None and (now.status, now.option) == (Status.AGREED, change.option)
            ):
                continue
            add_status(connection, catalogue, change, stamp.recorded_at)
            added += 1
    return added


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
