"""The readable reports: hostile user text is shown literally by every report command, and a report written
to a file cuts no cell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.cli.console import out
from accord.cli.report import standing
from accord.model.examples import example_path
from accord.model.files import load_scenario
from tests.analysis.test_explain import TWO
from tests.analysis.test_propose import agreed_against_a_red_line
from tests.hostile import hostile_scenario, hostile_scenario_file, raw_controls, shows_hostile_text

runner = CliRunner()
WIDE = {"COLUMNS": "1000"}  # wide enough that no hostile text is wrapped: its words stay in order


@pytest.mark.parametrize(
    "command",
    [
        ["analyze"],
        ["analyze", "--engine", "optimization"],
        ["explain"],
        ["propose"],
        ["simulate", "--protocol", "shuttle", "--agents", "stances", "--rounds", "5"],
        ["validate"],
    ],
    ids=" ".join,
)
def test_every_report_shows_hostile_text_literally(command: list[str], tmp_path: Path) -> None:
    path = hostile_scenario_file(tmp_path)
    result = runner.invoke(app, [*command, str(path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.stdout)
    if command[0] in {"analyze", "simulate"}:  # the reports that show the scenario's texts
        assert shows_hostile_text(result.stdout), result.stdout


def test_tournament_on_a_hostile_scenario(tmp_path: Path) -> None:
    path = hostile_scenario_file(tmp_path)
    args = ["tournament", str(path), "-p", "stacked-offers", "-s", "linear,hardliner", "--rounds", "5"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert not raw_controls(result.stdout)


def test_where_the_talks_stand_shows_hostile_text_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles, option labels, meetings and statements (the report ``accord demo`` opens with)."""
    monkeypatch.setenv("COLUMNS", "1000")
    out.print(standing(hostile_scenario(tmp_path)))
    output = capsys.readouterr().out
    assert not raw_controls(output)
    assert shows_hostile_text(output)
    assert output.count("[/oops]") >= 1 + 3 + 6  # the title, the meetings' venues, the statements


def _statement_cells(report: str) -> list[str]:
    """The Statement column of the Statements table, each row's lines joined."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┃ Date") and "Statement" in line)
    rows: list[list[str]] = []
    for line in lines[start + 2 :]:
        if not line.startswith("│"):
            break
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells[0]:
            rows.append([])
        rows[-1].append(cells[-1])
    return [" ".join(" ".join(row).split()) for row in rows]


def test_a_report_written_to_a_file_cuts_no_cell(tmp_path: Path) -> None:
    """``accord demo > report.txt`` (issue 11: it showed "The parties agreed to con")."""
    report = tmp_path / "report.txt"
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    with report.open("w", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-m", "accord", "demo"], stdout=stream, env=env, check=True)
    text = report.read_text(encoding="utf-8")
    statements = [" ".join(s.text.split()) for s in load_scenario(example_path()).statements]
    assert _statement_cells(text) == statements
    for line in text.splitlines():  # every table closed on the right: nothing cropped
        if line.startswith(("│", "┃")):
            assert line.endswith(("│", "┃")), line
    assert "Options in point order: territory" in text
    assert "…" not in text  # no word cut short with an ellipsis


def test_a_simulation_report_written_to_a_file_cuts_no_heading() -> None:
    """At 80 columns the run table's headings were cut ("outc…", "unit…")."""
    args = ["simulate", str(example_path()), "--protocol", "shuttle", "--agents", "stances", "--rounds", "5"]
    result = runner.invoke(app, args, env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    header = next(line for line in result.stdout.splitlines() if "┃ run" in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]][:8] == [
        "run",
        "outcome",
        "reason",
        "round",
        "ukraine",
        "russia",
        "united-states",
        "europe",
    ]


def test_width_sets_where_a_report_wraps(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--width", "200"])
    assert result.exit_code == 0, result.output
    widths = {len(line) for line in result.stdout.splitlines() if line.startswith("─")}
    assert widths == {200}  # the rules between the sections
    narrow = runner.invoke(app, ["demo", "--width", "20"])
    assert narrow.exit_code == 0, narrow.output
    assert _statement_cells(narrow.stdout) == _statement_cells(result.stdout)  # widened: no cell cut


def test_the_explanation_leaves_out_a_table_with_nothing_to_list(tmp_path: Path) -> None:
    """Named red lines that no lowering can reconcile: no concessions, so no (empty) concessions table."""
    path = tmp_path / "two.yaml"
    sd = "{weights: {p1: 1}, values: {p1: {x: 0, y: 0.5, z: 1}}, red_lines: [{point: p1, reject: [x, y]}]}"
    path.write_text(TWO + f"  sd: {sd}\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "Conflicts" in result.stdout and "Corrections" in result.stdout
    assert "Concessions" not in result.stdout
    assert "No lowering of reservation values or thresholds opens the zone" in " ".join(result.stdout.split())


def test_the_explanation_says_what_the_cheapest_way_out_assumes() -> None:
    result = runner.invoke(app, ["explain", str(example_path()), "--width", "120"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "ukraine would have to accept cede-claimed on territory, which it values 0" in text
    assert "adds lowerings on different parties' utility scales" in text


def test_propose_says_first_whose_red_lines_its_text_crosses(tmp_path: Path) -> None:
    result = runner.invoke(app, ["propose", str(agreed_against_a_red_line(tmp_path)), "--width", "200"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Red lines and agreed points leave no package")
    assert lines[0].endswith("it crosses b's red line on p1 (x).")
    header = next(line for line in lines if line.startswith("┃ Point"))
    assert "Single negotiating text" in header and "Crossing no red line" in header
    assert "The text crossing no red line sets aside what was agreed: a's agreement on p1 (x)." in lines
