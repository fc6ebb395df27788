"""Scenarios sent to the service: JSON, YAML and GENIUS zips read by the CLI's readers, zips unpacked within
bounds, problems located as ``accord validate`` locates them and never naming a server path."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import accord
from accord.model.errors import ScenarioError
from accord.model.files import dump_scenario
from accord.model.genius import load_genius, save_genius
from accord.service.uploads import MAX_FILES, UnsupportedMedia, read_upload

EXAMPLE = accord.load(accord.example_path())


def _zip(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _genius(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path / "domain"
    folder.mkdir()
    save_genius(EXAMPLE, folder)
    return folder, {f"domain/{p.name}": p.read_bytes() for p in sorted(folder.iterdir())}


def test_json_and_yaml_read_as_the_files_do() -> None:
    assert read_upload(dump_scenario(EXAMPLE, "json").encode(), "application/json") == EXAMPLE
    assert read_upload(dump_scenario(EXAMPLE, "yaml").encode(), "application/yaml; charset=utf-8") == EXAMPLE


def test_problems_are_the_lines_of_accord_validate(tmp_path: Path) -> None:
    text = (
        accord.example_path().read_text(encoding="utf-8").replace("reservation: 0.45", "reservation: -0.45")
    )
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as from_file:
        accord.load(tmp_path / "bad.yaml")
    with pytest.raises(ScenarioError) as uploaded:
        read_upload(text.encode(), "application/yaml")
    expected = [str(p).removeprefix(str(tmp_path / "bad.yaml")) for p in from_file.value.problems]
    assert [str(p).removeprefix("<upload>") for p in uploaded.value.problems] == expected
    assert any(": preferences.russia.reservation: should be 0 or more" in line for line in expected)


def test_a_genius_zip_reads_as_its_folder(tmp_path: Path) -> None:
    folder, files = _genius(tmp_path)
    assert read_upload(_zip(files), "application/zip") == load_genius(folder)
    flat = {name.removeprefix("domain/"): data for name, data in files.items()}
    assert read_upload(_zip(flat), "application/zip") == load_genius(folder)


def test_problems_in_a_zip_name_the_member_not_the_temporary_folder(tmp_path: Path) -> None:
    _, files = _genius(tmp_path)
    name = next(n for n in files if n.endswith(".xml"))
    files[name] = b"<negotiation_template><utility_space"  # cut short
    with pytest.raises(ScenarioError) as error:
        read_upload(_zip(files), "application/zip")
    lines = [str(p) for p in error.value.problems]
    assert lines and all(line.startswith("<upload>") for line in lines)
    assert not any("/tmp" in line or "accord-upload" in line for line in lines)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../evil.xml": b"x"}, "points outside the folder"),
        ({"/etc/evil.xml": b"x"}, "points outside the folder"),
        ({f"f{i}.xml": b"x" for i in range(MAX_FILES + 1)}, f"at most {MAX_FILES}"),
        ({"bomb.xml": b"\0" * (16 * 2**20 + 1)}, "inflates to more than"),
    ],
    ids=["dot-dot", "absolute", "too-many", "bomb"],
)
def test_zips_are_unpacked_within_bounds(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        read_upload(_zip(files), "application/zip")
    assert message in str(error.value)


def test_a_symbolic_link_in_a_zip_is_refused() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        link = zipfile.ZipInfo("link.xml")
        link.external_attr = (0o120777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ScenarioError, match="not a plain file"):
        read_upload(stream.getvalue(), "application/zip")


def test_not_a_zip_and_unknown_types_are_refused() -> None:
    with pytest.raises(ScenarioError, match="not a zip archive"):
        read_upload(b"PK nothing", "application/zip")
    with pytest.raises(UnsupportedMedia, match="unsupported content type 'text/html'"):
        read_upload(b"<html>", "text/html")
