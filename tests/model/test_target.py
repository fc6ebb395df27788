"""Output files are written whole or not at all, and a target that cannot be written is one message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.model.target import TargetError, atomic_stream, check_target, write_atomically


def test_a_file_is_written_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "first\n")
    write_atomically(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_while_writing_keeps_the_old_file_and_removes_the_partial(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_stream(target) as stream:
        stream.write("half")
        raise RuntimeError("stopped")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_a_file_as_folder_and_a_folder_as_target_are_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    cases = {
        tmp_path / "absent" / "out.txt": f"folder {tmp_path / 'absent'} does not exist",
        tmp_path / "file" / "out.txt": f"folder {tmp_path / 'file'} is not a folder",
        tmp_path / "folder": "it is a folder",
    }
    for target, reason in cases.items():
        with pytest.raises(TargetError) as caught:
            check_target(target)
        assert str(caught.value) == f"cannot write {target}: {reason}"


def test_an_unwritable_folder_is_one_message(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) writes in any folder")
        with pytest.raises(TargetError) as caught:
            write_atomically(folder / "out.txt", "x")
        assert str(caught.value) == f"cannot write {folder / 'out.txt'}: permission denied"
    finally:
        folder.chmod(0o700)
