"""Backends: a worker process can solve programmes after the process that started it has solved one."""

from __future__ import annotations

import numpy as np

from accord.analysis.optimize import max_min_gain
from accord.analysis.program import zone_program
from accord.model.compiled import compile_scenario
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.tournaments.backends import ProcessBackend


def zone_is_empty(seed: int) -> bool:
    scenario = load_scenario(example_path())
    return max_min_gain(zone_program(compile_scenario(scenario))) is None


def test_workers_solve_after_the_parent_has_solved() -> None:
    # Regression: forked workers inherited HiGHS's thread pool without its threads and hung on their
    # first solve once the parent had solved a programme.
    assert zone_is_empty(0)
    assert ProcessBackend(2).map(zone_is_empty, list(np.arange(4))) == [True] * 4
