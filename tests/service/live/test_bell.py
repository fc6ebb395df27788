"""The bell that wakes a session's event streams: a ring from any thread wakes the waiters of that session
only; a stream that missed a ring (it came between its read and its wait) does not wait for the next."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence

from accord.service.live.bell import Bell


def test_a_ring_from_another_thread_wakes_the_sessions_waiters_only() -> None:
    async def scenario() -> tuple[float, bool]:
        bell = Bell()
        bell.bind(asyncio.get_running_loop())
        other = asyncio.create_task(bell.wait("b", 0, timeout=5))
        threading.Timer(0.1, bell.ring, args=("a", 1)).start()
        began = time.monotonic()
        await bell.wait("a", 0, timeout=5)
        woke = time.monotonic() - began
        await asyncio.sleep(0.05)
        done = other.done()
        other.cancel()
        return woke, done

    woke, other_done = asyncio.run(scenario())
    assert woke < 4  # woken by the ring, not by the timeout
    assert not other_done  # session b's stream still waits


def test_a_stream_behind_the_latest_revision_does_not_wait() -> None:
    async def scenario() -> float:
        bell = Bell()
        bell.bind(asyncio.get_running_loop())
        bell.ring("a", 3)
        await asyncio.sleep(0)
        began = time.monotonic()
        await bell.wait("a", 2, timeout=5)
        return time.monotonic() - began

    assert asyncio.run(scenario()) < 4


def test_the_poll_rings_what_other_processes_changed() -> None:
    async def scenario() -> tuple[list[str], bool]:
        bell = Bell()
        bell.bind(asyncio.get_running_loop())
        waiting = asyncio.create_task(bell.wait("a", 1, timeout=5))
        await asyncio.sleep(0.01)
        asked: list[str] = []

        def read(ids: Sequence[str]) -> dict[str, int]:
            asked.extend(ids)
            return {"a": 2}

        await bell.poll(read)
        await asyncio.wait_for(waiting, 1)
        return asked, waiting.done()

    asked, woken = asyncio.run(scenario())
    assert asked == ["a"] and woken
