"""Backends: a worker process can solve programmes after the process that started it has solved one; a Dask
cluster gets a function that carries data once a worker, and gives results in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from accord.analysis.optimize import max_min_gain
from accord.analysis.program import zone_program
from accord.model.compiled import compile_scenario
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.tournaments.backends import DaskBackend, ProcessBackend


def zone_is_empty(seed: int) -> bool:
    scenario = load_scenario(example_path())
    return max_min_gain(zone_program(compile_scenario(scenario))) is None


def test_workers_solve_after_the_parent_has_solved() -> None:
    # Regression: forked workers inherited HiGHS's thread pool without its threads and hung on their
    # first solve once the parent had solved a programme.
    assert zone_is_empty(0)
    assert ProcessBackend(2).map(zone_is_empty, list(range(4))) == [True] * 4


UNPICKLED = [0]
"""How many times this process has rebuilt a ``Scaled`` from its pickle."""


@dataclass
class Scaled:
    """A function that carries data, and counts in each worker how often it arrived there."""

    factor: int
    payload: bytes

    def __setstate__(self, state: dict[str, Any]) -> None:
        UNPICKLED[0] += 1
        self.__dict__.update(state)

    def __call__(self, item: int) -> tuple[int, int]:
        return item * self.factor, UNPICKLED[0]


def test_dask_sends_a_function_once_a_worker_and_keeps_the_order() -> None:
    distributed = pytest.importorskip("distributed")
    function = Scaled(3, bytes(100_000))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        results = DaskBackend(cluster.scheduler_address).map(function, list(range(40)))
    assert [value for value, _ in results] == [3 * i for i in range(40)]
    assert {arrivals for _, arrivals in results} == {1}  # scattered, not sent with each of the 40 items
