"""Running the service on uvicorn: loopback unless told otherwise, the store migrated before the first
request, every worker process configured by the environment, a clean stop on SIGINT and SIGTERM (uvicorn
finishes the requests in flight, then the app stops its job workers)."""

from __future__ import annotations

import ipaddress
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import uvicorn

from accord.model.errors import AccordError
from accord.service.config import ServiceConfig
from accord.service.talks import Talks

LOOPBACK = "127.0.0.1"
FACTORY = "accord.service.app:create_app_from_environment"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str | None) -> str:
    """Where to listen: ``host`` if given explicitly; else the loopback address, and nothing else."""
    if host is None:
        return LOOPBACK
    if not host.strip():
        raise AccordError("--host is empty: give an address (127.0.0.1, 0.0.0.0, ::1, ...)")
    return host.strip()


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/api/v1"


def serve(
    config: ServiceConfig, *, host: str | None, port: int, workers: int, announce: Callable[[str], None]
) -> None:
    """Serve until SIGINT or SIGTERM."""
    address = bind_address(host)
    if host is None and not is_loopback(address):  # pragma: no cover - the default is loopback
        raise AccordError("refusing to listen beyond loopback without --host")
    Talks(config.db).close()  # create the store or migrate it, once, before any worker starts
    os.environ.update(config.environment())
    where = "" if is_loopback(address) else " (reachable beyond this machine: put TLS in front)"
    announce(f"serving {url_of(address, port)}{where}; docs at {url_of(address, port)}/docs")
    with _stopped_by_signals():
        uvicorn.run(
            FACTORY,
            factory=True,
            host=address,
            port=port,
            workers=workers,
            server_header=False,
            log_level="warning",
            timeout_graceful_shutdown=10,
        )
    announce("stopped")


class _Stop(Exception):
    """SIGINT or SIGTERM, once uvicorn has shut down gracefully and raises the signal again."""


def _stop(_signal: int, _frame: FrameType | None) -> None:
    raise _Stop


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn the stop signals into a normal return (exit code 0) instead of death by signal."""
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except _Stop:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
