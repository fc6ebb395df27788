"""Naming a record, and the per-connection settings that make SQLite safe for concurrent writers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from accord.tracker import Store, TrackerError
from accord.tracker.engine import BUSY_TIMEOUT_MS, resolve_url, sqlite_file


def test_names_resolve_to_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'accord.db'}"
    assert resolve_url("talks.db") == f"sqlite:///{tmp_path / 'talks.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("ACCORD_DB", "postgresql+psycopg://u@h/x")
    assert resolve_url(None) == "postgresql+psycopg://u@h/x"
    assert resolve_url("other.db") == f"sqlite:///{tmp_path / 'other.db'}"


def test_a_file_is_the_file_named_and_a_url_is_read_as_sqlalchemy_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    odd = tmp_path / "talks?draft#2 100%.db"
    assert sqlite_file(resolve_url(str(odd))) == odd
    assert sqlite_file(resolve_url(f"sqlite:///{tmp_path}/abs.db")) == tmp_path / "abs.db"
    assert sqlite_file(resolve_url("sqlite:///rel.db")) == Path("rel.db")
    with Store.open(odd) as store:
        assert store.versions() == []
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".db"] == [odd.name]


def test_sqlite_connections_are_set_for_concurrent_writers(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store, store.reading() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == BUSY_TIMEOUT_MS


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("/no/such/folder/r.db", "folder /no/such/folder does not exist"),
        (
            "postgresql://nobody@127.0.0.1:1/none",
            "cannot open the record at postgresql+psycopg://nobody@127.0.0.1:1/none",
        ),
    ],
)
def test_a_record_that_cannot_be_opened_is_one_clear_error(db: str, message: str) -> None:
    with pytest.raises(TrackerError) as error:
        Store.open(db)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_database_refuses_an_entry_about_an_unknown_point(example: Store) -> None:
    """The foreign keys hold even for a write that skips the checks of the code."""
    with (
        pytest.raises(TrackerError, match="the record refused the entry"),
        example.transaction() as connection,
    ):
        connection.execute(
            text(
                "INSERT INTO status_changes"
                " (version, point, party, status, effective, recorded_at, author, source) VALUES"
                " (1, 'no-such-point', 'ukraine', 'open', '2026-01-01', '2026-01-01 00:00:00', 'a', 's')"
            )
        )
    assert len(example.status_history()) == 16
