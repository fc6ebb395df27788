"""Opening a record: reads open it read-only and never migrate; a reader proceeds while a writer holds the
lock; a read-only mount can be read; a file that is not an Accord record is refused untouched; corrupted
pages are one clear message."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from accord.tracker import Store, TrackerError
from accord.tracker.engine import make_engine
from accord.tracker.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def record(tmp_path: Path) -> Path:
    path = tmp_path / "talks.db"
    with Store.open(path) as store:
        store.load_example(author="analyst")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_reader_proceeds_while_a_writer_holds_the_lock(record: Path) -> None:
    with Store.open(record) as store:
        expected = store.export()
    writer = sqlite3.connect(record, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO talks VALUES (9, 'held', '2026-01-01 00:00:00', 'writer')")
        with Store.open(record, create=False, read_only=True) as reader:
            assert reader.export() == expected
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_read_never_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0002")
    engine.dispose()
    before = _digest(path)
    with pytest.raises(TrackerError) as error:
        Store.open(path, create=False, read_only=True)
    assert str(error.value) == (
        "the record's schema is at revision 0002, older than this Accord's 0005: "
        "upgrade it with 'accord track init' (reads never change a record)"
    )
    assert _digest(path) == before


def _foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers VALUES (1, 'Ada')")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("read_only", [True, False])
def test_a_file_of_another_application_is_refused_untouched(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "crm.db"
    _foreign(path)
    before = _digest(path)
    with pytest.raises(TrackerError) as error:
        Store.open(path, create=False, read_only=read_only)
    assert "not an Accord record: it holds other tables (customers) and no Accord schema" in str(error.value)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]
    connection.close()


def test_a_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    with pytest.raises(TrackerError, match=r"cannot open the record at .*notes\.db: file is not a database$"):
        Store.open(path, create=False, read_only=True)
    with pytest.raises(TrackerError, match=r"file is not a database$"):
        Store.open(path)


def test_corrupted_pages_are_one_clear_message(record: Path) -> None:
    data = bytearray(record.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page : len(data) - page] = b"\xa5" * (len(data) - 3 * page)
    record.write_bytes(bytes(data))
    with pytest.raises(TrackerError) as error, Store.open(record, create=False, read_only=True) as store:
        store.matrix()
        store.export()
    message = str(error.value)
    assert "\n" not in message and "SELECT" not in message
    assert message.startswith(("cannot read the record at", "cannot open the record at"))
    assert "malformed" in message or "not a database" in message


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1) for a private read-only mount")
def test_a_record_on_a_read_only_mount_can_be_read(record: Path, tmp_path: Path) -> None:
    mount = tmp_path / "mount"
    mount.mkdir()
    script = (
        f"mount --bind {record.parent} {mount} && mount -o remount,ro,bind {mount} && "
        f"{sys.executable} -m accord track matrix --json --db {mount / record.name}"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")
    command = ["unshare", "-rm", "sh", "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert '"format": "accord-matrix/1"' in result.stdout
