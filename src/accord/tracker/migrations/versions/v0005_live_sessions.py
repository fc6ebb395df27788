"""Live sessions: a protocol played move by move by people and strategies (the sessions, their moves, the
events the moves gave), each session held to its talks by a foreign key.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Written out in full (not imported from ``tables.py``) so that it stays the schema it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(64)
NAME = sa.String(200)
SESSION = sa.String(32)


def upgrade() -> None:
    _sessions()
    _moves()
    _events()


def _sessions() -> None:
    op.create_table(
        "live_sessions",
        sa.Column("id", SESSION),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("group_name", NAME, comment="The class group the session belongs to."),
        sa.Column(
            "setup",
            sa.Text,
            nullable=False,
            comment="The engine's setup as JSON (protocol, seats, seed, ...).",
        ),
        sa.Column(
            "scenario",
            sa.Text,
            nullable=False,
            comment="The scenario played, as JSON (accord/1), at creation.",
        ),
        sa.Column(
            "people", sa.Text, nullable=False, comment="party -> the account bound to its seat, as JSON."
        ),
        sa.Column("start", sa.String(16), nullable=False, comment="now or when-seated."),
        sa.Column("opened", sa.Text, nullable=False, comment="The person seats that opened it, as JSON."),
        sa.Column("state", sa.String(16), nullable=False, comment="waiting, running, agreed or broken-down."),
        sa.Column("reason", sa.String(16), comment="Why it ended (the trace's reason, or stopped)."),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column(
            "waiting_for", sa.Text, nullable=False, comment="The parties the protocol awaits, as JSON."
        ),
        sa.Column("moves", sa.Integer, nullable=False, comment="Moves recorded."),
        sa.Column("events", sa.Integer, nullable=False, comment="Events recorded."),
        sa.Column(
            "revision", sa.Integer, nullable=False, comment="Counts every change (event streams poll it)."
        ),
        sa.Column("due_at", sa.Float, comment="When the rules may next answer for a person (epoch seconds)."),
        sa.Column("result", sa.Text, comment="The score once ended, as JSON."),
        sa.Column("created_by", NAME, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("started_at", sa.DateTime),
        sa.Column("ended_at", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_live_sessions"),
        sa.ForeignKeyConstraint(["talks"], ["talks.id"], name="fk_live_sessions_talks_talks"),
    )
    op.create_index("ix_live_sessions_talks", "live_sessions", ["talks"])
    op.create_index("ix_live_sessions_state_due_at", "live_sessions", ["state", "due_at"])


def _moves() -> None:
    op.create_table(
        "live_moves",
        sa.Column("session", SESSION),
        sa.Column("seq", sa.Integer, autoincrement=False),
        sa.Column("party", ID, nullable=False),
        sa.Column("action", sa.String(16), nullable=False, comment="vote, respond, offer or pass."),
        sa.Column("accepted", sa.Boolean),
        sa.Column("package", sa.BigInteger, comment="The package number of an offer."),
        sa.Column(
            "at", sa.Float, nullable=False, comment="Server time the move was recorded (epoch seconds)."
        ),
        sa.Column("author", NAME, comment="The account that moved; none when the rules did."),
        sa.Column(
            "timeout", sa.Boolean, nullable=False, comment="The person's time ran out: the rules answered."
        ),
        sa.Column("round", sa.Integer, comment="The round the move answers, when its author named it."),
        sa.PrimaryKeyConstraint("session", "seq", name="pk_live_moves"),
        sa.ForeignKeyConstraint(
            ["session"], ["live_sessions.id"], name="fk_live_moves_session_live_sessions"
        ),
    )


def _events() -> None:
    op.create_table(
        "live_events",
        sa.Column("session", SESSION),
        sa.Column("seq", sa.Integer, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False, comment="The event's line of the trace (JSON)."),
        sa.Column("audience", sa.Text, comment="Who may see it, as JSON; none for everyone."),
        sa.PrimaryKeyConstraint("session", "seq", name="pk_live_events"),
        sa.ForeignKeyConstraint(
            ["session"], ["live_sessions.id"], name="fk_live_events_session_live_sessions"
        ),
    )


def downgrade() -> None:
    op.drop_table("live_events")
    op.drop_table("live_moves")
    op.drop_index("ix_live_sessions_state_due_at", "live_sessions")
    op.drop_index("ix_live_sessions_talks", "live_sessions")
    op.drop_table("live_sessions")
