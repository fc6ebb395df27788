"""Pareto frontier of a finite set of utility vectors.

One representative per distinct non-dominated vector is kept (the one listed first), so packages that tie
on every party's utility are reported once. Two parties: one sort and a running maximum, O(n log n).
Three or more: sort-filter by decreasing utility sum (Chomicki et al. 2003), with the candidates taken in
batches and every batch's frontier members sweeping the rest at once, so the work stays in NumPy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_WORK = 1 << 22
"""Elements of a dominance comparison done in one NumPy call (bounds memory to a few tens of MB)."""

_FIRST_BATCH = 32
"""Size of the first batch of the sort-filter; each next batch is twice as large, up to 1024."""


def nondominated(points: FloatArray) -> IntArray:
    """Indices (ascending) of the non-dominated rows of ``points`` (n, d), one per distinct vector.

    Row ``a`` dominates row ``b`` when ``a >= b`` everywhere and ``a > b`` somewhere. Of rows with equal
    vectors only the first is returned.
    """
    points = np.asarray(points, dtype=np.float64)
    n, d = points.shape
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if d == 1:
        return np.flatnonzero(points[:, 0] == points[:, 0].max())[:1].astype(np.int64)
    # Sort best-first: by decreasing sum, then decreasing coordinates, then index. A dominating vector has
    # a larger sum, or an equal (rounded) sum and a larger first differing coordinate: it always comes first.
    keys = [np.arange(n), *(-points[:, j] for j in reversed(range(d))), -points.sum(axis=1)]
    if d == 2:
        keys.pop()
    order = np.lexsort(keys)
    ranked = points[order]
    first = np.ones(n, dtype=bool)
    first[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    order, ranked = order[first], ranked[first]
    keep = _front_2d(ranked) if d == 2 else _front_nd(ranked)
    return np.sort(order[keep])


def _front_2d(ranked: FloatArray) -> IntArray:
    """Distinct vectors sorted by (x desc, y desc): a vector survives if its y beats every earlier y."""
    y = ranked[:, 1]
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], y[:-1])))
    return np.flatnonzero(y > best_before)


def _front_nd(ranked: FloatArray) -> IntArray:
    """Distinct vectors sorted best-first: sweep the rest with each batch's non-dominated members."""
    alive = np.arange(len(ranked))
    columns = np.ascontiguousarray(ranked.T)
    front: list[IntArray] = []
    size = _FIRST_BATCH
    while alive.size:
        # Small batches first: the best-ranked vectors sweep most of the rest away before any batch is
        # compared with itself at full size (a batch costs its size squared).
        batch_size = int(np.clip(_WORK // max(alive.size, 1), 16, min(size, 1024)))
        size *= 2
        batch, rest = alive[:batch_size], alive[batch_size:]
        members = columns[:, batch]
        # Within a batch, a later vector can be dominated by an earlier one (distinct, so >= means dominated).
        covered = _covered(members, members)
        np.fill_diagonal(covered, False)
        new = batch[~covered.any(axis=1)]
        front.append(new)
        alive = rest[~_dominated_by(columns[:, rest], columns[:, new])] if rest.size else rest
    return np.concatenate(front)


def _dominated_by(candidates: FloatArray, front: FloatArray) -> NDArray[np.bool_]:
    """For each candidate column: is some (distinct) front column at least as good on every coordinate?"""
    result = np.zeros(candidates.shape[1], dtype=bool)
    step = max(1, _WORK // max(front.size, 1))
    for start in range(0, candidates.shape[1], step):
        result[start : start + step] = _covered(candidates[:, start : start + step], front).any(axis=1)
    return result


def _covered(candidates: FloatArray, front: FloatArray) -> NDArray[np.bool_]:
    """(n, f) whether front column j is at least as good as candidate column i on every coordinate.

    Vectors are columns (d, n) so that each coordinate is one contiguous row: one comparison per coordinate
    over (n, f) is several times faster than one over (n, f, d) reduced along d.
    """
    covered = candidates[0, :, None] <= front[0, None, :]
    for j in range(1, len(front)):
        covered &= candidates[j, :, None] <= front[j, None, :]
    return covered
