from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import accord
from accord.cli import app

runner = CliRunner()
EXAMPLE = str(accord.example_path())


def test_a_valid_file_exits_0_and_says_so() -> None:
    result = runner.invoke(app, ["validate", EXAMPLE])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{EXAMPLE}: valid (4 parties, 9 points, 19,683 packages)"


def test_problems_are_one_line_each_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    text = text.replace("reservation: 0.45", "reservation: -0.45")
    text = text.replace("number: 5", "number: five")
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", EXAMPLE, str(bad)])
    assert result.exit_code == 2
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{EXAMPLE}: valid")
    assert len(lines) == 3
    assert any(": documents[0].points[4].number: should be a whole number" in line for line in lines)
    assert any(": preferences.russia.reservation: should be 0 or more" in line for line in lines)
    for line in lines[1:]:
        file, line_no, column, _ = line.split(":", 3)
        assert file == str(bad)
        assert int(line_no) > 0 and int(column) > 0


def test_references_are_checked_once_the_fields_are_well_formed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    bad.write_text(
        text.replace("participants: [united-states, russia]", "participants: [united-states, rusia]")
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.stdout.strip().endswith(
        ": meetings[2].participants[1]: unknown party 'rusia'; did you mean 'russia'?"
    )


def test_a_binary_file_is_refused_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(app, ["validate", str(binary)])
    assert result.exit_code == 2
    assert result.stdout.strip() == f"{binary}:0:0: not a text file (it contains NUL bytes)"
