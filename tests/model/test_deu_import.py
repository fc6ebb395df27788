"""DEU proposals as scenarios: one per proposal, an ordered point per issue, the same numbers back."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.forecast.backtest import deu_issue
from accord.analysis.forecast.issue import issues_of
from accord.model.deu import load_deu, parse_deu
from accord.model.deu_import import deu_scenarios, proposal_id
from accord.model.files import dump_scenario, parse_scenario
from tests.deu_data import TABLE, needs_deu, tsv

ROWS = [
    ["", "", "", "", "", "", '"4.1"', '"4.1"', '"2.8"', "", "", "", "", ""],
    ["1", "1", '"d 1/x"', '"quotas"', '"d1i1"', "", "100", "0", "50", "50", "80", "", "40", "40"],
    ["1", "2", '"d 1/x"', '"quotas"', '"d1i2"', "", "", "30", "", "", "", "", "", ""],
    ["2", "1", '"d2"', '"empty"', '"d2i1"', "", "", "", "", "", "", "", "", "50"],
]


def test_one_scenario_per_proposal_with_positions() -> None:
    scenarios = deu_scenarios(parse_deu(tsv(*ROWS), "t.tsv"))
    assert list(scenarios) == ["d-1-x"]  # d2 has no position: no scenario
    scenario = scenarios["d-1-x"]
    assert [p.id for p in scenario.parties] == ["com", "de", "fr"]
    assert scenario.party("fr").capability == 2.8 and scenario.party("com").name == "European Commission"
    first, _ = scenario.points
    assert [(o.id, o.position) for o in first.options] == [
        ("at-0", 0),
        ("at-40", 40),
        ("at-50", 50),
        ("at-100", 100),
    ]
    assert first.description is not None and "reference point 40; outcome 40" in first.description
    assert scenario.preferences["fr"].weights == {"d1i1": 0.0}  # no salience recorded
    assert scenario.preferences["de"].weights == {"d1i1": 0.8, "d1i2": 0.0}
    assert scenario.preferences["com"].values["d1i1"] == {
        "at-0": 0.0,
        "at-40": 0.4,
        "at-50": 0.5,
        "at-100": 1.0,
    }


def test_the_written_scenario_reads_back_the_same() -> None:
    scenario = deu_scenarios(parse_deu(tsv(*ROWS), "t.tsv"))["d-1-x"]
    assert parse_scenario(dump_scenario(scenario), "x.yaml") == scenario


def test_identifiers_are_cleaned() -> None:
    assert proposal_id("COM(2004) 123") == "COM-2004--123"
    assert proposal_id("///") == "unnamed"


@needs_deu
def test_the_scenarios_give_the_backtest_its_issues() -> None:
    table = load_deu(TABLE)
    scenarios = deu_scenarios(table)
    assert len(scenarios) == 71
    rows = {(proposal_id(r.proposal), proposal_id(r.issue)): r for r in table.issues}
    checked = 0
    for name, scenario in scenarios.items():
        for point, issue in issues_of(scenario):
            direct = deu_issue(rows[(name, point.id)], table)
            assert direct is not None and direct.actors == issue.actors
            assert np.array_equal(direct.positions, issue.positions)
            assert direct.saliences == pytest.approx(issue.saliences)
            assert np.array_equal(direct.capabilities, issue.capabilities)
            checked += 1
    assert checked == sum(1 for r in table.issues if r.positions)


def test_codes_alike_once_cleaned_and_positions_alike_once_shown() -> None:
    rows = [
        ["1", "1", '"d 1"', '"a"', '"i1"', "", "33.33331", "33.33332", "", "", "", "", "", ""],
        ["2", "1", '"d-1"', '"b"', '"i1"', "", "10", "", "", "", "", "", "", ""],
    ]
    scenarios = deu_scenarios(parse_deu(tsv(*rows), "t.tsv"))
    assert list(scenarios) == ["d-1", "d-1-2"]
    assert [o.id for o in scenarios["d-1"].points[0].options] == ["at-33.3333-1", "at-33.3333-2"]


def test_the_reference_point_is_labelled() -> None:
    point = deu_scenarios(parse_deu(tsv(*ROWS), "t.tsv"))["d-1-x"].points[0]
    assert [o.label for o in point.options] == [
        "Position 0",
        "Position 40 (the reference point)",
        "Position 50",
        "Position 100",
    ]
