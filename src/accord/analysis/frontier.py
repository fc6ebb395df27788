"""Pareto frontier of a scenario's packages, exact.

Utilities are additive over points, so a package on the frontier of a product of option sets is made of
a frontier combination of its first points plus a frontier option of the next: the frontier is built point
by point, each step keeping only the non-dominated partial packages (the multi-objective dynamic programme
of Klamroth & Wiecek 2000 for knapsacks). The work follows the size of the frontier, not of the space.

Non-linear terms couple the points they constrain. Utilities stay additive over groups of coupled points
(``groups.py``), so the same programme runs group by group; partial packages that tie are then ranked by
their options in point order, so the package kept for a utility vector is still the lowest-numbered one.

Under unanimity the agreement zone is such a product (options every voter accepts) cut by reservation
values, and a cut of that kind keeps the frontier: a package that dominates one in the zone is in the zone
too. Under a quorum rule the zone is not a product, and its frontier is taken block by block over the
enumerated zone instead.

Utilities are added in whole units of the compiled grid (exact, so ties are ties) and turned into
utilities once, for the frontier's members.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.groups import groups
from accord.analysis.pareto import nondominated
from accord.analysis.space import BLOCK, MAX_PACKAGES, blocks, choices, in_zone
from accord.model.compiled import CompiledScenario

DIRECT = 1 << 12
"""Spaces of at most this many packages are filtered whole rather than point by point."""

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Frontier:
    """Non-dominated packages, one per distinct utility vector, in package-number order."""

    choices: IntArray
    """(f, K) option index per point."""
    utilities: FloatArray
    """(f, P) utility of each party."""

    def __len__(self) -> int:
        return len(self.choices)

    def subset(self, mask: BoolArray | IntArray) -> Frontier:
        return Frontier(self.choices[mask], self.utilities[mask])


def product_frontier(compiled: CompiledScenario, options: BoolArray | None = None) -> Frontier:
    """Frontier of every package built from the options marked in ``options`` (K, M); all options if None.

    When ties leave several packages with one utility vector, the one with the lowest package number is kept.
    """
    if compiled.has_terms:
        return _grouped_frontier(compiled, options)
    if options is None and compiled.n_packages <= DIRECT:
        return _direct_frontier(compiled)
    n_parties, n_points, _ = compiled.units.shape
    sizes = compiled.sizes
    partial_u = np.zeros((1, n_parties))
    partial_c = np.zeros((1, 0), dtype=np.int64)
    for k in range(n_points):
        mask = np.arange(sizes[k]) if options is None else np.flatnonzero(options[k, : sizes[k]])
        if mask.size == 0:
            return Frontier(np.zeros((0, n_points), dtype=np.int64), np.zeros((0, n_parties)))
        contributions = compiled.units[:, k, mask].T
        useful = nondominated(contributions)
        mask, contributions = mask[useful], contributions[useful]
        candidates_u = (partial_u[:, None, :] + contributions[None, :, :]).reshape(-1, n_parties)
        keep = nondominated(candidates_u)
        prefix, option = np.divmod(keep, len(mask))
        partial_u = candidates_u[keep]
        partial_c = np.column_stack([partial_c[prefix], mask[option]])
    return Frontier(partial_c, compiled.to_utilities(partial_u))


def _direct_frontier(compiled: CompiledScenario) -> Frontier:
    """A small space's frontier from all its packages at once (one broadcast sum a point, one filter): below
    ``DIRECT`` packages the programme's per-point overhead costs more than the packages."""
    n_parties = len(compiled.parties)
    units = np.zeros((1, n_parties))
    for k, size in enumerate(compiled.sizes.tolist()):
        units = (units[:, None, :] + compiled.units[:, k, :size].T[None, :, :]).reshape(-1, n_parties)
    keep = nondominated(units)
    return Frontier(choices(keep, compiled.sizes), compiled.to_utilities(units[keep]))


def _grouped_frontier(compiled: CompiledScenario, options: BoolArray | None) -> Frontier:
    """The programme over groups of coupled points: partial packages carry their options on every point."""
    n_parties, n_points, _ = compiled.units.shape
    partial_u = np.zeros((1, n_parties))
    partial_c = np.zeros((1, n_points), dtype=np.int64)
    covered: list[int] = []
    for group in groups(compiled, options):
        useful = nondominated(group.units)
        table, digits = group.units[useful], group.digits[useful]
        if table.size == 0:
            return Frontier(np.zeros((0, n_points), dtype=np.int64), np.zeros((0, n_parties)))
        candidates_u = (partial_u[:, None, :] + table[None, :, :]).reshape(-1, n_parties)
        prefix, option = np.divmod(np.arange(len(candidates_u)), len(table))
        candidates_c = partial_c[prefix]
        candidates_c[:, group.points] = digits[option]
        covered = sorted([*covered, *group.points.tolist()])
        order = np.lexsort(candidates_c[:, covered[::-1]].T)
        kept = order[nondominated(candidates_u[order])]
        partial_u, partial_c = candidates_u[kept], candidates_c[kept]
    order = np.lexsort(partial_c[:, ::-1].T)
    return Frontier(partial_c[order], compiled.to_utilities(partial_u[order]))


def zone_frontier(
    compiled: CompiledScenario,
    *,
    space: Frontier | None = None,
    block: int = BLOCK,
    max_packages: int = MAX_PACKAGES,
) -> Frontier:
    """Frontier of the agreement zone (empty when the zone is).

    ``space``, the whole space's frontier if the caller has it, is reused when every voter accepts every
    option (then the unanimity zone's frontier is the space's, cut by reservation values).
    """
    if compiled.unanimity:
        agreed_options: BoolArray = np.all(compiled.acceptable, axis=0)
        every_option = all(agreed_options[k, :size].all() for k, size in enumerate(compiled.sizes))
        frontier = space if space is not None and every_option else product_frontier(compiled, agreed_options)
        reached: BoolArray = np.all(frontier.utilities >= compiled.floor, axis=1)
        return frontier.subset(reached)
    candidates_c: list[IntArray] = []
    candidates_u: list[FloatArray] = []
    for part in blocks(compiled, block=block, max_packages=max_packages):
        zone = np.flatnonzero(in_zone(part.accepts, compiled))
        if zone.size == 0:
            continue
        units = part.units[:, zone].T
        keep = nondominated(units)
        candidates_u.append(units[keep])
        candidates_c.append(choices(part.start + zone[keep], compiled.sizes))
    if not candidates_u:
        return Frontier(
            np.zeros((0, len(compiled.points)), dtype=np.int64), np.zeros((0, len(compiled.parties)))
        )
    all_u, all_c = np.concatenate(candidates_u), np.concatenate(candidates_c)
    keep = nondominated(all_u)
    return Frontier(all_c[keep], compiled.to_utilities(all_u[keep]))
