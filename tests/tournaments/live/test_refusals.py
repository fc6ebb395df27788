"""A move the protocol does not allow now is refused with a reason a person understands."""

from __future__ import annotations

import pytest

from accord.tournaments.live import (
    Action,
    Move,
    MoveRefused,
)
from tests.scripted import scenario
from tests.tournaments.live.driver import game_of


def test_offers_are_sequential_and_a_move_out_of_turn_is_refused_with_the_reason() -> None:
    s = scenario(3)
    game = game_of(s, "stacked-offers", ("boulware",) * 3, people=3)
    state = game.replay([], 0.0)
    assert state.waiting_for == ("v1",) and state.asks["v1"].actions == (Action.OFFER, Action.PASS)
    with pytest.raises(MoveRefused, match="it is v1's turn to offer"):
        game.check(state, Move("v2", Action.OFFER, package=0))
    state = game.replay([Move("v1", Action.OFFER, package=0)], 0.0)
    assert state.waiting_for == ("v2",) and state.draft == 0
    with pytest.raises(MoveRefused, match="it is v2's turn to answer"):
        game.check(state, Move("v3", Action.RESPOND, accepted=True))
    with pytest.raises(MoveRefused, match="not for an offer"):
        game.check(state, Move("v2", Action.OFFER, package=1))


def test_a_settled_point_cannot_be_offered_away_and_a_strategy_seat_cannot_be_moved_for() -> None:
    settled = scenario(2, agreements=[{"point": "p1", "option": "a", "parties": ["v1", "v2"]}])
    game = game_of(settled, "stacked-offers", ("boulware",) * 2, people=1)
    state = game.replay([], 0.0)
    with pytest.raises(MoveRefused, match="crosses a settled point: p1 is settled on a"):
        game.check(state, Move("v1", Action.OFFER, package=5))
    with pytest.raises(MoveRefused, match="played by a strategy"):
        game.check(state, Move("v2", Action.RESPOND, accepted=True))
    game.check(state, Move("v1", Action.OFFER, package=1))


def test_a_move_for_a_round_that_is_over_is_refused() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=3)
    votes = [Move(p, Action.VOTE, accepted=False) for p in ("v1", "v2")]
    state = game.replay(votes, 0.0)
    assert state.round == 2
    with pytest.raises(MoveRefused, match="round 1 is over"):
        game.check(state, Move("v1", Action.VOTE, accepted=True, round=1))
