"""Live sessions: a protocol played by people and strategies on the talks' record (``docs/live.md``).

The mediator creates, starts, stops and lists them; a person - a party's account seated in one - reads its
own view and moves for its own party only; events stream as server-sent events that resume after the last
one seen; the trace is the JSONL of ``accord simulate --trace``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from accord.model.errors import AccordError
from accord.protocols.trace import Record, trace_lines
from accord.service.accounts import list_accounts
from accord.service.context import Caller, SessionId, TalksId, authorise, service_of
from accord.service.live import records
from accord.service.live.outputs import SessionOutput, SessionSummary
from accord.service.live.play import LiveSessions
from accord.service.live.requests import MoveIn, OfferProblem, SessionIn, move_of
from accord.service.live.views import MEDIATOR, OBSERVER, Viewer, csv_text, session_json, summary
from accord.service.outputs import json_response
from accord.service.roles import Principal, Role
from accord.tournaments.live import PERSON

router = APIRouter(dependencies=[Depends(authorise)], tags=["sessions"])
KEEP_ALIVE = 15.0
"""Seconds between two comments on a quiet event stream (proxies close silent connections)."""
MAX_STREAM = 6 * 3600.0
"""Seconds an event stream lasts at most: it ends then, and the client resumes after its last event."""
EVENTS_READ = 1000
"""Events a stream reads from the database at once."""
STATE: dict[int | str, dict[str, Any]] = {200: {"model": SessionOutput}}
SSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."}
}


def _live(request: Request) -> LiveSessions:
    return service_of(request).live


def _invalid(field: str, message: str) -> RequestValidationError:
    """A 422 with the ``problems`` line ``body.FIELD: message``, as pydantic's are."""
    loc = ("body", *field.split(".")) if field else ("body",)
    return RequestValidationError([{"loc": loc, "msg": message, "type": "value_error"}])


def viewer_of(who: Principal) -> Viewer:
    """How ``who`` sees a session it was admitted to (a party's account only when seated in it)."""
    if who.role is Role.MEDIATOR:
        return MEDIATOR
    if who.role is Role.PARTY:
        return Viewer(party=who.party)
    return OBSERVER


def _check_people(request: Request, talks_id: int, body: SessionIn) -> None:
    accounts = {a.principal.name: a for a in list_accounts(service_of(request).talks.engine)}
    for party, name in body.people.items():
        if body.seats.get(party) != PERSON:
            raise _invalid(f"people.{party}", f"{party}'s seat is not a person's")
        account = accounts.get(name)
        who = None if account is None or account.revoked_at is not None else account.principal
        if who is None or who.role is not Role.PARTY or who.talks != talks_id or who.party != party:
            raise _invalid(
                f"people.{party}", f"no account '{name}' with the role party:{party} in talks {talks_id}"
            )


def _view(request: Request, session_id: str, who: Principal) -> Response:
    live = _live(request)
    viewer = viewer_of(who)
    if viewer.party is not None:
        live.open(session_id, viewer.party)
    row, played = live.read(session_id)
    return json_response(session_json(row, played, live.game(row), viewer))


@router.post(
    "/talks/{talks_id}/sessions",
    name="sessions.create",
    status_code=201,
    responses={201: {"model": SessionOutput}},
)
def create_session(request: Request, talks_id: TalksId, body: SessionIn, who: Caller) -> Response:
    """A live session on the record as of a date: its scenario is kept with it, so a later change of the
    record never changes the session."""
    store = service_of(request).talks.store(talks_id)
    scenario = store.scenario_as_of(body.as_of)
    _check_people(request, talks_id, body)
    live = _live(request)
    try:
        row = live.create(
            talks_id, scenario, body.setup(), group=body.group, people=body.people, start=body.start,
            author=who.name,
        )  # fmt: skip
    except AccordError as error:
        raise _invalid("", str(error)) from None
    row, played = live.read(row.id)
    return json_response(session_json(row, played, live.game(row), MEDIATOR), status_code=201)


@router.get(
    "/talks/{talks_id}/sessions", name="sessions.list", responses={200: {"model": list[SessionSummary]}}
)
def list_sessions(request: Request, talks_id: TalksId) -> Response:
    """Every session of the talks (the teacher's view): group, state, round, who is awaited, result."""
    service_of(request).talks.store(talks_id)
    rows = records.of_talks(service_of(request).talks.engine, talks_id)
    return json_response([summary(row).model_dump(mode="json") for row in rows])


@router.get(
    "/talks/{talks_id}/sessions.csv",
    name="sessions.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One line per session."}},
)
def sessions_csv(request: Request, talks_id: TalksId) -> Response:
    """The sessions' results as CSV, one line per session (``docs/live.md`` lists the columns)."""
    service_of(request).talks.store(talks_id)
    live = _live(request)
    rows = records.of_talks(live.engine, talks_id)
    text = csv_text(rows, lambda row: live.game(row).scenario)
    headers = {"Content-Disposition": f'attachment; filename="talks-{talks_id}-sessions.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/sessions/{session_id}", name="sessions.read", responses=STATE)
def read_session(request: Request, session_id: SessionId, who: Caller) -> Response:
    """The session's state as the caller may see it (a person: its own numbers only)."""
    return _view(request, session_id, who)


@router.post("/sessions/{session_id}/moves", name="sessions.move", responses=STATE)
def make_move(request: Request, session_id: SessionId, body: MoveIn, who: Caller) -> Response:
    """A move for the caller's own party: 200 with the new state; 409 with the reason when the protocol does
    not allow it now."""
    if body.party != who.party:
        raise HTTPException(403, f"the {who.label} role moves for {who.party} only")
    live = _live(request)
    game = live.game(live.row(session_id))
    try:
        move = move_of(body, game.live.compiled, game.live.setting.rules.fixed)
    except OfferProblem as problem:
        raise _invalid(f"offer.{problem.field}", str(problem)) from None
    live.move(session_id, move, who.name)
    return _view(request, session_id, who)


@router.post("/sessions/{session_id}/start", name="sessions.start", responses=STATE)
def start_session(request: Request, session_id: SessionId) -> Response:
    """Start a session that waits for its people (409 once started)."""
    return _changed(request, session_id, _live(request).start)


@router.delete("/sessions/{session_id}", name="sessions.stop", responses=STATE)
def stop_session(request: Request, session_id: SessionId) -> Response:
    """End the session where it stands: it breaks down (reason ``stopped``); 409 once ended."""
    return _changed(request, session_id, _live(request).stop)


def _changed(request: Request, session_id: str, change: Callable[[str], object]) -> Response:
    """The mediator's view of the session after ``change`` (start or stop) made it."""
    change(session_id)
    live = _live(request)
    row, played = live.read(session_id)
    return json_response(session_json(row, played, live.game(row), MEDIATOR))


@router.get("/sessions/{session_id}/trace", name="sessions.trace", response_class=Response)
def session_trace(request: Request, session_id: SessionId, who: Caller) -> Response:
    """The session as JSONL, exactly as ``accord simulate --trace`` writes a run: the mediator's at any
    time; a person's once the session has ended, with the events it could see only."""
    live = _live(request)
    viewer = viewer_of(who)
    row, played = live.read(session_id)
    if not viewer.mediator and not row.ended:
        raise records.Refused("a person gets the trace once the session has ended")
    game = live.game(row)
    extra = {"session": row.id, "talks": row.talks, "group": row.group, "people": _players(live, row)}
    header = next(trace_lines(Record(game.live.record(played.state, extra).header, ()))) if played else None
    lines = [] if header is None else [header]
    stored = records.events_after(live.engine, row.id, 0, limit=row.events)
    lines += [event.data for event in stored if viewer.sees(event.audience)]
    body = "".join(line + "\n" for line in lines)
    return Response(body, media_type="application/x-ndjson")


def _players(live: LiveSessions, row: records.SessionRow) -> dict[str, list[str]]:
    """The accounts that moved for each person seat (in the order they first did)."""
    moved: dict[str, list[str]] = {party: [] for party in row.persons}
    with live.engine.connect() as connection:
        for party, author in records.move_authors(connection, row.id):
            if author is not None and author not in moved[party]:
                moved[party].append(author)
    return moved


@router.get(
    "/sessions/{session_id}/events", name="sessions.events", response_class=StreamingResponse, responses=SSE
)
def session_events(
    request: Request,
    session_id: SessionId,
    who: Caller,
    after: Annotated[int | None, Query(ge=0, le=2**31 - 1, description="Resume after this event.")] = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> StreamingResponse:
    """Server-sent events: each event of the trace the caller may see (``id:`` its number in the session,
    ``event:`` its kind, ``data:`` its trace line), a ``state`` event with the caller's view after each
    change, and ``end`` once the session has ended. Resumes after the later of ``Last-Event-ID`` and
    ``?after=N`` (a page that asks for the events after those it holds and then reconnects sends both)."""
    live = _live(request)
    viewer = viewer_of(who)
    resume = max(after or 0, _event_id(last_event_id))
    if viewer.party is not None:
        live.open(session_id, viewer.party)
    live.read(session_id)

    async def stream() -> AsyncIterator[str]:
        seen, revision = resume, -1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_STREAM
        while loop.time() < deadline:
            events, row, state = await run_in_threadpool(_news, live, session_id, viewer, seen, revision)
            for event in events:
                seen = event.seq
                if viewer.sees(event.audience):
                    yield f"id: {event.seq}\nevent: {event.kind}\ndata: {event.data}\n\n"
            if row is None:
                continue  # events first, then the state they led to
            if state is not None:
                revision = row.revision
                yield f"event: state\ndata: {state}\n\n"
            if row.ended:
                yield f"event: end\ndata: {json.dumps({'state': row.state, 'reason': row.reason})}\n\n"
                return
            if await request.is_disconnected():
                return
            before = loop.time()
            await live.bell.wait(session_id, revision, KEEP_ALIVE)
            if loop.time() - before >= KEEP_ALIVE:
                yield ": keep-alive\n\n"

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


def _event_id(text: str | None) -> int:
    if text is None or not text.strip():
        return 0
    if not text.strip().isdigit():
        raise HTTPException(400, "Last-Event-ID must be the number of an event")
    return int(text.strip())


def _news(
    live: LiveSessions, session_id: str, viewer: Viewer, seen: int, revision: int
) -> tuple[list[records.StoredEvent], records.SessionRow | None, str | None]:
    """What a stream has not sent yet: events after ``seen``, and once it has them all, the session's row
    and, if it changed since ``revision``, the state as ``viewer`` sees it (JSON)."""
    events = records.events_after(live.engine, session_id, seen, limit=EVENTS_READ)
    if len(events) == EVENTS_READ:  # more to read before the state
        return events, None, None
    row, played = live.read(session_id)
    if row.events > (events[-1].seq if events else seen):  # changed between the two reads
        return events, None, None
    if row.revision == revision:
        return events, row, None
    key = (row.id, row.revision, viewer, int(records.now()))  # its times stay right to the second
    state = live.views.get(key)
    if state is None:  # computed once for the streams of one viewer (the observers, say)
        state = json.dumps(session_json(row, played, live.game(row), viewer), ensure_ascii=False)
        live.views.put(key, state)
    return events, row, state
