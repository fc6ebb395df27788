"""Opening a store: the database named by a URL or a file, checked before anything touches it, and either
read as it is (a read-only engine; the schema must be Accord's, at the head revision) or brought to the head
revision by the migrations. Every failure of the database on the way is one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from accord.tracker.engine import display_url, make_engine, resolve_url, sqlite_file
from accord.tracker.errors import TrackerError
from accord.tracker.migrate import check_not_foreign, check_readable, upgrade


def open_engine(db: str | Path | None, create: bool, *, read_only: bool = False) -> Engine:
    """An engine on the store named by ``db``: its schema checked (``read_only``) or brought up to date. A
    SQLite file that is not an Accord record is refused before anything touches it."""
    url = resolve_url(db)
    file = sqlite_file(url)
    if file is not None and not file.exists():
        if not create:
            raise TrackerError(
                f"no record at {file}: create it with 'accord track init' or name one with --db"
            )
        if not file.parent.is_dir():
            raise TrackerError(f"cannot create the record {file}: folder {file.parent} does not exist")
    if read_only or (file is not None and file.exists()):
        probe = make_engine(url, read_only=True)
        _opening(url, probe, lambda: _check(probe, check_readable if read_only else check_not_foreign))
        if read_only:
            return probe
        probe.dispose()
    engine = make_engine(url)
    _opening(url, engine, lambda: upgrade(engine))
    return engine


def _check(engine: Engine, check: Callable[[Connection], None]) -> None:
    with engine.connect() as connection:
        check(connection)


def _opening(url: str, engine: Engine, step: Callable[[], object]) -> None:
    """Run a step of opening (a check, the migrations); on failure the engine is disposed and a database's
    error is one line."""
    try:
        step()
    except DBAPIError as error:
        engine.dispose()
        raise TrackerError(f"cannot open the record at {display_url(url)}: {first_line(error)}") from None
    except BaseException:
        engine.dispose()
        raise


def first_line(error: Exception) -> str:
    """The first line of a database's error: its message, never the SQL or the parameters after it."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
