"""Export and restore: the whole record survives a round trip exactly, across backends too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accord.tracker import Status, StatusInput, Store, TrackerError


def test_export_restore_round_trip(example: Store, tmp_path: Path) -> None:
    example.set_status(
        StatusInput("territory", "russia", Status.REJECTED, dt.date(2025, 12, 21), "a", "test", note="n")
    )
    example.load_example(author="someone else")
    data = example.export()
    assert data["format"] == "accord-record/1"
    with Store.open(tmp_path / "copy.db") as copy:
        copy.restore(json.loads(json.dumps(data)))
        assert copy.export() == data
        assert copy.status_as_of() == example.status_as_of()
        assert copy.matrix() == example.matrix()


def test_restore_needs_an_empty_record(example: Store) -> None:
    with pytest.raises(TrackerError, match="only be restored into an empty record"):
        example.restore(example.export())


def test_a_malformed_record_is_refused_and_writes_nothing(store: Store) -> None:
    with pytest.raises(TrackerError, match="not a valid accord-record/1 record: versions: Field required"):
        store.restore({"format": "accord-record/1", "meetings": [], "statements": [], "status": []})
    assert store.export()["versions"] == []


def test_a_record_entry_about_an_unknown_party_writes_nothing(example: Store, tmp_path: Path) -> None:
    data = example.export()
    data["status"][-1]["party"] = "atlantis"
    with Store.open(tmp_path / "copy.db") as copy:
        with pytest.raises(TrackerError, match="unknown party 'atlantis'"):
            copy.restore(data)
        assert copy.export()["versions"] == []
