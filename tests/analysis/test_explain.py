"""Every conflict is infeasible and minimal, every correction opens the zone and is minimal, and the cheapest
concession is the cheapest: all checked by brute force over every package."""

from __future__ import annotations

import math
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings

from accord.analysis import conflicts as conflicts_module
from accord.analysis.explain import explain, explain_compiled
from accord.analysis.program import Group, Kind
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from tests.analysis.mip_oracle import Choice, all_groups, feasible, packages, zone
from tests.strategies import scenarios

MIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lowering(compiled: CompiledScenario, choice: Choice) -> float | None:
    """Total lowering of reservation values and thresholds the package needs; None if a named red line or a
    lock excludes it (those are not lowered)."""
    total = 0.0
    utilities = compiled.utility_of(choice)
    for p in range(len(compiled.parties)):
        for k, o in enumerate(choice):
            if compiled.rejected[p, k, o] or (compiled.locked[p, k] >= 0 and compiled.locked[p, k] != o):
                return None
            if not np.isnan(compiled.thresholds[p, k]):
                total += max(0.0, compiled.thresholds[p, k] - compiled.values[p, k, o])
        total += max(0.0, compiled.reservation[p] - utilities[p])
    return total


@MIP
@given(scenarios(max_packages=200, quorum=False))
def test_conflicts_and_corrections_are_verified_by_brute_force(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    result = explain_compiled(compiled, limit=50)
    assert result.empty == (not zone(compiled))
    if not result.empty:
        assert result.conflicts == [] and result.corrections == []
        return
    groups = all_groups(compiled)
    for conflict in result.conflicts:
        assert not feasible(compiled, conflict), "a conflict must be infeasible"
        for member in conflict:
            assert feasible(compiled, conflict - {member}), f"dropping {member} must resolve the conflict"
    for correction in result.corrections:
        assert feasible(compiled, [g for g in groups if g not in correction]), (
            "a correction must open the zone"
        )
        for member in correction:
            kept = [g for g in groups if g not in correction or g == member]
            assert not feasible(compiled, kept), "a correction must be minimal"
    if result.complete:
        sizes = [len(c) for c in result.corrections]
        assert sizes == sorted(sizes)
        for conflict in result.conflicts:  # duality: every conflict meets every correction
            assert all(conflict & correction for correction in result.corrections)


@MIP
@given(scenarios(max_packages=200, quorum=False))
def test_the_cheapest_concession_is_the_cheapest(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    result = explain_compiled(compiled)
    if not result.empty:
        return
    costs = [c for c in (lowering(compiled, choice) for choice in packages(compiled)) if c is not None]
    total = next((c for c in result.concessions if c.objective == "total" and len(c.movers) > 1), None)
    if not costs:
        assert total is None
        return
    assert total is not None
    found = sum(total.reservation.values()) + sum(v for d in total.thresholds.values() for v in d.values())
    assert math.isclose(found, min(costs), abs_tol=1e-6)


def test_the_example_blocks_on_territory() -> None:
    result = explain(load_scenario(example_path()))
    assert result.empty and result.complete
    smallest = min(result.conflicts, key=len)
    assert {(g.party, g.point) for g in smallest} == {("ukraine", "territory"), ("russia", "territory")}
    assert "conflict on point territory" in result.summary()
    movers = {c.movers for c in result.concessions}
    assert ("ukraine",) in movers and ("russia",) in movers
    data = result.to_dict()
    assert {"conflicts", "corrections", "concessions", "summary"} <= set(data)


def test_the_example_names_the_option_each_move_means() -> None:
    """Issue 11: "ukraine would have to accept cede-claimed, which it values 0"."""
    result = explain(load_scenario(example_path()))
    only_ukraine = next(c for c in result.concessions if c.movers == ("ukraine",))
    (move,) = only_ukraine.moves
    assert (move.party, move.point, move.option, move.value, move.level) == (
        "ukraine",
        "territory",
        "cede-claimed",
        0.0,
        0.3,
    )
    summary = result.summary()
    assert "ukraine would have to accept cede-claimed on territory, which it values 0" in summary
    assert "utility scales" in summary  # what the least total lowering assumes
    entry = result.to_dict()["concessions"][0]
    assert entry["moves"] == [
        {"party": "ukraine", "point": "territory", "option": "cede-claimed", "value": 0.0, "level": 0.3}
    ]


TWO = """format: accord/1
title: Two
parties: [{id: a, name: A}, {id: sd, name: SD}]
documents:
  - id: d
    title: D
    points:
      - {id: p1, number: 1, title: P1, options: [{id: x, label: X}, {id: y, label: Y}, {id: z, label: Z}]}
preferences:
  a: {weights: {p1: 1}, values: {p1: {x: 1, y: 0.5, z: 0}}, red_lines: [{point: p1, reject: [z]}]}
"""


def _two_parties(tmp_path: Path, sd: str) -> Scenario:
    path = tmp_path / "two.yaml"
    path.write_text(TWO + f"  sd: {sd}\n", encoding="utf-8")
    return load_scenario(path)


def test_a_reservation_value_out_of_reach_is_said_in_one_sentence(tmp_path: Path) -> None:
    """Issue 11: "sd's reservation value (5) is above the best it can reach (0.85)"."""
    scenario = _two_parties(
        tmp_path, "{weights: {p1: 1}, values: {p1: {x: 0.2, y: 0.85, z: 0}}, reservation: 5}"
    )
    result = explain(scenario)
    assert result.conflicts == [frozenset({Group(Kind.RESERVATION, "sd")})]
    assert "because sd's reservation value (5) is above the best it can reach (0.85)." in result.summary()


def test_red_lines_no_lowering_can_open_are_said_so(tmp_path: Path) -> None:
    scenario = _two_parties(
        tmp_path,
        "{weights: {p1: 1}, values: {p1: {x: 0, y: 0.5, z: 1}}, red_lines: [{point: p1, reject: [x, y]}]}",
    )
    result = explain(scenario)
    summary = result.summary()
    assert "because a's red line on p1 and sd's red line on p1 conflict on point p1." in summary
    assert result.concessions == []
    assert "No lowering of reservation values or thresholds opens the zone" in summary


@MIP
@given(scenarios(max_packages=200, quorum=False))
def test_correction_sets_one_by_one_or_by_the_milp_are_the_same(scenario: Scenario) -> None:
    """Small correction sets are tried one by one, the rest found by the MILP: every split of the work
    between the two lists the same correction sets, smallest first, and the same conflicts."""
    compiled = compile_scenario(scenario)
    found = {}
    for budget in (0, 3, conflicts_module.SMALL_SETS):
        with mock.patch.object(conflicts_module, "SMALL_SETS", budget):
            result = explain_compiled(compiled, limit=50)
        sizes = [len(c) for c in result.corrections]
        assert sizes == sorted(sizes)
        found[budget] = (set(result.corrections), set(result.conflicts), result.complete)
    assert found[0] == found[3] == found[conflicts_module.SMALL_SETS]
