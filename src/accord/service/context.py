"""What every route stands on: the server's components, and the dependency that authenticates a request
and checks it against the role table (:data:`accord.service.roles.ACCESS`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from accord.service import accounts
from accord.service.cache import ResultCache
from accord.service.config import ServiceConfig
from accord.service.jobs import JobRunner, find_job
from accord.service.live.play import LiveSessions
from accord.service.roles import ACCESS, Grant, Principal, Role, admits
from accord.service.security import FailureLimiter, RecentTokens
from accord.service.talks import Talks

SESSION_COOKIE = "accord_session"
"""The cookie of a web sign-in session (``web/session.py``)."""
bearer = HTTPBearer(auto_error=False, description="An API token from 'accord users add'.")


@dataclass
class Service:
    """The components of one server process."""

    config: ServiceConfig
    talks: Talks
    runner: JobRunner
    live: LiveSessions
    cache: ResultCache = field(default_factory=ResultCache)
    limiter: FailureLimiter = field(default_factory=FailureLimiter)
    tokens: RecentTokens = field(default_factory=RecentTokens)

    def close(self) -> None:
        self.runner.close()
        self.live.close()
        self.talks.close()


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


async def authorise(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """The caller's account, if the role table admits it to this route; else 401, 403 or 429."""
    return await authorise_token(request, None if credentials is None else credentials.credentials)


async def authorise_token(request: Request, token: str | None) -> Principal:
    """The account of ``token`` (an API or session token), if the role table admits it to this route;
    else 401, 403 or 429. The web pages call it with their session cookie's token."""
    grants = ACCESS[request.scope["route"].name]
    if Grant.PUBLIC in grants:
        return Principal("", role=Role.OBSERVER)
    service = service_of(request)
    client = refuse_if_limited(request)
    if token is None:
        raise _unauthorised("this needs a token: Authorization: Bearer TOKEN")
    who = service.tokens.get(token)
    if who is None:
        who = await run_in_threadpool(accounts.authenticate, service.talks.engine, token)
        if who is None:
            service.limiter.failed(client)
            raise _unauthorised("unknown or revoked token")
        service.tokens.put(token, who)
    looks_up = "job_id" in request.path_params or "session_id" in request.path_params
    talks, party = (
        await run_in_threadpool(_scope_of, request, service, who)
        if looks_up
        else _scope_of(request, service, who)
    )
    if not admits(grants, who, talks, party):
        raise HTTPException(403, f"the {who.label} role may not do this")
    return who


def refuse_if_limited(request: Request) -> str:
    """The client's address, or 429 if it failed to authenticate too often lately."""
    client = request.client.host if request.client else "unknown"
    wait = service_of(request).limiter.retry_after(client)
    if wait:
        raise HTTPException(
            429, "too many failed sign-ins or token checks", headers={"Retry-After": str(wait)}
        )
    return client


def _scope_of(request: Request, service: Service, who: Principal) -> tuple[int | None, str | None]:
    """The talks a request is about (its path's, its job's, its live session's) and the party it acts on:
    its path's, or in a live session the caller's own party if a person seat of it is the caller's."""
    params = request.path_params
    if "session_id" in params:
        seating = service.live.seating(str(params["session_id"]))
        if seating is None:
            return -1, None
        return seating.talks, who.party if seating.seats(who.name, who.party) else None
    return _talks_of(request, service), params.get("party")


def _talks_of(request: Request, service: Service) -> int | None:
    """The talks a request is about: its path's, or its job's."""
    params = request.path_params
    if "talks_id" in params:
        text = str(params["talks_id"])
        return int(text) if text.isdigit() and int(text) <= MAX_ID else None
    if "job_id" in params:
        job = find_job(service.talks.engine, str(params["job_id"]))
        return -1 if job is None else job.talks
    return None


async def authorise_reader(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """As :func:`authorise`, also admitting the dashboard's session cookie: for the API's description and its
    documentation page, which a signed-in browser reads (GET only, so no form can ride on the cookie)."""
    token = None if credentials is None else credentials.credentials
    return await authorise_token(request, token or request.cookies.get(SESSION_COOKIE))


Caller = Annotated[Principal, Depends(authorise)]
"""The authorised account of a route's request."""
Reader = Annotated[Principal, Depends(authorise_reader)]
"""The authorised account of a request for the API's description (token or dashboard session)."""
MAX_ID = 2**31 - 1
TalksId = Annotated[int, Path(ge=1, le=MAX_ID, description="The talks' number.")]
PartyId = Annotated[str, Path(min_length=1, max_length=64, description="A party's id.")]
JobId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="A job's id.")]
SessionId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="A live session's id.")]
