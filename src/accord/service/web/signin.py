"""Signing in at ``/login`` (an account's name and password, or an API token in the input named ``token``)
and out; the service's accounts, password checks and failure limits, nothing of its own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from accord.service import accounts
from accord.service.accounts import SESSION_LIFE
from accord.service.context import refuse_if_limited, service_of
from accord.service.web.render import render
from accord.service.web.session import (
    LOGIN,
    LOGIN_LIFE,
    SESSION,
    PageError,
    Visitor,
    check_csrf,
    new_login_csrf,
    set_cookie,
    visitor,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
MAX_FIELD = 1024


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site's address)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/talks"


def _form(request: Request, message: str | None = None, status_code: int = 200) -> Response:
    value = new_login_csrf()
    target = safe_next(request.query_params.get("next") or None)
    page = render(request, "login.html", status_code, csrf=value, message=message, next=target)
    set_cookie(request, page, LOGIN, value, LOGIN_LIFE)
    return page


@router.get("/login", name="web.login")
def login_form(request: Request) -> Response:
    """The sign-in form."""
    return _form(request)


class SignInForm(BaseModel):
    """The sign-in form: a name and password, or an API token."""

    csrf: str = Field(default="", max_length=MAX_FIELD)
    name: str = Field(default="", max_length=accounts.MAX_NAME)
    password: str = Field(default="", max_length=MAX_FIELD)
    token: str = Field(default="", max_length=MAX_FIELD)
    next: str = Field(default="/talks", max_length=MAX_FIELD)


@router.post("/login", name="web.sign-in")
async def login(request: Request, form: Annotated[SignInForm, Form()]) -> Response:
    """Sign in with a name and password, or an API token; a session cookie, then the page asked for."""
    check_csrf(form.csrf, request.cookies.get(LOGIN, ""))
    client = refuse_if_limited(request)
    service = service_of(request)
    engine = service.talks.engine
    if form.token:
        who = await run_in_threadpool(accounts.authenticate, engine, form.token)
        found = None if who is None else await run_in_threadpool(accounts.open_session, engine, who.name)
    else:
        found = await run_in_threadpool(accounts.sign_in, engine, form.name, form.password)
    if found is None:
        service.limiter.failed(client)
        return _form(request, "wrong name and password, or unknown token", status_code=401)
    response = RedirectResponse(safe_next(form.next), status_code=303)
    set_cookie(request, response, SESSION, found[0], int(SESSION_LIFE.total_seconds()))
    response.delete_cookie(LOGIN, path="/")
    return response


@router.post("/logout", name="web.sign-out")
async def logout(request: Request, who: Visitor) -> Response:
    """End the session: its token is refused from then on, and the cookie is dropped."""
    del who
    token = request.cookies.get(SESSION)
    if token:
        service = service_of(request)
        await run_in_threadpool(accounts.close_session, service.talks.engine, token)
        service.tokens.forget(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION, path="/")
    return response


def refused(request: Request, error: PageError) -> Response:
    """A refusal as a page; without an account, the way to the sign-in form."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    page = render(
        request, "error.html", error.status, message=error.message, status=error.status, next=target
    )
    for key, value in error.headers.items():
        page.headers[key] = value
    return page
