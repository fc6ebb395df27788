"""A spatial bargaining model in the manner of KAPSARC's Toolkit for Behavioral Analysis (KTAB; Wise,
Lester, Efird et al. 2015, "The Spatial Model of Politics"): probabilistic Condorcet elections over positions.

Utilities fall linearly with distance on the [0, 1] scale: ``u_k(y) = 1 - |y - x_k|``.

- **Coalitions.** Over candidate positions ``a, b``, actor k gives ``c_k s_k (u_k(a) - u_k(b))`` to the
  coalition of the one it prefers; ``S[a, b]`` is the strength of the coalition for a against b.
- **Victory probability** (the switch ``victory``): ``P[a > b] = S_ab^p / (S_ab^p + S_ba^p)`` with p = 1
  (linear), 2 (square, Lanchester), 4 (quartic) or 8 (octic); ``binary`` gives certain victory to the stronger
  coalition, interpolated linearly within 5% of a tie, as KTAB does.
- **Probabilistic Condorcet election** (the switch ``election``) turns ``P`` into the probability that each
  candidate prevails: ``conditional``, proportional to the product of its pairwise victory probabilities;
  ``markov``, the stationary distribution of a walk that leaves b for a with probability
  ``P[a > b] / (m - 1)``.
- **Rounds.** Each actor i proposes to one target j the bargain ``P[i > j] x_i + (1 - P[i > j]) x_j`` (the
  expected result of their contest), choosing the target where it gains most,
  ``c_j s_j P[i > j] |x_i - x_j|``.
  Each actor then moves to the outcome of an election between its position and the bargains proposed to it.
  Rounds stop when no one moves or ``rounds`` is reached; the forecast is the outcome of the election among
  the final positions: its expected position (``outcome="expected"``) or its most probable one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np

from accord.analysis.forecast.issue import FloatArray, Issue
from accord.analysis.forecast.rounds import ModelRun, Round, a_round

Victory = Literal["linear", "square", "quartic", "octic", "binary"]
Election = Literal["conditional", "markov"]
Outcome = Literal["expected", "most-probable"]
POWERS = {"linear": 1.0, "square": 2.0, "quartic": 4.0, "octic": 8.0}
BINARY_BAND = 0.05
"""Relative margin within which the binary victory law interpolates between defeat and victory."""
STILL = 1e-9


@dataclass(frozen=True)
class SpatialSettings:
    """The model's switches; the defaults are chosen by cross-validation on DEU III (docs/forecast.md)."""

    victory: Victory = "linear"
    election: Election = "markov"
    rounds: int = 1
    outcome: Outcome = "expected"


def spatial(issue: Issue, settings: SpatialSettings = SpatialSettings()) -> ModelRun:
    """Run the model on one issue; the rounds' positions are on the issue's 0-100 scale."""
    low, span = float(issue.positions.min()), float(np.ptp(issue.positions))
    if span <= 0:
        return ModelRun(low, (a_round(issue.positions, low),))
    x = (issue.positions - low) / span
    weights = issue.weights
    rounds: list[Round] = []
    for _ in range(settings.rounds):
        rounds.append(a_round(low + span * x, low + span * elect(np.unique(x), x, weights, settings)))
        moved = step(x, weights, settings)
        if np.max(np.abs(moved - x)) < STILL:
            break
        x = moved
    else:
        rounds.append(a_round(low + span * x, low + span * elect(np.unique(x), x, weights, settings)))
    return ModelRun(rounds[-1].forecast, tuple(rounds))


def step(x: FloatArray, weights: FloatArray, settings: SpatialSettings) -> FloatArray:
    """One round: each actor's position after the election among its position and the bargains it got."""
    contest = victory(coalitions(x, x, weights), settings.victory)  # [i, j]: P[x_i > x_j]
    distance = np.abs(x[:, None] - x[None, :])
    gain = weights[None, :] * contest * distance
    np.fill_diagonal(gain, 0.0)
    bargains = contest * x[:, None] + (1 - contest) * x[None, :]
    moved = x.copy()
    proposals: list[list[float]] = [[] for _ in x]
    for i in range(len(x)):
        if gain[i].max() <= 0:
            continue
        best = np.flatnonzero(gain[i] >= gain[i].max() - STILL * max(1.0, float(gain[i].max())))
        j = int(best[np.argmin(bargains[i, best])])  # ties: the lowest bargain, whatever the actor order
        proposals[j].append(float(bargains[i, j]))
    for j, offered in enumerate(proposals):
        if offered:
            moved[j] = elect(np.unique([x[j], *offered]), x, weights, settings)
    return moved


def coalitions(candidates: FloatArray, x: FloatArray, weights: FloatArray) -> FloatArray:
    """``S[a, b]``: the strength of the coalition preferring candidate a to candidate b."""
    utility = 1.0 - np.abs(candidates[None, :] - x[:, None])  # [k, a]
    votes = weights[:, None, None] * (utility[:, :, None] - utility[:, None, :])  # [k, a, b]
    return np.asarray(np.clip(votes, 0.0, None).sum(axis=0), dtype=np.float64)


def victory(strength: FloatArray, law: Victory) -> FloatArray:
    """``P[a > b]`` from coalition strengths by the victory-probability law (0.5 where neither has any)."""
    against = strength.T
    total = strength + against
    if law == "binary":
        margin = np.divide(strength - against, total, out=np.zeros_like(total), where=total > 0)
        return np.asarray(np.clip(0.5 + margin / (2 * BINARY_BAND), 0.0, 1.0), dtype=np.float64)
    power = POWERS[law]
    scale = np.where(total > 0, total, 1.0)  # ratios first: no overflow at high powers
    mine, theirs = (strength / scale) ** power, (against / scale) ** power
    both = mine + theirs
    return np.divide(mine, both, out=np.full_like(both, 0.5), where=both > 0)


def election(contest: FloatArray, model: Election) -> FloatArray:
    """The probability that each candidate prevails, from the pairwise victory probabilities."""
    m = len(contest)
    if m == 1:
        return np.ones(1)
    if model == "conditional":
        off = contest + np.eye(m)  # the diagonal counts 1 in the product
        chance = np.prod(off, axis=1)
    else:
        walk = contest / (m - 1)
        np.fill_diagonal(walk, 0.0)
        walk += np.diag(1.0 - walk.sum(axis=0))
        system = np.vstack([walk - np.eye(m), np.ones((1, m))])
        chance = np.clip(np.linalg.lstsq(system, np.eye(m + 1)[-1], rcond=None)[0], 0.0, None)
    total = chance.sum()
    return np.asarray(chance / total if total > 0 else np.full(m, 1.0 / m), dtype=np.float64)


def elect(candidates: FloatArray, x: FloatArray, weights: FloatArray, settings: SpatialSettings) -> float:
    """The outcome of the election among ``candidates``: expected or most probable position."""
    chance = election(victory(coalitions(candidates, x, weights), settings.victory), settings.election)
    if settings.outcome == "expected":
        return float(chance @ candidates)
    best = np.flatnonzero(chance >= chance.max() - STILL)
    return float(candidates[best].mean())


def draw_spatial(rng: np.random.Generator, settings: SpatialSettings = SpatialSettings()) -> SpatialSettings:
    """The uncertain switches drawn: the victory law and the election model, each uniformly."""
    laws: tuple[Victory, ...] = get_args(Victory)
    models: tuple[Election, ...] = get_args(Election)
    return SpatialSettings(
        laws[int(rng.integers(len(laws)))],
        models[int(rng.integers(len(models)))],
        settings.rounds,
        settings.outcome,
    )
