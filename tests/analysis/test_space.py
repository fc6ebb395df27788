"""Block enumeration of the package space against the brute-force oracle."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.space import BLOCK, blocks, choices, in_zone, package_index
from accord.model.compiled import compile_scenario
from accord.model.errors import TooLargeError
from accord.model.scenario import Scenario
from tests.oracle import solve
from tests.strategies import scenarios

_sizes = st.lists(st.integers(1, 6), min_size=1, max_size=5)


@settings(max_examples=60)
@given(scenarios(), st.sampled_from([1, 2, 3, 7, 64, BLOCK]))
def test_blocks_cover_every_package_once_in_order(scenario: Scenario, block: int) -> None:
    oracle = solve(scenario)
    compiled = oracle.compiled
    parts = list(blocks(compiled, block=block))
    starts = [part.start for part in parts]
    ends = [part.start + part.units.shape[1] for part in parts]
    assert starts == [0, *ends[:-1]]
    assert ends[-1] == compiled.n_packages == len(oracle.packages)
    # A block holds at most ``block`` packages, or one full table of the last point when that is larger.
    assert all(part.units.shape[1] <= max(block, int(compiled.sizes[-1])) for part in parts)
    units = np.concatenate([part.units for part in parts], axis=1)
    accepts = np.concatenate([part.accepts for part in parts], axis=1)
    assert units.T.tolist() == [list(p.units) for p in oracle.packages]
    assert accepts.T.tolist() == [list(p.accepts) for p in oracle.packages]


@settings(max_examples=100)
@given(_sizes)
def test_choices_list_packages_in_mixed_radix_order(sizes: list[int]) -> None:
    n = math.prod(sizes)
    digits = choices(np.arange(n), np.array(sizes))
    assert digits.dtype == np.int64
    assert [tuple(row) for row in digits.tolist()] == list(itertools.product(*map(range, sizes)))


@settings(max_examples=100)
@given(_sizes, st.data())
def test_package_index_inverts_choices(sizes: list[int], data: st.DataObject) -> None:
    radix = np.array(sizes)
    numbers = data.draw(st.lists(st.integers(0, math.prod(sizes) - 1), max_size=20))
    digits = choices(np.array(numbers, dtype=np.int64), radix)
    assert [package_index(row, radix) for row in digits] == numbers
    assert (
        choices(np.array([package_index(tuple(row), radix) for row in digits]), radix).tolist()
        == digits.tolist()
    )


@settings(max_examples=60)
@given(scenarios(), st.data())
def test_in_zone_counts_the_quorum_and_every_veto(scenario: Scenario, data: st.DataObject) -> None:
    compiled = compile_scenario(scenario)
    n_parties = len(compiled.parties)
    accepts = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=n_parties, max_size=n_parties))))
    accepts = accepts.reshape(-1, n_parties).T
    expected = [
        sum(column) >= compiled.quorum and all(a for a, v in zip(column, compiled.veto, strict=True) if v)
        for column in accepts.T.tolist()
    ]
    assert in_zone(accepts, compiled).tolist() == expected


@settings(max_examples=60)
@given(scenarios(), st.sampled_from([1, 5, 64]))
def test_blocks_and_in_zone_find_the_oracles_zone(scenario: Scenario, block: int) -> None:
    oracle = solve(scenario)
    zone = [
        part.start + int(i)
        for part in blocks(oracle.compiled, block=block)
        for i in np.flatnonzero(in_zone(part.accepts, oracle.compiled))
    ]
    assert zone == [p.number for p in oracle.zone]


def test_a_space_over_the_limit_is_refused() -> None:
    compiled = compile_scenario(
        Scenario.model_validate(
            {
                "format": "accord/1",
                "title": "Too large",
                "parties": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
                "documents": [
                    {
                        "id": "d",
                        "title": "D",
                        "points": [
                            {
                                "id": f"p{k}",
                                "number": k,
                                "title": f"P{k}",
                                "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
                            }
                            for k in range(1, 5)
                        ],
                    }
                ],
                "preferences": {
                    party: {"weights": {"p1": 1.0}, "values": {"p1": {"x": 1.0, "y": 0.0}}} for party in "ab"
                },
            }
        )
    )
    assert len(list(blocks(compiled, max_packages=16))) == 1
    with pytest.raises(TooLargeError, match="16 packages"):
        next(blocks(compiled, max_packages=15))
