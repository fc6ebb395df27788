"""The expected-utility model (Scholz, Calbert & Smith 2011) against cases worked step by step.

The 3-actor case is worked by hand (the fractions are in the comments); the later steps of both cases are
recomputed here one scalar formula at a time, in the order of the paper, and compared with the model.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.forecast.eum import (
    EumSettings,
    eum,
    expected_utilities,
    offers,
    risk_exponents,
    step,
    success_probabilities,
)
from accord.analysis.forecast.issue import make_issue
from accord.analysis.forecast.rounds import weighted_median

SCHOLZ = EumSettings(q=0.5, t=1.0, rounds=10, accept="nearest", outcome="median")

# Three actors on [0, 1]: A at 0, B at 0.6, C at 1; capabilities 1, 2, 1; every salience 1.
X3, W3, S3 = np.array([0.0, 0.6, 1.0]), np.array([1.0, 2.0, 1.0]), np.ones(3)


def scalar_eu(  # noqa: PLR0917 - the paper's symbols, one by one
    i: int, j: int, x: list[float], s: list[float], p: float, mu: float, r: float, q: float, t: float
) -> float:
    """E_i(j), one term at a time."""
    d, m = abs(x[i] - x[j]), abs(x[i] - mu)
    u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
    u_b = 2 - 4 * (0.5 - 0.25 * (m + d)) ** r
    u_w = 2 - 4 * (0.5 + 0.25 * (m + d)) ** r
    u_sq = 2 - 4 * 0.5**r
    return float(
        s[j] * (p * u_s + (1 - p) * u_f) + (1 - s[j]) * u_s - q * u_sq - (1 - q) * (t * u_b + (1 - t) * u_w)
    )


def scalar_round(x: list[float], w: list[float], s: list[float], q: float, t: float) -> list[float]:
    """One round of the model written out with loops: votes, P, security, risk, E, offers, least move."""
    n = len(x)
    p = [[0.5] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            votes = [w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) for k in range(n)]
            total = sum(abs(v) for v in votes)
            if total > 0:
                p[i][j] = sum(v for v in votes if v > 0) / total
    mu = min(x, key=lambda y: (sum(wk * abs(xk - y) for wk, xk in zip(w, x, strict=True)), y))
    security = [
        sum(scalar_eu(j, i, x, s, p[j][i], mu, 1.0, q, t) for j in range(n) if j != i) for i in range(n)
    ]
    top, bottom = max(security), min(security)
    scaled = [(2 * r - top - bottom) / (top - bottom) if top > bottom else 0.0 for r in security]
    risk = [(1 - v / 3) / (1 + v / 3) for v in scaled]
    e = [
        [scalar_eu(i, j, x, s, p[i][j], mu, risk[i], q, t) if i != j else 0.0 for j in range(n)]
        for i in range(n)
    ]
    moved = list(x)
    for j in range(n):
        received = []
        for i in range(n):
            mine, theirs = e[i][j], e[j][i]
            if i == j or mine <= 0:
                continue
            if (theirs > 0 and mine > theirs) or (theirs <= 0 and mine >= -theirs):
                received.append(x[i])
            elif theirs < 0 and mine < -theirs:
                received.append(x[j] + (x[i] - x[j]) * mine / -theirs)
        if received:
            moved[j] = min(received, key=lambda y: (abs(y - x[j]), y))
    return moved


def test_three_actors_probabilities_of_success_by_hand() -> None:
    p = success_probabilities(X3, W3)
    # A vs B: votes A +0.6, B 2(0 - 0.6) = -1.2, C (0.4 - 1) = -0.6 -> 0.6 / 2.4
    assert p[0, 1] == pytest.approx(0.25)
    # A vs C: A +1, B 2(0.4 - 0.6) = -0.4, C -1 -> 1 / 2.4
    assert p[0, 2] == pytest.approx(5 / 12)
    # B vs C: A 0.4, B 0.8, C -0.4 -> 1.2 / 1.6
    assert p[1, 2] == pytest.approx(0.75)
    assert p + p.T == pytest.approx(np.ones((3, 3)))


def test_three_actors_security_and_risk_by_hand() -> None:
    mu = weighted_median(X3, W3)
    assert mu == pytest.approx(0.6)  # distances weighted: 2.2 at A, 1.0 at B, 1.8 at C
    neutral = expected_utilities(
        X3, S3, success_probabilities(X3, W3), mu=mu, risk=np.ones(3), settings=SCHOLZ
    )
    # with r = 1 and s = 1: E = 2d(2P - 1) - (m + d)/2
    assert neutral[0, 1] == pytest.approx(-1.2)  # d 0.6, P 0.25, m 0.6
    assert neutral[1, 0] == pytest.approx(0.3)  # d 0.6, P 0.75, m 0
    assert neutral[1, 2] == pytest.approx(0.2)  # d 0.4, P 0.75, m 0
    assert neutral[2, 0] == pytest.approx(1 / 3 - 0.7)  # d 1, P 7/12, m 0.4
    assert neutral[0, 2] == pytest.approx(-1 / 3 - 0.8)
    assert neutral[2, 1] == pytest.approx(-0.8)
    security = neutral.sum(axis=0)  # R_A = 0.3 - 0.3667, R_B = -1.2 - 0.8, R_C = -1.1333 + 0.2
    assert security == pytest.approx([0.3 + 1 / 3 - 0.7, -2.0, -1 / 3 - 0.8 + 0.2])
    # R' = 1, -1, 0.2 / 1.9333: r = 0.5 (A, the most exposed), 2 (B, the safest), 0.9333
    assert risk_exponents(security) == pytest.approx(
        [0.5, 2.0, (1 - 0.2 / 1.9333333 / 3) / (1 + 0.2 / 1.9333333 / 3)]
    )


def test_three_actors_offers_and_moves_match_the_worked_round() -> None:
    moved = step(X3, W3, S3, SCHOLZ)
    assert moved == pytest.approx(scalar_round(list(X3), list(W3), list(S3), 0.5, 1.0))
    assert moved[1] == pytest.approx(0.6)  # B, the median voter and the safest, is offered nothing better


def test_offers_by_case() -> None:
    x = np.array([0.0, 1.0])
    # E_0(1) > 0 > E_1(0), |E_1(0)| larger: compromise, 1 moves a quarter of the way to 0
    assert offers(x, np.array([[0.0, 0.1], [-0.4, 0.0]]))[0, 1] == pytest.approx(0.75)
    # |E_1(0)| smaller: capitulation, 1 is offered 0's position
    assert offers(x, np.array([[0.0, 0.4], [-0.1, 0.0]]))[0, 1] == pytest.approx(0.0)
    # both positive, 0 expects more: confrontation that 0 wins; 1 offers 0 nothing
    both = offers(x, np.array([[0.0, 0.4], [0.1, 0.0]]))
    assert both[0, 1] == pytest.approx(0.0) and np.isnan(both[1, 0])


FIVE = make_issue(("a", "b", "c", "d", "e"), [0, 20, 45, 70, 100], [0.9, 0.3, 0.6, 0.5, 1.0], [2, 1, 3, 1, 2])


def test_five_actors_first_probability_and_median_by_hand() -> None:
    x = FIVE.positions / 100
    w = FIVE.weights  # 1.8, 0.3, 1.8, 0.5, 2.0
    p = success_probabilities(x, w)
    # a vs e: a +1.8, b 0.3 (0.8 - 0.2) = 0.18, c 1.8 (0.55 - 0.45) = 0.18, d 0.5 (0.3 - 0.7) = -0.2, e -2
    assert p[0, 4] == pytest.approx((1.8 + 0.18 + 0.18) / (1.8 + 0.18 + 0.18 + 0.2 + 2.0))
    assert weighted_median(x, w) == pytest.approx(0.45)  # 1.8 + 0.3 below, 0.5 + 2 above, c holds 1.8


def test_five_actors_every_round_matches_the_worked_rounds() -> None:
    x, w, s = FIVE.positions / 100, FIVE.weights, FIVE.saliences
    run = eum(FIVE, SCHOLZ)
    expected = list(x)
    for r in run.rounds:
        assert np.array(r.positions) / 100 == pytest.approx(expected)
        assert r.forecast == pytest.approx(100 * weighted_median(np.array(expected), w))
        expected = scalar_round(expected, list(w), list(s), 0.5, 1.0)


def test_the_default_switches_are_the_cross_validated_ones() -> None:
    assert EumSettings() == EumSettings(q=0.5, t=1.0, rounds=1, accept="nearest", outcome="mean")
    run = eum(FIVE)
    assert len(run.rounds) == 2  # the initial positions and those after one round of offers
    moved = np.array(run.rounds[-1].positions)
    assert run.forecast == pytest.approx(float(moved @ FIVE.weights / FIVE.weights.sum()))
