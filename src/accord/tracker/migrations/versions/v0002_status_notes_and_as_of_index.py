"""Notes on status changes, and the index that makes "status as of a date" one index range per cell.

Revision ID: 0002
Revises: 0001
Create Date: 2025-12-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("status_changes") as batch:
        batch.add_column(sa.Column("note", sa.Text))
        batch.create_index("ix_status_changes_as_of", ["point", "party", "effective", "entry"])


def downgrade() -> None:
    with op.batch_alter_table("status_changes") as batch:
        batch.drop_index("ix_status_changes_as_of")
        batch.drop_column("note")
