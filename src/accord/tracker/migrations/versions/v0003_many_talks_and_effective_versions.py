"""Many talks per store, and an effective date on every scenario version.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

A ``talks`` table, and every other table keyed by its talks id first (composite primary and foreign keys);
scenario versions are numbered within their talks and get the date from which they are in force. An existing
record becomes talks 1, every row kept (its versions in force from the day they were recorded).

The keys of every table change, which SQLite cannot alter in place, so the rows are read, the tables dropped
and created again at the new schema, and the rows written back (entry numbers kept). Written out in full
(not imported from ``tables.py``) so that it stays the schema it was.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(64)
NAME = sa.String(200)
TALKS = 1
"""The talks an existing record becomes."""
OLD_TABLES = (
    "scenario_versions",
    "parties",
    "delegates",
    "points",
    "options",
    "meetings",
    "meeting_participants",
    "statements",
    "statement_points",
    "status_changes",
)
"""Parents before children."""


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _key() -> list[sa.Column[Any]]:
    """The first columns of a catalogue table's primary key: the version of a talks."""
    return [
        sa.Column("talks", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
    ]


def _version() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["talks", "version"], ["scenario_versions.talks", "scenario_versions.version"]
    )


def _party(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["talks", "version", column], ["parties.talks", "parties.version", "parties.id"]
    )


def _point(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["talks", "version", column], ["points.talks", "points.version", "points.id"]
    )


def upgrade() -> None:
    bind = op.get_bind()
    rows = _read(bind)
    for name in reversed(OLD_TABLES):
        op.drop_table(name)
    _talks_and_catalogue()
    _record()
    _write(bind, rows)


def _read(bind: sa.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables at 0002, in key order."""
    rows = {}
    for name in OLD_TABLES:
        table = sa.Table(name, sa.MetaData(), autoload_with=bind)
        order = list(table.primary_key.columns)
        rows[name] = [dict(row._mapping) for row in bind.execute(sa.select(table).order_by(*order))]
    return rows


def _write(bind: sa.Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The rows again, as talks 1 (created if the record held a scenario), each version in force from the
    day it was recorded."""
    versions = rows["scenario_versions"]
    if not versions:
        return
    first = versions[0]
    talks = sa.table("talks", *(sa.column(c) for c in ("id", "title", "created_at", "created_by")))
    bind.execute(
        sa.insert(talks),
        {
            "id": TALKS,
            "title": first["title"],
            "created_at": first["recorded_at"],
            "created_by": first["author"],
        },
    )
    for version in versions:
        version["effective"] = version["recorded_at"].date()
    for name in OLD_TABLES:
        if rows[name]:
            table = sa.Table(name, sa.MetaData(), autoload_with=bind)
            bind.execute(sa.insert(table), [row | {"talks": TALKS} for row in rows[name]])
    if bind.dialect.name == "postgresql":
        for name in ("meetings", "status_changes"):
            bind.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'entry'), "
                    f"coalesce(max(entry), 0) + 1, false) FROM {name}"
                )
            )


def _talks_and_catalogue() -> None:
    op.create_table(
        "talks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", NAME, nullable=False),
    )
    op.create_table(
        "scenario_versions",
        sa.Column("talks", sa.Integer, sa.ForeignKey("talks.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False, comment="The scenario as JSON (accord/1)."),
        sa.Column(
            "effective", sa.Date, nullable=False, comment="The date from which this version is in force."
        ),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_table(
        "parties",
        *_key(),
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", _enum("role", "negotiating", "mediator", "guarantor"), nullable=False),
        sa.Column("principal_name", sa.Text),
        sa.Column("principal_title", sa.Text),
        _version(),
    )
    op.create_table(
        "delegates",
        *_key(),
        sa.Column("party", ID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("head", sa.Boolean, nullable=False),
        _party("party"),
    )
    op.create_table(
        "points",
        *_key(),
        sa.Column("id", ID, primary_key=True),
        sa.Column("document", ID, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        _version(),
    )
    op.create_table(
        "options",
        *_key(),
        sa.Column("point", ID, primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        _point("point"),
    )


def _record() -> None:
    _meetings_and_statements()
    op.create_table(
        "status_changes",
        sa.Column("entry", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("point", ID, nullable=False),
        sa.Column("party", ID, nullable=False),
        sa.Column("status", _enum("status", "proposed", "agreed", "rejected", "open"), nullable=False),
        sa.Column("option", ID),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        _point("point"),
        _party("party"),
        sa.ForeignKeyConstraint(
            ["talks", "version", "point", "option"],
            ["options.talks", "options.version", "options.point", "options.id"],
        ),
        sa.Index("ix_status_changes_as_of", "talks", "point", "party", "effective", "entry"),
    )


def _meetings_and_statements() -> None:
    op.create_table(
        "meetings",
        sa.Column("entry", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("venue", sa.Text, nullable=False),
        sa.Column("status", _enum("meeting_status", "held", "planned", "cancelled"), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        _version(),
        sa.Index(None, "talks", "id", "effective", "entry"),
    )
    op.create_table(
        "meeting_participants",
        sa.Column("entry", sa.Integer, sa.ForeignKey("meetings.entry"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("party", ID, nullable=False),
        _party("party"),
    )
    stance = _enum("stance", "hard-line", "conditional", "cooperative", "neutral")
    op.create_table(
        "statements",
        sa.Column("talks", sa.Integer, primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("party", ID, nullable=False),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("stance", stance, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        _party("party"),
        sa.Index(None, "talks", "date"),
    )
    op.create_table(
        "statement_points",
        sa.Column("talks", sa.Integer, primary_key=True),
        sa.Column("statement", ID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("point", ID, nullable=False),
        sa.ForeignKeyConstraint(["talks", "statement"], ["statements.talks", "statements.id"]),
        _point("point"),
    )


def downgrade() -> None:
    raise NotImplementedError("0003 is not undone: a store of several talks has no single-record form")
