"""The optimisation engine at peace-plan scale: zone, the four solutions and the deadlock explanation.

    python benchmarks/bench_optimize.py              # the 30 x 10 x 6 table and the growth runs
    python benchmarks/bench_optimize.py --plot docs/optimize-growth.png

(a) 30 points x 10 options x 6 parties with red lines (10^30 packages): time of the emptiness check, of each
solution and of the explanation of an empty zone (the same scenario with two clashing red lines added), on
several random instances: instance hardness varies more than the code's speed.
(b) Growth of the time of the four solutions with the number of points, options and parties.
Random scenarios from a seeded generator; every time is the best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis import optimize
from accord.analysis.explain import explain_compiled
from accord.analysis.program import Program, zone_program
from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario

TARGET_SECONDS = 1.0
GROWTH_SEEDS = 3


def random_scenario(points: int, options: int, parties: int, seed: int, *, clash: bool = False) -> Scenario:
    """Additive preferences (Dirichlet weights, uniform values), a red line per party on a random point
    (its worst option there), reservation values at 40 % of each party's best; with ``clash``, two parties
    reject every option of point 1 but one, and not the same one."""
    rng = np.random.default_rng([seed, points, options, parties])
    point_ids = [f"p{k + 1}" for k in range(points)]
    option_ids = [f"o{o + 1}" for o in range(options)]
    documents = [
        {
            "id": "framework",
            "title": "Framework",
            "points": [
                {"id": p, "number": k + 1, "title": p, "options": [{"id": o, "label": o} for o in option_ids]}
                for k, p in enumerate(point_ids)
            ],
        }
    ]
    preferences: dict[str, Any] = {}
    for i in range(parties):
        weights = rng.dirichlet(np.ones(points))
        values = rng.random((points, options))
        red_point = int(rng.integers(points))
        red_lines = [{"point": point_ids[red_point], "reject": [option_ids[int(values[red_point].argmin())]]}]
        if clash and i < 2:
            red_lines.append({"point": "p1", "reject": [o for j, o in enumerate(option_ids) if j != i]})
        best = float(weights @ values.max(axis=1))
        preferences[f"party{i + 1}"] = {
            "weights": {p: float(w) for p, w in zip(point_ids, weights, strict=True)},
            "values": {
                p: {o: float(v) for o, v in zip(option_ids, row, strict=True)}
                for p, row in zip(point_ids, values, strict=True)
            },
            "reservation": 0.4 * best,
            "red_lines": red_lines,
        }
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": f"random {points}x{options}x{parties}",
            "parties": [{"id": f"party{i + 1}", "name": f"Party {i + 1}"} for i in range(parties)],
            "documents": documents,
            "preferences": preferences,
        }
    )


def best_of(repeats: int, task: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def table_a(repeats: int, seeds: int) -> list[tuple[str, list[float]]]:
    """Seconds of each step on ``seeds`` random 30 x 10 x 6 instances (seeds 1, 2, ...)."""
    rows: dict[str, list[float]] = {}
    for seed in range(1, seeds + 1):
        scenario = random_scenario(30, 10, 6, seed=seed)
        program = zone_program(compile_scenario(scenario))
        tasks: list[tuple[str, Callable[[], object]]] = [
            ("zone (max-min gain)", functools.partial(optimize.max_min_gain, program)),
            ("egalitarian (leximin)", functools.partial(optimize.egalitarian, program)),
            ("utilitarian", functools.partial(optimize.utilitarian, program)),
            ("Kalai-Smorodinsky", functools.partial(optimize.kalai_smorodinsky, program)),
            ("Nash (tangent cuts)", functools.partial(optimize.nash, program)),
            (
                "explanation (empty zone)",
                functools.partial(
                    explain_compiled, compile_scenario(random_scenario(30, 10, 6, seed=seed, clash=True))
                ),
            ),
        ]
        for name, task in tasks:
            rows.setdefault(name, []).append(best_of(repeats, task))
    return list(rows.items())


def four_solutions(program: Program) -> None:
    for solve_for in (optimize.egalitarian, optimize.utilitarian, optimize.kalai_smorodinsky):
        solve_for(program)
    optimize.nash(program)


@dataclass(frozen=True)
class Growth:
    """The four solutions' time at one size of one growing dimension, over random instances."""

    dimension: str
    size: int
    seconds: float
    """The median."""
    least: float
    most: float


def growth(repeats: int, seeds: int) -> list[Growth]:
    """Time of the four solutions as one dimension grows and the others stay at 20 points, 8 options, 4
    parties: median, least and most over ``seeds`` random instances of each size."""
    runs = []
    for dimension, sizes in (
        ("points", (10, 20, 30, 40)),
        ("options", (4, 8, 12, 16)),
        ("parties", (2, 3, 4, 5, 6)),
    ):
        for size in sizes:
            shape = {"points": 20, "options": 8, "parties": 4, dimension: size}
            times = []
            for seed in range(1, seeds + 1):
                scenario = random_scenario(shape["points"], shape["options"], shape["parties"], seed=seed)
                program = zone_program(compile_scenario(scenario))
                times.append(best_of(repeats, functools.partial(four_solutions, program)))
            runs.append(Growth(dimension, size, float(np.median(times)), min(times), max(times)))
    return runs


def plot(runs: list[Growth], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
    for axis, dimension in zip(axes, ("points", "options", "parties"), strict=True):
        rows = [r for r in runs if r.dimension == dimension]
        sizes = [r.size for r in rows]
        axis.fill_between(sizes, [r.least for r in rows], [r.most for r in rows], alpha=0.2)
        axis.plot(sizes, [r.seconds for r in rows], marker="o")
        axis.set_xlabel(dimension)
        axis.set_title(f"growing the {dimension}")
        axis.grid(True, alpha=0.3)
    axes[0].set_ylabel("seconds, four solutions")
    figure.suptitle(
        f"Optimisation engine: solve time, median and range of {GROWTH_SEEDS} random instances"
        " (others fixed at 20 points, 8 options, 4 parties)"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=8, help="random instances in table (a)")
    parser.add_argument("--plot", help="write the growth plot (PNG) here")
    args = parser.parse_args()
    print(
        f"(a) 30 points x 10 options x 6 parties, red lines (10^30 packages); {args.seeds} instances,"
        f" best of {args.repeats} runs each; seconds"
    )
    print(f"  {'step':28s} {'instance 1':>10s} {'median':>8s} {'max':>8s}  over 1 s")
    for name, seconds in table_a(args.repeats, args.seeds):
        over = sum(t >= TARGET_SECONDS for t in seconds)
        print(
            f"  {name:28s} {seconds[0]:10.3f} {float(np.median(seconds)):8.3f} {max(seconds):8.3f}"
            f"  {over} of {len(seconds)}"
        )
    runs = growth(args.repeats, GROWTH_SEEDS)
    print(f"(b) growth: seconds for the four solutions, median (least - most) of {GROWTH_SEEDS} instances")
    for run in runs:
        print(f"  {run.dimension:8s} {run.size:4d}  {run.seconds:8.3f}  ({run.least:.3f} - {run.most:.3f})")
    if args.plot:
        plot(runs, args.plot)
        print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()
