"""A person's seat answers from its recorded moves, and the replay clock reads the latest move's time."""

from __future__ import annotations

import pytest

from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.events import Offered
from accord.tournaments.live import (
    Action,
    Move,
    Question,
)
from tests.scripted import scenario
from tests.tournaments.live.driver import game_of


def test_strategies_decide_at_the_time_of_the_latest_move_whatever_the_time_of_the_replay(
    example: Scenario,
) -> None:
    # Conceders ask for less as time passes: if the replay clock read the time of the replay, a late
    # replay of the same moves would change what they decided, and the stored events with it.
    game = game_of(example, "stacked-offers", ("conceder",) * 4, people=1, rounds=None, minutes=10.0)
    moves: list[Move] = []
    states = [game.replay(moves, 0.0)]
    while states[-1].waiting_for and len(moves) < 8:
        ask, at = states[-1].asks["ukraine"], 60.0 * (len(moves) + 1)
        if ask.question is Question.OFFER:
            moves.append(Move("ukraine", Action.OFFER, package=0, at=at))
        else:
            moves.append(Move("ukraine", Action.RESPOND, accepted=False, at=at))
        states.append(game.replay(moves, at + 1))
    offers = {e.package for e in states[-1].events if isinstance(e, Offered) and e.party != "ukraine"}
    assert len(offers) > 3  # they concede as the minutes pass
    for n, state in enumerate(states):
        assert game.replay(moves[:n], 10_000.0).events == state.events
        assert states[-1].events[: len(state.events)] == state.events


def test_moves_that_cannot_be_this_session_s_are_refused_loudly_on_replay() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=3)
    with pytest.raises(AccordError, match="does not answer what the protocol asked"):
        game.replay([Move("v1", Action.OFFER, package=0)], 0.0)
    with pytest.raises(AccordError, match="no person plays here"):
        game.replay([Move("v9", Action.VOTE, accepted=True)], 0.0)
