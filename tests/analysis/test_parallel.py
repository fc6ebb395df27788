"""An algorithm run aside gives the answer it gives here, and raises what it raises."""

from __future__ import annotations

import multiprocessing
from unittest import mock

import numpy as np
import pytest

from accord.analysis import optimize, parallel
from accord.analysis.program import Program, zone_program
from accord.model.compiled import compile_scenario
from accord.model.errors import AccordError
from tests.analysis.test_program import three_party_case


def refuse(program: Program) -> None:
    raise AccordError(f"no answer for {len(program.compiled.parties)} parties")


def test_an_answer_from_aside_is_the_answer_from_here() -> None:
    program = zone_program(compile_scenario(three_party_case(4)))
    here = optimize.kalai_smorodinsky(program)
    with parallel.aside(optimize.kalai_smorodinsky, program) as elsewhere:
        answer = elsewhere()
    assert here is not None and answer is not None
    assert np.array_equal(answer.choice, here.choice)


def test_an_error_aside_is_raised_here() -> None:
    program = zone_program(compile_scenario(three_party_case(4)))
    with parallel.aside(refuse, program) as answer, pytest.raises(AccordError, match="3 parties"):
        answer()


def test_with_one_core_it_runs_here_when_asked() -> None:
    program = zone_program(compile_scenario(three_party_case(4)))
    no_process = mock.patch.object(multiprocessing, "get_context", side_effect=AssertionError)
    with (
        mock.patch.object(parallel, "cores", return_value=1),
        no_process,
        parallel.aside(refuse, program) as answer,
        pytest.raises(AccordError),
    ):
        answer()


def kalai_smorodinsky_aside(program: Program) -> list[int] | None:
    with parallel.aside(optimize.kalai_smorodinsky, program) as answer:
        found = answer()
    return None if found is None else found.choice.tolist()


def test_a_daemon_process_runs_it_itself() -> None:
    """A worker of a process pool is a daemon, which may not start a process of its own."""
    program = zone_program(compile_scenario(three_party_case(4)))
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # its workers are daemons
        found = pool.apply(kalai_smorodinsky_aside, (program,))
    here = optimize.kalai_smorodinsky(program)
    assert here is not None and found == here.choice.tolist()
