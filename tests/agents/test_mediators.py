from __future__ import annotations

import numpy as np

from accord.agents.mediators import (
    AnnealingMediator,
    HillClimbingMediator,
    MaximinMediator,
    first_draft,
    mutation,
)
from accord.model.compiled import compile_scenario
from accord.protocols.rules import rules_of
from tests.agents.contract import StrategyContract
from tests.scripted import scenario


class TestHillClimbingMediator(StrategyContract):
    strategy = HillClimbingMediator


class TestAnnealingMediator(StrategyContract):
    strategy = AnnealingMediator


class TestMaximinMediator(StrategyContract):
    strategy = MaximinMediator


def test_the_first_draft_keeps_what_was_agreed_and_changes_never_touch_settled_points() -> None:
    agreed = [
        {"point": "p1", "option": "b", "parties": ["v1"]},
        {"point": "p2", "option": "y", "parties": ["v1", "v2"]},
    ]
    rules = rules_of(compile_scenario(scenario(2, agreements=agreed)))
    rng = np.random.default_rng(0)
    draft = first_draft(rules, rng)
    assert rules.choice_of(draft) == [1, 1]
    for _ in range(50):
        changed = rules.choice_of(mutation(rules, draft, 2, rng))
        assert changed[1] == 1 and changed[0] != 1


def test_the_maximin_mediator_learns_who_likes_what_from_votes() -> None:
    rules = rules_of(compile_scenario(scenario(2)))
    mediator = MaximinMediator()

    class View:
        pass

    view = View()
    view.rules = rules  # type: ignore[attr-defined]
    view.time = 0.0  # type: ignore[attr-defined]
    mediator.start(view, np.random.default_rng(0))  # type: ignore[arg-type]
    # (a, x) -> (b, x): v1 loses, v2 gains; the model should learn the sign of each party's gain.
    for _ in range(3):
        mediator.adopt(view, 0, 2, {"v1": False, "v2": True})  # type: ignore[arg-type]
    gains = mediator._gains([0, 0], [1, 0])
    assert gains[0] < 0 < gains[1]
