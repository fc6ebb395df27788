"""The MILP layer: HiGHS answers checked on cases where its presolve once went wrong, warm starts, silence."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from accord.analysis import optimize
from accord.analysis.analyze import analyze
from accord.analysis.epsilon import FrontierPoints, frontier_points
from accord.analysis.highs import SparseRows, maximize
from accord.analysis.optimize import max_min_gain
from accord.analysis.program import Program, Solution, base_program, solve, zone_program
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario


def point(number: int, options: int) -> dict[str, object]:
    return {
        "id": f"p{number}",
        "number": number,
        "title": f"P{number}",
        "options": [{"id": f"o{j + 1}", "label": f"O{j + 1}"} for j in range(options)],
    }


def scenario(points: list[dict[str, object]], preferences: dict[str, object], **extra: object) -> Scenario:
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "case",
            "parties": [{"id": "v1", "name": "V1"}, {"id": "v2", "name": "V2"}],
            "documents": [{"id": "d1", "title": "D", "points": points}],
            "preferences": preferences,
            **extra,
        }
    )


def test_column_stuffing_does_not_hide_a_frontier_point() -> None:
    """HiGHS 1.14-1.16's 'column stuffing' presolve rule called this step of the walk infeasible, so the
    walk missed the frontier point (0.0, 0.5957)."""
    case = scenario(
        [point(1, 1), point(2, 3), point(3, 4), point(4, 5)],
        {
            "v1": {
                "weights": {"p1": 0.125, "p2": 0.125, "p3": 0.25, "p4": 0.5},
                "values": {
                    "p1": {"o1": 0.0},
                    "p2": {"o1": 1.0, "o2": 0.0, "o3": 0.5},
                    "p3": {"o1": 0.8826314029010209, "o2": 0.0, "o3": 0.0, "o4": 0.75},
                    "p4": {"o1": 0.0, "o2": 0.0, "o3": 0.0, "o4": 0.5, "o5": 0.3125},
                },
            },
            "v2": {
                "weights": {"p1": 1 / 3, "p2": 1 / 3, "p4": 1 / 3},
                "values": {
                    "p1": {"o1": 0.0},
                    "p2": {"o1": 0.0, "o2": 0.25, "o3": 0.0},
                    "p4": dict.fromkeys(["o1", "o2", "o3", "o4", "o5"], 0.0),
                },
            },
        },
        agreement={"rule": "unanimity", "parties": ["v2", "v1"]},
    )
    compiled = compile_scenario(case)
    found = frontier_points(base_program(compiled), limit=100)
    assert found.complete
    assert {tuple(row) for row in found.frontier.choices.tolist()} == {(0, 1, 0, 3), (0, 0, 0, 3)}


def test_presolve_does_not_pass_off_a_worse_package_as_optimal() -> None:
    """With its presolve on, HiGHS 1.16 gave 0.9167 as the optimum of the walk's step past (1.0, 0.0417)
    where 0.9583 is reachable, and the walk missed the frontier point (0.9583, 0.0833)."""
    sixth = {f"p{k}": 1 / 6 for k in range(1, 7)}
    case = scenario(
        [point(1, 3), point(2, 1), point(3, 2), point(4, 2), point(5, 5), point(6, 3)],
        {
            "v1": {
                "weights": sixth,
                "values": {
                    "p1": {"o1": 1.0, "o2": 0.5, "o3": 0.0},
                    "p2": {"o1": 1.0},
                    "p3": {"o1": 1.0, "o2": 0.0},
                    "p4": {"o1": 1.0, "o2": 0.0},
                    "p5": {"o1": 1.0, "o2": 0.0, "o3": 0.0, "o4": 0.0, "o5": 0.75},
                    "p6": {"o1": 1.0, "o2": 0.0, "o3": 0.0},
                },
            },
            "v2": {
                "weights": sixth,
                "values": {
                    "p1": {"o1": 0.25, "o2": 0.0, "o3": 0.25},
                    "p2": {"o1": 0.0},
                    "p3": {"o1": 0.0, "o2": 0.0},
                    "p4": {"o1": 0.0, "o2": 0.0},
                    "p5": {"o1": 0.0, "o2": 0.0, "o3": 0.0, "o4": 0.0, "o5": 0.25},
                    "p6": {"o1": 0.0, "o2": 0.0, "o3": 0.0},
                },
                "terms": [{"weight": 0.25, "when": {"p2": ["o1"], "p3": ["o1"], "p1": ["o2", "o3"]}}],
            },
        },
    )
    found = frontier_points(base_program(compile_scenario(case)), limit=100)
    assert found.complete
    assert [round(u, 4) for u in found.frontier.utilities[:, 0].tolist()] == [
        1.0,
        0.9583,
        0.9167,
        0.875,
        0.7917,
    ]


def test_a_level_at_the_solver_tolerance_is_still_solved() -> None:
    """Presolve took a row violated by 1e-6 as satisfied and postsolve then failed ('Solve error'); the
    solve is repeated without presolve."""
    case = scenario(
        [point(1, 2), point(2, 2)],
        {
            "v1": {"weights": {"p1": 1.0}, "values": {"p1": {"o1": 0.25, "o2": 0.0}}},
            "v2": {"weights": {"p1": 1.0}, "values": {"p1": {"o1": 0.25, "o2": 1.0}}},
        },
        agreement={"rule": "quorum", "quorum": 1},
    )
    found = frontier_points(zone_program(compile_scenario(case)), limit=100)
    assert found.complete
    assert found.frontier.utilities.tolist() == [[0.25, 0.25], [0.0, 1.0]]


def test_maximize_reports_infeasible_as_none() -> None:
    matrix = SparseRows.dense(np.array([[1.0, 1.0]]))
    bounds, rows = (np.zeros(2), np.ones(2)), (np.array([3.0]), np.array([np.inf]))
    assert maximize(np.ones(2), np.array([True, True]), bounds, matrix, rows) is None


def test_a_hint_does_not_change_the_optimum() -> None:
    thirds = {"p1": 0.25, "p2": 0.25, "p3": 0.5}
    case = scenario(
        [point(1, 3), point(2, 3), point(3, 3)],
        {
            "v1": {"weights": thirds, "values": {p: {"o1": 1.0, "o2": 0.5, "o3": 0.0} for p in thirds}},
            "v2": {"weights": thirds, "values": {p: {"o1": 0.0, "o2": 0.6, "o3": 1.0} for p in thirds}},
        },
    )
    program = zone_program(compile_scenario(case))
    cold = max_min_gain(program)
    assert cold is not None
    objective = program.total_utility()
    plain = solve(program, objective)
    hinted = solve(program, objective, start=cold.choice)
    assert plain is not None and hinted is not None
    assert hinted.objective == pytest.approx(plain.objective, abs=1e-9)


def test_the_solver_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    matrix = SparseRows.dense(np.array([[1.0, 1.0]]))
    maximize(np.ones(2), np.array([True, True]), (np.zeros(2), np.ones(2)), matrix, (np.zeros(1), np.ones(1)))
    assert capfd.readouterr().out == ""


def test_a_solution_at_the_feasibility_tolerance_is_solved_again_tighter() -> None:
    """HiGHS found a package violating a row by exactly its tolerance, then rejected its own optimum ('Solve
    error'); the solve is repeated to a tighter tolerance. (Kalai-Smorodinsky's uniqueness check here.)"""
    case = Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "case",
            "weights_sum": None,
            "parties": [{"id": "v1", "name": "V1"}, {"id": "v2", "name": "V2"}, {"id": "v3", "name": "V3"}],
            "documents": [{"id": "d1", "title": "D", "points": [point(1, 2), point(2, 1)]}],
            "preferences": {
                "v1": {"weights": {}, "values": {}},
                "v2": {"weights": {"p2": 0.25}, "values": {"p2": {"o1": 0.25}}},
                "v3": {
                    "weights": {},
                    "values": {},
                    "reservation": 0.109375,
                    "terms": [{"weight": 0.25, "when": {}}],
                },
            },
            "agreement": {"rule": "quorum", "quorum": 1},
        }
    )
    exact = analyze(case, engine="enumeration")
    optimized = analyze(case, engine="optimization")
    assert optimized.zone.empty == exact.zone.empty
    choice = optimized.solutions["kalai_smorodinsky"]
    assert choice is not None and exact.compiled.agreement(choice)


def three_party_case(seed: int) -> Scenario:
    """Random additive preferences of three parties on six points of four options, a red line each and
    reservation values at 40 % of each party's best."""
    rng = np.random.default_rng(seed)
    points = [point(k + 1, 4) for k in range(6)]
    preferences: dict[str, object] = {}
    for party in ("v1", "v2", "v3"):
        weights = rng.dirichlet(np.ones(6))
        values = rng.random((6, 4))
        preferences[party] = {
            "weights": {f"p{k + 1}": float(w) for k, w in enumerate(weights)},
            "values": {
                f"p{k + 1}": {f"o{o + 1}": float(v) for o, v in enumerate(row)}
                for k, row in enumerate(values)
            },
            "reservation": 0.4 * float(weights @ values.max(axis=1)),
            "red_lines": [{"point": f"p{int(rng.integers(6)) + 1}", "reject": ["o1"]}],
        }
    parties = [{"id": p, "name": p.upper()} for p in preferences]
    return scenario(points, preferences, parties=parties)


def answers(program: object, order: list[str]) -> dict[str, object]:
    """Each algorithm's answer (packages as lists), the algorithms run in ``order`` on one programme."""
    assert isinstance(program, Program)
    run: dict[str, Callable[[], object]] = {
        "egalitarian": lambda: optimize.egalitarian(program),
        "kalai_smorodinsky": lambda: optimize.kalai_smorodinsky(program),
        "nash": lambda: optimize.nash(program),
        "utilitarian": lambda: optimize.utilitarian(program),
        "frontier": lambda: frontier_points(program, limit=20),
    }
    found: dict[str, object] = {}
    for name in order:
        result = run[name]()
        if isinstance(result, tuple):  # Nash: (solution, certificate)
            result = result[0]
        if isinstance(result, FrontierPoints):
            found[name] = result.frontier.choices.tolist()
        elif isinstance(result, Solution):
            found[name] = result.choice.tolist()
        else:
            assert result is None, result
            found[name] = None
    return found


@pytest.mark.parametrize("seed", [1, 2])
def test_algorithms_give_the_same_answers_in_any_order(seed: int) -> None:
    """A programme is a value: no algorithm's answer depends on what ran before it on the same programme."""
    program = zone_program(compile_scenario(three_party_case(seed)))
    shape = (program.n_vars, len(program.rows), dict(program.groups))
    order = ["egalitarian", "kalai_smorodinsky", "nash", "utilitarian", "frontier"]
    forward = answers(program, order)
    backward = answers(program, order[::-1])
    assert forward == backward
    assert (program.n_vars, len(program.rows), dict(program.groups)) == shape
    assert forward["egalitarian"] is not None


def test_a_pickled_programme_gives_the_same_answers_in_another_process() -> None:
    program = zone_program(compile_scenario(three_party_case(3)))
    order = ["kalai_smorodinsky", "egalitarian", "frontier"]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        elsewhere = pool.submit(answers, pickle.loads(pickle.dumps(program)), order).result(timeout=120)
    assert elsewhere == answers(program, order)
