"""The MILP solver: one call of HiGHS (``highspy``) on a problem given as arrays.

HiGHS 1.16 through ``highspy`` solves the 6-party max-min problems about twice as fast as the HiGHS inside
SciPy. Its presolve is switched off: in 1.14-1.16 it called some feasible problems infeasible and returned a
suboptimal package as optimal on others (cases in ``tests/analysis/test_program.py``). Without it the 6-party
problems solve as fast; models with many non-linear terms (ANAC 2014) are slower. Answers hold to the
solver's tolerances only: :mod:`accord.analysis.program` checks every package exactly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import highspy
import numpy as np
from numpy.typing import NDArray

from accord.model.errors import AccordError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

TIME_LIMIT = 60.0
"""Seconds one solve may take before the engine reports that it gave up."""

OPTIONS: dict[str, float | bool | str] = {
    "output_flag": False,
    "mip_rel_gap": 1e-9,
    "mip_abs_gap": 1e-7,
    "presolve": "off",
    "mip_allow_cut_separation_at_nodes": False,
    "mip_pscost_minreliable": 0,
    "threads": 1,
}
"""HiGHS options. Presolve: see above. Cuts at the root only and no strong branching take 20-25 % off a
6-party max-min proof (benchmarks/bench_optimize.py). One thread: the branch-and-bound is serial anyway, and
a process that holds no solver thread can be forked (:mod:`accord.analysis.parallel`)."""

SEARCH_HEURISTICS = (
    "mip_heuristic_run_rins",
    "mip_heuristic_run_rens",
    "mip_heuristic_run_root_reduced_cost",
    "mip_heuristic_run_feasibility_jump",
)
"""Primal heuristics switched off under a cutoff: such a solve mostly proves that nothing passes it, where
they only cost time (25-40 % of a 6-party leximin uniqueness check)."""

TOLERANCE = 1e-6
"""How far a solver's solution may break a row, unless a problem asks for less (HiGHS's default)."""


@dataclass(frozen=True)
class SparseRows:
    """A constraint matrix in compressed sparse row form: row ``i``'s entries are ``values[starts[i] :
    starts[i + 1]]`` in the columns ``indices[...]``."""

    starts: IntArray
    indices: IntArray
    values: FloatArray
    columns: int

    @classmethod
    def dense(cls, matrix: FloatArray) -> SparseRows:
        """The nonzero entries of a dense matrix."""
        rows, columns = np.nonzero(matrix)
        starts = np.searchsorted(rows, np.arange(matrix.shape[0] + 1)).astype(np.int64)
        values = matrix[rows, columns].astype(np.float64)
        return cls(starts, columns.astype(np.int64), values, matrix.shape[1])

    @property
    def count(self) -> int:
        return len(self.starts) - 1


@dataclass(frozen=True)
class Settings:
    """How one solve runs. ``hint``: some variables' values of a feasible solution (HiGHS completes the
    rest), a first incumbent. ``cutoff``: a solution must reach this objective (None when none does).
    ``tolerance``: how far a solution may break a row. ``first``: stop at the first solution found, when any
    solution answers the question (is there one?) and its objective only guides the search."""

    time_limit: float = TIME_LIMIT
    hint: dict[int, float] | None = None
    cutoff: float | None = None
    tolerance: float = TOLERANCE
    first: bool = False


def maximize(
    c: FloatArray,
    integer: BoolArray,
    bounds: tuple[FloatArray, FloatArray],
    matrix: SparseRows,
    row_bounds: tuple[FloatArray, FloatArray],
    *,
    settings: Settings = Settings(),
) -> tuple[FloatArray, float] | None:
    """Maximise ``c @ x`` under ``bounds[0] <= x <= bounds[1]`` and ``row_bounds[0] <= matrix @ x <=
    row_bounds[1]``, ``x`` integer where ``integer`` says: the optimal ``x`` and objective, None when
    infeasible (or, with a cutoff, when nothing reaches it)."""
    with _quiet_stdout():
        solver = _solver(settings)
        solver.passModel(
            len(c),
            matrix.count,
            len(matrix.values),
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMaximize),
            0.0,
            c,
            *bounds,
            *row_bounds,
            matrix.starts.astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.values,
            integer.astype(np.int32),
        )
        if settings.hint is not None:
            hint = settings.hint
            index = np.fromiter(hint, dtype=np.int32, count=len(hint))
            values = np.fromiter(hint.values(), dtype=np.float64, count=len(hint))
            solver.setSolution(len(hint), index, values)
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kSolveError:
            # HiGHS found a solution at its feasibility tolerance and then rejected it (a row off by exactly
            # the tolerance): solve again to a tighter one
            solver.setOptionValue("mip_feasibility_tolerance", settings.tolerance / 10)
            solver.run()
            status = solver.getModelStatus()
    if status in {highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kObjectiveBound}:
        return None
    found = settings.first and status == highspy.HighsModelStatus.kSolutionLimit
    if status != highspy.HighsModelStatus.kOptimal and not found:
        raise AccordError(f"the MILP solver stopped without an answer: {solver.modelStatusToString(status)}")
    value = float(solver.getInfo().objective_function_value)
    if settings.cutoff is not None and value < settings.cutoff:  # a heuristic's solution, below the cutoff
        return None
    return np.asarray(solver.getSolution().col_value, dtype=np.float64), value


def _solver(settings: Settings) -> highspy.Highs:
    """A HiGHS instance with this module's options (build it with standard output quiet: it prints)."""
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    for option, value in OPTIONS.items():
        solver.setOptionValue(option, value)
    solver.setOptionValue("time_limit", settings.time_limit)
    for option in ("mip_feasibility_tolerance", "primal_feasibility_tolerance"):
        solver.setOptionValue(option, settings.tolerance)
    if settings.cutoff is not None:  # HiGHS minimises the negated objective: prune what is not below -cutoff
        solver.setOptionValue("objective_bound", -settings.cutoff)
        for option in SEARCH_HEURISTICS:
            solver.setOptionValue(option, False)
    if settings.first:
        solver.setOptionValue("mip_max_improving_sols", 1)
    return solver


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send what the solver's C code prints on file descriptor 1 to /dev/null: HiGHS sometimes prints debug
    lines there, which would corrupt the JSON that the CLI writes on standard output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
