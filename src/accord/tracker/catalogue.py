"""The scenario's catalogue in the record: each imported version with its parties, delegates, points and
options, and the checks that keep every record entry pointing at things that exist.

Entries are checked against the latest version when they are written; the foreign keys of ``tables.py`` hold
them to it in the database as well.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, literal, select, union_all

from accord.model.files import dump_scenario, parse_scenario
from accord.model.scenario import Scenario
from accord.tracker import tables as t
from accord.tracker.entries import VersionInfo
from accord.tracker.errors import TrackerError


def add_version(
    connection: Connection, scenario: Scenario, *, author: str, source: str, recorded_at: dt.datetime
) -> int:
    """Store a new version of the scenario and its catalogue; return its number."""
    content = json.dumps(json.loads(dump_scenario(scenario, "json")), ensure_ascii=False, sort_keys=True)
    version = connection.execute(
        insert(t.scenario_versions).returning(t.scenario_versions.c.version),
        {
            "title": scenario.title,
            "content": content,
            "recorded_at": recorded_at,
            "author": author,
            "source": source,
        },
    ).scalar_one()
    _add_catalogue(connection, int(version), scenario)
    return int(version)


def _add_catalogue(connection: Connection, version: int, scenario: Scenario) -> None:
    party_rows, delegate_rows = [], []
    for party in scenario.parties:
        principal = party.principal
        party_rows.append(
            {
                "version": version,
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
                    {"version": version, "party": party.id, "position": position, "name": person.name}
                    | {"title": person.title, "head": head}
                )
    point_rows, option_rows = [], []
    for document in scenario.documents:
        for point in document.points:
            point_rows.append(
                {"version": version, "id": point.id, "document": document.id}
                | {"number": point.number, "title": point.title}
            )
            option_rows += [
                {"version": version, "point": point.id, "id": o.id, "label": o.label} for o in point.options
            ]
    for table, rows in ((t.parties, party_rows), (t.delegates, delegate_rows)):
        if rows:
            connection.execute(insert(table), rows)
    for table, rows in ((t.points, point_rows), (t.options, option_rows)):
        connection.execute(insert(table), rows)


def latest_version(connection: Connection) -> int:
    """The number of the newest scenario version; a :class:`TrackerError` if none was imported."""
    version = connection.execute(select(func.max(t.scenario_versions.c.version))).scalar_one()
    if version is None:
        raise TrackerError(
            "the record holds no scenario yet: run 'accord track import FILE' or 'accord track load-example'"
        )
    return int(version)


def version_scenario(connection: Connection, version: int | None = None) -> tuple[int, Scenario]:
    """A stored version of the scenario (the latest by default)."""
    number = latest_version(connection) if version is None else version
    content = connection.execute(
        select(t.scenario_versions.c.content).where(t.scenario_versions.c.version == number)
    ).scalar_one_or_none()
    if content is None:
        raise TrackerError(
            f"the record has no scenario version {number} (latest: {latest_version(connection)})"
        )
    return number, parse_scenario(content, f"<record version {number}>")


def versions(connection: Connection) -> list[VersionInfo]:
    v = t.scenario_versions.c
    rows = connection.execute(
        select(v.version, v.title, v.recorded_at, v.author, v.source).order_by(v.version)
    ).all()
    return [VersionInfo(r.version, r.title, r.recorded_at, r.author, r.source) for r in rows]


@dataclass(frozen=True)
class Catalogue:
    """The ids of one scenario version, to check entries against. A stored version never changes, so a
    catalogue read from a committed version can be kept for the life of a store."""

    version: int
    parties: frozenset[str]
    options: dict[str, tuple[str, ...]]
    """Option ids of each point."""

    def check_party(self, party: str) -> None:
        if party not in self.parties:
            raise TrackerError(f"unknown party '{party}'{_suggest(party, sorted(self.parties))}")

    def check_point(self, point: str) -> None:
        if point not in self.options:
            raise TrackerError(f"no point '{point}' in the scenario{_suggest(point, list(self.options))}")

    def check_option(self, point: str, option: str) -> None:
        self.check_point(point)
        if option not in self.options[point]:
            known = list(self.options[point])
            raise TrackerError(f"unknown option '{option}' for point '{point}'{_suggest(option, known)}")


def load_catalogue(connection: Connection, version: int) -> Catalogue:
    """The catalogue of a stored version, in one query."""
    p, o = t.parties.c, t.options.c
    parties = select(literal("party"), p.id, literal(None).label("option")).where(p.version == version)
    query = union_all(parties, select(literal("option"), o.point, o.id).where(o.version == version))
    found: set[str] = set()
    options: dict[str, list[str]] = {}
    for kind, name, option in connection.execute(query):
        if kind == "party":
            found.add(name)
        else:
            options.setdefault(name, []).append(option)
    return Catalogue(version, frozenset(found), {k: tuple(v) for k, v in options.items()})


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    shown = ", ".join(sorted(known)[:12])
    return f" (known: {shown}{', ...' if len(known) > 12 else ''})"
