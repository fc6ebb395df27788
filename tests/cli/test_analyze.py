from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app

runner = CliRunner()
EXAMPLE = str(accord.example_path())


def test_json_equals_the_python_api() -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == accord.analyze(accord.load(EXAMPLE)).to_dict()


def test_json_has_the_documented_top_level_keys() -> None:
    data = json.loads(runner.invoke(app, ["analyze", EXAMPLE, "--json"]).stdout)
    assert {"parties", "zone", "frontier", "solutions"} <= set(data)
    assert set(data["zone"]) >= {"empty", "size"}
    assert set(data["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    for entry in data["frontier"]:
        assert set(entry) == {"package", "utilities"}
        assert set(entry["utilities"]) == set(data["parties"])


def test_reads_standard_input(tmp_path: Path) -> None:
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    result = runner.invoke(app, ["analyze", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["parties"] == ["ukraine", "russia", "united-states", "europe"]


def test_readable_report_names_the_empty_zone_and_the_assumptions() -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--top", "2"])
    assert result.exit_code == 0, result.output
    assert "agreement zone is empty" in " ".join(result.stdout.split())
    assert "illustrative-preferences" in result.stdout


def test_too_large_a_space_is_a_clear_error() -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--max-packages", "100"])
    assert result.exit_code == 2
    assert "19,683 packages, more than the enumeration limit of 100" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    missing = tmp_path / "none.yaml"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{missing}:0:0: no such file"


def test_a_scenario_without_preferences_is_refused_with_the_reason(tmp_path: Path) -> None:
    scenario = accord.load(EXAMPLE).model_copy(update={"preferences": {}})
    path = tmp_path / "record-only.yaml"
    accord.save(scenario, path)
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert "no preferences for voting parties ukraine, russia, united-states, europe" in result.stderr


GENIUS = Path(__file__).resolve().parents[1] / "model" / "genius"


def test_a_genius_folder_gives_the_same_json_as_its_scenario_file(tmp_path: Path) -> None:
    as_yaml = tmp_path / "lunch.yaml"
    assert runner.invoke(app, ["convert", str(GENIUS / "lunch"), "-o", str(as_yaml)]).exit_code == 0
    from_folder = runner.invoke(app, ["analyze", str(GENIUS / "lunch"), "--json"])
    from_file = runner.invoke(app, ["analyze", str(as_yaml), "--json"])
    assert from_folder.exit_code == from_file.exit_code == 0
    assert json.loads(from_folder.stdout) == json.loads(from_file.stdout)
    data = json.loads(from_folder.stdout)
    assert data["parties"] == ["alice", "bob"]
    assert [a["id"] for a in data["assumptions"]] == ["genius-discount"]


@pytest.mark.parametrize("case", ["xml-bomb", "other-domain", "missing-profile", "weights-sum"])
def test_bad_genius_input_exits_2_with_one_line_and_no_traceback(case: str) -> None:
    result = runner.invoke(app, ["analyze", str(GENIUS / "bad" / case)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(GENIUS / "bad" / case) in result.stderr
    assert "Traceback" not in result.stderr


Y2014 = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius" / "y2014" / "30issues"


@pytest.mark.slow
@pytest.mark.skipif(not Y2014.is_dir(), reason="../shared/data/genius is not beside this checkout")
def test_the_solver_prints_nothing_into_the_json(capfd: pytest.CaptureFixture[str]) -> None:
    """HiGHS prints debug lines on file descriptor 1 while solving this 10^40-package domain."""
    result = runner.invoke(app, ["analyze", str(Y2014), "--frontier-points", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "optimization" and data["zone"]["size"] is None
    assert "Highs" not in capfd.readouterr().out


def test_files_beside_a_genius_domain_are_skipped_in_one_note_and_listed(tmp_path: Path) -> None:
    folder = tmp_path / "lunch"
    shutil.copytree(GENIUS / "lunch", folder)
    (folder / "pareto.xml").write_text("\n0.67824775, 1.0\n1.0, 0.5943503\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"note: {folder}: skipped 1 file that is not a GENIUS domain or profile file: pareto.xml"
    ]
    data = json.loads(result.stdout)
    assert data["skipped"] == ["pareto.xml"]
    assert json.loads(runner.invoke(app, ["analyze", EXAMPLE, "--json"]).stdout)["skipped"] == []
