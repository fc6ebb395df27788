"""A resumable run: advanced with any split of a session's moves, it gives after each part exactly the
state the full replay gives of the moves so far, and imposes the same timeouts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.tournaments.live import PERSON, Action, LiveSetup, Move, MoveRefused, prepare_live
from tests.scripted import scenario
from tests.tournaments.live.driver import LINEUPS, decisions, drive, game_of, live_cases, simulated

Case = tuple[Scenario, str, tuple[str, ...], tuple[bool, ...], int, str, int]


def _setup(case: Case, **values: object) -> LiveSetup:
    s, protocol, agents, people, rounds, mediator, seed = case
    seats = {p: PERSON if person else a for p, a, person in zip(s.voters, agents, people, strict=True)}
    return LiveSetup(
        protocol=protocol,
        rounds=rounds,
        seats=seats,
        mediator=mediator,
        seed=seed,
        **values,  # type: ignore[arg-type]
    )


@given(case=live_cases(), data=st.data())
@settings(max_examples=60)
def test_a_run_advanced_part_by_part_equals_the_replay_of_every_prefix(
    case: Case, data: st.DataObject
) -> None:
    s, protocol, agents, people, rounds, mediator, seed = case
    game = prepare_live(s, _setup(case, minutes=None))
    expected = simulated(s, protocol, agents, rounds=rounds, mediator=mediator, seed=seed)
    planned = decisions(expected, [p for p, person in zip(s.voters, people, strict=True) if person])
    moves = list(drive(game, planned, choose=lambda w: data.draw(st.sampled_from(w))).moves)
    run, done = game.run(), 0
    while True:
        part = moves[done : done + data.draw(st.integers(0, 4))]
        done += len(part)
        state = run.advance(part, float(done))
        assert run.moves == tuple(moves[:done])
        assert state == game.replay(moves[:done], float(done))
        if done == len(moves):
            break
    assert state.events == expected


@given(case=live_cases(), data=st.data())
@settings(max_examples=40)
def test_a_run_imposes_the_timeouts_the_replay_imposes_between_people_s_moves(
    case: Case, data: st.DataObject
) -> None:
    minutes = data.draw(st.sampled_from([None, 1.0]))
    game = prepare_live(
        case[0], _setup(case, minutes=minutes, move_seconds=data.draw(st.sampled_from([5.0, 20.0])))
    )
    run, moves = game.run(), list[Move]()
    for now in [*sorted(data.draw(st.lists(st.floats(0, 200), max_size=6))), 10_000.0]:
        state = game.replay(moves, now)
        imposed = run.timeouts(now)
        assert imposed == game.timeouts(state, now)
        moves.extend(imposed)
        state = game.replay(moves, now)
        assert run.at(now) == state
        answers: bool = data.draw(st.booleans())
        if state.waiting_for and answers:
            ask = state.asks[data.draw(st.sampled_from(state.waiting_for))]
            move = Move(
                ask.party, ask.actions[-1], accepted=None if ask.actions[-1] is Action.PASS else True, at=now
            )
            game.check(state, move)
            moves.append(move)
            assert run.advance([move], now) == game.replay(moves, now)
    assert run.at(10_000.0).ended is not None


def test_a_refused_move_leaves_the_run_as_it_was(example: Scenario) -> None:
    agents = LINEUPS["stacked-offers"]
    expected = simulated(example, "stacked-offers", agents, rounds=20, mediator="maximin", seed=3)
    game = game_of(example, "stacked-offers", agents, people=3)
    moves = drive(game, decisions(expected, example.voters[:3])).moves
    run = game.run()
    before = run.advance(moves[:5], 0.0)
    late = Move(moves[5].party, Action.RESPOND, accepted=True) if moves[5].action is Action.OFFER else None
    wrong = late or Move(moves[5].party, Action.OFFER, package=0)
    with pytest.raises(MoveRefused):
        game.check(run.at(0.0), wrong)
    with pytest.raises(AccordError, match="no person plays here"):
        run.advance([Move("mars", Action.PASS)], 0.0)
    assert run.at(0.0) == before and run.moves == moves[:5]
    assert run.advance(moves[5:], 0.0) == game.replay(moves, 0.0)


def test_a_run_given_moves_of_another_session_is_spoiled_and_says_so() -> None:
    game = game_of(scenario(2), "stacked-offers", ("boulware",) * 2, people=2, rounds=3)
    run = game.run()
    with pytest.raises(AccordError, match="do not belong to this session"):
        run.advance([Move("v1", Action.RESPOND, accepted=True)], 0.0)
    with pytest.raises(AccordError, match="can no longer advance"):
        run.advance([], 0.0)
    closed = game.run()
    closed.advance([], 0.0)
    closed.close()
    with pytest.raises(AccordError, match="it was closed"):
        closed.advance([Move("v1", Action.PASS)], 0.0)
