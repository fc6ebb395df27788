"""The expected-utility model of Bueno de Mesquita (1985, 1994), as reconstructed by Scholz, Calbert & Smith
(2011, "Unravelling Bueno de Mesquita's group decision model", Journal of Theoretical Politics 23(4)).

Positions are rescaled to [0, 1] over the actors' range. In each round:

1. **Votes and probabilities of success.** Actor k's vote between the positions of i and j is
   ``v_k(i, j) = c_k s_k (|x_k - x_j| - |x_k - x_i|)``; the probability that i prevails over j is the share of
   the votes for i: ``P_ij = sum_k max(v_k, 0) / sum_k |v_k|`` (third parties vote for the nearer position).
2. **Expected utility of a challenge.** With ``d = |x_i - x_j|``, ``m = |x_i - mu|`` (``mu`` the median voter
   position) and risk exponent ``r_i``: ``U_s = 2 - 4 (0.5 - 0.5 d)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d)^r``,
   ``U_b = 2 - 4 (0.5 - 0.25 (m + d))^r``, ``U_w = 2 - 4 (0.5 + 0.25 (m + d))^r``, ``U_sq = 2 - 4 (0.5)^r``,
   and
   ``E_i(j) = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w)``.
3. **Security levels and risk.** ``R_i = sum_j E_j(i)`` (risk-neutral, ``r = 1``): how much the others expect
   to gain by challenging i. Rescaled to ``R'_i in [-1, 1]`` over the actors,
   ``r_i = (1 - R'_i/3) / (1 + R'_i/3)``.
4. **Offers.** When ``E_i(j) > 0``: if ``E_j(i) > 0`` too and ``E_i(j) > E_j(i)``, confrontation that i wins
   (j is offered ``x_i``); if ``E_j(i) <= 0`` and ``E_i(j) >= |E_j(i)|``, capitulation (``x_i``); if
   ``E_i(j) < |E_j(i)|``, compromise (``x_j + (x_i - x_j) E_i(j) / |E_j(i)|``).
5. **Moves.** Each actor takes the offer that moves it least (``accept="nearest"``), or the clout-weighted
   mean of its offers (``accept="mean"``, as in Bueno de Mesquita 2009, The Predictioneer's Game).

Rounds repeat until no one moves or ``rounds`` is reached. The forecast is the median voter position of the
last round (``outcome="median"``, the model's own) or the clout-weighted mean of the positions (``"mean"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.analysis.forecast.issue import FloatArray, Issue
from accord.analysis.forecast.rounds import ModelRun, Round, a_round, weighted_mean, weighted_median

Accept = Literal["nearest", "mean"]
Outcome = Literal["median", "mean"]
STILL = 1e-9
"""A move smaller than this (on the [0, 1] scale) is no move: the rounds have converged."""


@dataclass(frozen=True)
class EumSettings:
    """The model's switches. ``q``: probability that the status quo holds when i does not challenge j;
    ``t``: probability that it then gets better for i rather than worse. The defaults are those chosen by
    cross-validation on DEU III (docs/forecast.md); Scholz et al.'s own reading is ``rounds=10``
    (or until no one moves) with ``outcome="median"``."""

    q: float = 0.5
    t: float = 1.0
    rounds: int = 1
    accept: Accept = "nearest"
    outcome: Outcome = "mean"


def eum(issue: Issue, settings: EumSettings = EumSettings()) -> ModelRun:
    """Run the model on one issue; the rounds' positions are on the issue's 0-100 scale."""
    low, span = float(issue.positions.min()), float(np.ptp(issue.positions))
    if span <= 0:
        return ModelRun(low, (a_round(issue.positions, low),))
    x = (issue.positions - low) / span
    weights, saliences = issue.weights, np.clip(issue.saliences, 0.0, 1.0)
    rounds: list[Round] = []
    for _ in range(settings.rounds):
        rounds.append(a_round(low + span * x, low + span * _forecast(x, weights, settings.outcome)))
        moved = step(x, weights, saliences, settings)
        if np.max(np.abs(moved - x)) < STILL:
            break
        x = moved
    else:
        rounds.append(a_round(low + span * x, low + span * _forecast(x, weights, settings.outcome)))
    return ModelRun(rounds[-1].forecast, tuple(rounds))


def step(x: FloatArray, weights: FloatArray, saliences: FloatArray, settings: EumSettings) -> FloatArray:
    """One round: every actor's position (on [0, 1]) after the offers it accepts."""
    mu = weighted_median(x, weights)
    success = success_probabilities(x, weights)
    neutral = expected_utilities(x, saliences, success, mu=mu, risk=np.ones_like(x), settings=settings)
    risk = risk_exponents(neutral.sum(axis=0))
    challenge = expected_utilities(x, saliences, success, mu=mu, risk=risk, settings=settings)
    return accept(x, weights, offers(x, challenge), settings.accept)


def success_probabilities(x: FloatArray, weights: FloatArray) -> FloatArray:
    """``P[i, j]``: the share of third-party votes for i's position against j's (0.5 when no one votes)."""
    distance = np.abs(x[:, None] - x[None, :])  # [k, i]
    votes = weights[:, None, None] * (distance[:, None, :] - distance[:, :, None])  # [k, i, j]
    total = np.abs(votes).sum(axis=0)
    won = np.clip(votes, 0.0, None).sum(axis=0)
    return np.asarray(np.divide(won, total, out=np.full_like(total, 0.5), where=total > 0), dtype=np.float64)


def expected_utilities(
    x: FloatArray,
    saliences: FloatArray,
    success: FloatArray,
    *,
    mu: float,
    risk: FloatArray,
    settings: EumSettings,
) -> FloatArray:
    """``E[i, j]``: i's expected utility of challenging j (0 on the diagonal), with i's risk exponent."""
    d = np.abs(x[:, None] - x[None, :])
    m = np.abs(x - mu)[:, None]
    r = risk[:, None]

    def utility(base: FloatArray | float) -> FloatArray:
        return np.asarray(2.0 - 4.0 * np.power(np.clip(base, 0.0, None), r), dtype=np.float64)

    win, lose = utility(0.5 - 0.5 * d), utility(0.5 + 0.5 * d)
    better, worse = utility(0.5 - 0.25 * (m + d)), utility(0.5 + 0.25 * (m + d))
    status_quo = utility(0.5)
    s = saliences[None, :]
    gain = s * (success * win + (1 - success) * lose) + (1 - s) * win
    keep = settings.q * status_quo + (1 - settings.q) * (settings.t * better + (1 - settings.t) * worse)
    expected = gain - keep
    np.fill_diagonal(expected, 0.0)
    return expected


def risk_exponents(security: FloatArray) -> FloatArray:
    """``r_i`` from the security levels ``R_i``: from 0.5 (the most exposed actor) to 2 (the safest)."""
    spread = float(security.max() - security.min())
    if spread <= 0:
        return np.ones_like(security)
    scaled = (2 * security - security.max() - security.min()) / spread
    return np.asarray((1 - scaled / 3) / (1 + scaled / 3), dtype=np.float64)


def offers(x: FloatArray, challenge: FloatArray) -> FloatArray:
    """``O[i, j]``: the position i offers j (NaN: no offer), by confrontation, capitulation or compromise."""
    mine, theirs = challenge, challenge.T
    confront = (mine > 0) & (theirs > 0) & (mine > theirs)
    capitulate = (mine > 0) & (theirs <= 0) & (mine >= -theirs)
    settle = (mine > 0) & (theirs < 0) & (mine < -theirs)
    target = np.broadcast_to(x[None, :], mine.shape)
    share = np.divide(mine, -theirs, out=np.zeros_like(mine), where=settle)
    compromise = target + (x[:, None] - target) * share
    result = np.where(confront | capitulate, x[:, None], np.where(settle, compromise, np.nan))
    np.fill_diagonal(result, np.nan)
    return np.asarray(result, dtype=np.float64)


def accept(x: FloatArray, weights: FloatArray, offered: FloatArray, rule: Accept) -> FloatArray:
    """Each actor's new position from the offers it received (its own when it received none)."""
    moved = x.copy()
    for j in range(len(x)):
        received = ~np.isnan(offered[:, j])
        if not received.any():
            continue
        positions = offered[received, j]
        if rule == "mean":
            moved[j] = weighted_mean(positions, weights[received])
        else:
            least = np.abs(positions - x[j])
            nearest = positions[least <= least.min() + STILL]
            moved[j] = float(nearest.min())
    return moved


def _forecast(x: FloatArray, weights: FloatArray, outcome: Outcome) -> float:
    return weighted_median(x, weights) if outcome == "median" else weighted_mean(x, weights)


def draw_eum(rng: np.random.Generator, settings: EumSettings = EumSettings()) -> EumSettings:
    """The uncertain switches drawn: ``q`` and ``t`` uniform on [0, 1] (the literature gives no values)."""
    return EumSettings(
        float(rng.uniform()), float(rng.uniform()), settings.rounds, settings.accept, settings.outcome
    )
