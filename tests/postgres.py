"""A throwaway PostgreSQL server for the tests: started once per test session as a non-root user on a
loopback port, one fresh database per test, stopped at the end.

Where the server cannot be started (not installed, no ``postgres`` user to run it as root), the PostgreSQL
tests skip with the reason; with ``ACCORD_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE = "ACCORD_REQUIRE_POSTGRES"


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    found = shutil.which("initdb") or (candidates[-1] if candidates else None)
    if found is None:
        raise Unavailable("PostgreSQL is not installed (bash scripts/postgres.sh installs it as root)")
    return Path(found).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running throwaway server."""

    folder: Path
    bindir: Path
    port: int
    as_user: list[str]

    @property
    def admin_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        pg_ctl = str(self.bindir / "pg_ctl")
        data = str(self.folder / "data")
        subprocess.run(
            [*self.as_user, pg_ctl, "stop", "-D", data, "-m", "immediate"], capture_output=True, check=False
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """Start a server in a new temporary folder (as the ``postgres`` user when running as root)."""
    if importlib.util.find_spec("psycopg") is None:
        raise Unavailable("psycopg is not installed (pip install -e '.[dev]' or '.[postgres]')")
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root without runuser: cannot start PostgreSQL as a non-root user")
        try:
            shutil.chown(folder, user="postgres")
        except (LookupError, PermissionError) as error:
            raise Unavailable(f"no 'postgres' user to run the server as ({error})") from None
        as_user = ["runuser", "-u", "postgres", "--"]
    server = Server(folder=folder, bindir=bindir, port=_free_port(), as_user=as_user)
    data = str(folder / "data")
    options = f"-k {folder} -p {server.port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    steps = [
        [str(bindir / "initdb"), "-A", "trust", "--no-sync", "-U", "postgres", "-E", "UTF8", "-D", data],
        [
            str(bindir / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "30",
            "-D",
            data,
            "-l",
            str(folder / "log"),
            "-o",
            options,
        ],
    ]
    for step in steps:
        result = subprocess.run([*as_user, *step], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            server.stop()
            raise Unavailable(
                f"{Path(step[0]).name} failed: {(result.stderr or result.stdout).strip()} {log}"[:800]
            )
    return server


class _Shared:
    """The session's one server, shared by every conftest that imports the fixtures."""

    server: Server | None = None
    users = 0


def acquire() -> Server:
    """The session's server, started on first use."""
    if _Shared.server is None:
        _Shared.server = start()
    _Shared.users += 1
    return _Shared.server


def release() -> None:
    _Shared.users -= 1
    if _Shared.users == 0 and _Shared.server is not None:
        _Shared.server.stop()
        _Shared.server = None


def create_database(server: Server) -> str:
    """A new empty database on ``server``; its SQLAlchemy URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


def drop_database(server: Server, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server.admin_dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The throwaway server, or a skip (a failure under ``ACCORD_REQUIRE_POSTGRES=1``) naming the reason."""
    try:
        server = acquire()
    except Unavailable as reason:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"PostgreSQL is required ({REQUIRE}=1) but cannot be started: {reason}")
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    try:
        yield server
    finally:
        release()


def empty_database(request: pytest.FixtureRequest, sqlite_file: Path) -> Iterator[str]:
    """The URL of an empty database on the backend ``request.param`` names: the SQLite file, or a fresh
    database on the throwaway server, dropped afterwards (for fixtures parametrised by backend)."""
    if request.param == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    server: Server = request.getfixturevalue("postgres_server")
    url = create_database(server)
    try:
        yield url
    finally:
        drop_database(server, url)


@pytest.fixture(params=["sqlite", "postgres"])
def record_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty record on each backend: a SQLite file, and a fresh database on the throwaway server."""
    yield from empty_database(request, tmp_path / "record.db")
