"""A session's engine in a server process: its run serves the moves that extend those it was given, any
other moves (a plan discarded, another process's write) get a new run, and every state is the full replay's,
whatever thread asks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from accord.service.live.games import EngineThread, Game
from accord.service.live.records import last_time
from accord.tournaments.live import LiveGame, Move
from tests.scripted import scenario
from tests.tournaments.live.driver import EXAMPLE, LINEUPS, decisions, drive, game_of, simulated


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(EXAMPLE)


@pytest.fixture
def thread() -> Iterator[EngineThread]:
    made = EngineThread()
    yield made
    made.close()


def _session(example: Scenario) -> tuple[LiveGame, tuple[Move, ...]]:
    agents = LINEUPS["single-text"]
    expected = simulated(example, "single-text", agents, rounds=20, mediator="maximin", seed=3)
    game = game_of(example, "single-text", agents, people=3)
    return game, drive(game, decisions(expected, example.voters[:3])).moves


def _replayed(live: LiveGame, moves: tuple[Move, ...]) -> object:
    return live.replay(moves, last_time(live.setup, moves))


def test_moves_that_extend_a_run_s_advance_it_and_others_start_a_new_run(
    example: Scenario, thread: EngineThread
) -> None:
    live, moves = _session(example)
    game = Game(live, thread)
    for end in range(0, 11, 3):
        assert game.replay(live.setup, moves[:end]).state == _replayed(live, moves[:end])
    assert game.runs == 1
    # Two changes planned on one state at once: each advances a run; the one that commits goes on.
    other = Move(moves[10].party, moves[10].action, accepted=not moves[10].accepted)
    for planned in (moves[:11], (*moves[:10], other)):
        assert game.replay(live.setup, planned).state == _replayed(live, planned)
    assert game.runs == 2
    for end in range(12, len(moves) + 1, 5):
        assert game.replay(live.setup, moves[:end]).state == _replayed(live, moves[:end])
    assert game.runs == 2
    # A third continuation of an old state: a new run, the least recently used let go.
    assert game.replay(live.setup, moves[:3]).state == _replayed(live, moves[:3]) and game.runs == 3


def test_requests_on_many_threads_at_once_each_get_the_replay_of_their_moves(
    example: Scenario, thread: EngineThread
) -> None:
    live, moves = _session(example)
    game = Game(live, thread)
    pick = random.Random(4)
    asked = [moves[: pick.randrange(len(moves) + 1)] for _ in range(40)]
    with ThreadPoolExecutor(8) as pool:
        states = list(pool.map(lambda some: game.replay(live.setup, some).state, asked))
    assert states == [_replayed(live, some) for some in asked]


def test_the_rules_impose_on_the_run_what_they_impose_on_the_replay(thread: EngineThread) -> None:
    live = game_of(scenario(2), "stacked-offers", ("boulware",) * 2, people=2, rounds=3, move_seconds=30.0)
    game = Game(live, thread)
    before = game.replay(live.setup, ())
    assert game.impose(live.setup, before, 10.0) is before
    after = game.impose(live.setup, before, 100.0)
    imposed = live.timeouts(before.state, 100.0)
    assert after.moves == tuple(imposed) and after.state == _replayed(live, tuple(imposed))
    assert after.lines == tuple(game.lines(after.state, after.state.events)) and game.runs == 1
