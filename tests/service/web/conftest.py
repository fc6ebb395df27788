"""A real server for the dashboard's tests (``accord serve`` on SQLite, 127.0.0.1 and a free port, as in
tests/service/conftest.py) with the example talks, each party's preferences carrying numbers found nowhere
else, a statement and status changes on two dates, and an account for every role with a password."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import accord
from accord.model.files import dump_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario
from accord.service.users import add_user
from tests import scripted
from tests.service.conftest import ROLES, Running, serving

PRIVATE = {"ukraine": "0.8137", "russia": "0.7261", "united-states": "0.6173", "europe": "0.5419"}
"""A value in each party's preferences that nothing else contains."""
PASSWORD = "a long enough password"


def private_scenario() -> Scenario:
    """The example with a distinctive option value in each party's preferences."""
    data = json.loads(dump_scenario(accord.load(accord.example_path()), "json"))
    for party, value in PRIVATE.items():
        prefs = data["preferences"][party]
        prefs.pop("uncertainty", None)
        point = next(
            p for p in prefs["values"] if not any(r["point"] == p for r in prefs.get("red_lines", []))
        )
        option = next(iter(prefs["values"][point]))
        prefs["values"][point][option] = float(value)
    return Scenario.model_validate(data)


def populate(running: Running) -> None:
    """The talks, every role's account (with :data:`PASSWORD`), and status changes on two dates."""
    running.tokens["admin"] = add_user(running.db, "admin", "admin", password=PASSWORD)
    with running.client("admin") as admin:
        body = dump_scenario(private_scenario(), "json")
        response = admin.post("/talks", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, response.text
    for name, role in ROLES.items():
        if name != "admin":
            running.tokens[name] = add_user(running.db, name, role, talks=1, password=PASSWORD)
    with running.client("mediator") as mediator:
        for date, status in (("2026-01-10", "proposed"), ("2026-01-20", "rejected")):
            change = {
                "party": "russia",
                "point": "ceasefire",
                "status": status,
                "option": _option(mediator),
                "date": date,
                "source": "test <b>readout</b>",
            }
            assert mediator.post("/talks/1/status", json=change).status_code == 201


def _option(client: httpx.Client) -> str:
    scenario = client.get("/talks/1").json()["scenario"]
    point = next(p for d in scenario["documents"] for p in d["points"] if p["id"] == "ceasefire")
    # Not the option others agreed to: a recorded rejection is a red line, and one against the agreed option
    # would leave no concession to show.
    return str(point["options"][1]["id"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    yield from serving(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}", populate)


def site(running: Running) -> str:
    """The server's address without the API's prefix."""
    return running.url.removesuffix("/api/v1")


def add_talks(running: Running, scenario: Scenario, mediator: str) -> int:
    """New talks (uploaded by the admin) and a mediator account for them (with :data:`PASSWORD`); the talks'
    id."""
    with running.client("admin") as admin:
        body = dump_scenario(scenario, "json")
        created = admin.post("/talks", content=body, headers={"Content-Type": "application/json"})
        assert created.status_code == 201, created.text
    talks_id = int(created.json()["id"])
    running.tokens[mediator] = add_user(running.db, mediator, "mediator", talks=talks_id, password=PASSWORD)
    return talks_id


def add_genius_talks(running: Running, folder: Path, mediator: str) -> int:
    """New talks from a GENIUS domain folder, as :func:`add_talks`."""
    return add_talks(running, load_genius(folder), mediator)


TABLES = itertools.count(1)


@dataclass(frozen=True)
class Table:
    """Small talks for live sessions: their id, their mediator's account and each party's account."""

    talks: int
    mediator: str
    people: dict[str, str]


def add_table(running: Running, parties: int) -> Table:
    """New talks on the tiny scenario of the protocol tests (``tests/scripted.py``) with ``parties`` parties,
    a mediator account and an account for each party (all with :data:`PASSWORD`)."""
    mediator = f"teacher-{next(TABLES)}"
    talks = add_talks(running, scripted.scenario(parties), mediator)
    people = {}
    for party in (f"v{i + 1}" for i in range(parties)):
        people[party] = f"{party}-of-{talks}"
        add_user(running.db, people[party], f"party:{party}", talks=talks, password=PASSWORD)
    return Table(talks, mediator, people)


@pytest.fixture(scope="module")
def uncertain_talks(server: Running) -> int:
    """The example as published, with its uncertainty ranges (the private scenario has none), and its
    mediator ``analyst``; the talks' id."""
    return add_talks(server, accord.load(accord.example_path()), "analyst")
