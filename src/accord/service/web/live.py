"""A live session in the browser (issue 14, ``docs/live.md``): a person's page, the mediator's page, the moves
as forms, live updates from the session's server-sent events, and the replay of a finished session.

Every page renders the JSON the API gives the same caller (:func:`accord.service.live.views.session_json`):
a person (a party's account seated in the session) gets its own numbers only, the mediator the live exact
analysis beside the draft. A move goes through the API's own route function, so a page can do nothing the
API would refuse; a move the protocol does not allow now comes back as the page with the reason.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from accord.model.compiled import CompiledScenario
from accord.protocols.trace import Record
from accord.service.context import SessionId, service_of
from accord.service.live import records
from accord.service.live.requests import MoveIn
from accord.service.live.views import MEDIATOR, package_json, session_json
from accord.service.roles import Principal
from accord.service.routes import sessions as api
from accord.service.web import figures
from accord.service.web.render import render
from accord.service.web.session import PageError, Visitor, visitor
from accord.service.web.simulations import replay_steps

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
SHOWN_EVENTS = 500
"""Most events in a page's log (the latest); the trace has them all."""


def view_of(request: Request, session_id: str, who: Principal) -> dict[str, Any]:
    """What a page shows of the session to ``who``: the API's JSON for it, the events it may see (their
    packages as options), and what its live updates compare against."""
    live = service_of(request).live
    viewer = api.viewer_of(who)
    if viewer.party is not None:
        live.open(session_id, viewer.party)
    row, played = live.read(session_id)
    game = live.game(row)
    data = session_json(row, played, game, viewer)
    stored = records.events_after(live.engine, row.id, max(0, row.events - SHOWN_EVENTS), limit=SHOWN_EVENTS)
    events = []
    for event in stored:
        if viewer.sees(event.audience):
            line = json.loads(event.data)
            package = line.get("package")
            line["options"] = package_json(game.live.compiled, package) if isinstance(package, int) else None
            events.append(line | {"seq": event.seq})
    return {
        "session": data,
        "events": events,
        "mediator": viewer.mediator,
        "parties": list(game.live.compiled.parties),
        "points": _open_points(game.live.compiled, data),
        "key": _key(data),
    }


def _key(data: dict[str, Any]) -> str:
    """What changes with every change of the session (the page reloads when a state event differs)."""
    return f"{data['state']}/{data['moves']}/{data['events']}"


def _open_points(compiled: CompiledScenario, data: dict[str, Any]) -> list[tuple[str, list[str], str | None]]:
    """The points an offer chooses (point, its options, the option of the package it starts from)."""
    settled = data.get("settled") or {}
    you = data.get("you") or {}
    base = (you.get("base") or {}).get("package") or data.get("draft") or {}
    return [
        (point, list(compiled.options[k]), base.get(point))
        for k, point in enumerate(compiled.points)
        if point not in settled
    ]


@router.get("/sessions/{session_id}", name="web.live")
async def session_page(request: Request, session_id: SessionId, who: Visitor) -> Response:
    """A person's page (its party seated in the session) or the mediator's (or an observer's public view)."""
    context = await run_in_threadpool(view_of, request, session_id, who)
    return _page(request, who, context)


def _page(
    request: Request, who: Principal, context: dict[str, Any], status: int = 200, **extra: Any
) -> Response:
    data = context["session"]
    template = "live-mediator.html" if context["mediator"] else "live-person.html"
    return render(request, template, status, who=who, talks_id=data["talks"], **context, **extra)


@router.post("/sessions/{session_id}/moves", name="web.live.move")
async def move(request: Request, session_id: SessionId, who: Visitor) -> Response:
    """A person's move from the page's forms, made through the API's route; refused: the page with why."""
    form = await request.form()
    body = _move_body(dict((str(k), str(v)) for k, v in form.multi_items()), who)
    try:
        await run_in_threadpool(api.make_move, request, session_id, body, who)
    except records.Refused as refusal:
        context = await run_in_threadpool(view_of, request, session_id, who)
        return _page(request, who, context, 409, refused=str(refusal))
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


def _move_body(form: dict[str, str], who: Principal) -> MoveIn:
    """The API's body of a move from the form's fields (``move``: vote, accept, offer or pass)."""
    kind = form.get("move", "")
    fields: dict[str, Any] = {"party": who.party or ""}
    if form.get("round", "").isdigit():
        fields["round"] = int(form["round"])
    if kind in ("accept", "reject"):
        fields["vote"] = kind
    elif kind in ("yes", "no"):
        fields["accept"] = kind == "yes"
    elif kind == "offer":
        fields["offer"] = {k.removeprefix("offer/"): v for k, v in form.items() if k.startswith("offer/")}
    elif kind == "pass":
        fields["pass"] = True
    try:
        return MoveIn.model_validate(fields)
    except ValidationError as error:
        raise PageError(422, f"move: {error.errors()[0]['msg']}") from None


@router.post("/sessions/{session_id}/start", name="web.live.start")
async def start(request: Request, session_id: SessionId, who: Visitor) -> Response:
    """The mediator starts a session that waits for its people."""
    del who
    await run_in_threadpool(service_of(request).live.start, session_id)
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.post("/sessions/{session_id}/stop", name="web.live.stop")
async def stop(request: Request, session_id: SessionId, who: Visitor) -> Response:
    """The mediator ends the session where it stands (it breaks down)."""
    del who
    await run_in_threadpool(service_of(request).live.stop, session_id)
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.get("/sessions/{session_id}/events", name="web.live.events")
def events(
    request: Request,
    session_id: SessionId,
    who: Visitor,
    after: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> StreamingResponse:
    """The session's server-sent events as the API streams them to this caller. The page asks for those
    after the last it holds (``after``); a reconnecting browser resumes after the last it saw
    (``Last-Event-ID``, the later of the two)."""
    return api.session_events(request, session_id, who, after, last_event_id)


@router.get("/sessions/{session_id}/replay", name="web.live.replay")
async def replay(
    request: Request, session_id: SessionId, who: Visitor, step: Annotated[int, Query(ge=0)] = 0
) -> Response:
    """A finished session step by step, as a simulation's run is replayed, with its dance and its score."""
    context = await run_in_threadpool(_replayed, request, session_id)
    return render(request, "live-replay.html", who=who, step=step, **context)


def _replayed(request: Request, session_id: str) -> dict[str, Any]:
    live = service_of(request).live
    row, played = live.read(session_id)
    if played is None or not row.ended:
        raise PageError(409, "a session is replayed once it has ended")
    game = live.game(row)
    record: Record = game.live.record(played.state, {"session": row.id})
    compiled = game.live.compiled
    steps = replay_steps(record, compiled)
    parties = list(compiled.parties)
    return {
        "session": session_json(row, played, game, MEDIATOR),
        "talks_id": row.talks,
        "steps": steps,
        "parties": parties,
        "dance": figures.dance_figure(steps, parties, "the session"),
    }
