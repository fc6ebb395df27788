"""The GENIUS importer: every shared ANAC domain reads; bad input gets one located message naming the file."""

from __future__ import annotations

import shutil
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import accord
from accord.model.errors import ScenarioError
from accord.model.genius import load_genius, load_genius_files
from accord.model.genius.domain import read_issues
from accord.model.genius.profiles import read_profile
from accord.model.genius.xml import parse_xml
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


def _domain(issues: str) -> str:
    return (
        '<negotiation_template><utility_space><objective index="0" name="Deal">'
        f"{issues}</objective></utility_space></negotiation_template>"
    )


def _profile(issues: str, weights: str) -> str:
    return f'<utility_space><objective index="0" name="Deal">{issues}{weights}</objective></utility_space>'


def _message(folder: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_genius(folder)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        (
            '<issue index="1" name="N" type="integer" lowerbound="-1e308" upperbound="1e308"/>',
            'd.xml:1:71: <issue name="N">: -1e+308 to 1e+308: over 10^12 values, '
            "more than Accord lists (100,000)",
        ),
        (
            '<issue index="1" name="X" type="real"><range lowerbound="-1e308" upperbound="1e308"/></issue>',
            'd.xml:1:71: <issue name="X">: the range -1e+308 to 1e+308 is too wide to discretise',
        ),
    ],
)
def test_bounds_near_the_largest_float_are_one_located_message(
    tmp_path: Path, issue: str, expected: str
) -> None:
    (tmp_path / "d.xml").write_text(_domain(issue), encoding="utf-8")
    (tmp_path / "p.xml").write_text(_profile(issue, '<weight index="1" value="1"/>'), encoding="utf-8")
    message = _message(tmp_path)
    assert message == f"{tmp_path}/{expected}"


def test_xml_nested_200000_deep_is_one_located_message(tmp_path: Path) -> None:
    deep = "<objective>" * 200_000 + "</objective>" * 200_000
    (tmp_path / "d.xml").write_text(f"<negotiation_template>{deep}</negotiation_template>", encoding="utf-8")
    (tmp_path / "p.xml").write_text(_profile("", ""), encoding="utf-8")
    assert _message(tmp_path).startswith(f"{tmp_path}/d.xml:1:")
    assert _message(tmp_path).endswith(
        "elements are nested more than 100 deep (GENIUS files nest a few levels)"
    )


def test_a_5000_digit_number_is_quoted_short(tmp_path: Path) -> None:
    issue = f'<issue index="{"9" * 5000}" name="Food"><item value="a"/></issue>'
    (tmp_path / "d.xml").write_text(_domain(issue), encoding="utf-8")
    (tmp_path / "p.xml").write_text(_profile("", ""), encoding="utf-8")
    message = _message(tmp_path)
    assert (
        "attribute 'index' should be a whole number, found '99999999999999999999... (5,000 characters)'"
        in message
    )
    assert len(message) < 300


def test_a_declaration_after_a_comment_reads_as_genius_reads_it(tmp_path: Path) -> None:
    """The ANAC 2014 profiles as GENIUS ships them open with a comment, then the XML declaration."""
    shutil.copytree(LUNCH, tmp_path / "lunch")
    alice = tmp_path / "lunch" / "alice.xml"
    alice.write_text("\n<!-- profile 1 -->\n" + alice.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_genius(tmp_path / "lunch") == load_genius(LUNCH)


def test_weights_outside_the_tolerance_are_rescaled_on_request_and_said(tmp_path: Path) -> None:
    shutil.copytree(BAD / "weights-sum", tmp_path / "w")
    scenario = load_genius(tmp_path / "w", rescale_weights=True)
    bob = scenario.preferences["bob"]
    assert sum(bob.weights.values()) == pytest.approx(1.0, abs=1e-15)
    assumptions = {a.id: a.text for a in scenario.assumptions if a.id in bob.assumptions}
    assert any(
        text.startswith("bob: issue weights sum to 1.5, outside GENIUS's 0.98 to 1.02: divided by their sum")
        for text in assumptions.values()
    )
    assert accord.load(tmp_path / "w", rescale_weights=True) == scenario
    alice = scenario.preferences["alice"]
    assert not any("divided" in a.text for a in scenario.assumptions if a.id in alice.assumptions)


def test_weights_summing_to_zero_cannot_be_rescaled(tmp_path: Path) -> None:
    shutil.copytree(LUNCH, tmp_path / "z")
    alice = tmp_path / "z" / "alice.xml"
    alice.write_text(
        alice.read_text(encoding="utf-8")
        .replace('value="0.6"', 'value="0"')
        .replace('value="0.4"', 'value="0"'),
        encoding="utf-8",
    )
    message = _message_with(tmp_path / "z", rescale_weights=True)
    assert message.endswith("issue weights sum to 0; they must sum to 1 (GENIUS accepts 0.98 to 1.02)")


def _message_with(folder: Path, **options: bool) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_genius(folder, **options)
    return str(caught.value.problems[0])


class _TooSlow(Exception):
    pass


def test_duplicate_checks_are_linear_in_the_items_of_an_issue(tmp_path: Path) -> None:
    """100,000 items (the documented maximum): a quadratic check (``labels.index`` per item) takes minutes;
    the alarm only guards against that, it measures nothing."""
    count = 100_000
    items = "".join(f'<item value="v{i}"/>' for i in range(count))
    evaluated = "".join(f'<item value="v{i}" evaluation="{i + 1}"/>' for i in range(count))
    domain = parse_xml(_domain(f'<issue index="1" name="F">{items}</issue>').encode(), "d.xml")
    profile = parse_xml(
        _profile(f'<issue index="1" name="F">{evaluated}</issue>', '<weight index="1" value="1"/>').encode(),
        "p.xml",
    )

    def stop(*_: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        issues = read_issues(domain)
        read = read_profile(profile, issues)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(issues[0].labels) == count
    assert read.values[1][-1] == 1.0 and read.values[1][0] == 1 / count


def test_files_as_genius_ships_them_read_as_genius_reads_them(tmp_path: Path) -> None:
    """A bare ``&`` (ANAC 2013 SmartPhone: "AT & T Mobility"), attributes written together (ANAC 2011 Car:
    ``type="discrete"vtype=...``) and Windows-1252 bytes without a declaration (ANAC 2015 zoning plan:
    "\\x8010,000") are read as GENIUS's lenient parser reads them; none is well-formed XML."""
    shutil.copytree(LUNCH, tmp_path / "lunch")
    for path in (tmp_path / "lunch").glob("*.xml"):
        text = path.read_text(encoding="utf-8").replace('<?xml version="1.0" encoding="UTF-8"?>\n', "")
        text = text.replace('value="Pasta"', 'value="Pasta & co"').replace(
            'value="Soup"', 'value="\u20acSoup"'
        )
        text = text.replace('type="discrete" etype="discrete"', 'type="discrete"etype="discrete"')
        path.write_bytes(text.encode("cp1252"))
    scenario = load_genius(tmp_path / "lunch")
    assert [o.label for o in scenario.points[0].options] == ["Pasta & co", "\u20acSoup"]
    assert scenario.preferences["alice"].values["Food"] == {"Pasta_co": 1.0, "Soup": 1 / 3}
