"""An algorithm run aside gives the answer it gives here, and raises what it raises."""

from __future__ import annotations

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
    no_process = mock.patch.object(parallel.multiprocessing, "get_context", side_effect=AssertionError)
    with (
        mock.patch.object(parallel, "cores", return_value=1),
        no_process,
        parallel.aside(refuse, program) as answer,
        pytest.raises(AccordError),
    ):
        answer()
