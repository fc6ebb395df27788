"""The record of the talks: the mediator's office adds meetings, statements and status changes (the author
is the account); every role reads the timeline, the consensus matrix and the diff. Request bodies use the
names of the ``accord track`` options."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from accord.model.record import Meeting, MeetingStatus, Stance, Statement
from accord.service.context import Caller, TalksId, authorise, service_of
from accord.service.outputs import diff_data, json_response, matrix_json, timeline_json
from accord.tracker.entries import Status, StatusInput
from accord.tracker.errors import build_entry
from accord.tracker.outputs import MatrixOutput

router = APIRouter(dependencies=[Depends(authorise)], tags=["record"])

Id = str
SHORT = 200
LONG = 100_000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeetingIn(_Body):
    """``accord track meeting add``."""

    id: Id = Field(max_length=64)
    venue: str = Field(max_length=SHORT)
    participants: list[Id] = Field(max_length=1000)
    date: dt.date | None = None
    status: MeetingStatus = MeetingStatus.HELD
    title: str | None = Field(default=None, max_length=SHORT)
    source: str | None = Field(default=None, max_length=LONG)
    effective: dt.date | None = None


class StatementIn(_Body):
    """``accord track statement add``."""

    party: Id = Field(max_length=64)
    speaker: str = Field(max_length=SHORT)
    text: str = Field(max_length=LONG)
    date: dt.date
    source: str = Field(max_length=LONG)
    stance: Stance = Stance.NEUTRAL
    points: list[Id] = Field(default=[], max_length=1000)
    id: Id | None = Field(default=None, max_length=64)


class StatusIn(_Body):
    """``accord track status set``."""

    party: Id = Field(max_length=64)
    point: Id = Field(max_length=64)
    status: Status
    source: str = Field(max_length=LONG)
    option: Id | None = Field(default=None, max_length=64)
    date: dt.date | None = None
    note: str | None = Field(default=None, max_length=LONG)


class Recorded(BaseModel):
    entry: int | None
    id: str | None


@router.post("/talks/{talks_id}/meetings", name="record.meeting.add", status_code=201)
def add_meeting(request: Request, talks_id: TalksId, body: MeetingIn, who: Caller) -> Recorded:
    """Record a meeting, or a new revision of one (same id)."""
    store = service_of(request).talks.store(talks_id)
    meeting = build_entry(Meeting, "meeting", body.model_dump(exclude={"effective"}))
    entry = store.add_meeting(meeting, author=who.name, effective=body.effective)
    return Recorded(entry=entry, id=meeting.id)


@router.post("/talks/{talks_id}/statements", name="record.statement.add", status_code=201)
def add_statement(request: Request, talks_id: TalksId, body: StatementIn, who: Caller) -> Recorded:
    """Record a dated statement of a party."""
    store = service_of(request).talks.store(talks_id)
    new_id = body.id or f"{body.party}-{body.date.isoformat()}-{uuid.uuid4().hex[:6]}"
    statement = build_entry(Statement, "statement", body.model_dump() | {"id": new_id})
    store.add_statement(statement, author=who.name)
    return Recorded(entry=None, id=statement.id)


@router.post("/talks/{talks_id}/status", name="record.status.set", status_code=201)
def set_status(request: Request, talks_id: TalksId, body: StatusIn, who: Caller) -> Recorded:
    """Record a party's status on a point, from a date (today by default)."""
    store = service_of(request).talks.store(talks_id)
    change = StatusInput(
        point=body.point,
        party=body.party,
        status=body.status,
        option=body.option,
        effective=body.date or dt.datetime.now(dt.UTC).date(),
        author=who.name,
        source=body.source,
        note=body.note,
    )
    return Recorded(entry=store.set_status(change), id=None)


@router.get("/talks/{talks_id}/timeline", name="record.timeline")
def timeline(
    request: Request, talks_id: TalksId, since: dt.date | None = None, until: dt.date | None = None
) -> Response:
    """Meetings, statements and status changes in date order (``accord track timeline --json``)."""
    store = service_of(request).talks.store(talks_id)
    return Response(timeline_json(store.timeline(since, until)), media_type="application/json")


@router.get("/talks/{talks_id}/matrix", name="record.matrix", responses={200: {"model": MatrixOutput}})
def matrix(request: Request, talks_id: TalksId, as_of: dt.date | None = None) -> Response:
    """The consensus matrix, points x parties, as of a date (``accord track matrix --json``)."""
    store = service_of(request).talks.store(talks_id)
    return Response(matrix_json(store.matrix(as_of)), media_type="application/json")


@router.get("/talks/{talks_id}/diff", name="record.diff")
def diff(
    request: Request, talks_id: TalksId, since: dt.date, who: Caller, until: dt.date | None = None
) -> Response:
    """What changed after ``since`` up to ``until`` (``accord track diff --json``); the analysis part only
    for the mediator."""
    store = service_of(request).talks.store(talks_id)
    return json_response(diff_data(store.diff(since, until), with_analysis=who.sees_preferences()))
