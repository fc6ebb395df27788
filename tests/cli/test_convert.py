from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import accord
from accord.cli import app

runner = CliRunner()


def test_yaml_to_json_and_back_keeps_the_scenario(tmp_path: Path) -> None:
    as_json, as_yaml = tmp_path / "talks.json", tmp_path / "talks.yaml"
    assert runner.invoke(app, ["convert", str(accord.example_path()), "-o", str(as_json)]).exit_code == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["format"] == "accord/1"
    assert runner.invoke(app, ["convert", str(as_json), "-o", str(as_yaml)]).exit_code == 0
    assert accord.load(as_yaml) == accord.load(accord.example_path())


def test_an_invalid_source_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "bad.yaml", tmp_path / "out.json"
    source.write_text("format: accord/1\ntitle: [\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(source), "-o", str(target)])
    assert result.exit_code == 2
    assert not target.exists()
    assert "not valid YAML" in result.stderr


GENIUS = Path(__file__).resolve().parents[1] / "model" / "genius"


def test_a_genius_folder_converts_to_yaml_and_back(tmp_path: Path) -> None:
    as_yaml, folder = tmp_path / "lunch.yaml", tmp_path / "lunch"
    assert runner.invoke(app, ["convert", str(GENIUS / "lunch"), "-o", str(as_yaml)]).exit_code == 0
    assert accord.load(as_yaml) == accord.load(GENIUS / "lunch")
    result = runner.invoke(app, ["convert", str(as_yaml), "-o", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["alice.xml", "bob.xml", "domain.xml"]
    again = accord.load(folder)
    assert again.preferences["alice"] == accord.load(GENIUS / "lunch").preferences["alice"]
    assert [(t.weight, t.when) for t in again.preferences["bob"].terms] == [
        (t.weight, t.when) for t in accord.load(GENIUS / "lunch").preferences["bob"].terms
    ]


def test_converting_the_example_to_genius_names_what_is_left_out(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(accord.example_path()), "-o", str(tmp_path / "talks")])
    assert result.exit_code == 0, result.stderr
    assert "note: red lines are left out (GENIUS has none)" in result.stderr


def test_a_file_is_never_converted_onto_itself(tmp_path: Path) -> None:
    source = tmp_path / "talks.yaml"
    source.write_text(accord.example_path().read_text(encoding="utf-8"), encoding="utf-8")
    before = source.read_bytes()
    for target in (str(source), str(tmp_path / "." / "talks.yaml")):
        result = runner.invoke(app, ["convert", str(source), "-o", target])
        assert result.exit_code == 2
        assert "onto itself" in result.stderr
    assert source.read_bytes() == before


def test_a_target_in_a_missing_folder_is_one_message_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "talks.json"
    result = runner.invoke(app, ["convert", str(accord.example_path()), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"accord: cannot write {target}: folder {target.parent} does not exist\n"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_named_like_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "talks.json"
    target.mkdir()
    result = runner.invoke(app, ["convert", str(accord.example_path()), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"accord: cannot write {target}: it is a folder\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_genius_folder_is_never_written_into_a_missing_folder_or_over_a_file(tmp_path: Path) -> None:
    missing, file = tmp_path / "absent" / "domain", tmp_path / "domain"
    file.write_text("not a folder", encoding="utf-8")
    for target, reason in ((missing, f"folder {missing.parent} does not exist"), (file, "it is a file")):
        result = runner.invoke(app, ["convert", str(accord.example_path()), "-o", str(target)])
        assert result.exit_code == 2
        assert result.stderr == f"accord: cannot write a GENIUS folder at {target}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["domain"]
