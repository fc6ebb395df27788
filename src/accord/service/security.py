"""What the service does to be trusted: failed token checks rate-limited, security headers on every response.

Request bodies are bounded by FastAPI's own limit (``max_body_size``, counted as the body arrives, so a
chunked body without ``Content-Length`` is stopped too); stack traces never leave the server (the app's
error handlers).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.service.accounts import token_hash
from accord.service.roles import Principal

MAX_BODY = 16 * 2**20
"""Largest request body (16 MiB, as for scenario files)."""

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    b"default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; "
    b"connect-src 'self'; frame-ancestors 'none'"
)
"""The API docs page loads Swagger UI's script and style from this server (its inline start-up script
too); nothing else loads anything."""


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS`, a content security policy and ``Cache-Control: no-store``
    (unless the route set its own) to every HTTP response."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") == self.docs_path else API_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS if name not in names]
                if b"content-security-policy" not in names:  # the web pages set their own
                    headers.append((b"content-security-policy", csp))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class Limits:
    failures: int = 20
    """Failed token checks (or sign-ins) a client may make in a window before it is refused."""
    window: float = 60.0
    """The window, in seconds."""


class FailureLimiter:
    """Failed authentications per client address in a sliding window (per server process)."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may try again; 0 if it may now."""
        now = time.monotonic()
        with self._lock:
            recent = self._recent(client, now)
            if len(recent) < self.limits.failures:
                return 0
            return max(1, int(recent[0] + self.limits.window - now) + 1)

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(client, now).append(now)
            if len(self._failures) > 100_000:  # bounded memory whatever the number of clients
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - 60}

    def _recent(self, client: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(client, deque())
        while recent and recent[0] <= now - self.limits.window:
            recent.popleft()
        return recent


TOKEN_MEMORY = 1.0
"""Seconds a server process trusts a token it checked, without asking the database again."""


class RecentTokens:
    """Tokens this process checked in the last :data:`TOKEN_MEMORY` seconds, by their SHA-256 (never the
    token itself): a burst of requests with one token costs one lookup, and a revoked token is refused within
    that second. Bounded in size."""

    def __init__(self, memory: float = TOKEN_MEMORY, size: int = 10_000) -> None:
        self.memory, self.size = memory, size
        self._checked: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> Principal | None:
        key = token_hash(token)
        with self._lock:
            found = self._checked.get(key)
        if found is None or time.monotonic() - found[0] > self.memory:
            return None
        return found[1]

    def put(self, token: str, who: Principal) -> None:
        with self._lock:
            if len(self._checked) >= self.size:
                self._checked.clear()
            self._checked[token_hash(token)] = (time.monotonic(), who)

    def forget(self, token: str) -> None:
        """Trust ``token`` no longer (its session ended)."""
        with self._lock:
            self._checked.pop(token_hash(token), None)
