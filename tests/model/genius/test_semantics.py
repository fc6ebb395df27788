"""Cross-check on the shared ANAC domains: Accord's utilities equal GENIUS's, evaluated here straight from
the XML, and Accord's frontier is exactly the non-dominated set of every package.

The evaluation below is written from GENIUS's source (``AdditiveUtilitySpace.getUtility``,
``EvaluatorDiscrete.normalize``, ``EvaluatorInteger.getEvaluation``) and shares no code with the importer.
GENIUS caps a utility above 1 at 1; Accord keeps the sum, and says so, for the profiles whose weights add up
to more than 1 - the only ones the cap can touch.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from accord.analysis.frontier import product_frontier
from accord.analysis.space import blocks
from accord.model.compiled import compile_scenario
from accord.model.genius import load_genius
from tests.genius_data import domain_folders, name, needs_data, packages

FloatArray = NDArray[np.float64]
ENUMERABLE = [f for f in domain_folders() if f.parent.name != "y2014"]
SLOW = 50_000


def cases() -> list[object]:
    return [
        pytest.param(f, id=name(f), marks=[pytest.mark.slow] if packages(f) > SLOW else [])
        for f in ENUMERABLE
    ]


def genius_utilities(folder: Path) -> dict[str, FloatArray]:
    """Each profile's utility of every package (last issue fastest), by GENIUS's rules, uncapped."""
    roots = {path.stem: ET.parse(path).getroot() for path in folder.glob("*.xml")}
    domain = next(root for root in roots.values() if root.tag == "negotiation_template")
    issues = list(domain.iter("issue"))
    sizes = [
        len(i.findall("item"))
        if i.get("type", "discrete") == "discrete"
        else int(i.get("upperbound")) - int(i.get("lowerbound")) + 1
        for i in issues
    ]
    digits = np.indices(sizes).reshape(len(sizes), -1)
    result = {}
    for stem, root in roots.items():
        if root.tag != "utility_space":
            continue
        weights = {int(w.get("index")): float(w.get("value")) for w in root.iter("weight")}
        total = np.zeros(digits.shape[1])
        for k, issue in enumerate(issues):
            mine = next(i for i in root.iter("issue") if i.get("index") == issue.get("index"))
            total += weights[int(issue.get("index"))] * evaluations(issue, mine)[digits[k]]
        result[stem] = total
    return result


def evaluations(domain_issue: ET.Element, issue: ET.Element) -> FloatArray:
    """The evaluation of each value of one issue (domain order)."""
    if issue.get("type", "discrete") == "discrete":
        # Direct children only (GENIUS's getChildByTagName): Car's profiles nest similarity items too.
        given = {item.get("value"): float(item.get("evaluation")) for item in issue.findall("item")}
        top = max(given.values())
        values = [given[item.get("value")] for item in domain_issue.findall("item")]
        return np.array([0.0 if top < 0.00001 else v / top for v in values])
    low, high = int(issue.get("lowerbound")), int(issue.get("upperbound"))
    evaluator = issue.find("evaluator")
    slope, offset = float(evaluator.get("slope")), float(evaluator.get("offset"))
    return np.array([min(max(slope * (x - low) + offset, 0.0), 1.0) for x in range(low, high + 1)])


@needs_data
@pytest.mark.parametrize("folder", cases())
def test_utilities_are_genius_utilities_and_the_frontier_is_the_nondominated_set(folder: Path) -> None:
    scenario = load_genius(folder)
    compiled = compile_scenario(scenario)
    ours = np.concatenate([part.utilities for part in blocks(compiled)], axis=1)
    theirs = genius_utilities(folder)
    for p, party in enumerate(compiled.parties):
        expected = theirs[scenario.party(party).name]
        assert np.max(np.abs(ours[p] - expected)) <= 1e-12
        if expected.max() > 1:
            assert any("caps a utility" in a.text and party in a.text for a in scenario.assumptions)
    frontier = product_frontier(compiled)
    assert_exact_frontier(ours.T, frontier.utilities)
    assert np.array_equal(np.array([compiled.utility_of(c) for c in frontier.choices]), frontier.utilities)


def assert_exact_frontier(every: FloatArray, front: FloatArray, chunk: int = 2048) -> None:
    """``front`` is the non-dominated set of ``every``: its vectors are distinct, no package dominates one of
    them, and every package is matched or dominated by one of them (checked against every package)."""
    assert len({tuple(row) for row in front.tolist()}) == len(front)
    for start in range(0, len(every), chunk):
        part = every[start : start + chunk]
        at_least = np.all(part[:, None, :] >= front[None, :, :], axis=2)
        better = np.any(part[:, None, :] > front[None, :, :], axis=2)
        assert not np.any(at_least & better), "a package dominates a frontier member"
        covered = np.all(front[None, :, :] >= part[:, None, :], axis=2)
        assert np.all(covered.any(axis=1)), "a package is neither on the frontier nor dominated"
