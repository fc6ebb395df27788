"""The service itself: health and sign-in (no token), and who the caller is."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from accord import __version__
from accord.service import accounts
from accord.service.context import Caller, authorise, refuse_if_limited, service_of

router = APIRouter(dependencies=[Depends(authorise)], tags=["service"])


@router.get("/health", name="health")
def health() -> dict[str, Any]:
    """Whether the server answers (no token needed)."""
    return {"status": "ok", "version": __version__}


@router.get("/me", name="me")
def me(who: Caller) -> dict[str, Any]:
    """The caller's account: name, role and talks."""
    return {"name": who.name, "role": who.label, "talks": who.talks}


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=accounts.MAX_NAME)
    password: str = Field(max_length=1024)


class Session(BaseModel):
    token: str
    expires_at: str


@router.post("/sign-in", name="sign-in", responses={401: {"description": "Wrong name or password."}})
async def sign_in(request: Request, body: SignIn) -> Session:
    """A session token for an account's name and password (failures are rate-limited per address)."""
    client = refuse_if_limited(request)
    service = service_of(request)
    found = await run_in_threadpool(accounts.sign_in, service.talks.engine, body.name, body.password)
    if found is None:
        service.limiter.failed(client)
        raise HTTPException(401, "wrong name or password")
    token, expires = found
    return Session(token=token, expires_at=expires.isoformat())
