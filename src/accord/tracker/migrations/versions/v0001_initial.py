"""The first schema: scenario versions and their catalogue, meetings, statements, status changes.

Revision ID: 0001
Revises:
Create Date: 2025-12-21

Written out in full (not imported from ``tables.py``) so that it stays the schema it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(64)
NAME = sa.String(200)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "scenario_versions",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False, comment="The scenario as JSON (accord/1)."),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    _catalogue()
    _record()


def _catalogue() -> None:
    op.create_table(
        "parties",
        sa.Column("version", sa.Integer, sa.ForeignKey("scenario_versions.version"), primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", _enum("role", "negotiating", "mediator", "guarantor"), nullable=False),
        sa.Column("principal_name", sa.Text),
        sa.Column("principal_title", sa.Text),
    )
    op.create_table(
        "delegates",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("party", ID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("head", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(["version", "party"], ["parties.version", "parties.id"]),
    )
    op.create_table(
        "points",
        sa.Column("version", sa.Integer, sa.ForeignKey("scenario_versions.version"), primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("document", ID, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    )
    op.create_table(
        "options",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("point", ID, primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["version", "point"], ["points.version", "points.id"]),
    )


def _record() -> None:
    _meetings()
    _statements()
    _status_changes()


def _meetings() -> None:
    op.create_table(
        "meetings",
        sa.Column("entry", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", ID, nullable=False),
        sa.Column("version", sa.Integer, sa.ForeignKey("scenario_versions.version"), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("venue", sa.Text, nullable=False),
        sa.Column("status", _enum("meeting_status", "held", "planned", "cancelled"), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Index(None, "id", "effective", "entry"),
    )
    op.create_table(
        "meeting_participants",
        sa.Column("entry", sa.Integer, sa.ForeignKey("meetings.entry"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("party", ID, nullable=False),
        sa.ForeignKeyConstraint(["version", "party"], ["parties.version", "parties.id"]),
    )


def _statements() -> None:
    op.create_table(
        "statements",
        sa.Column("id", ID, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False, index=True),
        sa.Column("party", ID, nullable=False),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column(
            "stance", _enum("stance", "hard-line", "conditional", "cooperative", "neutral"), nullable=False
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.ForeignKeyConstraint(["version", "party"], ["parties.version", "parties.id"]),
    )
    op.create_table(
        "statement_points",
        sa.Column("statement", ID, sa.ForeignKey("statements.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("point", ID, nullable=False),
        sa.ForeignKeyConstraint(["version", "point"], ["points.version", "points.id"]),
    )


def _status_changes() -> None:
    op.create_table(
        "status_changes",
        sa.Column("entry", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("point", ID, nullable=False),
        sa.Column("party", ID, nullable=False),
        sa.Column("status", _enum("status", "proposed", "agreed", "rejected", "open"), nullable=False),
        sa.Column("option", ID),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["version", "point"], ["points.version", "points.id"]),
        sa.ForeignKeyConstraint(["version", "party"], ["parties.version", "parties.id"]),
        sa.ForeignKeyConstraint(
            ["version", "point", "option"], ["options.version", "options.point", "options.id"]
        ),
    )


def downgrade() -> None:
    for table in (
        "status_changes",
        "statement_points",
        "statements",
        "meeting_participants",
        "meetings",
        "options",
        "points",
        "delegates",
        "parties",
        "scenario_versions",
    ):
        op.drop_table(table)
