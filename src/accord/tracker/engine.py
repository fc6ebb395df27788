"""Where the record lives: a database URL or a file path, and an engine set up for safe concurrent writers.

SQLite (the default, a file) gets, on every connection: foreign keys on, write-ahead logging so readers never
block the writer, a busy timeout so a writer waits for another instead of failing, and ``BEGIN IMMEDIATE`` for
write transactions so two writers never deadlock on a lock upgrade. A read-only engine opens the file with
``mode=ro`` and ``PRAGMA query_only``, changes no setting of the file (its journal mode stays as it is), and
reads a file on a read-only mount as immutable. PostgreSQL is reached through psycopg 3; a read-only engine
runs its transactions ``READ ONLY``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from accord.tracker.errors import TrackerError

DEFAULT_DB = "accord.db"
"""The record's file when neither ``--db`` nor ``ACCORD_DB`` names one: in the current folder."""
ENV_DB = "ACCORD_DB"
BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another to finish before giving up."""
WRITE = "accord_write"
"""Execution option that marks a connection whose transaction writes (``BEGIN IMMEDIATE`` on SQLite)."""


def resolve_url(db: str | Path | None = None) -> str:
    """The SQLAlchemy URL of a record named by a URL, a file path, ``ACCORD_DB``, or the default file.

    A URL is read as SQLAlchemy reads it (``sqlite:////abs/path.db`` is an absolute path, ``sqlite:///x.db``
    a relative one); ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver.
    """
    text = str(db) if db is not None else os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" not in text:  # a file: quoted, so that '?', '#' and '%' in its name stay part of it
        file = str(Path(text).expanduser().resolve())
        return URL.create("sqlite", database=file).render_as_string(hide_password=False)
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text.removeprefix(prefix)
    return text


def display_url(db: str | Path | None) -> str:
    """The URL of the record named by ``db`` (as :func:`resolve_url`), without its password."""
    try:
        return make_url(resolve_url(db)).render_as_string(hide_password=True)
    except ArgumentError:
        return resolve_url(db)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another backend or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``, with the per-connection settings of the module docstring."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise TrackerError(f"'{url}' is not a database URL (sqlite:///FILE or postgresql://...)") from None
    if backend not in ("sqlite", "postgresql"):
        raise TrackerError(f"unsupported database '{backend}': use a SQLite file or a PostgreSQL URL")
    file = sqlite_file(url) if read_only else None
    try:
        if file is not None:
            engine = create_engine("sqlite://", creator=lambda: _sqlite_read_only(file))
        elif read_only:
            engine = create_engine(url, execution_options={"postgresql_readonly": True})
        else:
            engine = create_engine(url)
    except (ArgumentError, ImportError) as error:
        raise TrackerError(f"cannot use database URL '{url}': {error}") from None
    if backend == "sqlite":
        if file is None:
            event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_read_only(file: Path) -> sqlite3.Connection:
    """A connection that cannot write ``file`` nor change its settings. On a read-only file system, where
    SQLite could not create the shared-memory file a reader of a WAL database needs, the file is opened
    immutable (nobody can write it there)."""
    read_only_mount = bool(os.statvfs(file.parent).f_flag & os.ST_RDONLY)
    immutable = "&immutable=1" if read_only_mount else ""
    connection = sqlite3.connect(
        f"file:{quote(str(file))}?mode=ro{immutable}", uri=True, check_same_thread=False
    )
    connection.isolation_level = None
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA query_only = ON")
    return connection


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
