"""The teacher's view of a talks' live sessions (issue 14, ``docs/live.md``): every session with its group,
state and result, the results as CSV, and a form that creates one session per group of a class. A party's
delegation sees here the sessions it has a seat in.

The form's sessions are made by the API's own route function, so a page creates nothing the API would
refuse; the list and the CSV are the API's too.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from accord.agents.catalogue import strategies
from accord.agents.strategy import Seat
from accord.model.errors import AccordError
from accord.protocols.catalogue import PROTOCOLS
from accord.service.context import TalksId, service_of
from accord.service.live import records
from accord.service.live.games import Seating
from accord.service.live.requests import SessionIn
from accord.service.live.views import summary
from accord.service.roles import Principal, Role
from accord.service.routes import sessions as api
from accord.service.web.render import render
from accord.service.web.session import PageError, Visitor, visitor
from accord.tournaments.live import MAX_LIVE_ROUNDS, PERSON

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
MAX_GROUPS = 100
"""Most sessions one form creates."""


def _seated(row: records.SessionRow, who: Principal) -> bool:
    """Whether ``who`` has a person's seat in the session (its party's, bound to it or to any account)."""
    seating = Seating(row.talks, {party: row.people.get(party) for party in row.persons})
    return seating.seats(who.name, who.party)


@router.get("/talks/{talks_id}/sessions", name="web.sessions")
def sessions_page(request: Request, talks_id: TalksId, who: Visitor) -> Response:
    """The mediator's (teacher's) list and form; a party's sessions."""
    service = service_of(request)
    scenario = service.talks.store(talks_id).scenario_as_of()
    rows = records.of_talks(service.talks.engine, talks_id)
    if who.role is not Role.MEDIATOR:
        rows = [row for row in rows if _seated(row, who)]
    return render(
        request,
        "sessions.html",
        who=who,
        talks_id=talks_id,
        sessions=[summary(row) for row in rows],
        parties=[p.id for p in scenario.parties],
        protocols=sorted(PROTOCOLS),
        strategies=sorted(strategies(Seat.NEGOTIATOR)),
        max_rounds=MAX_LIVE_ROUNDS,
        person=PERSON,
    )


@router.get("/talks/{talks_id}/sessions.csv", name="web.sessions.csv")
def sessions_csv(request: Request, talks_id: TalksId, who: Visitor) -> Response:
    """The sessions' results as CSV (the API's)."""
    del who
    return api.sessions_csv(request, talks_id)


@router.post("/talks/{talks_id}/sessions", name="web.sessions.create")
async def create(request: Request, talks_id: TalksId, who: Visitor) -> Response:
    """One session per group of the form (or one without a group), each on the record as it stands."""
    form = {str(k): str(v) for k, v in (await request.form()).multi_items()}
    bodies = [_body(form, group, people) for group, people in groups_of(form.get("groups", ""))]
    for made, body in enumerate(bodies):
        try:
            await run_in_threadpool(api.create_session, request, talks_id, body, who)
        except (RequestValidationError, AccordError) as error:
            if not made:
                raise
            raise PageError(
                422, f"group {body.group}: {_message(error)} ({made} created before it)"
            ) from None
    return RedirectResponse(f"/talks/{talks_id}/sessions?created={len(bodies)}", status_code=303)


def _message(error: Exception) -> str:
    if isinstance(error, RequestValidationError):
        return "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in error.errors())
    return str(error)


def groups_of(text: str) -> list[tuple[str | None, dict[str, str]]]:
    """The groups of the form, one a line: ``NAME`` or ``NAME: party=account, party=account`` (the accounts
    that play the group's person seats); no line: one session without a group."""
    found: list[tuple[str | None, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        name, _, people = line.partition(":")
        if not name.strip():
            continue
        bound = {}
        for item in filter(None, (part.strip() for part in people.split(","))):
            party, equals, account = item.partition("=")
            if not equals or not party.strip() or not account.strip():
                raise PageError(400, f"groups: line {number}: '{item}' is not party=account")
            bound[party.strip()] = account.strip()
        found.append((name.strip(), bound))
    if len(found) > MAX_GROUPS:
        raise PageError(400, f"groups: at most {MAX_GROUPS} groups in one form, not {len(found)}")
    return found or [(None, {})]


def _body(form: dict[str, str], group: str | None, people: dict[str, str]) -> SessionIn:
    seats = {k.removeprefix("seat/"): v for k, v in form.items() if k.startswith("seat/") and v}
    fields: dict[str, Any] = {
        "protocol": form.get("protocol", ""),
        "seats": seats,
        "group": group,
        "start": form.get("start") or "now",
        "people": {
            k.removeprefix("person/"): v.strip()
            for k, v in form.items()
            if k.startswith("person/") and v.strip() and seats.get(k.removeprefix("person/")) == PERSON
        }
        | people,
    }
    for name in ("rounds", "minutes", "move_seconds", "seed"):
        if form.get(name, "").strip():
            fields[name] = form[name].strip()
    try:
        return SessionIn.model_validate(fields)
    except ValidationError as error:
        lines = [f"{'.'.join(str(x) for x in e['loc']) or 'session'}: {e['msg']}" for e in error.errors()]
        raise PageError(422, "; ".join(lines)) from None
