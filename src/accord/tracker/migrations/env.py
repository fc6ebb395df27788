"""Alembic environment: migrations run on the connection :func:`accord.tracker.migrate.upgrade` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from accord.tracker.tables import metadata

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
