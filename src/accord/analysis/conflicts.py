"""Minimal correction sets and minimal conflicts of an empty zone (see :mod:`accord.analysis.explain`).

A *correction set* is a smallest set of constraint groups whose removal opens the zone; a *conflict* a
smallest set of groups that alone leave it empty. Every feasibility check here is exact (HiGHS, then each
package checked in whole units); the MILP only proposes candidates.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from accord.analysis.highs import SparseRows, maximize
from accord.analysis.program import Group, Program, Row, Scope, base_program, holds, solve

IntArray = NDArray[np.int64]

SMALL_SETS = 100
"""Candidate correction sets tried one by one (a feasibility check each, about 10 ms at 30 x 10 x 6) before
the MILP takes over; a MILP step takes about 0.6 s there."""


def _others(program: Program, kept: frozenset[Group]) -> frozenset[Group]:
    return frozenset(group for group in program.groups if group not in kept)


def feasible(program: Program, kept: frozenset[Group]) -> bool:
    """Is the zone open when only the groups in ``kept`` are imposed?"""
    return solve(program.without(_others(program, kept)), {}) is not None


def deletion_filter(program: Program) -> frozenset[Group]:
    """One minimal conflict: drop each group in turn, for good when the rest still conflict."""
    kept = set(program.groups)
    for group in sorted(program.groups):
        if not feasible(program, frozenset(kept - {group})):
            kept.discard(group)
    return frozenset(kept)


def corrections(program: Program, limit: int) -> Iterator[frozenset[Group]]:
    """Minimal correction sets, smallest first: set by set while the sets of a size are few (one cheap
    feasibility check each), then by the MILP, told which sets are known and how small the rest can be."""
    found, size = _small_corrections(program, limit)
    yield from found
    if len(found) < limit and size <= len(program.groups):
        yield from _milp_corrections(program, limit - len(found), found, size)


def _small_corrections(program: Program, limit: int) -> tuple[list[frozenset[Group]], int]:
    """The correction sets of one group, then of two, ... while a size has at most ``SMALL_SETS`` candidates
    in all; and the smallest size not tried. A candidate is a correction set when dropping it opens the zone,
    and minimal when no smaller correction set is inside it (those were all tried before it)."""
    groups = sorted(program.groups)
    found: list[frozenset[Group]] = []
    checks = 0
    for size in range(1, len(groups) + 1):
        if checks + math.comb(len(groups), size) > SMALL_SETS:
            return found, size
        for candidate in itertools.combinations(groups, size):
            dropped = frozenset(candidate)
            if any(known <= dropped for known in found):
                continue
            checks += 1
            if feasible(program, _others(program, dropped)):
                found.append(dropped)
                if len(found) >= limit:
                    return found, size
    return found, len(groups) + 1


def _milp_corrections(
    program: Program, limit: int, known: list[frozenset[Group]], smallest: int
) -> Iterator[frozenset[Group]]:
    """Further minimal correction sets, of ``smallest`` groups or more, by a MILP that may relax each group
    at a cost of 1, smallest first, each set found (and each of ``known``) blocked with its supersets."""
    relaxed = Scope(base_program(program.compiled))
    switches: dict[Group, int] = {}
    for group, rows in program.groups.items():
        switch = relaxed.variable(0.0, 1.0, integer=True)
        switches[group] = switch
        for row in rows:
            relaxed.add(_relaxable(row, switch))
    relaxed.row(dict.fromkeys(switches.values(), 1.0), low=float(smallest))
    for correction in known:
        relaxed.row(dict.fromkeys((switches[g] for g in correction), 1.0), high=len(correction) - 1.0)
    seen = set(known)
    for _ in range(limit):
        solution = solve(relaxed.program(), dict.fromkeys(switches.values(), -1.0))
        if solution is None:
            return
        found = _shrink(program, _violated(program, solution.choice))
        if found not in seen:  # a repeat only if a row held within the solver's tolerance
            seen.add(found)
            yield found
        relaxed.row(dict.fromkeys((switches[g] for g in found), 1.0), high=len(found) - 1.0)


def _violated(program: Program, choice: IntArray) -> frozenset[Group]:
    """The groups a package breaks, evaluated exactly (dropping them admits it: a correction set)."""
    return frozenset(
        g for g, rows in program.groups.items() if not all(holds(row, program, choice) for row in rows)
    )


def _shrink(program: Program, correction: frozenset[Group]) -> frozenset[Group]:
    """A minimal correction set inside ``correction``: restore each member in turn while the zone stays open.

    The MILP's optimum is minimal already; this guards against a member the solver dropped only because a
    row held within its tolerance (every check here is exact).
    """
    kept = set(correction)
    for group in sorted(correction):
        if feasible(program, _others(program, frozenset(kept - {group}))):
            kept.discard(group)
    return frozenset(kept)


def _relaxable(row: Row, switch: int) -> Row:
    """The row, made to hold whatever the options when ``switch`` is 1 (a sound big-M for these rows)."""
    if row.high < np.inf:  # sum of banned options <= 0: at most one option a point is chosen
        return Row({**row.coefficients, switch: -1.0}, row.low, row.high)
    # a lower bound with a non-negative left side: a lock (>= 1) or a reservation (utility >= floor)
    return Row({**row.coefficients, switch: float(row.low)}, row.low, row.high)


def hitting_sets(sets: list[frozenset[Group]], limit: int) -> list[frozenset[Group]]:
    """Minimal hitting sets of ``sets``, smallest first: a small MILP with one binary a group."""
    universe = sorted(frozenset().union(*sets))
    column = {g: i for i, g in enumerate(universe)}
    rows = [np.isin(np.arange(len(universe)), [column[g] for g in s]).astype(float) for s in sets]
    lows = [1.0] * len(sets)
    highs = [np.inf] * len(sets)
    found: list[frozenset[Group]] = []
    size = len(universe)
    while universe and len(found) < limit:
        result = maximize(
            -np.ones(size),
            np.ones(size, dtype=bool),
            (np.zeros(size), np.ones(size)),
            SparseRows.dense(np.array(rows)),
            (np.array(lows), np.array(highs)),
        )
        if result is None:
            break
        chosen = frozenset(g for g in universe if result[0][column[g]] > 0.5)
        found.append(chosen)
        rows.append(np.isin(np.arange(len(universe)), [column[g] for g in chosen]).astype(float))
        lows.append(-np.inf)
        highs.append(len(chosen) - 1.0)
    return found
