from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.analysis.propose import improvement, package_choice, propose, single_text
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from tests.analysis.mip_oracle import packages
from tests.strategies import scenarios

MIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def keeps_locks_and_red_lines(compiled: CompiledScenario, choice: tuple[int, ...]) -> bool:
    """Red lines, and the locks of points where no two parties agreed to different options."""
    for k, o in enumerate(choice):
        locks = set(compiled.locked[:, k].tolist()) - {-1}
        if len(locks) == 1 and o not in locks:
            return False
        if not compiled.allowed[:, k, o].all():
            return False
    return True


@MIP
@given(scenarios(max_packages=300, quorum=False))
def test_single_text_is_the_maximin_package(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    text = single_text(compiled)
    held = [c for c in packages(compiled) if keeps_locks_and_red_lines(compiled, c)]
    if held:
        assert text.red_lines_held
        best = max((compiled.utility_of(c) - compiled.reservation).min() for c in held)
        assert math.isclose(text.gains.min(), best, abs_tol=1e-6)
    else:
        assert not text.red_lines_held


@MIP
@given(scenarios(max_packages=300, quorum=False))
def test_improvement_never_makes_anyone_worse(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    held = [c for c in packages(compiled) if keeps_locks_and_red_lines(compiled, c)]
    if not held:
        return
    base = held[0]
    better = improvement(compiled, np.array(base))
    u0 = compiled.utility_of(base)
    candidates = [compiled.utility_of(c) - u0 for c in held]
    # an improvement is any exact gain past the grid's bound, however small (the solver may or may not see it)
    can_improve = any((g >= -compiled.tolerance).all() and (g > compiled.tolerance).any() for g in candidates)
    if better is None:
        assert not any((g >= -1e-12).all() and g.min() > 1e-6 for g in candidates)
        return
    assert can_improve
    assert (better.gains >= -compiled.tolerance).all() and (better.gains > 0).any()
    best_min = max(g.min() for g in candidates if (g >= -1e-12).all())
    assert math.isclose(better.gains.min(), best_min, abs_tol=1e-6)


def test_propose_on_the_example_holds_what_ukraine_and_the_us_agreed() -> None:
    result = propose(load_scenario(example_path())).to_dict()
    assert result["single_text"]["package"]["ceasefire"] == "immediate"
    assert result["improvement"] is None and result["agreement"] is None


def test_an_incomplete_agreement_is_refused() -> None:
    compiled = compile_scenario(load_scenario(example_path()))
    with pytest.raises(AccordError, match="does not settle point"):
        package_choice(compiled, {"territory": "freeze-line"})


@MIP
@given(scenarios(max_packages=300, quorum=False))
def test_a_text_crossing_red_lines_says_whose_and_comes_with_the_best_that_crosses_none(
    scenario: Scenario,
) -> None:
    compiled = compile_scenario(scenario)
    result = propose(scenario)
    text = result.text
    crossed = {
        (compiled.parties[p], compiled.points[k])
        for p in range(len(compiled.parties))
        for k, o in enumerate(text.choice)
        if not compiled.allowed[p, k, o]
    }
    assert {(s.party, s.point) for s in text.crosses} == crossed
    assert text.red_lines_held == (not crossed)
    within = [c for c in packages(compiled) if all(compiled.allowed[:, k, o].all() for k, o in enumerate(c))]
    if not crossed or not within:
        assert result.within_red_lines is None
        return
    found = result.within_red_lines
    assert found is not None and not found.crosses
    best = max((compiled.utility_of(c) - compiled.reservation).min() for c in within)
    assert math.isclose(found.gains.min(), best, abs_tol=1e-6)


AGREED_AGAINST_A_RED_LINE = """format: accord/1
title: Agreed against a red line
parties: [{id: a, name: A}, {id: b, name: B}]
documents:
  - id: d
    title: D
    points:
      - {id: p1, number: 1, title: P1, options: [{id: x, label: X}, {id: y, label: Y}, {id: z, label: Z}]}
      - {id: p2, number: 2, title: P2, options: [{id: yes, label: Yes}, {id: no, label: No}]}
agreements: [{point: p1, option: x, parties: [a]}]
preferences:
  a: {weights: {p1: 0.5, p2: 0.5}, values: {p1: {x: 1, y: 0.5, z: 0}, p2: {yes: 1, no: 0}}}
  b:
    weights: {p1: 0.5, p2: 0.5}
    values: {p1: {x: 0, y: 0.6, z: 1}, p2: {yes: 0.2, no: 1}}
    red_lines: [{point: p1, reject: [x]}]
"""


def agreed_against_a_red_line(folder: Path) -> Path:
    """a agreed to x on p1, which b's red line rejects: the single text crosses b's red line."""
    path = folder / "agreed.yaml"
    path.write_text(AGREED_AGAINST_A_RED_LINE, encoding="utf-8")
    return path


def test_the_single_text_names_the_red_line_it_crosses(tmp_path: Path) -> None:
    data = propose(load_scenario(agreed_against_a_red_line(tmp_path))).to_dict()
    assert data["single_text"]["package"]["p1"] == "x"
    assert data["single_text"]["crosses"] == [{"party": "b", "point": "p1", "option": "x"}]
    assert data["single_text"]["reopens"] == []
    within = data["within_red_lines"]
    assert within["package"]["p1"] != "x" and within["crosses"] == []
    assert within["reopens"] == [{"party": "a", "point": "p1", "option": "x"}]


def test_the_example_text_crosses_ukraines_red_line_on_territory() -> None:
    data = propose(load_scenario(example_path())).to_dict()
    assert data["single_text"]["crosses"] == [
        {"party": "ukraine", "point": "territory", "option": "cede-claimed"}
    ]
    assert data["within_red_lines"] is None  # ukraine's and russia's red lines on territory leave no option
