"""Every package of a scenario with each party's utility and consent, for engines that visit packages one by
one (simulations): a package is then a row number, and a party's utility a table look-up.

Rows are package numbers in the mixed-radix order of :mod:`accord.analysis.space` (last point fastest), so a
row and an option index per point convert both ways without the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.space import choices, in_zone
from accord.model.compiled import CompiledScenario
from accord.model.errors import TooLargeError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

MAX_TABLE = 1 << 22
"""Largest package space tabulated (about 4 million packages): a simulation refuses larger spaces."""


@dataclass(frozen=True, eq=False)
class PackageTable:
    """Every package of a compiled scenario, as read-only arrays."""

    compiled: CompiledScenario
    choices: IntArray
    """(n, K) option index per point of each package."""
    utilities: FloatArray
    """(P, n) utility of each party for each package."""
    acceptable: BoolArray
    """(P, n) whether the party accepts every option of the package (its red lines and locks)."""
    rational: BoolArray
    """(P, n) acceptable and worth at least the party's reservation value: what an individually rational
    party may accept."""

    def __len__(self) -> int:
        return len(self.choices)

    def choice(self, package: int) -> tuple[int, ...]:
        """Option index per point of one package."""
        return tuple(int(o) for o in self.choices[package])


def package_table(compiled: CompiledScenario, *, max_packages: int = MAX_TABLE) -> PackageTable:
    """Tabulate every package of ``compiled``; raise :class:`TooLargeError` above ``max_packages``."""
    total = compiled.n_packages
    if total > max_packages:
        raise TooLargeError(
            f"the package space has {total:,} packages; simulations tabulate at most {max_packages:,}"
        )
    every = choices(np.arange(total, dtype=np.int64), compiled.sizes)
    units = compiled.units_of(every)
    utilities = compiled.to_utilities(units)
    acceptable = compiled.acceptable_of(every)
    rational = acceptable & (units >= compiled.floor_units[:, None])
    for array in (every, utilities, acceptable, rational):
        array.flags.writeable = False
    return PackageTable(compiled, every, utilities, acceptable, rational)


@dataclass(frozen=True, eq=False)
class PackageSample:
    """Packages of a compiled scenario, all of them or a uniform sample, with each party's utility."""

    total: int
    """How many packages the space holds."""
    utilities: FloatArray
    """(P, n) utility of each party for each package drawn."""
    in_zone: BoolArray
    """(n,) whether each package drawn is in the agreement zone: the agreement rule's quorum of parties accept
    it (their red lines, locks and reservation values), every veto player among them."""

    @property
    def sampled(self) -> bool:
        return bool(self.utilities.shape[1] < self.total)


def package_sample(compiled: CompiledScenario, size: int, seed: int = 0) -> PackageSample:
    """Every package if the space holds at most ``size``, else ``size`` drawn uniformly (with a seeded
    generator: the same scenario gives the same sample), for drawing the utility space."""
    total = compiled.n_packages
    if total <= size:
        drawn = choices(np.arange(total, dtype=np.int64), compiled.sizes)
    else:  # an option per point drawn uniformly: a uniform package, whatever the size of the space
        drawn = np.random.default_rng(seed).integers(0, compiled.sizes, size=(size, len(compiled.sizes)))
    utilities = compiled.utilities_of(drawn)
    floor = (compiled.reservation - compiled.tolerance)[:, None]
    accepts: BoolArray = compiled.acceptable_of(drawn) & (utilities >= floor)
    return PackageSample(total, utilities, in_zone(accepts, compiled))
