"""Points that non-linear terms connect, taken together: the package space as a product of groups.

A term couples the points it constrains; points coupled directly or through other terms form a group (the
connected components of the graph whose edges are terms). Every party's utility is then additive over groups:
a group's contribution to a combination of its options is the additive part of its points plus the weights of
the terms that hold on it. A purely additive scenario has one group per point. Groups are listed by their
first point, their points in scenario order, and their combinations in mixed radix (the last point fastest).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.space import choices
from accord.model.compiled import CompiledScenario
from accord.model.errors import TooLargeError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

MAX_COMBINATIONS = 1 << 22
"""Most option combinations of one group tabulated (about 4 million): terms that couple more points than this
allows need the optimisation engine."""


@dataclass(frozen=True)
class Group:
    """Points coupled by terms, with every allowed combination of their options and its contribution."""

    points: IntArray
    """(g,) point indices, ascending."""
    digits: IntArray
    """(n, g) option index of each point of each combination."""
    units: FloatArray
    """(n, P) contribution of each combination to each party's utility, in whole units."""


def coupled_points(compiled: CompiledScenario) -> list[IntArray]:
    """The groups of points that terms couple (singletons for points no term couples), by first point."""
    parent = list(range(len(compiled.points)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for p, t in zip(*np.nonzero(compiled.term_weight), strict=True):
        constrained = compiled.term_points(int(p), int(t))
        for k in constrained[1:]:
            parent[root(int(k))] = root(int(constrained[0]))
    members: dict[int, list[int]] = {}
    for k in range(len(parent)):
        members.setdefault(root(k), []).append(k)
    return sorted((np.array(group, dtype=np.int64) for group in members.values()), key=lambda g: int(g[0]))


def groups(
    compiled: CompiledScenario, options: BoolArray | None = None, *, limit: int = MAX_COMBINATIONS
) -> list[Group]:
    """Every group with its combinations of the options marked in ``options`` (K, M); all options if None.

    A term with no constrained point (it always holds) is counted in the first group.
    """
    found = coupled_points(compiled)
    home = {int(k): g for g, points in enumerate(found) for k in points}
    assigned: list[list[tuple[int, int]]] = [[] for _ in found]
    for p, t in zip(*np.nonzero(compiled.term_weight), strict=True):
        constrained = compiled.term_points(int(p), int(t))
        assigned[home[int(constrained[0])] if constrained.size else 0].append((int(p), int(t)))
    return [
        _group(compiled, points, terms, options, limit) for points, terms in zip(found, assigned, strict=True)
    ]


def _group(
    compiled: CompiledScenario,
    points: IntArray,
    terms: list[tuple[int, int]],
    options: BoolArray | None,
    limit: int,
) -> Group:
    sizes = compiled.sizes[points]
    total = math.prod(int(s) for s in sizes)
    if total > limit:
        names = ", ".join(compiled.points[int(k)] for k in points)
        raise TooLargeError(
            f"non-linear terms couple points {names}: {total:,} combinations, "
            f"more than the limit of {limit:,}"
        )
    digits = choices(np.arange(total, dtype=np.int64), sizes)
    if options is not None:
        digits = digits[np.all(options[points, digits], axis=1)]
    units = np.zeros((len(digits), len(compiled.parties)))
    for column, k in enumerate(points):
        units += compiled.units[:, k, digits[:, column]].T
    for p, t in terms:
        holds = np.all(compiled.term_admits[p, t, points, digits], axis=1)
        units[holds, p] += compiled.term_units[p, t]
    return Group(points=points, digits=digits, units=units)
