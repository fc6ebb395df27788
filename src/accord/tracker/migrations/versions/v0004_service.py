"""The service's tables: accounts (a role per talks, the hash of an API token), sign-in sessions, jobs,
publications, each held to its talks by a foreign key.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Written out in full (not imported from ``tables.py``) so that it stays the schema it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(64)
NAME = sa.String(200)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", NAME, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False, comment="admin, mediator, observer or party."),
        sa.Column("talks", sa.Integer, comment="The talks the role holds in (none for admin)."),
        sa.Column("party", ID, comment="The party of a party role."),
        sa.Column("token_hash", sa.String(64), nullable=False, comment="SHA-256 of the API token."),
        sa.Column("password_hash", sa.Text, comment="Argon2id hash of the web sign-in password."),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
        sa.PrimaryKeyConstraint("name", name="pk_accounts"),
        sa.UniqueConstraint("token_hash", name="uq_accounts_token_hash"),
        sa.ForeignKeyConstraint(["talks"], ["talks.id"], name="fk_accounts_talks_talks"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), comment="SHA-256 of the session token."),
        sa.Column("account", NAME, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
        sa.ForeignKeyConstraint(["account"], ["accounts.name"], name="fk_sessions_account_accounts"),
    )
    op.create_index("ix_sessions_account", "sessions", ["account"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, comment="simulation or tournament."),
        sa.Column(
            "state", sa.String(16), nullable=False, comment="queued, running, done, failed or cancelled."
        ),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("request", sa.Text, nullable=False, comment="The job's parameters as JSON."),
        sa.Column("result", sa.Text, comment="The result as JSON, when done."),
        sa.Column("error", sa.Text, comment="Why it failed, in one line."),
        sa.Column("created_by", NAME, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.ForeignKeyConstraint(["talks"], ["talks.id"], name="fk_jobs_talks_talks"),
    )
    op.create_index("ix_jobs_talks", "jobs", ["talks"])
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("talks", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("package", sa.Text, nullable=False, comment="point -> option, as JSON."),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("author", NAME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_publications"),
        sa.ForeignKeyConstraint(["talks"], ["talks.id"], name="fk_publications_talks_talks"),
    )
    op.create_index("ix_publications_talks", "publications", ["talks"])


def downgrade() -> None:
    op.drop_index("ix_publications_talks", "publications")
    op.drop_table("publications")
    op.drop_index("ix_jobs_talks", "jobs")
    op.drop_table("jobs")
    op.drop_index("ix_sessions_account", "sessions")
    op.drop_table("sessions")
    op.drop_table("accounts")
