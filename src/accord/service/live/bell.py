"""Waking a session's event streams when it changes.

A change made by this process rings at once (from the thread that committed it); a change made by another
server process is found by :meth:`Bell.poll`, which reads the revisions of the sessions someone here is
watching, one query for all of them, a few times a second.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence


class Bell:
    """The latest revision known of each watched session, and the streams waiting for a newer one."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._latest: dict[str, int] = {}
        self._waiters: dict[str, set[asyncio.Future[None]]] = {}

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop the streams wait on (the server's)."""
        self._loop = loop

    def ring(self, session_id: str, revision: int) -> None:
        """The session is now at ``revision``; from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._ring(session_id, revision)
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody is waiting
                loop.call_soon_threadsafe(self._ring, session_id, revision)

    def _ring(self, session_id: str, revision: int) -> None:
        if revision <= self._latest.get(session_id, -1):
            return
        self._latest[session_id] = revision
        for waiter in self._waiters.pop(session_id, set()):
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, session_id: str, revision: int, timeout: float) -> None:
        """Until the session is past ``revision``, or ``timeout`` seconds."""
        if self._latest.get(session_id, -1) > revision:
            return
        self._latest.setdefault(session_id, revision)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(session_id, set()).add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            pass
        finally:
            waiting = self._waiters.get(session_id)
            if waiting is not None:
                waiting.discard(waiter)
                if not waiting:
                    del self._waiters[session_id]

    def watched(self) -> list[str]:
        """The sessions some stream of this process waits on."""
        return list(self._waiters)

    async def poll(self, read: Callable[[Sequence[str]], dict[str, int]]) -> None:
        """Ring the watched sessions that ``read`` (their revisions in the database) finds changed."""
        watched = self.watched()
        if not watched:
            return
        found = await asyncio.to_thread(read, watched)
        for session_id, revision in found.items():
            self._ring(session_id, revision)
