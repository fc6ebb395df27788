"""Fixtures of the CLI tests: an empty record on SQLite and on PostgreSQL (tests/postgres.py)."""

from tests.postgres import postgres_server, record_url

__all__ = ["postgres_server", "record_url"]
