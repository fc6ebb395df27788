"""The talks of a store: one store (a SQLite file, a PostgreSQL database) holds the records of several talks,
each with its own scenario versions and entries, numbered 1, 2, ... in the order they were created.

A :class:`~accord.tracker.store.Store` is scoped to one talks; these functions read and add the talks
themselves, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select

from accord.tracker import tables as t
from accord.tracker.errors import TrackerError
from accord.tracker.limits import check_rows


@dataclass(frozen=True)
class TalksInfo:
    """One talks of a store: who opened it when, and how far its scenario has come."""

    id: int
    title: str
    created_at: dt.datetime
    created_by: str
    versions: int
    """How many versions of the scenario it holds."""
    latest_title: str | None
    """The title of its latest scenario version (None before the first import)."""


def talks_ids(connection: Connection) -> list[int]:
    """The ids of the talks of the store, in order."""
    return [int(i) for i in connection.execute(select(t.talks.c.id).order_by(t.talks.c.id)).scalars()]


def read_talks(connection: Connection) -> list[TalksInfo]:
    """Every talks of the store with its number of versions and latest title, in one query."""
    k, v = t.talks.c, t.scenario_versions.c
    latest = (
        select(v.talks, func.count().label("versions"), func.max(v.version).label("latest"))
        .group_by(v.talks)
        .subquery()
    )
    query = (
        select(k.id, k.title, k.created_at, k.created_by, latest.c.versions, v.title.label("latest_title"))
        .outerjoin(latest, latest.c.talks == k.id)
        .outerjoin(t.scenario_versions, (v.talks == k.id) & (v.version == latest.c.latest))
        .order_by(k.id)
    )
    return [
        TalksInfo(row.id, row.title, row.created_at, row.created_by, row.versions or 0, row.latest_title)
        for row in connection.execute(query)
    ]


def choose_talks(connection: Connection, talks: int | None) -> int:
    """The talks a store is scoped to: ``talks`` if the store holds it; by default its only talks, or talks 1
    of a store that holds none yet (created by the first import)."""
    ids = talks_ids(connection)
    if talks is None:
        if len(ids) > 1:
            listed = ", ".join(str(i) for i in ids)
            raise TrackerError(f"this store holds {len(ids)} talks ({listed}): choose one with --talks ID")
        return ids[0] if ids else 1
    if talks not in ids and not (talks == 1 and not ids):
        held = ", ".join(str(i) for i in ids) or "none yet"
        raise TrackerError(
            f"this store holds no talks {talks} (its talks: {held}; 'accord track talks' lists them)"
        )
    return talks


def has_talks(connection: Connection, talks: int) -> bool:
    return connection.execute(select(t.talks.c.id).where(t.talks.c.id == talks)).first() is not None


def add_talks(
    connection: Connection, *, title: str, created_at: dt.datetime, created_by: str, talks: int | None = None
) -> int:
    """Create a talks (numbered after the last unless ``talks`` is given); the caller holds the whole-record
    lock. Return its id."""
    if talks is None:
        talks = int(connection.execute(select(func.max(t.talks.c.id))).scalar_one() or 0) + 1
    row = {"id": talks, "title": title, "created_at": created_at, "created_by": created_by}
    check_rows(t.talks, [row])
    connection.execute(insert(t.talks), row)
    return talks
