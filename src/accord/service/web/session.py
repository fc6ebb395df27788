"""Who is looking at a page: the session cookie of the web sign-in, and the CSRF token of its forms.

A signed-in browser holds the token of a sign-in session (:func:`accord.service.accounts.open_session`) in
an HttpOnly, SameSite=Strict cookie (Secure when the request came over TLS, as a reverse proxy reports it).
Every form carries a CSRF token: for a session, a keyed hash of the session's token (so it is one per
session, never stored, and unknowable without the cookie); before sign-in, the random value of a short-lived
cookie that the sign-in form repeats (double submit). Every POST with the session cookie is checked; a
request with an ``Authorization`` header carries no cookie a third-party site could ride on, and needs none.
Pages are authorised by the same dependency and role table as the API.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from accord.service.context import SESSION_COOKIE, authorise_token, bearer
from accord.service.roles import ACCESS, Grant, Principal

SESSION = SESSION_COOKIE
"""The cookie that holds the session's token."""
LOGIN = "accord_login"
"""The cookie that holds the sign-in form's CSRF value."""
CSRF_FIELD = "csrf"
LOGIN_LIFE = 3600


class PageError(Exception):
    """A page's refusal (401, 403, 404, ...), shown as an HTML page with one readable message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def session_csrf(session_token: str) -> str:
    """The CSRF token of the forms of one session."""
    return hmac.new(session_token.encode(), b"accord-csrf", hashlib.sha256).hexdigest()


def csrf_of(request: Request) -> str:
    """The CSRF token the forms of this request's page must carry ('' without a session)."""
    token = request.cookies.get(SESSION)
    return session_csrf(token) if token else ""


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def secure(request: Request) -> bool:
    """Whether the browser reached us over TLS (directly, or as a trusted proxy says)."""
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=secure(request), path="/"
    )


def check_csrf(sent: object, expected: str) -> None:
    """Refuse a form whose CSRF token is missing or wrong (400: a bad request, not a role's refusal)."""
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise PageError(
            400, "this form is stale or did not come from this site: reload the page and try again"
        )


async def visitor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """The account of a page's request (session cookie, else an ``Authorization`` header), if the role table
    admits it; a POST with the cookie must carry the session's CSRF token."""
    cookie = request.cookies.get(SESSION)
    token = cookie or (None if credentials is None else credentials.credentials)
    try:
        who = await authorise_token(request, token)
    except HTTPException as error:
        raise PageError(error.status_code, str(error.detail), dict(error.headers or {})) from None
    public = Grant.PUBLIC in ACCESS[request.scope["route"].name]  # the sign-in form checks its own
    if request.method == "POST" and cookie and not public:
        form = await request.form()
        check_csrf(form.get(CSRF_FIELD), session_csrf(cookie))
    return who


Visitor = Annotated[Principal, Depends(visitor)]
"""The authorised account of a page's request."""
