"""Bounded reading of user files: regular files only, never more than the limit, one message otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.model.errors import ScenarioError
from accord.model.source import read_bounded, read_head


def _message(path: Path, limit: int = 100) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_bounded(path, limit, "scenario file")
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    return problem.message


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "talks.yaml"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert "too large" in _message(path)


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    assert _message(tmp_path / "absent.yaml") == "no such file"
    assert _message(tmp_path) == "is a folder, not a scenario file"


def test_dev_zero_through_a_symlink_is_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert _message(link) == "is a device, not a scenario file"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert _message(fifo) == "is a pipe (FIFO), not a scenario file"


def test_a_symlink_loop_is_one_message(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    assert "loops" in _message(a)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("format: accord/1\n")
    path.chmod(0)
    assert _message(path) == "permission denied"


def test_a_head_is_read_from_any_regular_file_and_refused_like_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<a>" + b"x" * 1000)
    assert read_head(path, 10) == b"<a>xxxxxxx"
    assert read_head(path, 5000) == b"<a>" + b"x" * 1000
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match="is a pipe"):
        read_head(fifo, 10)
