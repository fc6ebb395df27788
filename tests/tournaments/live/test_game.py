"""The engine: a live session's state is a pure function of its set-up and its recorded moves, and with
every seat a person who moves as a strategy would, the events are those of ``accord simulate``."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.events import Ended, Voted
from accord.protocols.trace import read_trace, write_trace
from accord.tournaments.live import (
    PERSON,
    Action,
    LiveSetup,
    LiveState,
    Move,
    MoveRefused,
    Question,
    prepare_live,
)
from accord.tournaments.scores import reference_of, score
from tests.scripted import scenario
from tests.tournaments.live.driver import LINEUPS, decisions, drive, game_of, live_cases, simulated


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


@given(case=live_cases(), data=st.data())
@settings(max_examples=60)
def test_oracle_any_protocol_scenario_and_lineup_replays_accord_simulate(
    case: tuple[Scenario, str, tuple[str, ...], tuple[bool, ...], int, str, int], data: st.DataObject
) -> None:
    s, protocol, agents, people, rounds, mediator, seed = case
    expected = simulated(s, protocol, agents, rounds=rounds, mediator=mediator, seed=seed)
    seats = {p: PERSON if person else a for p, a, person in zip(s.voters, agents, people, strict=True)}
    setup = LiveSetup(
        protocol=protocol, rounds=rounds, minutes=None, seats=seats, mediator=mediator, seed=seed
    )
    game = prepare_live(s, setup)
    seen: list[LiveState] = []
    planned = decisions(expected, [p for p, person in zip(s.voters, people, strict=True) if person])
    state = drive(game, planned, choose=lambda w: data.draw(st.sampled_from(w)), on_state=seen.append)
    assert state.events == expected
    assert all(state.events[: len(s.events)] == s.events for s in seen)
    assert all(not moves for moves in planned.values())
    assert prepare_live(s, setup).replay(state.moves, 0.0) == state
    assert game.score(state) == score(game.record(state), reference_of(s))


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


def test_a_shuttle_sitting_votes_at_once_the_next_waits_and_everyone_signs_at_once(example: Scenario) -> None:
    game = game_of(example, "shuttle", LINEUPS["shuttle"], people=4, rounds=1)
    state = game.replay([], 0.0)
    assert state.waiting_for == ("ukraine", "europe") and state.asks["europe"].session == "s1"
    with pytest.raises(MoveRefused, match="meeting ukraine, europe in private session s1 now"):
        game.check(state, Move("russia", Action.VOTE, accepted=True))
    europe = Move("europe", Action.VOTE, accepted=True)
    ukraine = Move("ukraine", Action.VOTE, accepted=True)
    state = game.replay([europe, ukraine], 0.0)
    assert state.waiting_for == ("russia",) and state.asks["russia"].session == "s2"
    russia = Move("russia", Action.VOTE, accepted=True)
    us = Move("united-states", Action.VOTE, accepted=True)
    state = game.replay([europe, ukraine, russia, us], 0.0)
    assert {a.question for a in state.asks.values()} == {Question.SIGN}
    assert state.waiting_for == ("ukraine", "russia", "united-states", "europe")
    assert {p: a.session for p, a in state.asks.items()} == {
        "ukraine": "s1",
        "europe": "s1",
        "russia": "s2",
        "united-states": "s3",
    }


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


def test_the_minutes_deadline_answers_pending_votes_no_and_the_final_text_still_waits_for_signatures() -> (
    None
):
    game = game_of(
        scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=None, minutes=1.0, started=1000.0
    )
    state = game.replay([], 1000.0)
    assert state.waiting_for == ("v1", "v2") and state.asks["v1"].answer_by == 1060.0
    assert state.time_left == 60.0
    assert game.timeouts(state, 1059.0) == []
    with pytest.raises(MoveRefused, match="your time to answer ran out"):
        game.check(state, Move("v1", Action.VOTE, accepted=True, at=1061.0))
    imposed = game.timeouts(state, 1061.0)
    assert imposed == [
        Move("v1", Action.VOTE, accepted=False, at=1060.0, timeout=True, round=1),
        Move("v2", Action.VOTE, accepted=False, at=1060.0, timeout=True, round=1),
    ]
    state = game.replay(imposed, 1061.0)
    assert {ask.question for ask in state.asks.values()} == {Question.SIGN}
    assert state.round == 1 and state.rounds_left is None
    assert state.waiting_for == ("v1", "v2") and state.asks["v1"].answer_by is None
    assert game.timeouts(state, 99_999.0) == [] and state.time_left == 0.0
    signs = [Move(p, Action.VOTE, accepted=True, at=1100.0) for p in ("v2", "v1")]
    for move in signs:
        game.check(game.replay([*imposed, *signs[: signs.index(move)]], 1100.0), move)
    ended = game.replay([*imposed, *signs], 1100.0)
    assert ended.state == "agreed" and ended.ended is not None and ended.ended.time == 1.0


def test_after_the_deadline_every_response_still_asked_counts_as_a_rejection_then_time_ends_the_talks() -> (
    None
):
    s = scenario(3, rule={"rule": "quorum", "quorum": 2})
    game = game_of(s, "stacked-offers", ("boulware",) * 3, people=3, rounds=None, minutes=1.0)
    offer = Move("v1", Action.OFFER, package=0, at=10.0)
    state = game.replay([offer], 20.0)
    assert state.waiting_for == ("v2",) and state.asks["v2"].answer_by == 60.0
    imposed = game.timeouts(state, 75.0)
    assert [(m.party, m.action, m.accepted, m.at) for m in imposed] == [
        ("v2", Action.RESPOND, False, 60.0),
        ("v3", Action.RESPOND, False, 60.0),
    ]
    ended = game.replay([offer, *imposed], 75.0).ended
    assert ended is not None and ended.reason == "time" and not ended.agreement


def test_a_person_who_does_not_answer_within_move_seconds_passes_and_the_replay_stays_pure() -> None:
    game = game_of(scenario(2), "stacked-offers", ("boulware",) * 2, people=2, rounds=3, move_seconds=30.0)
    state = game.replay([], 50.0)
    first = game.timeouts(state, 50.0)
    assert first == [Move("v1", Action.PASS, at=30.0, timeout=True, round=1)]
    state = game.replay(first, 50.0)
    assert state.waiting_for == ("v2",) and state.asks["v2"].asked_at == 30.0
    rest = game.timeouts(state, 1000.0)
    assert [(m.party, m.at) for m in rest] == [("v2", 60.0), ("v1", 90.0)]
    ended = game.replay([*first, *rest], 1000.0)
    assert ended.state == "broken-down" and ended.ended is not None and ended.ended.reason == "deadline"
    assert game.replay([*first, *rest], 5.0).events == ended.events


def test_a_session_of_strategies_only_runs_to_its_end_at_once(example: Scenario) -> None:
    agents = LINEUPS["stacked-offers"]
    game = game_of(example, "stacked-offers", agents, people=0)
    state = game.replay([], 0.0)
    assert state.events == simulated(example, "stacked-offers", agents, rounds=20, mediator="maximin", seed=3)
    assert state.ended is not None and state.waiting_for == () and state.rounds_left == 0


def test_prepare_live_names_what_is_wrong_with_a_set_up(example: Scenario) -> None:
    seats = dict.fromkeys(example.voters, PERSON)
    with pytest.raises(AccordError, match="no voting party 'mars'"):
        prepare_live(
            example,
            LiveSetup(protocol="single-text", rounds=3, minutes=None, seats={**seats, "mars": PERSON}),
        )
    with pytest.raises(AccordError, match="none for europe"):
        prepare_live(
            example,
            LiveSetup(
                protocol="single-text",
                rounds=3,
                minutes=None,
                seats={p: PERSON for p in example.voters if p != "europe"},
            ),
        )
    with pytest.raises(AccordError, match="unknown negotiator strategy 'bouleware'; did you mean 'boulware'"):
        prepare_live(
            example,
            LiveSetup(
                protocol="stacked-offers", rounds=3, minutes=None, seats={**seats, "europe": "bouleware"}
            ),
        )
    with pytest.raises(AccordError, match="has no parameter 'heat'"):
        prepare_live(
            example,
            LiveSetup(
                protocol="single-text",
                rounds=3,
                minutes=None,
                seats={**seats, "europe": "annealer"},
                parameters={"europe": {"heat": 1}},
            ),
        )
    with pytest.raises(AccordError, match="1 to 1,000 rounds"):
        prepare_live(example, LiveSetup(protocol="single-text", rounds=5000, minutes=None, seats=seats))
    with pytest.raises(AccordError, match="needs a deadline"):
        prepare_live(example, LiveSetup(protocol="single-text", rounds=None, minutes=None, seats=seats))
    with pytest.raises(AccordError, match="alternating offers is bilateral"):
        prepare_live(example, LiveSetup(protocol="alternating-offers", rounds=3, minutes=None, seats=seats))


def test_the_python_example_of_docs_simulation_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = Path(__file__).parents[3] / "docs" / "simulation.md"
    section = docs.read_text(encoding="utf-8").split("## Live sessions", 1)[1]
    code = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    monkeypatch.chdir(docs.parents[1] / "src" / "accord")
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/simulation.md", "exec"), namespace)
    state = namespace["state"]
    assert isinstance(state, LiveState) and state.consumed == 1


def test_each_responder_s_time_counts_from_when_it_is_asked_not_from_the_first_responder() -> None:
    s = scenario(3, rule={"rule": "quorum", "quorum": 2})
    game = game_of(s, "stacked-offers", ("boulware",) * 3, people=3, move_seconds=30.0)
    moves = [
        Move("v1", Action.OFFER, package=0, at=10.0),
        Move("v2", Action.RESPOND, accepted=False, at=35.0),
    ]
    state = game.replay(moves, 36.0)
    assert state.waiting_for == ("v3",)
    assert (state.asks["v3"].asked_at, state.asks["v3"].answer_by) == (35.0, 65.0)
    assert game.timeouts(state, 50.0) == []


@given(case=live_cases(), data=st.data())
@settings(max_examples=30)
def test_timeouts_leave_nothing_due_pass_the_checks_and_end_an_abandoned_session(
    case: tuple[Scenario, str, tuple[str, ...], tuple[bool, ...], int, str, int], data: st.DataObject
) -> None:
    s, protocol, agents, people, rounds, mediator, seed = case
    seats = {p: PERSON if person else a for p, a, person in zip(s.voters, agents, people, strict=True)}
    minutes = data.draw(st.sampled_from([None, 1.0]))
    setup = LiveSetup(
        protocol=protocol,
        rounds=rounds,
        minutes=minutes,
        seats=seats,
        mediator=mediator,
        seed=seed,
        move_seconds=data.draw(st.sampled_from([5.0, 20.0])),
    )
    game = prepare_live(s, setup)
    state, moves = game.replay([], 0.0), []
    for now in [*sorted(data.draw(st.lists(st.floats(0, 200), max_size=4))), 10_000.0]:
        imposed = game.timeouts(state, now)
        for move in imposed:
            game.check(state, move)
            moves.append(move)
            state = game.replay(moves, now)
        assert game.timeouts(state, now) == []
        assert all(move.timeout and move.at <= now for move in imposed)
    assert state.ended is not None and not state.waiting_for


def test_rounds_left_counts_this_round_and_none_once_the_final_text_is_out() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=2)
    votes = [Move(p, Action.VOTE, accepted=False) for p in ("v1", "v2")]
    assert [game.replay(moves, 0.0).rounds_left for moves in ([], votes)] == [2, 1]
    signing = game.replay(votes * 2, 0.0)
    assert signing.asks["v1"].question is Question.SIGN and signing.rounds_left == 0


def test_a_stopped_session_ends_in_a_breakdown_that_reads_back_and_scores_as_any(example: Scenario) -> None:
    game = game_of(example, "single-text", LINEUPS["single-text"], people=3, rounds=10)
    votes = [Move(p, Action.VOTE, accepted=True) for p in example.voters[:3]]
    state = game.replay(votes, 0.0)
    stopped = game.stopped(state)
    assert stopped.events[:-1] == state.events and stopped.ended == stopped.events[-1]
    assert stopped.ended.reason == "stopped" and not stopped.ended.agreement
    assert stopped.ended.package == state.draft and stopped.ended.time == pytest.approx(0.1)
    assert (stopped.state, stopped.waiting_for, stopped.asks) == ("broken-down", (), {})
    assert game.stopped(stopped) == stopped
    stream = io.StringIO()
    write_trace([game.record(stopped)], stream)
    (back,) = read_trace(stream.getvalue().splitlines())
    assert back.events == stopped.events
    scored = game.score(stopped)
    assert scored is not None and scored.reason == "stopped"
    assert scored == score(back, reference_of(example))
