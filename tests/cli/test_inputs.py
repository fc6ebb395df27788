"""How every command that reads a scenario reads a GENIUS folder: ``--rescale-weights``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()
WEIGHTS_SUM = Path(__file__).resolve().parents[1] / "model" / "genius" / "bad" / "weights-sum"
COMMANDS = {
    "analyze": ["analyze"],
    "explain": ["explain"],
    "propose": ["propose"],
    "simulate": ["simulate", "--rounds", "5"],
    "tournament": ["tournament", "--strategies", "linear", "--rounds", "5", "--protocol", "stacked-offers"],
}


@pytest.mark.parametrize("command", [*COMMANDS, "convert"])
def test_every_reading_command_names_and_takes_rescale_weights(command: str, tmp_path: Path) -> None:
    args = [*COMMANDS.get(command, ["convert"]), str(WEIGHTS_SUM)]
    if command == "convert":
        args += ["-o", str(tmp_path / "w.yaml")]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith(
        "issue weights sum to 1.5; they must sum to 1 (GENIUS accepts 0.98 to 1.02); --rescale-weights "
        "(rescale_weights=True in Python) divides them by their sum"
    )
    accepted = runner.invoke(app, [*args, "--rescale-weights"])
    assert accepted.exit_code == 0, accepted.output
    if command in ("analyze", "simulate"):
        assert "genius-note" in accepted.stdout
