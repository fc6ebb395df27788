from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
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


# Hostile inputs (issue 11): each gives exit code 2 and one readable message per problem (at most 100 and a
# count), never a traceback, within a memory limit and a time limit, run as a user would run them.
MEMORY = 2**30
"""Address space the command may use (1 GiB, interpreter and libraries included)."""
TIMEOUT = 300
"""Seconds the command may take on a loaded machine (each takes a few seconds alone; before the fixes some
took minutes, or grew until the kernel killed them)."""
CEASEFIRE = Path(__file__).parents[1] / "model" / "valid" / "ceasefire.yaml"


def _zeros(count: int) -> str:
    return ",".join(["0"] * count)


def _many_options(count: int) -> str:
    """A valid scenario with one point of ``count`` options and a red line rejecting half of them."""
    options = [{"id": f"o{i}", "label": "x"} for i in range(count)]
    values = {f"o{i}": 1 for i in range(count)}
    red_line = {"point": "p", "reject": [f"o{i}" for i in range(0, count, 2)]}
    party = {"weights": {"p": 1}, "values": {"p": values}}
    return json.dumps(
        {
            "format": "accord/1",
            "title": "Many options",
            "parties": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "documents": [
                {
                    "id": "d",
                    "title": "D",
                    "points": [{"id": "p", "number": 1, "title": "P", "options": options}],
                }
            ],
            "preferences": {"a": {**party, "red_lines": [red_line]}, "b": party},
        }
    )


HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "zeros.json": ("[" + _zeros(900_000) + "]", "1:1: expected a mapping of scenario fields"),
    "zeros-in-a-field.json": (
        '{"title": [' + _zeros(3_000_000) + "]}",
        "document has more than 1,000,000 values",
    ),
    "zeros-as-parties.json": (
        '{"parties": [' + _zeros(900_000) + "]}",
        "parties[0]: should be a mapping of fields",
    ),
    "zeros.yaml": ("title: [" + _zeros(3_000_000) + "]\n", "document has more than 1,000,000 values"),
    "deep.json": ('{"title": ' + "[" * 200_000 + "]" * 200_000 + "}", "values are nested too deeply"),
    "deep.yaml": ("title: " + "[" * 200_000 + "]" * 200_000, "values are nested too deeply"),
    "long-integer.yaml": ("title: " + "9" * 5000 + "\n", "1:8: number has 5,000 digits (at most 4,300)"),
    "long-integer.json": ('{"title": ' + "9" * 5000 + "}", "1:11: number has 5,000 digits (at most 4,300)"),
    "utf-32.yaml": (CEASEFIRE.read_text(encoding="utf-8").encode("utf-32"), "0:0: file is UTF-32 text"),
    "trailing-comma.json": ('{"title": "T",}', "1:15: not valid JSON: expected a key in double quotes"),
}


def _run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    command = [sys.executable, "-m", "accord", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=limit, check=False
    )


def _assert_one_readable_message(result: subprocess.CompletedProcess[str], path: Path, expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output and "MemoryError" not in output
    lines = output.splitlines()
    assert 1 <= len(lines) <= 101
    assert all(line.startswith(f"{path}:") for line in lines), lines[0]
    assert any(expected in line for line in lines), lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_one_message_in_bounded_memory_and_time(name: str, tmp_path: Path) -> None:
    content, expected = HOSTILE[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    _assert_one_readable_message(_run_bounded("validate", str(path)), path, expected)


@pytest.mark.slow
def test_files_that_are_not_regular_files_are_refused_without_blocking(tmp_path: Path) -> None:
    zero, loop, fifo = tmp_path / "zero.yaml", tmp_path / "loop.yaml", tmp_path / "fifo.yaml"
    zero.symlink_to("/dev/zero")
    loop.symlink_to(loop)
    os.mkfifo(fifo)
    cases = {zero: "is a device", loop: "loops", fifo: "is a pipe (FIFO)"}
    for path, expected in cases.items():
        _assert_one_readable_message(_run_bounded("validate", str(path)), path, expected)
        _assert_one_readable_message(
            _run_bounded("track", "import", str(path), "--db", str(tmp_path / "r.db")), path, expected
        )


@pytest.mark.slow
def test_a_point_of_20000_options_validates_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "options.json"
    path.write_text(_many_options(20_000), encoding="utf-8")
    result = _run_bounded("validate", str(path))
    assert (result.returncode, result.stdout) == (
        0,
        f"{path}: valid (2 parties, 1 points, 20,000 packages)\n",
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["simulate", "--runs", "100000000000"],
            "accord: 100,000,000,000 runs is over the limit of 1,000,000",
        ),
        (
            ["tournament", "--repetitions", "100000000000"],
            "accord: 100,000,000,000 repetitions is over the limit",
        ),
    ],
)
def test_huge_counts_are_refused_up_front(args: list[str], expected: str) -> None:
    result = _run_bounded(args[0], EXAMPLE, *args[1:])
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(expected)
