"""Tournaments: the plan, role rotation, and the same results on every backend (Dask included)."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest

from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.protocols.rules import Deadline
from accord.protocols.trace import read_trace, write_trace
from accord.tournaments.backends import DaskBackend, ProcessBackend, SerialBackend
from accord.tournaments.results import ResultSet
from accord.tournaments.scores import reference_of
from accord.tournaments.tournament import TournamentConfig, plan, run_tournament, stream_of
from tests.scripted import scenario

CONFIG = TournamentConfig(
    protocol="alternating-offers",
    strategies=("boulware", "conceder", "hardliner"),
    deadline=Deadline(rounds=30),
    repetitions=2,
    seed=5,
    batch=4,
)


def test_every_strategy_takes_every_seat_equally_often() -> None:
    tasks = plan([scenario(2)], CONFIG)
    # 3 strategies, 2 seats: 3 self-plays (one order) + 3 pairs (two orders), each twice.
    assert len(tasks) == (3 + 3 * 2) * 2
    seats = Counter((task.agents[seat], seat) for task in tasks for seat in range(2))
    assert set(seats.values()) == {6}
    assert [t.run for t in tasks] == list(range(len(tasks)))


def test_three_seats_rotate_through_every_cyclic_order() -> None:
    config = TournamentConfig("stacked-offers", ("linear", "boulware"), Deadline(rounds=5))
    tasks = plan([scenario(3)], config)
    assert [t.agents for t in tasks] == [
        ("linear", "linear", "linear"),
        ("linear", "linear", "boulware"),
        ("linear", "boulware", "linear"),
        ("boulware", "linear", "linear"),
        ("linear", "boulware", "boulware"),
        ("boulware", "boulware", "linear"),
        ("boulware", "linear", "boulware"),
        ("boulware", "boulware", "boulware"),
    ]


def test_local_processes_give_the_results_of_one_process() -> None:
    scenarios = [scenario(2), scenario(2, rule={"rule": "quorum", "quorum": 1})]
    serial = run_tournament(scenarios, CONFIG, SerialBackend())
    assert serial.to_dict()["runs"] == 36
    assert run_tournament(scenarios, CONFIG, ProcessBackend(2)).to_dict() == serial.to_dict()
    rates = {s.strategy: s.agreement_rate for s in serial.standings}
    assert rates["conceder"] > rates["hardliner"]  # two hard-liners never meet


def test_a_run_stream_is_the_runs_child_of_the_seed() -> None:
    """Workers rebuild each run's stream from the seed and the run's number; it must be the very stream
    that spawning from the seed gives, so that records do not depend on how runs were batched."""
    children = np.random.default_rng(7).spawn(50)
    for run in (0, 1, 17, 49):
        assert (stream_of(7, run).random(8) == children[run].random(8)).all()
    assert (stream_of(7, 3).random(8) != stream_of(8, 3).random(8)).all()


def test_batch_size_does_not_change_the_results() -> None:
    one = run_tournament([scenario(2)], TournamentConfig(**{**CONFIG.__dict__, "batch": 1}))
    many = run_tournament([scenario(2)], TournamentConfig(**{**CONFIG.__dict__, "batch": 50}))
    assert one.scores == many.scores and one.to_dict() == many.to_dict()


def test_results_are_rebuilt_from_the_stored_records() -> None:
    config = TournamentConfig(**{**CONFIG.__dict__, "keep_events": True})
    results = run_tournament([scenario(2)], config)
    stream = io.StringIO()
    write_trace(results.records, stream)
    records = read_trace(stream.getvalue().splitlines())
    rebuilt = ResultSet.from_records(records, [reference_of(scenario(2))])
    assert rebuilt.to_dict() == results.to_dict()
    assert rebuilt.scores == results.scores


def test_a_dask_cluster_gives_the_same_results() -> None:
    distributed = pytest.importorskip("distributed", reason="the cluster extra: pip install -e '.[cluster]'")
    peace = load_scenario(example_path())
    config = TournamentConfig("shuttle", ("linear", "hardliner"), Deadline(rounds=10), batch=3, seed=1)
    expected = run_tournament([peace], config).to_dict()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        got = run_tournament([peace], config, DaskBackend(cluster.scheduler_address))
    assert got.to_dict() == expected
    # 4 seats, 2 strategies: 5 lineups in 1 + 4 + 4 + 4 + 1 distinct orders; the example's zone is empty.
    assert expected["runs"] == 14 and expected["agreements"] == 0
