"""What the record can hold, the same on every backend: each text within its column's length (an author at
most 200 characters, an id 64, any other text 20,000, the limit of the scenario model), no NUL character
(PostgreSQL cannot store one) and no lone surrogate (not Unicode: neither database can encode it).

Every row is checked here before it is written, so SQLite and PostgreSQL accept and refuse the same entries,
with one message naming the entry and the field instead of a database error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String, Table

from accord.tracker.errors import TrackerError

MAX_TEXT = 20_000
"""Longest text of an unbounded column (the scenario model's ``Text``)."""
UNCHECKED = frozenset({("scenario_versions", "content")})
"""Columns whose length is bounded elsewhere: the scenario as JSON (by the size of the file it came from)."""
WHAT = {
    "talks": "talks",
    "scenario_versions": "scenario version",
    "parties": "party",
    "delegates": "delegate",
    "points": "point",
    "options": "option",
    "meetings": "meeting",
    "meeting_participants": "meeting participant",
    "statements": "statement",
    "statement_points": "statement point",
    "status_changes": "status change",
}


def check_rows(table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """A :class:`TrackerError` for the first text of ``rows`` that the record cannot hold."""
    for row in rows:
        for name, value in row.items():
            if isinstance(value, str):
                _check_text(table, row, name, value)


def _check_text(table: Table, row: Mapping[str, Any], name: str, value: str) -> None:
    column = table.c[name]
    limit = column.type.length if isinstance(column.type, String) and column.type.length else MAX_TEXT
    problem = None
    if (table.name, name) not in UNCHECKED and len(value) > limit:
        problem = f"is {len(value):,} characters long; at most {limit:,}"
    elif "\x00" in value:
        problem = "contains a NUL character, which the record cannot hold"
    elif not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problem = "contains a lone surrogate, which is not Unicode text"
    if problem is not None:
        ident = row.get("id") if name != "id" else None
        what = WHAT.get(table.name, table.name) + (f" '{ident}'" if isinstance(ident, str) else "")
        raise TrackerError(f"{what}: the {name} {problem}")
