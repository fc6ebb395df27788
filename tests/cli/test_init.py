"""The ``accord`` command itself: its version, and -h beside --help at every level."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app

runner = CliRunner()


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"accord {accord.__version__}\n"


@pytest.mark.parametrize("command", [[], ["analyze"], ["track"], ["track", "matrix"]])
def test_h_is_help_at_every_level(command: list[str]) -> None:
    short, long = runner.invoke(app, [*command, "-h"]), runner.invoke(app, [*command, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    assert "-h, --help" in short.stdout


def test_python_m_accord_knows_its_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accord", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"accord {accord.__version__}\n")
