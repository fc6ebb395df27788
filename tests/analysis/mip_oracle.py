"""Brute force over every package, for checking the optimisation engine, the explanation and the proposals."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import NDArray

from accord.analysis.program import Group, Kind
from accord.model.compiled import CompiledScenario

Choice = tuple[int, ...]


def packages(compiled: CompiledScenario) -> Iterator[Choice]:
    yield from itertools.product(*(range(int(s)) for s in compiled.sizes))


def holds(compiled: CompiledScenario, group: Group, choice: Choice) -> bool:
    """Does the package satisfy one named acceptance constraint?"""
    p = compiled.parties.index(group.party)
    if group.kind is Kind.RESERVATION:
        return bool(compiled.utility_of(choice)[p] >= compiled.floor[p])
    k = compiled.points.index(group.point or "")
    if group.kind is Kind.LOCK:
        return bool(choice[k] == compiled.locked[p, k])
    return bool(compiled.allowed[p, k, choice[k]])


def all_groups(compiled: CompiledScenario) -> list[Group]:
    groups = []
    for p, party in enumerate(compiled.parties):
        for k, point in enumerate(compiled.points):
            if not compiled.allowed[p, k, : compiled.sizes[k]].all():
                groups.append(Group(Kind.RED_LINE, party, point))
            if compiled.locked[p, k] >= 0:
                groups.append(Group(Kind.LOCK, party, point))
        groups.append(Group(Kind.RESERVATION, party))
    return groups


def feasible(compiled: CompiledScenario, kept: Iterable[Group]) -> bool:
    kept = list(kept)
    return any(all(holds(compiled, g, choice) for g in kept) for choice in packages(compiled))


def zone(compiled: CompiledScenario) -> list[Choice]:
    return [choice for choice in packages(compiled) if compiled.agreement(choice)]


def gains(compiled: CompiledScenario, choice: Choice | NDArray[np.int64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = compiled.utility_of(tuple(int(o) for o in choice)) - compiled.reservation
    return result


def leximin_key(values: NDArray[np.float64]) -> tuple[float, ...]:
    return tuple(np.sort(values).tolist())
