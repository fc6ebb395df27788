"""Exact answers on the non-linear ANAC 2014 domains (10^10 to 10^40 packages), against NegMAS's sampling.

    python benchmarks/bench_y2014.py [--sample 20000] [--points 20] [--data ../shared/data/genius]

For each domain: Accord's optimisation engine (``analyze(..., engine="optimization")``: emptiness, the
four solutions, epsilon-constraint frontier points) and, in the same run, NegMAS's ``pareto_frontier`` over a
random sample of packages (NegMAS enumerates or samples; it cannot search these spaces). Both see the same
utilities: NegMAS gets ``MappingUtilityFunction``s that evaluate Accord's compiled scenario. The table says
how many of NegMAS's frontier points an Accord frontier point dominates, and how far NegMAS's best Nash
product falls short of Accord's.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from accord.analysis.analyze import analyze
from accord.model.compiled import CompiledScenario
from accord.model.genius import load_genius

DOMAINS = ("10issues", "30issues", "50issues")
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "genius"


def negmas_sampled_frontier(compiled: CompiledScenario, sample: int, seed: int) -> tuple[float, np.ndarray]:
    """Seconds and (f, P) utilities of NegMAS's frontier of ``sample`` random packages."""
    from negmas.outcomes import make_issue
    from negmas.preferences import MappingUtilityFunction, pareto_frontier

    rng = np.random.default_rng(seed)
    sizes = compiled.sizes
    outcomes = [tuple(int(o) for o in row) for row in rng.integers(0, sizes, size=(sample, len(sizes)))]
    issues = [
        make_issue(values=int(size), name=point) for size, point in zip(sizes, compiled.points, strict=True)
    ]

    def party(p: int) -> Any:
        return MappingUtilityFunction(lambda outcome: float(compiled.utility_of(outcome)[p]), issues=issues)

    ufuns = [party(p) for p in range(len(compiled.parties))]
    start = time.perf_counter()
    frontier, _ = pareto_frontier(ufuns, outcomes=outcomes)
    return time.perf_counter() - start, np.array(frontier, dtype=np.float64)


def dominated(points: np.ndarray, by: np.ndarray) -> int:
    """How many rows of ``points`` some row of ``by`` dominates."""
    count = 0
    for row in points:
        at_least = (by >= row - 1e-12).all(axis=1)
        count += bool((at_least & (by > row + 1e-9).any(axis=1)).any())
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=20_000, help="packages NegMAS samples")
    parser.add_argument("--points", type=int, default=20, help="frontier points Accord computes")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    print(f"Accord: optimisation engine, {args.points} frontier points; NegMAS: {args.sample:,} samples")
    head = f"{'domain':<10} {'packages':>9} {'Accord s':>9} {'NegMAS s':>9} {'NegMAS front':>12}"
    print(f"{head} {'dominated':>10} {'Nash ratio':>10}")
    for name in DOMAINS:
        folder = args.data / "y2014" / name
        if not folder.is_dir():
            print(f"{name:<10} skipped: {folder} not found")
            continue
        scenario = load_genius(folder)
        start = time.perf_counter()
        result = analyze(scenario, engine="optimization", frontier_points=args.points)
        accord_s = time.perf_counter() - start
        compiled = result.compiled
        negmas_s, theirs = negmas_sampled_frontier(compiled, args.sample, seed=0)
        ours = result.space_frontier.utilities
        nash = result.solutions["nash"]
        gains = theirs - compiled.reservation
        their_best = float(np.clip(gains, 0, None).prod(axis=1).max()) if len(theirs) else 0.0
        our_nash = (
            float(np.clip(compiled.utility_of(nash) - compiled.reservation, 0, None).prod())
            if nash is not None
            else 0.0
        )
        ratio = their_best / our_nash if our_nash > 0 else float("nan")
        print(
            f"{name:<10} {compiled.n_packages:>9.1e} {accord_s:>9.2f} {negmas_s:>9.2f} {len(theirs):>12} "
            f"{dominated(theirs, ours):>10} {ratio:>10.3f}"
        )
    print("dominated: NegMAS frontier points some Accord frontier point dominates.")
    print("Nash ratio: NegMAS's best sampled Nash product over Accord's (1 would mean sampling found it).")


if __name__ == "__main__":
    main()
