"""Supported frontier points of an additive programme by weighted sums, chosen point by point (no solver).

When utilities are additive over points (no non-linear terms) and a programme's only constraints rule out
options point by point (red lines, locks) and ask for reservation values, the package of largest weighted
sum of utilities under the option rules is chosen on each point on its own: thousands of weight vectors cost
milliseconds. A package that maximises a strictly positive weighted sum over a set holding the zone, and lies
in the zone, is Pareto-optimal in the zone (Geoffrion 1968). When the package falls short of some party's
reservation value, that party's weight is doubled and the package chosen again, as a Lagrange multiplier
would be raised (Everett 1963); a weight vector still short after ``REPAIRS`` doublings gives nothing.

Ties between options are broken by the total utility, and an option that another admissible option of the
same point dominates (every party at least as well off, one better) is replaced by the best such option, all
comparisons exact on the grid. From the distinct points found, ``limit`` are kept, spread out: each party's
best point first, then repeatedly the point farthest (in utilities scaled to each party's range) from those
kept (farthest-point sampling; Gonzalez 1985).
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

from accord.analysis.pareto import nondominated
from accord.analysis.program import Kind, Program

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

CANDIDATES = 40
"""Weight vectors tried per point asked for (besides the lattice), before the spread-out choice."""

REPAIRS = 30
"""Doublings of a short party's weight before a weight vector is given up."""

_WORK = 1 << 21
"""Weighted utilities (weight vectors x options) computed in one NumPy call: memory stays at a few MB."""


def is_separable(program: Program) -> bool:
    """Whether the programme's packages are chosen point by point: additive utilities, and no rows but the
    one-option-per-point rows and the named groups (red lines, locks, reservation values)."""
    compiled = program.compiled
    return (
        not compiled.has_terms
        and not program.exact_check
        and len(program.rows) == len(compiled.points)
        and program.n_vars == int(compiled.sizes.sum())
    )


def supported_points(program: Program, limit: int) -> IntArray:
    """(f, K) up to ``limit`` spread-out supported frontier packages of a separable programme."""
    admissible, floors = _rules(program)
    utilities = np.where(admissible[None], program.compiled.utilities, -np.inf)
    weights = np.array(simplex(len(floors), limit) + _spread_weights(len(floors), CANDIDATES * limit))
    batch = max(1, _WORK // utilities[0].size)
    parts = [
        _weighted_choices(utilities, admissible, floors, weights[i : i + batch])
        for i in range(0, len(weights), batch)
    ]
    choices = np.concatenate(parts)
    if len(choices) == 0:
        return choices
    values = program.compiled.utilities_of(choices).T
    _, first = np.unique(values, axis=0, return_index=True)
    choices, values = choices[np.sort(first)], values[np.sort(first)]
    keep = nondominated(values)
    return choices[keep][_spread_out(values[keep], limit)]


def simplex(n: int, limit: int) -> list[FloatArray]:
    """Up to ``limit`` strictly positive weight vectors spread over the simplex: near-vertices first
    (close to each party's ideal), then a lattice of growing resolution."""
    vectors: list[FloatArray] = []
    seen: set[tuple[float, ...]] = set()
    for resolution in range(1, 64):
        for cell in itertools.product(range(resolution + 1), repeat=n):
            if sum(cell) != resolution:
                continue
            w = (np.array(cell, dtype=np.float64) + 1e-3) / (resolution + n * 1e-3)
            key = tuple(np.round(w, 9))
            if key not in seen:
                seen.add(key)
                vectors.append(w)
            if len(vectors) >= limit:
                return vectors
    return vectors


def _spread_weights(n: int, count: int) -> list[FloatArray]:
    """``count`` weight vectors evenly spread over the simplex: a Kronecker sequence in the unit cube
    (Roberts's generalised golden ratio), mapped to the simplex as uniform Dirichlet samples are (minus the
    log of each coordinate, divided by the sum)."""
    phi = 2.0
    for _ in range(50):  # the root of x ** (n + 1) = x + 1
        phi = (1.0 + phi) ** (1.0 / (n + 1))
    alpha = phi ** -np.arange(1.0, n + 1.0)
    cube = np.modf(0.5 + np.arange(1, count + 1)[:, None] * alpha[None, :])[0]
    exponential = -np.log(np.clip(cube, 1e-12, 1.0))
    return list(exponential / exponential.sum(axis=1, keepdims=True) + 1e-6)


def _rules(program: Program) -> tuple[BoolArray, FloatArray]:
    """(K, M) the options the programme's groups admit on each point, and (P,) the utility each party must
    reach (-inf where the programme holds no reservation value for it)."""
    compiled = program.compiled
    m = compiled.utilities.shape[2]
    admissible = np.arange(m)[None, :] < compiled.sizes[:, None]
    floors = np.full(len(compiled.parties), -np.inf)
    column = {point: k for k, point in enumerate(compiled.points)}
    row = {party: p for p, party in enumerate(compiled.parties)}
    for group in program.groups:
        p = row[group.party]
        if group.kind is Kind.RESERVATION:
            floors[p] = program.floors[p]
            continue
        k = column[str(group.point)]
        if group.kind is Kind.RED_LINE:
            admissible[k] &= compiled.allowed[p, k]
        else:
            admissible[k] &= np.arange(m) == compiled.locked[p, k]
    return admissible, floors


def _weighted_choices(
    utilities: FloatArray, admissible: BoolArray, floors: FloatArray, weights: FloatArray
) -> IntArray:
    """(n, K) the package of each weight vector (repaired toward the reservation values); vectors that find
    none are dropped."""
    found: list[IntArray] = []
    pending = weights.copy()
    for _ in range(REPAIRS + 1):
        if len(pending) == 0:
            break
        choices = _best_options(utilities, admissible, pending)
        reached = np.take_along_axis(utilities[:, None], choices[None, :, :, None], axis=3)[..., 0].sum(
            axis=2
        )
        short = floors[None, :] > reached.T
        good = ~short.any(axis=1)
        found.extend(choices[good])
        pending = np.where(short, pending * 2.0, pending)[~good]
    if not found:
        return np.zeros((0, utilities.shape[1]), dtype=np.int64)
    return np.array(found, dtype=np.int64)


def _best_options(utilities: FloatArray, admissible: BoolArray, weights: FloatArray) -> IntArray:
    """(n, K) each point's option of largest weighted utility, ties to the largest total, undominated."""
    real = np.where(admissible[None], utilities, 0.0)
    scores = np.einsum("np,pkm->nkm", weights, real)
    scores = np.where(admissible[None], scores, -np.inf)
    total = np.where(admissible, real.sum(axis=0), -np.inf)
    best = scores.max(axis=2, keepdims=True)
    choices = np.where(scores == best, total[None], -np.inf).argmax(axis=2)
    return _undominated(real, admissible, total, choices)


def _undominated(real: FloatArray, admissible: BoolArray, total: FloatArray, choices: IntArray) -> IntArray:
    """Replace each chosen option that another admissible option of its point dominates by the dominating
    option of largest total (which nothing dominates)."""
    above = (real[:, :, :, None] >= real[:, :, None, :]).all(axis=0)
    strictly = (real[:, :, :, None] > real[:, :, None, :]).any(axis=0)
    dominates = above & strictly & admissible[:, :, None]  # (K, M, M): option a dominates option b
    k = np.arange(choices.shape[1])
    rivals = dominates[k[None, :], :, choices]  # (n, K, M): options dominating the chosen one
    better = np.where(rivals, total[None], -np.inf)
    return np.where(rivals.any(axis=2), better.argmax(axis=2), choices).astype(np.int64)


def _spread_out(values: FloatArray, limit: int) -> IntArray:
    """Indices of ``limit`` rows of ``values``: each column's best first, then farthest-point sampling."""
    if len(values) <= limit:
        return np.arange(len(values))
    span = values.max(axis=0) - values.min(axis=0)
    scaled = (values - values.min(axis=0)) / np.where(span > 0, span, 1.0)
    chosen = list(dict.fromkeys(int(i) for i in values.argmax(axis=0)))[:limit]
    distance = np.min(np.linalg.norm(scaled[:, None, :] - scaled[None, chosen, :], axis=2), axis=1)
    while len(chosen) < limit:
        far = int(distance.argmax())
        chosen.append(far)
        distance = np.minimum(distance, np.linalg.norm(scaled - scaled[far], axis=1))
    return np.sort(np.array(chosen, dtype=np.int64))
