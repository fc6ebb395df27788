"""Groups of points coupled by terms: a partition of the points, and tables whose sums are the utilities."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from accord.analysis.groups import coupled_points, groups
from accord.model.compiled import compile_scenario
from accord.model.errors import TooLargeError
from accord.model.scenario import Scenario
from tests.oracle import solve
from tests.strategies import scenarios


@settings(max_examples=100)
@given(scenarios())
def test_groups_partition_the_points_and_keep_every_term_inside_one(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    found = coupled_points(compiled)
    assert sorted(int(k) for g in found for k in g) == list(range(len(compiled.points)))
    assert [int(g[0]) for g in found] == sorted(int(g[0]) for g in found)
    home = {int(k): n for n, g in enumerate(found) for k in g}
    for p, t in zip(*np.nonzero(compiled.term_weight), strict=True):
        assert len({home[int(k)] for k in compiled.term_points(int(p), int(t))}) <= 1


@settings(max_examples=100)
@given(scenarios())
def test_the_sum_of_the_group_tables_is_every_packages_utility(scenario: Scenario) -> None:
    oracle = solve(scenario)
    tables = groups(oracle.compiled)
    rows = [{tuple(d): u for d, u in zip(g.digits.tolist(), g.units.tolist(), strict=True)} for g in tables]
    for package in oracle.packages:
        total = [0.0] * len(oracle.compiled.parties)
        for group, row in zip(tables, rows, strict=True):
            part = row[tuple(package.choice[int(k)] for k in group.points)]
            total = [a + b for a, b in zip(total, part, strict=True)]
        assert tuple(total) == package.units


def test_terms_coupling_too_many_combinations_are_refused() -> None:
    points = [
        {
            "id": f"p{k}",
            "number": k,
            "title": f"P{k}",
            "options": [{"id": f"o{o}", "label": f"O{o}"} for o in range(4)],
        }
        for k in range(1, 6)
    ]
    scenario = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "Coupled",
            "parties": [{"id": "a", "name": "A"}],
            "documents": [{"id": "d", "title": "D", "points": points}],
            "preferences": {
                "a": {
                    "terms": [
                        {"weight": 1, "when": {f"p{k}": ["o0"], f"p{k + 1}": ["o1"]}} for k in range(1, 5)
                    ]
                }
            },
        }
    )
    compiled = compile_scenario(scenario)
    assert [g.tolist() for g in coupled_points(compiled)] == [[0, 1, 2, 3, 4]]
    with pytest.raises(TooLargeError, match="1,024 combinations"):
        groups(compiled, limit=1000)
    assert len(groups(compiled)[0].digits) == 4**5
    assert list(itertools.islice((tuple(d) for d in groups(compiled)[0].digits.tolist()), 2)) == [
        (0,) * 5,
        (0, 0, 0, 0, 1),
    ]
