"""The spatial model (probabilistic Condorcet elections, as in KTAB) against cases worked step by step."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.forecast.issue import make_issue
from accord.analysis.forecast.spatial import (
    Election,
    SpatialSettings,
    Victory,
    coalitions,
    elect,
    election,
    spatial,
    step,
    victory,
)

X3, W3 = np.array([0.0, 0.6, 1.0]), np.array([1.0, 2.0, 1.0])
LINEAR_CONDITIONAL = SpatialSettings(victory="linear", election="conditional", rounds=10, outcome="expected")


def scalar_election(
    candidates: list[float], x: list[float], w: list[float], law: float, markov: bool
) -> float:
    """The expected outcome of an election among ``candidates``, with loops (the Markov walk by iteration)."""
    m = len(candidates)
    if m == 1:
        return candidates[0]

    def strength(a: float, b: float) -> float:
        return sum(wk * max((1 - abs(a - xk)) - (1 - abs(b - xk)), 0.0) for wk, xk in zip(w, x, strict=True))

    def pv(a: float, b: float) -> float:
        sa, sb = strength(a, b), strength(b, a)
        if sa + sb == 0:
            return 0.5
        return float(sa**law / (sa**law + sb**law))

    table = [[pv(a, b) for b in candidates] for a in candidates]
    if markov:
        chance = [1 / m] * m
        for _ in range(2000):  # the walk from b to a with probability P[a > b] / (m - 1), iterated
            chance = [
                chance[a] * (1 - sum(table[b][a] for b in range(m) if b != a) / (m - 1))
                + sum(chance[b] * table[a][b] / (m - 1) for b in range(m) if b != a)
                for a in range(m)
            ]
    else:
        chance = [float(np.prod([table[a][b] for b in range(m) if b != a])) for a in range(m)]
    total = sum(chance)
    return sum(c * a for c, a in zip(chance, candidates, strict=True)) / total


def scalar_round(x: list[float], w: list[float], law: float, markov: bool) -> list[float]:
    """One round with loops: contests, bargains, each actor's best target, each target's election."""
    n = len(x)

    def pv(i: int, j: int) -> float:
        si = sum(w[k] * max(abs(x[k] - x[j]) - abs(x[k] - x[i]), 0.0) for k in range(n))
        sj = sum(w[k] * max(abs(x[k] - x[i]) - abs(x[k] - x[j]), 0.0) for k in range(n))
        return 0.5 if si + sj == 0 else si**law / (si**law + sj**law)

    proposals: list[list[float]] = [[] for _ in range(n)]
    for i in range(n):
        gains = [(w[j] * pv(i, j) * abs(x[i] - x[j]), j) for j in range(n) if j != i]
        best = max((g for g, _ in gains), default=0.0)
        if best > 0:
            targets = [j for g, j in gains if g >= best - 1e-9]
            j = min(targets, key=lambda t: pv(i, t) * x[i] + (1 - pv(i, t)) * x[t])
            proposals[j].append(pv(i, j) * x[i] + (1 - pv(i, j)) * x[j])
    return [
        scalar_election(sorted({x[j], *offered}), x, w, law, markov) if offered else x[j]
        for j, offered in enumerate(proposals)
    ]


def test_three_actors_coalitions_and_victory_by_hand() -> None:
    strength = coalitions(X3, X3, W3)
    # for A (0) against B (0.6): only A, gaining 0.6; for B against A: B 2 x 0.6 and C 0.6
    assert strength[0, 1] == pytest.approx(0.6) and strength[1, 0] == pytest.approx(1.8)
    # A against C: A 1; C against A: B 2 x 0.2, C 1. B against C: A 0.4, B 0.8; C against B: C 0.4
    assert strength[0, 2] == pytest.approx(1.0) and strength[2, 0] == pytest.approx(1.4)
    assert strength[1, 2] == pytest.approx(1.2) and strength[2, 1] == pytest.approx(0.4)
    linear = victory(strength, "linear")
    assert [linear[0, 1], linear[0, 2], linear[1, 2]] == pytest.approx([0.25, 5 / 12, 0.75])
    square = victory(strength, "square")
    assert square[0, 1] == pytest.approx(0.36 / (0.36 + 3.24))  # 0.6^2 / (0.6^2 + 1.8^2)
    binary = victory(strength, "binary")
    assert binary[1, 2] == 1.0 and binary[2, 1] == 0.0


def test_three_actors_round_by_hand() -> None:
    # Bargains P[i>j] x_i + (1 - P[i>j]) x_j; gains w_j P[i>j] |x_i - x_j|:
    # A: to B 2 x 0.25 x 0.6 = 0.3, to C 1 x 5/12 = 0.417 -> proposes 7/12 to C
    # B: to A 0.75 x 0.6 = 0.45, to C 0.75 x 0.4 = 0.3 -> proposes 0.45 to A
    # C: to A 7/12 = 0.583, to B 2 x 0.25 x 0.4 = 0.2 -> proposes 7/12 to A
    # C's election between 7/12 and 1: strengths 1/3 + 2 (0.4 - 1/60) = 1.1833 and 5/12 -> P = 0.7396
    moved = step(X3, W3, LINEAR_CONDITIONAL)
    assert moved[1] == pytest.approx(0.6)  # B got no proposal
    p = 1.18333333 / (1.18333333 + 5 / 12)
    assert moved[2] == pytest.approx(p * 7 / 12 + (1 - p) * 1.0)
    assert moved == pytest.approx(scalar_round(list(X3), list(W3), 1.0, markov=False))


def test_two_candidates_give_the_same_election_either_way() -> None:
    contest = np.array([[0.5, 0.7], [0.3, 0.5]])
    assert election(contest, "conditional") == pytest.approx([0.7, 0.3])
    assert election(contest, "markov") == pytest.approx([0.7, 0.3])


FIVE = make_issue(("a", "b", "c", "d", "e"), [0, 20, 45, 70, 100], [0.9, 0.3, 0.6, 0.5, 1.0], [2, 1, 3, 1, 2])


@pytest.mark.parametrize(("law", "power"), [("linear", 1.0), ("square", 2.0), ("quartic", 4.0)])
@pytest.mark.parametrize("model", ["conditional", "markov"])
def test_five_actors_every_round_matches_the_worked_rounds(
    law: Victory, power: float, model: Election
) -> None:
    settings = SpatialSettings(victory=law, election=model, rounds=4, outcome="expected")
    x, w = list(FIVE.positions / 100), list(FIVE.weights)
    run = spatial(FIVE, settings)
    for r in run.rounds:
        assert np.array(r.positions) / 100 == pytest.approx(x, abs=1e-6)
        assert r.forecast / 100 == pytest.approx(
            scalar_election(sorted(set(x)), x, w, power, model == "markov"), abs=1e-6
        )
        x = scalar_round(x, w, power, model == "markov")


def test_most_probable_outcome_is_a_candidate() -> None:
    settings = SpatialSettings(outcome="most-probable")
    x = FIVE.positions / 100
    assert elect(x, x, FIVE.weights, settings) in set(x)


def test_the_default_switches_are_the_cross_validated_ones() -> None:
    assert SpatialSettings() == SpatialSettings(
        victory="linear", election="markov", rounds=1, outcome="expected"
    )
