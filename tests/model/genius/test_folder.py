"""A GENIUS folder as people have it: domain and profiles told apart by their roots, everything else skipped
by name without being read whole (a ``pareto.xml`` of numbers, a README, a FIFO, a huge file, a subfolder)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from accord.model.errors import ScenarioError
from accord.model.genius import load_genius, read_genius
from accord.model.genius.folder import HEAD_BYTES, MAX_ENTRIES, folder_files, natural, skipped_note
from accord.model.genius.xml import root_tag

LUNCH = Path(__file__).parent / "lunch"
PARETO = "\n0.67824775, 1.0\n0.6797583, 0.9322034\n1.0, 0.5943503\n"
"""The start of the reference frontier ANAC 2014 ships as ``pareto.xml`` (numbers, not XML)."""


@pytest.fixture
def lunch(tmp_path: Path) -> Path:
    folder = tmp_path / "lunch"
    shutil.copytree(LUNCH, folder)
    return folder


def test_a_pareto_file_of_numbers_is_skipped_and_named(lunch: Path) -> None:
    (lunch / "pareto.xml").write_text(PARETO, encoding="utf-8")
    (lunch / "README.txt").write_text("Lunch & co: a test domain", encoding="utf-8")
    read = read_genius(lunch)
    assert read.skipped == ("pareto.xml", "README.txt")
    assert read.scenario == load_genius(LUNCH)


def test_a_fifo_a_subfolder_and_a_dangling_link_are_skipped_without_blocking(lunch: Path) -> None:
    os.mkfifo(lunch / "feed.xml")
    (lunch / "img").mkdir()
    (lunch / "gone.xml").symlink_to(lunch / "absent.xml")
    assert read_genius(lunch).skipped == ("feed.xml", "gone.xml", "img")


def test_a_huge_file_is_recognised_from_its_first_bytes_only(lunch: Path) -> None:
    huge = lunch / "log.xml"
    with huge.open("wb") as stream:  # sparse: 4 GiB on paper, nothing on disk
        stream.write(b"<log>" + b" " * HEAD_BYTES)
        stream.truncate(4 * 2**30)
    assert read_genius(lunch).skipped == ("log.xml",)


def test_a_profile_is_recognised_by_its_root_whatever_its_name(lunch: Path) -> None:
    (lunch / "bob.xml").rename(lunch / "bob.profile")
    assert [p.id for p in load_genius(lunch).parties] == ["alice", "bob"]


def test_a_broken_profile_is_an_error_not_a_skipped_file(lunch: Path) -> None:
    text = (lunch / "bob.xml").read_text(encoding="utf-8")
    (lunch / "bob.xml").write_text(text.replace("</objective>", "</objectiv>"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_genius(lunch)
    assert "bob.xml" in str(caught.value) and "mismatched tag" in str(caught.value)


def test_roots_are_found_in_a_prefix_without_expanding_entities() -> None:
    assert root_tag(b'<?xml version="1.0"?>\n<utility_space type="nonlinear"><objective') == "utility_space"
    assert root_tag(b"\n<!-- profile 1 -->\n<?xml version='1.0' ?>\n<utility_space>") == "utility_space"
    assert root_tag(PARETO.encode()) is None
    assert root_tag(b"<negotiation_templ") is None  # cut inside the start tag: not recognised
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><utility_space>&a;&a;'
    assert root_tag(bomb) == "utility_space"


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accord.model.genius.folder.MAX_ENTRIES", 3)
    for n in range(4):
        (tmp_path / f"f{n}").write_text("x", encoding="utf-8")
    with pytest.raises(ScenarioError, match="more than 3 entries"):
        folder_files(tmp_path)
    assert MAX_ENTRIES >= 1000


def test_files_sort_naturally_and_the_note_names_them() -> None:
    paths = [Path(name) for name in ("util10.xml", "util2.xml", "Util1.xml", "util2.XML")]
    assert [p.name for p in sorted(paths, key=natural)] == [
        "Util1.xml",
        "util2.XML",
        "util2.xml",
        "util10.xml",
    ]
    many = tuple(f"f{n}.png" for n in range(25))
    note = skipped_note("d", many)
    assert note.startswith("d: skipped 25 files that are not a GENIUS domain or profile file: f0.png, f1.png")
    assert note.endswith("f19.png and 5 more")
    assert skipped_note("d", ("pareto.xml",)).startswith("d: skipped 1 file that")
