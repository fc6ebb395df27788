"""The fast Pareto filter against an all-pairs oracle, on random sets with many ties and duplicates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

from accord.analysis import pareto
from accord.analysis.pareto import nondominated
from tests.oracle import dominates, nondominated_rows

FloatArray = NDArray[np.float64]

_tied = st.sampled_from([-1.0, 0.0, 0.25, 0.5, 1.0])
_spread = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def point_sets(draw: st.DrawFn, max_rows: int = 60) -> FloatArray:
    """(n, d) vectors, 1-6 dimensions: few levels (ties and duplicates), or arbitrary finite floats."""
    d = draw(st.integers(1, 6))
    n = draw(st.integers(0, max_rows))
    elements = draw(st.sampled_from([_tied, _spread, _tied | _spread]))
    points: FloatArray = draw(hnp.arrays(np.float64, (n, d), elements=elements))
    if n and draw(st.booleans()):
        # Repeat some rows, so that equal vectors are not only the product of chance.
        points = points[draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=2 * n))]
    return points


@settings(max_examples=300)
@given(point_sets())
def test_nondominated_matches_the_all_pairs_oracle(points: FloatArray) -> None:
    result = nondominated(points)
    assert result.dtype == np.int64
    assert result.tolist() == nondominated_rows(points.tolist())


@settings(max_examples=200)
@given(point_sets())
def test_members_are_never_dominated_and_every_other_row_is_dominated_or_a_repeat(points: FloatArray) -> None:
    members = nondominated(points).tolist()
    rows = points.tolist()
    assert members == sorted(set(members))
    for i in members:
        assert not any(dominates(other, rows[i]) for other in rows)
        assert rows[i] not in rows[:i], "the first of equal vectors represents them"
    for j in set(range(len(rows))) - set(members):
        assert any(dominates(rows[i], rows[j]) or rows[i] == rows[j] for i in members)


@pytest.mark.parametrize("work", [1, 64, 1000])
@settings(max_examples=40)
@given(points=point_sets(max_rows=300))
def test_small_batches_give_the_same_frontier(work: int, points: FloatArray) -> None:
    """Batches of 16 candidates and sweeps of a few rows exercise every merge of the n-d filter."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pareto, "_WORK", work)
        assert nondominated(points).tolist() == nondominated_rows(points.tolist())


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_empty_set_has_empty_frontier(d: int) -> None:
    result = nondominated(np.zeros((0, d)))
    assert result.dtype == np.int64
    assert result.shape == (0,)


def test_hand_checked_frontier_keeps_the_first_of_equal_vectors() -> None:
    points = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 0.5, 0.5]])
    assert nondominated(points).tolist() == [0, 1, 4]


def test_hand_checked_two_parties() -> None:
    points = np.array([[3.0, 1.0], [1.0, 3.0], [2.0, 2.0], [2.0, 1.0], [3.0, 0.0], [1.0, 3.0]])
    assert nondominated(points).tolist() == [0, 1, 2]


def test_one_party_keeps_the_first_best() -> None:
    assert nondominated(np.array([[1.0], [2.0], [0.0], [2.0]])).tolist() == [1]


def test_many_mutually_non_dominated_vectors_across_batches() -> None:
    """2,000 points on a sphere: all on the frontier, more than one batch of the n-d filter."""
    rng = np.random.default_rng(7)
    points = np.abs(rng.normal(size=(2000, 4)))
    points /= np.linalg.norm(points, axis=1)[:, None]
    assert nondominated(points).tolist() == nondominated_rows(points.tolist())
