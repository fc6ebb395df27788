"""The GENIUS importer: every shared ANAC domain reads; bad input gets one located message naming the file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from accord.model.errors import ScenarioError
from accord.model.genius import load_genius, load_genius_files
from tests.genius_data import domain_folders, name, needs_data

BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, str] = YAML(typ="safe").load(BAD / "expected.yaml")
"""For each bad folder, its one problem as ``FILE:LINE:COLUMN: element: message`` (FILE relative to it)."""

LUNCH = BAD.parent / "lunch"


def test_the_bad_corpus_and_its_expectations_name_the_same_folders() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in BAD.iterdir() if path.is_dir())


@pytest.mark.parametrize("case", sorted(EXPECTED), ids=str)
def test_bad_genius_input_gets_one_message_naming_the_file_and_element(case: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_genius(BAD / case)
    assert [str(p) for p in caught.value.problems] == [f"{BAD / case}{EXPECTED[case]}"]


def test_a_small_domain_reads_with_genius_semantics() -> None:
    scenario = load_genius(LUNCH)
    assert [p.id for p in scenario.parties] == ["alice", "bob"]
    assert [(p.id, p.option_ids()) for p in scenario.points] == [
        ("Food", ("Pasta", "Soup")),
        ("Minutes", ("10", "11", "12", "13", "14")),
    ]
    alice = scenario.preferences["alice"]
    assert alice.weights == {"Food": 0.6, "Minutes": 0.4}
    # Items are divided by the largest evaluation; the integer evaluator counts from the lower bound.
    assert alice.values["Food"] == {"Pasta": 1.0, "Soup": 1 / 3}
    assert alice.values["Minutes"] == {"10": 1.0, "11": 0.75, "12": 0.5, "13": 0.25, "14": 0.0}
    assert alice.reservation == 0.2
    assert alice.discount_factor == 0.5
    assert [a.id for a in scenario.assumptions] == ["genius-discount"]
    bob = scenario.preferences["bob"]
    assert bob.weights == {}
    assert [(t.weight, t.when) for t in bob.terms] == [
        (0.4, {"Minutes": ("10", "11", "12")}),
        (0.6, {"Minutes": ("13", "14")}),
    ]


def test_explicit_files_read_like_the_folder() -> None:
    files = load_genius_files(LUNCH / "lunch-domain.xml", [LUNCH / "alice.xml", LUNCH / "bob.xml"])
    assert files == load_genius(LUNCH)


def test_a_real_step_is_declared_and_reported(tmp_path: Path) -> None:
    (tmp_path / "d.xml").write_text(
        '<negotiation_template><utility_space><objective index="0" name="Deal">'
        '<issue index="1" name="Price" type="real"><range lowerbound="0" upperbound="1"/></issue>'
        "</objective></utility_space></negotiation_template>",
        encoding="utf-8",
    )
    (tmp_path / "p.xml").write_text(
        '<utility_space><objective index="0" name="Deal"><issue index="1" name="Price" type="real">'
        '<range lowerbound="0" upperbound="1"/><evaluator ftype="linear" parameter0="1" parameter1="-0.5"/>'
        '</issue><weight index="1" value="1"/></objective></utility_space>',
        encoding="utf-8",
    )
    scenario = load_genius(tmp_path, real_step=0.25)
    assert scenario.points[0].option_ids() == ("0", "0.25", "0.5", "0.75", "1")
    assert list(scenario.preferences["p"].values["Price"].values()) == [1.0, 0.875, 0.75, 0.625, 0.5]
    assert "step 0.25: 5 values" in scenario.assumptions[0].text
    assert len(load_genius(tmp_path).points[0].options) == 11


@needs_data
@pytest.mark.parametrize("folder", domain_folders(), ids=name)
def test_every_shared_domain_imports(folder: Path) -> None:
    scenario = load_genius(folder)
    profiles = [p for p in folder.glob("*.xml") if ET.parse(p).getroot().tag == "utility_space"]
    assert len(scenario.parties) == len(profiles) >= 2
    assert all(p.name for p in scenario.parties)
    for prefs in scenario.preferences.values():
        assert bool(prefs.terms) != bool(prefs.weights), "a profile is additive or non-linear"
