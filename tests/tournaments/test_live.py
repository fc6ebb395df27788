"""Live sessions: the state is a pure function of the set-up and the recorded moves, and with every seat a
person who moves as a strategy would, the events are those of ``accord simulate``."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.agents.catalogue import strategies
from accord.agents.strategy import Seat
from accord.model.errors import AccordError
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Ended, Offered, Voted
from accord.protocols.trace import read_trace, write_trace
from accord.tournaments.live import (
    PERSON,
    Action,
    LiveGame,
    LiveSetup,
    LiveState,
    Move,
    MoveRefused,
    Question,
    prepare_live,
)
from accord.tournaments.scores import reference_of, score
from tests.scripted import scenario
from tests.strategies import scenarios
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
    assert state.waiting_for == ("v1", "v2") and state.asks["v1"].answer_by is None
    assert game.timeouts(state, 99_999.0) == [] and state.time_left == 0.0
    signs = [Move(p, Action.VOTE, accepted=True, at=1100.0) for p in ("v2", "v1")]
    for move in signs:
        game.check(game.replay([*imposed, *signs[: signs.index(move)]], 1100.0), move)
    ended = game.replay([*imposed, *signs], 1100.0)
    assert ended.state == "agreed" and ended.ended is not None and ended.ended.time == 1.0


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


def test_a_settled_point_cannot_be_offered_away_and_a_strategy_seat_cannot_be_moved_for() -> None:
    settled = scenario(2, agreements=[{"point": "p1", "option": "a", "parties": ["v1", "v2"]}])
    game = game_of(settled, "stacked-offers", ("boulware",) * 2, people=1)
    state = game.replay([], 0.0)
    with pytest.raises(MoveRefused, match="crosses a settled point: p1 is settled on a"):
        game.check(state, Move("v1", Action.OFFER, package=5))
    with pytest.raises(MoveRefused, match="played by a strategy"):
        game.check(state, Move("v2", Action.RESPOND, accepted=True))
    game.check(state, Move("v1", Action.OFFER, package=1))


def test_a_move_for_a_round_that_is_over_is_refused_and_a_foreign_move_list_is_loud() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=3)
    votes = [Move(p, Action.VOTE, accepted=False) for p in ("v1", "v2")]
    state = game.replay(votes, 0.0)
    assert state.round == 2
    with pytest.raises(MoveRefused, match="round 1 is over"):
        game.check(state, Move("v1", Action.VOTE, accepted=True, round=1))
    with pytest.raises(AccordError, match="does not answer what the protocol asked"):
        game.replay([Move("v1", Action.OFFER, package=0)], 0.0)
    with pytest.raises(AccordError, match="no person plays here"):
        game.replay([Move("v9", Action.VOTE, accepted=True)], 0.0)


def _negotiators(protocol: str) -> list[str]:
    return sorted(n for n, c in strategies(Seat.NEGOTIATOR).items() if protocol in c.traits.protocols)


@st.composite
def live_cases(draw: st.DrawFn) -> tuple[Scenario, str, tuple[str, ...], tuple[bool, ...], int, str, int]:
    s = draw(scenarios(voters=(2, 4), max_packages=48))
    protocols = ["single-text", "shuttle", "stacked-offers"] + (["alternating-offers"] * (len(s.voters) == 2))
    protocol = draw(st.sampled_from(protocols))
    names = _negotiators(protocol)
    agents = tuple(draw(st.sampled_from(names)) for _ in s.voters)
    people = tuple(draw(st.lists(st.booleans(), min_size=len(s.voters), max_size=len(s.voters))))
    mediator = draw(st.sampled_from(sorted(strategies(Seat.MEDIATOR))))
    return s, protocol, agents, people, draw(st.integers(1, 5)), mediator, draw(st.integers(0, 2**32))


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


def test_a_party_sees_its_own_numbers_only_and_the_mediator_the_analysis(example: Scenario) -> None:
    game = game_of(example, "single-text", LINEUPS["single-text"], people=3)
    state = game.replay([], 0.0)
    view = game.own_view(state, "ukraine")
    prefs = game.setting.preferences[0]
    assert state.draft is not None and view.draft is not None and view.asked is not None
    assert view.draft.utility == float(prefs.utilities[state.draft])
    assert view.asked.utility == float(prefs.utilities[state.asks["ukraine"].package or 0])
    rules = game.setting.rules
    expected = sum(rules.sizes[k] - 1 for k in rules.open_points)
    assert len(view.changes) == expected and view.reservation == prefs.reservation
    for change in view.changes:
        choice = rules.choice_of(state.draft)
        k = game.compiled.points.index(change.point)
        choice[k] = game.compiled.options[k].index(change.option)
        assert change.utility == float(prefs.utilities[rules.package_of(choice)])
    others = {float(p.utilities[state.draft]) for p in game.setting.preferences[1:]}
    shown = json.dumps(view.to_dict())
    assert not any(repr(u) in shown for u in others - {view.draft.utility})
    table = game.table_analysis(state)
    assert table.draft_utilities is not None and set(table.draft_utilities) == set(example.voters)
    assert table.frontier_distance is not None and table.frontier_distance >= 0.0
    assert table.zone_size == game.analysis.zone.size


def test_a_session_of_strategies_only_runs_to_its_end_at_once(example: Scenario) -> None:
    agents = LINEUPS["stacked-offers"]
    game = game_of(example, "stacked-offers", agents, people=0)
    state = game.replay([], 0.0)
    assert state.events == simulated(example, "stacked-offers", agents, rounds=20, mediator="maximin", seed=3)
    assert state.ended is not None and state.waiting_for == () and state.rounds_left == 0


def test_the_mediator_measures_the_draft_as_the_score_measures_the_agreement_on_it() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=1)
    moves = [Move(p, Action.VOTE, accepted=True) for p in ("v1", "v2", "v1", "v2")]
    state = game.replay(moves, 0.0)
    result, table = game.score(state), game.table_analysis(state)
    assert state.state == "agreed" and result is not None and not table.zone_empty
    assert table.nash is not None and table.draft == result.package
    assert (table.frontier_distance, table.nash_distance) == (result.frontier_distance, result.nash_distance)
    assert table.draft_in_zone is True


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
