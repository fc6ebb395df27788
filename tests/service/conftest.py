"""A real server for the service's tests: ``accord serve`` in a subprocess on 127.0.0.1 and a free port, on a
SQLite file and on a database of the throwaway PostgreSQL server (tests/postgres.py), with talks made from the
example scenario by an admin and an account for every role.

Each party's preferences carry numbers found nowhere else (:data:`PRIVATE`), so that a test can look for
them in everything another account gets.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

import accord
from accord.model.files import dump_scenario
from accord.model.scenario import Scenario
from accord.service.users import add_user
from tests.postgres import empty_database, postgres_server

__all__ = ["postgres_server"]

PRIVATE = {"ukraine": "0.8137", "russia": "0.7261", "united-states": "0.6173", "europe": "0.5419"}
"""A value in each party's preferences that nothing else contains."""
RESERVATION = {"ukraine": "0.3137", "russia": "0.2861", "united-states": "0.2473", "europe": "0.2719"}
PASSWORD = "observer's long password"
"""The observer's web sign-in password."""
ROLES = {
    "admin": "admin",
    "mediator": "mediator",
    "observer": "observer",
    "ukraine": "party:ukraine",
    "russia": "party:russia",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def private_scenario() -> Scenario:
    """The example with a distinctive value and reservation in each party's preferences."""
    data = json.loads(dump_scenario(accord.load(accord.example_path()), "json"))
    for party, value in PRIVATE.items():
        prefs = data["preferences"][party]
        prefs["reservation"] = float(RESERVATION[party])
        prefs.pop("uncertainty", None)  # its ranges hold the example's numbers, not these
        point = next(
            p
            for p in prefs["values"]
            if not any(r.get("min_value") for r in prefs.get("red_lines", []) if r["point"] == p)
        )
        option = next(iter(prefs["values"][point]))
        prefs["values"][point][option] = float(value)
    return Scenario.model_validate(data)


@dataclass
class Running:
    """A server running in a subprocess, and a token for each role."""

    url: str
    db: str
    process: subprocess.Popen[str]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None) -> httpx.Client:
        headers = {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def stop(self) -> tuple[int, str]:
        """SIGTERM, then wait; the exit code and what the server wrote on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        stderr = self.process.stderr.read() if self.process.stderr else ""
        return self.process.returncode, stderr


def start_server(db: str, *extra: str, env: dict[str, str] | None = None) -> Running:
    """``accord serve`` on a free port, once it answers its health route."""
    port = free_port()
    command = [sys.executable, "-m", "accord", "serve", "--db", db, "--port", str(port), *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    running = Running(f"http://127.0.0.1:{port}/api/v1", db, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"accord serve exited: {running.stop()[1]}")
        try:
            if httpx.get(f"{running.url}/health", timeout=2).status_code == 200:
                return running
        except httpx.TransportError:
            time.sleep(0.2)
    running.stop()
    raise RuntimeError("accord serve did not answer within 60 s")


def populate(running: Running) -> None:
    """An admin makes the talks from the private scenario; an account for every role."""
    running.tokens["admin"] = add_user(running.db, "admin", "admin")
    with running.client("admin") as admin:
        body = dump_scenario(private_scenario(), "json")
        response = admin.post("/talks", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, response.text
        assert response.json()["id"] == 1
    for name, role in ROLES.items():
        if name != "admin":
            password = PASSWORD if name == "observer" else None
            running.tokens[name] = add_user(running.db, name, role, talks=1, password=password)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database on each backend, for one test module."""
    yield from empty_database(request, tmp_path_factory.mktemp("service") / "service.db")


def serving(db: str, fill: Callable[[Running], None] = populate) -> Iterator[Running]:
    """A running server on ``db``, filled (by default with the talks and every role's account); stopped at
    the end."""
    running = start_server(db)
    try:
        fill(running)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[Running]:
    """A running server with the talks and every role's account."""
    yield from serving(db_url)


def get_json(client: httpx.Client, path: str, **kwargs: Any) -> Any:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def example_path() -> Path:
    return accord.example_path()
