"""The ANAC domains: Accord's frontier, Nash and Kalai-Smorodinsky packages against NegMAS's, same run.

Every domain of ``../shared/data/genius`` small enough to enumerate (all but the non-linear y2014 ones) is
imported by Accord (``load_genius``). Accord is timed from the compiled scenario to the whole-space frontier
and the Nash and Kalai-Smorodinsky packages on it (``product_frontier`` + ``bargaining.nash`` +
``bargaining.kalai_smorodinsky``); best of ``--repeats`` runs. Compiling (``compile_scenario``) is shown apart
and not counted, as building NegMAS's utility functions is not. NegMAS gets
``LinearAdditiveUtilityFunction`` objects carrying exactly Accord's compiled contributions and reservation
values in whole units of the grid (``bench_frontier.negmas_problem``), and is timed over
``pareto_frontier`` + ``nash_points`` + ``ks_points`` (given the utility ranges, so that it does not enumerate
the space again for them); one run.
The two frontiers must be the same set of vectors of units.

    python benchmarks/bench_genius.py [--quick] [--json PATH] [--data FOLDER]

Exits 1 when a frontier differs or a target is missed, 2 when NegMAS or the data folder is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accord.analysis import bargaining
from accord.analysis.frontier import Frontier, product_frontier
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario
from bench_frontier import best_of, negmas_problem, same_frontier

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "genius"
MAX_PACKAGES = 10**7
"""Domains up to this size are enumerable (the y2014 ones, 10**10 and more, are not)."""
QUICK_PACKAGES = 20_000
TARGETS = {"y2015/group9-killer_robot": 1.0, "y2012/EnergyA": 0.2}
"""Seconds Accord may take on these domains."""
TARGET_RATIO = 20.0
"""Geometric mean of NegMAS time over Accord time to reach."""


@dataclass(frozen=True)
class Row:
    domain: str
    packages: int
    parties: int
    frontier: int
    compile_s: float
    """Scenario to compiled form (not counted: NegMAS's utility functions are built untimed too)."""
    accord_s: float
    negmas_s: float
    identical: bool

    @property
    def ratio(self) -> float:
        return self.negmas_s / self.accord_s


def domains(data: Path, limit: int) -> list[tuple[str, Scenario]]:
    """The enumerable domains of ``data`` with at most ``limit`` packages, by name."""
    found = []
    for folder in sorted(p for p in data.glob("*/*") if p.is_dir()):
        scenario = load_genius(folder)
        if math.prod(len(p.options) for p in scenario.points) <= limit:
            found.append((f"{folder.parent.name}/{folder.name}", scenario))
    return found


def accord_run(compiled: CompiledScenario) -> tuple[Frontier, int, int]:
    """What is timed on Accord's side: frontier, Nash and Kalai-Smorodinsky rows from the compiled form (as
    NegMAS is timed from its utility functions)."""
    frontier = product_frontier(compiled)
    gains = compiled.gains(frontier.utilities)
    return frontier, bargaining.nash(gains), bargaining.kalai_smorodinsky(gains)


def negmas_run(compiled: CompiledScenario) -> tuple[float, np.ndarray[Any, Any]]:
    """Seconds of NegMAS's frontier, Nash and Kalai-Smorodinsky points, and its frontier's vectors."""
    from negmas.preferences import ks_points, nash_points, pareto_frontier
    from negmas.warnings import NegmasSlowOperation

    ufuns, issues = negmas_problem(compiled, in_units=True)
    ranges = [(0.0, float(compiled.units[p].max(axis=1).sum())) for p in range(len(ufuns))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NegmasSlowOperation)
        start = time.perf_counter()
        # The whole space's frontier (reservation -inf, as built), then the solutions relative to the
        # reservation values.
        frontier, _ = pareto_frontier(ufuns, issues=issues)
        for ufun, reservation in zip(ufuns, compiled.to_units(compiled.reservation), strict=True):
            ufun.reserved_value = float(reservation)
        nash_points(ufuns, frontier, ranges=ranges, issues=issues)
        ks_points(ufuns, frontier, ranges=ranges, issues=issues)
        seconds = time.perf_counter() - start
    return seconds, np.asarray(frontier, dtype=np.float64).reshape(-1, len(ufuns))


def measure(name: str, scenario: Scenario, repeats: int) -> Row:
    compile_s, compiled = best_of(repeats, lambda: compile_scenario(scenario))
    accord_s, (frontier, _, _) = best_of(repeats, lambda: accord_run(compiled))
    negmas_s, theirs = negmas_run(compiled)
    return Row(
        domain=name,
        packages=compiled.n_packages,
        parties=len(compiled.parties),
        frontier=len(frontier),
        compile_s=compile_s,
        accord_s=accord_s,
        negmas_s=negmas_s,
        identical=same_frontier(compiled.to_units(frontier.utilities), theirs),
    )


def format_row(row: Row) -> str:
    cells = (
        row.domain.ljust(34),
        f"{row.packages:>9,}",
        f"{row.parties:>7}",
        f"{row.frontier:>8}",
        f"{row.compile_s:>9.4f}",
        f"{row.accord_s:>9.4f}",
        f"{row.negmas_s:>9.3f}",
        f"{row.ratio:>8.1f}",
        "yes" if row.identical else "NO",
    )
    return "  ".join(cells)


HEADER = "  ".join(
    [
        "domain".ljust(34),
        "packages",
        "parties",
        "frontier",
        "compile s",
        " Accord s",
        " NegMAS s",
        "   ratio",
        "identical",
    ]
)


def verdict(rows: Sequence[Row]) -> tuple[list[str], bool]:
    """Lines saying whether frontiers matched and targets were met, and whether all is well."""
    ok = all(row.identical for row in rows)
    lines = ["frontiers: " + ("all identical" if ok else "some DIFFER")]
    mean = math.exp(sum(math.log(row.ratio) for row in rows) / len(rows))
    met = mean >= TARGET_RATIO
    lines.append(
        f"geometric mean ratio over {len(rows)} domains: {mean:.1f}x (target {TARGET_RATIO:.0f}x): "
        + ("met" if met else "MISSED")
    )
    ok &= met
    for row in rows:
        if row.domain in TARGETS:
            within = row.accord_s <= TARGETS[row.domain]
            lines.append(
                f"{row.domain}: Accord {row.accord_s:.3f} s (target {TARGETS[row.domain]} s): "
                + ("met" if within else "MISSED")
            )
            ok &= within
    return lines, ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help=f"only domains up to {QUICK_PACKAGES:,} packages"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    parser.add_argument("--data", type=Path, default=DATA, help="the GENIUS data folder")
    parser.add_argument("--repeats", type=int, default=3, help="Accord runs per domain (best is kept)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("negmas") is None:
        print("NegMAS is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    if not args.data.is_dir():
        print(f"no GENIUS data folder at {args.data}", file=sys.stderr)
        return 2
    print(f"Accord: best of {args.repeats} runs; NegMAS: one run.")
    print(HEADER, flush=True)
    rows = []
    for name, scenario in domains(args.data, QUICK_PACKAGES if args.quick else MAX_PACKAGES):
        rows.append(measure(name, scenario, args.repeats))
        print(format_row(rows[-1]), flush=True)
    lines, ok = verdict(rows)
    print("\n".join(lines))
    if args.json:
        document = {"benchmark": "genius", "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
