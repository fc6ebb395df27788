"""The package space: every way of settling every point, enumerated in bounded blocks.

Packages are numbered in mixed radix, the last point changing fastest. A block is a run of consecutive
packages built as (a range of combinations of the leading points) x (every combination of the trailing
points), so a block's utilities are one broadcast addition of two small tables: enumeration costs a few
nanoseconds a package and memory stays bounded whatever the size of the space. Non-linear terms hold on a
package when they hold on both its leading and its trailing part, so their contribution to a block is one
matrix product per party of (leading part: weights of the terms that hold) by (trailing part: whether they
hold). Utilities are added in whole units of the compiled grid, where those sums are exact in any order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.model.compiled import CompiledScenario
from accord.model.errors import TooLargeError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

BLOCK = 1 << 20
"""Packages in one block (about 8 MB of utilities per party)."""

MAX_PACKAGES = 10**9
"""Largest space enumerated unless the caller raises the limit."""


@dataclass(frozen=True)
class Block:
    """Consecutive packages ``start .. start + n - 1`` with each party's utility and acceptance."""

    start: int
    units: FloatArray
    """(P, n) utility of each party for each package, in whole units (``CompiledScenario.to_utilities``)."""
    accepts: BoolArray
    """(P, n) whether the party accepts the package: acceptable options and at least its reservation value."""


def choices(indices: IntArray, sizes: IntArray) -> IntArray:
    """(n, K) option index per point of each package number in ``indices``."""
    indices = np.asarray(indices, dtype=np.int64)
    digits = np.empty((len(indices), len(sizes)), dtype=np.int64)
    rest = indices.copy()
    for k in reversed(range(len(sizes))):
        rest, digits[:, k] = np.divmod(rest, sizes[k])
    return digits


def package_index(choice: IntArray | tuple[int, ...], sizes: IntArray) -> int:
    """The package number of one option index per point."""
    index = 0
    for option, size in zip(choice, sizes, strict=True):
        index = index * int(size) + int(option)
    return index


def blocks(
    compiled: CompiledScenario, *, block: int = BLOCK, max_packages: int = MAX_PACKAGES
) -> Iterator[Block]:
    """Every package in order, in blocks of at most ``block`` packages (or one table of the last point)."""
    total = compiled.n_packages
    if total > max_packages:
        raise TooLargeError(
            f"the package space has {total:,} packages, more than the enumeration limit of {max_packages:,}"
        )
    sizes = compiled.sizes
    split = len(sizes)
    while split > 0 and math.prod(int(s) for s in sizes[split - 1 :]) <= block:
        split -= 1
    split = min(split, len(sizes) - 1)
    tail = _full_table(compiled, np.arange(split, len(sizes)))
    tail_n = tail.units.shape[1]
    head_sizes = sizes[:split]
    head_total = math.prod(int(s) for s in head_sizes)
    step = max(1, block // tail_n)
    n_parties = len(compiled.parties)
    floor = compiled.floor_units[:, None]
    for first in range(0, head_total, step):
        rows = np.arange(first, min(first + step, head_total), dtype=np.int64)
        head = _table(compiled, np.arange(split), choices(rows, head_sizes))
        units = head.units[:, :, None] + tail.units[:, None, :]
        if head.holds.shape[1]:
            weighted = np.where(head.holds, compiled.term_units[:, :, None], 0.0)
            units += np.matmul(weighted.transpose(0, 2, 1), tail.holds.astype(np.float64))
        units = units.reshape(n_parties, -1)
        options_ok = (head.ok[:, :, None] & tail.ok[:, None, :]).reshape(n_parties, -1)
        yield Block(start=first * tail_n, units=units, accepts=options_ok & (units >= floor))


def in_zone(accepts: BoolArray, compiled: CompiledScenario) -> BoolArray:
    """(n,) packages the agreement rule makes an agreement: enough parties accept, every veto player too."""
    enough: BoolArray = accepts.sum(axis=0) >= compiled.quorum
    if compiled.veto.any():
        enough &= accepts[compiled.veto].all(axis=0)
    return enough


@dataclass(frozen=True)
class _Part:
    """Combinations of some of the points: their additive utilities in units (P, n), whether every chosen
    option is acceptable (P, n), and whether each term holds on them (P, T, n)."""

    units: FloatArray
    ok: BoolArray
    holds: BoolArray


def _full_table(compiled: CompiledScenario, points: IntArray) -> _Part:
    """Every combination of ``points``, in mixed-radix order, built by broadcast outer products (one pass a
    point, no index arithmetic)."""
    n_parties, n_terms = compiled.term_units.shape
    units = np.zeros((n_parties, 1))
    ok = np.ones((n_parties, 1), dtype=bool)
    holds = np.ones((n_parties, n_terms, 1), dtype=bool)
    acceptable = compiled.acceptable
    for k in points:
        size = int(compiled.sizes[k])
        units = (units[:, :, None] + compiled.units[:, k, None, :size]).reshape(n_parties, -1)
        ok = (ok[:, :, None] & acceptable[:, k, None, :size]).reshape(n_parties, -1)
        admits = compiled.term_admits[:, :, k, None, :size]
        holds = (holds[:, :, :, None] & admits).reshape(n_parties, n_terms, units.shape[1])
    return _Part(units, ok, holds)


def _table(compiled: CompiledScenario, points: IntArray, digits: IntArray) -> _Part:
    """The combinations of ``points`` given in ``digits`` (n, len(points))."""
    n_parties, n_terms = compiled.term_units.shape
    units = np.zeros((n_parties, len(digits)))
    ok = np.ones((n_parties, len(digits)), dtype=bool)
    holds = np.ones((n_parties, n_terms, len(digits)), dtype=bool)
    acceptable = compiled.acceptable
    for column, k in enumerate(points):
        units += compiled.units[:, k, digits[:, column]]
        ok &= acceptable[:, k, digits[:, column]]
        if n_terms:
            holds &= compiled.term_admits[:, :, k, digits[:, column]]
    return _Part(units, ok, holds)
