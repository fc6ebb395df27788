"""The whole record as one JSON document (``accord-record/1``): every scenario version and every entry with
its author, times and the version it was checked against. Export, then restore into an empty record, and the
export is the same again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Connection, select

from accord.model.files import parse_scenario
from accord.model.record import Meeting, Statement
from accord.tracker import reads
from accord.tracker import tables as t
from accord.tracker.catalogue import VersionStamp, add_version, load_catalogue
from accord.tracker.entries import Status, StatusInput
from accord.tracker.errors import TrackerError
from accord.tracker.writes import add_meeting, add_statement, add_status

FORMAT = "accord-record/1"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VersionData(_Strict):
    version: int
    title: str
    effective: dt.date | None = None
    """From when the version is in force (records exported before 0003: the day it was recorded)."""
    recorded_at: dt.datetime
    author: str
    source: str
    scenario: dict[str, Any]


class MeetingData(_Strict):
    version: int
    effective: dt.date
    recorded_at: dt.datetime
    author: str
    meeting: Meeting


class StatementData(_Strict):
    version: int
    recorded_at: dt.datetime
    author: str
    statement: Statement


class StatusData(_Strict):
    version: int
    point: str
    party: str
    status: Status
    option: str | None
    effective: dt.date
    recorded_at: dt.datetime
    author: str
    source: str
    note: str | None = None


class RecordData(_Strict):
    """The export format."""

    format: Literal["accord-record/1"]
    versions: list[VersionData]
    meetings: list[MeetingData]
    statements: list[StatementData]
    status: list[StatusData]


def export_record(connection: Connection, talks: int) -> dict[str, Any]:
    """The whole record of ``talks`` as JSON-ready data."""
    v = t.scenario_versions.c
    query = select(t.scenario_versions).where(v.talks == talks).order_by(v.version)
    versions = [
        VersionData(
            version=row.version,
            title=row.title,
            effective=row.effective,
            recorded_at=row.recorded_at,
            author=row.author,
            source=row.source,
            scenario=json.loads(row.content),
        )
        for row in connection.execute(query)
    ]
    meetings = [
        MeetingData(
            version=m.version,
            effective=m.effective,
            recorded_at=m.recorded_at,
            author=m.author,
            meeting=m.meeting,
        )
        for m in sorted(reads.meeting_revisions(connection, talks), key=lambda m: m.entry)
    ]
    statements = [
        StatementData(version=s.version, recorded_at=s.recorded_at, author=s.author, statement=s.statement)
        for s in reads.statements(connection, talks)
    ]
    status = [
        StatusData(**{k: getattr(c, k) for k in StatusData.model_fields})
        for c in sorted(reads.status_history(connection, talks), key=lambda c: c.entry)
    ]
    data = RecordData(
        format=FORMAT, versions=versions, meetings=meetings, statements=statements, status=status
    )
    return data.model_dump(mode="json")


def parse_record(data: Any, source: str = "<record>") -> RecordData:
    """Check an exported record; one :class:`TrackerError` naming the first problems if it is malformed."""
    try:
        return RecordData.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in error.errors()[:5])
        raise TrackerError(f"{source}: not a valid {FORMAT} record: {problems}") from None


def is_record(data: Any) -> bool:
    """Whether parsed JSON claims to be an exported record (rather than a scenario)."""
    return isinstance(data, dict) and data.get("format") == FORMAT


def restore_record(connection: Connection, talks: int, record: RecordData) -> None:
    """Write an exported record into ``talks``, which must be empty, entry by entry, in the order they were
    first recorded."""
    v = t.scenario_versions.c
    if connection.execute(select(v.version).where(v.talks == talks).limit(1)).first() is not None:
        raise TrackerError(
            "a record can only be restored into an empty record (this one holds a scenario): "
            "restore it as new talks with --new-talks"
        )
    for expected, item in enumerate(record.versions, start=1):
        if item.version != expected:
            raise TrackerError(f"record versions must be numbered 1, 2, ... (found {item.version})")
        scenario = parse_scenario(json.dumps(item.scenario), f"<record version {item.version}>")
        effective = item.effective or item.recorded_at.date()
        add_version(
            connection, talks, scenario, VersionStamp(item.author, item.source, item.recorded_at, effective)
        )
    last = len(record.versions)
    catalogues = {v: load_catalogue(connection, talks, v) for v in range(1, last + 1)}
    for m in record.meetings:
        _check_version(m.version, last)
        add_meeting(
            connection,
            catalogues[m.version],
            m.meeting,
            effective=m.effective,
            author=m.author,
            recorded_at=m.recorded_at,
        )
    for s in record.statements:
        _check_version(s.version, last)
        add_statement(
            connection, catalogues[s.version], s.statement, author=s.author, recorded_at=s.recorded_at
        )
    for c in record.status:
        _check_version(c.version, last)
        fields = c.model_dump(exclude={"version", "recorded_at"})
        add_status(connection, catalogues[c.version], StatusInput(**fields), c.recorded_at, restoring=True)


def _check_version(version: int, last: int) -> None:
    if not 1 <= version <= last:
        raise TrackerError(f"an entry refers to scenario version {version}, which the record does not hold")
