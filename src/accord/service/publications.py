"""Texts the mediator publishes to the parties: a title, a text and a package (an option on every point).

A party sees each publication with its own utility of the package only; the mediator sees every party's.
Utilities are those of the preferences as they stand when read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select

from accord.analysis.propose import package_choice
from accord.model.compiled import compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.service.roles import Principal
from accord.tracker.engine import WRITE
from accord.tracker.store import utc_now
from accord.tracker.tables import publications


@dataclass(frozen=True)
class Publication:
    id: int
    title: str
    text: str
    package: dict[str, str]
    published_at: str
    author: str


def publish(
    engine: Engine,
    talks: int,
    scenario: Scenario,
    *,
    title: str,
    text: str,
    package: dict[str, str],
    author: str,
) -> int:
    """Store a publication after checking its package against the scenario; its id."""
    package_choice(compile_scenario(scenario), package)
    row = {
        "talks": talks,
        "title": title,
        "text": text,
        "package": json.dumps(package, ensure_ascii=False, sort_keys=True),
        "published_at": utc_now(),
        "author": author,
    }
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            result = connection.execute(insert(publications).values(row))
    key = result.inserted_primary_key
    return int(key[0]) if key is not None else 0


def publications_of(engine: Engine, talks: int) -> list[Publication]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(publications).where(publications.c.talks == talks).order_by(publications.c.id)
        ).all()
    return [
        Publication(r.id, r.title, r.text, json.loads(r.package), r.published_at.isoformat(), r.author)
        for r in rows
    ]


def seen_by(who: Principal, items: list[Publication], scenario: Scenario) -> list[dict[str, Any]]:
    """The publications as ``who`` sees them: with every party's utility for the mediator, with its own
    for a party (a package no longer valid for the scenario shows no utility)."""
    compiled = compile_scenario(scenario)
    shown = []
    for item in items:
        utilities: dict[str, float] = {}
        try:
            values = compiled.utility_of(package_choice(compiled, item.package))
        except AccordError:
            values = None
        if values is not None:
            utilities = {p: float(u) for p, u in zip(compiled.parties, values, strict=True)}
        if not who.sees_preferences():
            utilities = {p: u for p, u in utilities.items() if p == who.party}
        shown.append(
            {
                "id": item.id,
                "title": item.title,
                "text": item.text,
                "package": item.package,
                "published_at": item.published_at,
                "author": item.author,
                "utilities": utilities,
            }
        )
    return shown
