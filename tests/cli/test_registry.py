"""The top-level group imports a command only when it runs: ``accord --help`` and ``accord validate`` load
neither the solver nor the database layer (a structural check, not a timing one)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

import accord
from accord.cli import AccordGroup, app
from accord.cli.registry import Entry

runner = CliRunner()
HEAVY = (
    "numpy",
    "scipy",
    "highspy",
    "sqlalchemy",
    "alembic",
    "dask",
    "fastapi",
    "uvicorn",
    "accord.analysis",
    "accord.tracker",
    "accord.service",
)


def imported_by(*argv: str) -> set[str]:
    """The heavy modules a fresh process has imported once ``accord ARGV`` has run."""
    script = (
        "import json, sys\n"
        "from accord.cli import main\n"
        f"sys.argv = ['accord', *{list(argv)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "found = [m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in heavy)]\n"
        "sys.stderr.write(json.dumps(sorted({m.split('.')[0] if not m.startswith('accord') else\n"
        "    '.'.join(m.split('.')[:2]) for m in found})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_imports_no_engine() -> None:
    assert imported_by("--help") == set()


def test_validate_imports_no_engine() -> None:
    assert imported_by("validate", str(accord.example_path())) == set()


def test_analyze_imports_the_solver_it_needs() -> None:
    found = imported_by("analyze", str(accord.example_path()), "--json")
    assert {"numpy", "highspy", "accord.analysis"} <= found


@pytest.mark.parametrize("entry", AccordGroup.entries, ids=lambda entry: entry.name)
def test_each_entry_loads_its_command_and_lists_its_own_help(entry: Entry) -> None:
    command = entry.load()
    assert isinstance(command, TyperCommand | TyperGroup)
    assert command.name == entry.name
    assert " ".join((command.help or "").split()).startswith(entry.help)


def test_help_lists_every_command_in_order() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].strip().splitlines()]
    assert listed == [entry.name for entry in AccordGroup.entries]


def test_a_mistyped_command_is_still_suggested() -> None:
    result = runner.invoke(app, ["analyz"])
    assert result.exit_code == 2
    assert "Did you mean 'analyze'?" in result.output
