"""The scenario's catalogue in the record: each version imported into a talks with its parties, delegates,
points and options, and the checks that keep every record entry pointing at things that exist.

Entries are checked against the latest version when they are written; the foreign keys of ``tables.py`` hold
them to it in the database as well.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, literal, select, union_all

from accord.model.files import dump_scenario, parse_scenario
from accord.model.scenario import Scenario
from accord.tracker import tables as t
from accord.tracker.entries import NEEDS_CONSENT, Status, VersionInfo
from accord.tracker.errors import TrackerError
from accord.tracker.limits import check_rows


@dataclass(frozen=True)
class VersionStamp:
    """Who stored a version of the scenario, from where, when, and from which date it is in force."""

    author: str
    source: str
    recorded_at: dt.datetime
    effective: dt.date


def add_version(connection: Connection, talks: int, scenario: Scenario, stamp: VersionStamp) -> int:
    """Store a new version of the scenario in ``talks`` and its catalogue; return its number.

    Versions are numbered 1, 2, ... within a talks; the caller holds the whole-record lock."""
    v = t.scenario_versions.c
    last = connection.execute(select(func.max(v.version)).where(v.talks == talks)).scalar_one()
    version = int(last or 0) + 1
    content = json.dumps(json.loads(dump_scenario(scenario, "json")), ensure_ascii=False, sort_keys=True)
    row = {"talks": talks, "version": version, "title": scenario.title, "content": content}
    row |= {"effective": stamp.effective, "recorded_at": stamp.recorded_at}
    row |= {"author": stamp.author, "source": stamp.source}
    check_rows(t.scenario_versions, [row])
    connection.execute(insert(t.scenario_versions), row)
    _add_catalogue(connection, {"talks": talks, "version": version}, scenario)
    return version


def _add_catalogue(connection: Connection, key: dict[str, Any], scenario: Scenario) -> None:
    party_rows, delegate_rows = [], []
    for party in scenario.parties:
        principal = party.principal
        party_rows.append(
            key
            | {
                "id": party.id,
                "name": party.name,
                "role": party.role,
                "principal_name": principal.name if principal else None,
                "principal_title": principal.title if principal else None,
            }
        )
        if party.delegation is not None:
            people = [(party.delegation.head, True)] + [(m, False) for m in party.delegation.members]
            for position, (person, head) in enumerate(people):
                delegate_rows.append(
                    key
                    | {"party": party.id, "position": position, "name": person.name}
                    | {"title": person.title, "head": head}
                )
    point_rows, option_rows = [], []
    for document in scenario.documents:
        for point in document.points:
            point_rows.append(
                key
                | {"id": point.id, "document": document.id}
                | {"number": point.number, "title": point.title}
            )
            option_rows += [key | {"point": point.id, "id": o.id, "label": o.label} for o in point.options]
    for table, rows in ((t.parties, party_rows), (t.delegates, delegate_rows)):
        if rows:
            check_rows(table, rows)
            connection.execute(insert(table), rows)
    for table, rows in ((t.points, point_rows), (t.options, option_rows)):
        check_rows(table, rows)
        connection.execute(insert(table), rows)


def latest_version(connection: Connection, talks: int) -> int:
    """The number of the newest scenario version of ``talks``; a :class:`TrackerError` if there is none."""
    v = t.scenario_versions.c
    version = connection.execute(select(func.max(v.version)).where(v.talks == talks)).scalar_one()
    if version is None:
        raise TrackerError(
            "the record holds no scenario yet: run 'accord track import FILE' or 'accord track load-example'"
        )
    return int(version)


def version_scenario(connection: Connection, talks: int, version: int | None = None) -> tuple[int, Scenario]:
    """A stored version of the scenario of ``talks`` (the latest by default)."""
    number = latest_version(connection, talks) if version is None else version
    v = t.scenario_versions.c
    content = connection.execute(
        select(v.content).where(v.talks == talks, v.version == number)
    ).scalar_one_or_none()
    if content is None:
        raise TrackerError(
            f"the record has no scenario version {number} (latest: {latest_version(connection, talks)})"
        )
    return number, parse_scenario(content, f"<record version {number}>")


def version_in_force(connection: Connection, talks: int, date: dt.date | None) -> int:
    """The version of ``talks`` in force on ``date``: the one with the latest effective date on or before it
    (the later version of two with the same date). On a date before every version, the first in force; with
    no date, the latest version."""
    if date is None:
        return latest_version(connection, talks)
    v = t.scenario_versions.c
    order = (v.effective.desc(), v.version.desc())
    found = connection.execute(
        select(v.version).where(v.talks == talks, v.effective <= date).order_by(*order).limit(1)
    ).scalar_one_or_none()
    if found is None:
        query = select(v.version).where(v.talks == talks).order_by(v.effective, v.version).limit(1)
        found = connection.execute(query).scalar_one_or_none()
    return latest_version(connection, talks) if found is None else int(found)


def versions(connection: Connection, talks: int) -> list[VersionInfo]:
    v = t.scenario_versions.c
    query = select(v.version, v.title, v.effective, v.recorded_at, v.author, v.source)
    rows = connection.execute(query.where(v.talks == talks).order_by(v.version)).all()
    return [VersionInfo(r.version, r.title, r.recorded_at, r.author, r.source, r.effective) for r in rows]


@dataclass(frozen=True)
class Catalogue:
    """The ids of one scenario version, to check entries against. A stored version never changes, so a
    catalogue read from a committed version can be kept for the life of a store."""

    talks: int
    version: int
    parties: frozenset[str]
    voters: tuple[str, ...]
    """The parties whose consent the agreement needs (:attr:`Scenario.voters`)."""
    options: dict[str, tuple[str, ...]]
    """Option ids of each point."""

    def check_party(self, party: str) -> None:
        if party not in self.parties:
            raise TrackerError(f"unknown party '{party}'{_suggest(party, sorted(self.parties))}")

    def check_consent(self, party: str, status: Status) -> None:
        """Only a party whose consent the agreement needs can agree or reject (a mediator can propose)."""
        if status in NEEDS_CONSENT and party not in self.voters:
            raise TrackerError(
                f"party '{party}' cannot have {status}: only the parties whose consent the agreement needs "
                f"can agree or reject ({', '.join(self.voters)})"
            )

    def check_point(self, point: str) -> None:
        if point not in self.options:
            raise TrackerError(f"no point '{point}' in the scenario{_suggest(point, list(self.options))}")

    def check_option(self, point: str, option: str) -> None:
        self.check_point(point)
        if option not in self.options[point]:
            known = list(self.options[point])
            raise TrackerError(f"unknown option '{option}' for point '{point}'{_suggest(option, known)}")


def load_catalogue(connection: Connection, talks: int, version: int) -> Catalogue:
    """The catalogue of a stored version, in one query."""
    p, o = t.parties.c, t.options.c
    parties = select(literal("party"), p.id, literal(None).label("option"))
    parties = parties.where(p.talks == talks, p.version == version)
    query = union_all(
        parties, select(literal("option"), o.point, o.id).where(o.talks == talks, o.version == version)
    )
    found: set[str] = set()
    options: dict[str, list[str]] = {}
    for kind, name, option in connection.execute(query):
        if kind == "party":
            found.add(name)
        else:
            options.setdefault(name, []).append(option)
    voters = version_scenario(connection, talks, version)[1].voters
    return Catalogue(talks, version, frozenset(found), voters, {k: tuple(v) for k, v in options.items()})


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    shown = ", ".join(sorted(known)[:12])
    return f" (known: {shown}{', ...' if len(known) > 12 else ''})"
