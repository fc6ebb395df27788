"""Live sessions: the state is a pure function of the set-up and the recorded moves, and with every seat a
person who moves as a strategy would, the events are those of ``accord simulate``."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from accord.model.errors import AccordError
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Ended, Voted
from accord.protocols.trace import read_trace, write_trace
from accord.tournaments.live import (
    PERSON,
    Action,
    LiveGame,
    LiveSetup,
    Move,
    MoveRefused,
    Question,
    prepare_live,
)
from accord.tournaments.scores import reference_of, score
from tests.scripted import scenario
from tests.tournaments.live_driver import decisions, drive, simulated

EXAMPLE = Path(__file__).parents[2] / "src" / "accord" / "examples" / "peace-talks.yaml"
LINEUPS = {
    "single-text": ("hill-climber", "annealer", "hill-climber", "annealer"),
    "shuttle": ("annealer", "hill-climber", "annealer", "hill-climber"),
    "stacked-offers": ("boulware", "conceder", "linear", "hardliner"),
}


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(EXAMPLE)


def game_of(s: Scenario, protocol: str, agents: tuple[str, ...], people: int, **setup: object) -> LiveGame:
    seats = {p: PERSON if i < people else a for i, (p, a) in enumerate(zip(s.voters, agents, strict=True))}
    values = {"rounds": 20, "minutes": None, "seed": 3, **setup}
    return prepare_live(s, LiveSetup(protocol=protocol, seats=seats, **values))  # type: ignore[arg-type]


@pytest.mark.parametrize("protocol", sorted(LINEUPS))
def test_people_who_move_as_strategies_replay_accord_simulate(example: Scenario, protocol: str) -> None:
    agents = LINEUPS[protocol]
    expected = simulated(example, protocol, agents, rounds=20, mediator="maximin", seed=3)
    game = game_of(example, protocol, agents, people=3)
    pick = random.Random(0)
    state = drive(game, decisions(expected, example.voters[:3]), choose=lambda w: pick.choice(list(w)))
    assert state.events == expected
    assert state.ended is not None and state.state in ("agreed", "broken-down")
    assert state.consumed == len(state.moves)


def test_every_person_asked_to_vote_on_a_proposal_waits_at_once_and_answers_in_any_order() -> None:
    s = scenario(3)
    game = game_of(s, "single-text", ("hill-climber",) * 3, people=3, rounds=2)
    state = game.replay([], 0.0)
    assert state.waiting_for == ("v1", "v2", "v3")
    assert {ask.question for ask in state.asks.values()} == {Question.VOTE}
    v3 = Move("v3", Action.VOTE, accepted=True, at=5.0)
    game.check(state, v3)
    state = game.replay([v3], 6.0)
    assert state.waiting_for == ("v1", "v2") and state.answered == ("v3",)
    with pytest.raises(MoveRefused, match="you already voted on this proposal"):
        game.check(state, Move("v3", Action.VOTE, accepted=False))
    # Nothing of v3's vote shows before the protocol reaches it, in its own order.
    assert not any(isinstance(e, Voted) for e in state.events)
    v1, v2 = Move("v1", Action.VOTE, accepted=False), Move("v2", Action.VOTE, accepted=True)
    late = game.replay([v3, v2, v1], 7.0)
    early = game.replay([v1, v2, v3], 7.0)
    assert late.events == early.events
    assert [e.party for e in late.events if isinstance(e, Voted)] == ["v1", "v2", "v3"]
    assert late.round == 2 and late.waiting_for == ("v1", "v2", "v3")


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


def test_the_same_moves_give_the_same_state_on_a_fresh_game(example: Scenario) -> None:
    agents = LINEUPS["stacked-offers"]
    expected = simulated(example, "stacked-offers", agents, rounds=20, mediator="maximin", seed=3)
    first = game_of(example, "stacked-offers", agents, people=3)
    state = drive(first, decisions(expected, example.voters[:3]))
    again = game_of(example, "stacked-offers", agents, people=3).replay(state.moves, 0.0)
    assert again == state


def test_the_record_reads_back_and_scores_as_a_simulation(example: Scenario) -> None:
    agents = LINEUPS["single-text"]
    expected = simulated(example, "single-text", agents, rounds=5, mediator="maximin", seed=3)
    game = game_of(example, "single-text", agents, people=3, rounds=5)
    state = drive(game, decisions(expected, example.voters[:3]))
    record = game.record(state, {"session": "s-1"})
    stream = io.StringIO()
    write_trace([record], stream)
    (back,) = read_trace(stream.getvalue().splitlines())
    assert back == record and isinstance(back.events[-1], Ended)
    assert back.header.agents == (PERSON, PERSON, PERSON, "annealer")
    assert back.header.extra == {"session": "s-1"}
    assert game.score(state) == score(record, reference_of(example))
    assert game.score(game.replay([], 0.0)) is None


def test_a_set_up_and_a_move_round_trip_through_json() -> None:
    setup = LiveSetup(
        protocol="single-text",
        rounds=3,
        minutes=10.0,
        seats={"v1": PERSON, "v2": "annealer"},
        parameters={"v2": {"temperature": 0.5}},
        seed=4,
        started=1_700_000_000.0,
        move_seconds=30.0,
    )
    assert LiveSetup.from_dict(json.loads(json.dumps(setup.to_dict()))) == setup
    move = Move("v1", Action.OFFER, package=3, at=12.5, round=2)
    assert Move.from_dict(json.loads(json.dumps(move.to_dict()))) == move
    with pytest.raises(AccordError, match="action is one of"):
        Move.from_dict({"party": "v1", "action": "shout"})
    with pytest.raises(AccordError, match="no field"):
        LiveSetup.from_dict({**setup.to_dict(), "colour": "red"})
