"""Pareto frontier of random additive scenarios: Accord's exact engine against NegMAS's ``pareto_frontier``.

Each case is a random scenario of ``points`` points with 10 options each (10**points packages) and 2, 3 or 5
parties: option values uniform on [0, 1), weights from a flat Dirichlet, no red lines, reservation 0. Accord
is timed from the validated ``Scenario`` to its frontier (``compile_scenario`` + ``product_frontier``) and,
separately, for the full ``analyze()`` (which also enumerates every package to count the agreement zone).
NegMAS gets ``LinearAdditiveUtilityFunction`` objects carrying exactly Accord's compiled contributions in
whole units of its grid (weight 1, value ``compiled.units[p, k, o]``, reservation -inf), so both sides add the
same whole numbers, exactly, and their frontiers must be equal as sets of vectors of units, to the last bit.

Accord's times are the best of ``--repeats`` runs; NegMAS runs once. NegMAS is a benchmark-only extra
(``pip install -e '.[bench]'``), never a dependency of Accord.

    python benchmarks/bench_frontier.py [--quick] [--json PATH] [--seed N]

Exits 1 when a frontier differs, 2 when NegMAS is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import multiprocessing
import platform
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.analyze import analyze
from accord.analysis.frontier import Frontier, product_frontier
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]

OPTIONS = 10
"""Options per point: a case of ``points`` points has exactly 10**points packages."""
POINTS = (4, 5, 6, 7)
QUICK_POINTS = (4, 5)
PARTIES = (2, 3, 5)
NEGMAS_LIMIT = 180.0
"""Seconds: above 10**6 packages, a NegMAS run predicted to take longer is skipped, and any run is stopped
after this long."""
SEED = 20240601
TARGET_POINTS, TARGET_RATIO = 6, 20.0
"""The requirement: at least 20 times faster than NegMAS at 10**6 packages."""


@dataclass(frozen=True)
class Case:
    points: int
    parties: int

    @property
    def packages(self) -> int:
        return int(OPTIONS**self.points)


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    packages: int
    parties: int
    frontier: int
    accord_frontier_s: float
    accord_analyze_s: float
    negmas_s: float | None
    ratio: float | None
    """NegMAS seconds over Accord frontier seconds."""
    identical: bool | None
    note: str = ""
    negmas_stopped_s: float | None = None
    """The limit at which NegMAS was stopped, when it was."""

    @property
    def analyze_ratio(self) -> float | None:
        """NegMAS seconds over Accord's whole analysis (zone count, both frontiers, four solutions)."""
        return None if self.negmas_s is None else self.negmas_s / self.accord_analyze_s


@dataclass(frozen=True)
class Comparison:
    """Accord's and NegMAS's frontiers of one scenario, as (f, P) utility vectors."""

    accord: FloatArray
    negmas: FloatArray

    @property
    def identical(self) -> bool:
        return same_frontier(self.accord, self.negmas)


def random_scenario(points: int, parties: int, rng: np.random.Generator, options: int = OPTIONS) -> Scenario:
    """A scenario with uniform random option values and Dirichlet weights, every party voting."""
    values = rng.random((parties, points, options))
    weights = rng.dirichlet(np.ones(points), size=parties)
    point_ids = [f"k{k + 1}" for k in range(points)]
    option_ids = [f"o{o + 1}" for o in range(options)]
    data = {
        "format": "accord/1",
        "title": f"Random additive, {parties} parties, {options}^{points} packages",
        "parties": [{"id": f"p{p + 1}", "name": f"Party {p + 1}"} for p in range(parties)],
        "documents": [
            {
                "id": "d",
                "title": "Random document",
                "points": [
                    {
                        "id": point,
                        "number": k + 1,
                        "title": f"Point {k + 1}",
                        "options": [{"id": o, "label": o} for o in option_ids],
                    }
                    for k, point in enumerate(point_ids)
                ],
            }
        ],
        "preferences": {
            f"p{p + 1}": {
                "weights": {point: float(weights[p, k]) for k, point in enumerate(point_ids)},
                "values": {
                    point: {o: float(values[p, k, i]) for i, o in enumerate(option_ids)}
                    for k, point in enumerate(point_ids)
                },
            }
            for p in range(parties)
        },
    }
    return Scenario.model_validate(data)


def case_scenario(case: Case, seed: int) -> Scenario:
    """The scenario of one case: its own generator, so a case is the same whichever cases run with it."""
    return random_scenario(
        case.points, case.parties, np.random.default_rng([seed, case.points, case.parties])
    )


def accord_frontier(scenario: Scenario) -> Frontier:
    """The path being measured: from a validated scenario to its whole-space frontier."""
    return product_frontier(compile_scenario(scenario))


def negmas_problem(
    compiled: CompiledScenario, *, reserved: bool = False, in_units: bool = False
) -> tuple[list[Any], list[Any]]:
    """NegMAS utility functions and issues holding exactly the compiled contributions (weights 1), as
    utilities or, ``in_units``, in whole units of the grid (then NegMAS's float sums are exact, as Accord's
    are); reserved values are the compiled reservation values when ``reserved``, else -inf (nothing
    filtered)."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    sizes = [int(s) for s in compiled.sizes]
    issues = [make_issue(values=size, name=point) for size, point in zip(sizes, compiled.points, strict=True)]
    contributions = compiled.units if in_units else compiled.utilities
    reservation = compiled.to_units(compiled.reservation) if in_units else compiled.reservation
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[
                TableFun({o: float(contributions[p, k, o]) for o in range(size)})
                for k, size in enumerate(sizes)
            ],
            weights=[1.0] * len(sizes),
            issues=issues,
            reserved_value=float(reservation[p]) if reserved else -math.inf,
        )
        for p in range(len(compiled.parties))
    ]
    return ufuns, issues


def negmas_frontier(ufuns: Sequence[Any], issues: Sequence[Any]) -> FloatArray:
    """(f, P) utility vectors of NegMAS's frontier of every outcome."""
    from negmas.preferences import pareto_frontier
    from negmas.warnings import NegmasSlowOperation

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NegmasSlowOperation)  # slowness is what is being measured
        utilities, _ = pareto_frontier(ufuns, issues=issues)
    return np.asarray(utilities, dtype=np.float64).reshape(-1, len(ufuns))


def as_set(utilities: FloatArray) -> frozenset[tuple[float, ...]]:
    return frozenset(tuple(float(u) for u in row) for row in utilities)


def same_frontier(ours: FloatArray, theirs: FloatArray) -> bool:
    """The same utility vectors, exactly, each listed once on both sides."""
    ours_set, theirs_set = as_set(ours), as_set(theirs)
    return ours_set == theirs_set and len(ours) == len(ours_set) and len(theirs) == len(theirs_set)


def compare_frontiers(scenario: Scenario) -> Comparison:
    """Both frontiers of one scenario in units of its grid, for the check that they are the same."""
    compiled = compile_scenario(scenario)
    return Comparison(
        accord=compiled.to_units(accord_frontier(scenario).utilities),
        negmas=negmas_frontier(*negmas_problem(compiled, in_units=True)),
    )


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Shortest wall time of ``repeats`` calls, and the last result."""
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


@dataclass(frozen=True)
class NegmasPlan:
    """Whether and how NegMAS runs on a case."""

    skip: str | None = None
    """Why NegMAS does not run at all, if it does not."""
    limit: float | None = None
    """Seconds after which the run is stopped (it then runs in a child process); None for no limit."""


def plan_negmas(case: Case, done: Sequence[Row], limit: float) -> NegmasPlan:
    """Always run NegMAS up to the target size; above it, only within ``limit`` seconds.

    A run predicted to take longer than ``limit`` is skipped outright. NegMAS evaluates every outcome in
    Python, one issue at a time, so its time is predicted to grow at least with packages x points from the
    largest run so far; its dominance filter grows faster with many parties, so the limit is also enforced.
    """
    if case.points <= TARGET_POINTS:
        return NegmasPlan()
    earlier = [r for r in done if r.parties == case.parties and r.negmas_s is not None]
    if not earlier:
        return NegmasPlan(skip="no smaller NegMAS run to predict its time from")
    last = max(earlier, key=lambda r: r.packages)
    assert last.negmas_s is not None
    work = case.packages * case.points / (last.packages * round(math.log(last.packages, OPTIONS)))
    predicted = last.negmas_s * work
    if predicted > limit:
        return NegmasPlan(
            skip=f"predicted >= {predicted:.0f} s (from {last.negmas_s:.1f} s at {last.packages:.0e})"
        )
    return NegmasPlan(limit=limit)


def measure(case: Case, seed: int, repeats: int, plan: NegmasPlan) -> Row:
    """Time Accord (best of ``repeats``) and NegMAS (one run, as ``plan`` says)."""
    scenario = case_scenario(case, seed)
    frontier_s, frontier = best_of(repeats, lambda: accord_frontier(scenario))
    analyze_s, _ = best_of(repeats, lambda: analyze(scenario))
    result, note, stopped = None, "", None
    if plan.skip is not None:
        note = f"NegMAS skipped: {plan.skip}"
    elif plan.limit is None:
        result = run_negmas(scenario)
    else:
        result = run_negmas_within(scenario, plan.limit)
        if result is None:
            note, stopped = f"NegMAS stopped at the {plan.limit:.0f} s limit", plan.limit
    negmas_s, theirs = (None, None) if result is None else result
    return Row(
        packages=case.packages,
        parties=case.parties,
        frontier=len(frontier),
        accord_frontier_s=frontier_s,
        accord_analyze_s=analyze_s,
        negmas_s=negmas_s,
        ratio=None if negmas_s is None else negmas_s / frontier_s,
        identical=None if theirs is None else same_frontier(units_of(scenario, frontier), theirs),
        note=note,
        negmas_stopped_s=stopped,
    )


def units_of(scenario: Scenario, frontier: Frontier) -> FloatArray:
    """Accord's frontier in units of the compiled grid, as NegMAS is given the contributions."""
    return compile_scenario(scenario).to_units(frontier.utilities)


def run_negmas(scenario: Scenario) -> tuple[float, FloatArray]:
    """Seconds of one NegMAS ``pareto_frontier`` call on ``scenario`` (building its inputs is not counted),
    and the frontier's vectors, in units of the compiled grid."""
    ufuns, issues = negmas_problem(compile_scenario(scenario), in_units=True)
    start = time.perf_counter()
    theirs = negmas_frontier(ufuns, issues)
    return time.perf_counter() - start, theirs


def run_negmas_within(scenario: Scenario, limit: float) -> tuple[float, FloatArray] | None:
    """:func:`run_negmas` in a forked child process, stopped after ``limit`` seconds (None then)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_negmas_run, args=(scenario, sender), daemon=True)
    child.start()
    sender.close()
    try:
        result: tuple[float, FloatArray] | None = receiver.recv() if receiver.poll(limit) else None
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        receiver.close()
    return result


def _send_negmas_run(scenario: Scenario, sender: Connection) -> None:
    sender.send(run_negmas(scenario))
    sender.close()


COLUMNS = (
    "packages",
    "parties",
    "frontier",
    "Accord frontier s",
    "Accord analyze s",
    "NegMAS s",
    "ratio",
    "ratio vs analyze",
    "identical",
)
WIDTHS = (10, 7, 8, 17, 16, 9, 7, 16, 9)


def format_row(row: Row) -> str:
    def number(value: float | None, spec: str, stopped: float | None) -> str:
        if value is None:
            return "skipped" if stopped is None else f">{stopped:.0f}"
        return format(value, spec)

    stopped = row.negmas_stopped_s
    bound = None if stopped is None else stopped / row.accord_frontier_s
    analyze_bound = None if stopped is None else stopped / row.accord_analyze_s
    identical = {True: "yes", False: "NO", None: "-"}[row.identical]
    cells = (
        f"{row.packages:.0e}".replace("e+0", "e"),
        row.parties,
        row.frontier,
        f"{row.accord_frontier_s:.4f}",
        f"{row.accord_analyze_s:.4f}",
        number(row.negmas_s, ".2f", row.negmas_stopped_s),
        number(row.ratio, ".1f", bound),
        number(row.analyze_ratio, ".1f", analyze_bound),
        identical,
    )
    line = "  ".join(str(cell).rjust(width) for cell, width in zip(cells, WIDTHS, strict=True))
    return f"{line}  {row.note}".rstrip()


def header() -> str:
    return "  ".join(name.rjust(width) for name, width in zip(COLUMNS, WIDTHS, strict=True))


def verdict(rows: Sequence[Row]) -> list[str]:
    """Lines saying whether every frontier matched and whether the speed target is met."""
    lines = []
    differ = [r for r in rows if r.identical is False]
    lines.append("frontiers: " + ("all identical" if not differ else f"{len(differ)} case(s) DIFFER"))
    for row in rows:
        if row.packages == OPTIONS**TARGET_POINTS and row.ratio is not None:
            met = "met" if row.ratio >= TARGET_RATIO else "MISSED"
            lines.append(f"target {TARGET_RATIO:.0f}x at 1e6, {row.parties} parties: {row.ratio:.1f}x, {met}")
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="only 10^4 and 10^5 packages")
    parser.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the random scenarios")
    parser.add_argument("--repeats", type=int, default=3, help="Accord runs per case (best is kept)")
    parser.add_argument(
        "--negmas-limit",
        type=float,
        default=NEGMAS_LIMIT,
        help="above 10^6 packages, skip NegMAS if predicted slower than this, stop it after this (seconds)",
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> list[Row]:
    print(
        f"Accord: best of {args.repeats} runs; NegMAS: one run. Seed {args.seed}; {OPTIONS} options a point."
    )
    print(header(), flush=True)
    rows: list[Row] = []
    for points in QUICK_POINTS if args.quick else POINTS:
        for parties in PARTIES:
            case = Case(points, parties)
            row = measure(case, args.seed, args.repeats, plan_negmas(case, rows, args.negmas_limit))
            rows.append(row)
            print(format_row(row), flush=True)
    return rows


def write_json(path: str, args: argparse.Namespace, rows: Sequence[Row]) -> None:
    import negmas

    document = {
        "benchmark": "frontier",
        "seed": args.seed,
        "options_per_point": OPTIONS,
        "accord_timing": f"best of {args.repeats}",
        "negmas_timing": "one run",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "negmas": negmas.__version__,
        },
        "rows": [asdict(row) for row in rows],
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=2)
        file.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("negmas") is None:
        print("NegMAS is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    rows = run(args)
    print("\n".join(verdict(rows)))
    if args.json:
        write_json(args.json, args, rows)
    return 1 if any(row.identical is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
