"""Changing live sessions in one server process: each change advances the session's run instead of replaying
it from the start, moves made at once on many threads are each applied once, and what is stored is the
replay of the stored moves (a fresh process reads it back and checks it)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path

import pytest

import accord
from accord.model.scenario import Scenario
from accord.service.live.play import LiveSessions
from accord.service.live.records import Refused
from accord.tournaments.live import PERSON, Action, LiveSetup, Move
from accord.tracker.engine import make_engine
from accord.tracker.store import Store


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = f"sqlite:///{tmp_path / 'live.db'}"
    Store.create_talks(made, accord.load(accord.example_path())).close()
    return made


@pytest.fixture
def live(url: str) -> Iterator[LiveSessions]:
    sessions = LiveSessions(make_engine(url))
    yield sessions
    sessions.close()


def _session(live: LiveSessions, rounds: int) -> tuple[str, Scenario]:
    scenario = accord.load(accord.example_path())
    seats = {p: PERSON for p in scenario.voters[:3]} | {scenario.voters[3]: "annealer"}
    setup = LiveSetup(protocol="single-text", rounds=rounds, minutes=None, seats=seats, seed=3)
    row = live.create(1, scenario, setup, group=None, people={}, start="now", author="mediator")
    return row.id, scenario


def _vote(live: LiveSessions, session_id: str, party: str, round_: int) -> bool:
    try:
        live.move(session_id, Move(party, Action.VOTE, accepted=round_ % 2 == 0), author=party)
    except Refused:
        return False
    return True


def test_a_session_played_move_by_move_advances_one_run_and_reads_back_in_a_fresh_process(
    live: LiveSessions, url: str
) -> None:
    session_id, _ = _session(live, rounds=6)
    row, played = live.read(session_id)
    while played is not None and played.state.waiting_for:
        for party in played.state.waiting_for:
            assert _vote(live, session_id, party, played.state.round)
        row, played = live.read(session_id)
    assert row.ended and played is not None and played.state.ended is not None
    assert live.games.of(row).runs == 1
    fresh = LiveSessions(make_engine(url))  # replays the stored moves, checked against the stored events
    try:
        again, replayed = fresh.read(session_id)
        assert replayed is not None and replayed.state == played.state and again.revision == row.revision
    finally:
        fresh.close()


def test_people_voting_at_once_on_many_threads_are_each_applied_once(live: LiveSessions, url: str) -> None:
    session_id, scenario = _session(live, rounds=4)
    people = scenario.voters[:3]
    accepted = 0
    with ThreadPoolExecutor(3) as pool:
        for round_ in range(1, 5):
            accepted += sum(pool.map(_vote, repeat(live), repeat(session_id), people, repeat(round_)))
    row, played = live.read(session_id)
    assert played is not None and row.moves == accepted == len(played.moves)
    fresh = LiveSessions(make_engine(url))
    try:
        assert fresh.read(session_id)[1] == played
    finally:
        fresh.close()
