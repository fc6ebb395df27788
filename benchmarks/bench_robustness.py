"""Robustness at the issue's scales: the whole command on the example, Dask scaling past enumeration, and
how fast the estimate converges with Sobol points against pseudo-random ones.

    python benchmarks/bench_robustness.py                 # all three parts
    python benchmarks/bench_robustness.py --part command  # (a) only; also: dask, convergence, indices

(a) ``accord robustness examples/peace-talks.yaml --samples 10000 --json`` as a subprocess: wall-clock and
    CPU seconds (user + system of the child), best of ``--repeats``. Target: under 2 s.
(b) ``--dask-samples`` samples (1,000 by default) of the 30 x 10 x 6 scenario of bench_optimize.py (seed 1),
    with declared ranges on every party's reservation value (0.8 to 2.4 times the stated one, so that about
    30 % of the samples have no zone) and first weight, one max-min MILP a sample, on a Dask
    ``LocalCluster`` of 1 and of 2 single-threaded workers: seconds of the per-sample phase (and the
    workers' CPU seconds) and of the whole ``robustness()`` call (which adds the base case's analysis and
    the tipping values, in this process). Target: 2 workers at least 1.7 times as fast as 1 (per-sample
    phase), which needs two idle cores: the load average is printed.
(c) The estimate of P(zone) for the example against a reference (Sobol, 2^17 samples), as samples grow:
    the spread (root mean square error over ``--seeds`` seeds) for Sobol and for pseudo-random points, the
    standard error ``sqrt(p (1 - p) / n)`` that pseudo-random points should show, and the half-width of the
    95 % Wilson interval, which assumes independent samples (about 1.96 standard errors: conservative for
    Sobol points, whose error shrinks faster).
(d) First-order indices of the Ishigami function and of a step (a verdict), own estimator against SALib's
    RBD-FAST (when SALib is installed: ``pip install -e '.[bench]'``), error over ``--seeds`` seeds.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accord.analysis.robustness import robustness
from accord.analysis.sampling import draw, uncertain_inputs, unit_samples
from accord.analysis.sensitivity import Estimate, first_order
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from bench_optimize import random_scenario

ROOT = Path(__file__).resolve().parents[1]


def part_command(repeats: int) -> None:
    command = ["accord", "robustness", str(example_path()), "--samples", "10000", "--json"]
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    wall, cpu = min(walls), min(cpus)
    print(
        f"(a) accord robustness, 10,000 samples of the example: {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"(load average {os.getloadavg()[0]:.2f})"
    )


def uncertain(scenario: Scenario) -> Scenario:
    """Ranges on every party's reservation value, from 0.8 to 2.4 times the stated one (32 % to 96 % of its
    best package's utility: at +-20 % every sample had a zone), and of +-50 % on its weight of the first
    point."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_defaults=True)
    for prefs in data["preferences"].values():
        r, w = prefs["reservation"], prefs["weights"]["p1"]
        prefs["uncertainty"] = {"reservation": [0.8 * r, 2.4 * r], "weights": {"p1": [0.5 * w, 1.5 * w]}}
    return Scenario.model_validate(data)


def _cpu_seconds() -> float:
    """User + system seconds of this process (run on each Dask worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def part_dask(samples: int) -> None:
    import distributed

    from accord.analysis.robustness import _optimised
    from accord.tournaments.backends import DaskBackend

    scenario = uncertain(random_scenario(30, 10, 6, seed=1))
    inputs = uncertain_inputs(scenario, scenario.voters)
    rows = draw(inputs, samples, 0)
    phase, whole, cpu, verdicts = {}, {}, {}, {}
    for workers in (1, 2):
        with (
            distributed.LocalCluster(  # type: ignore[no-untyped-call]  # distributed leaves it unannotated
                n_workers=workers, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]  # likewise
        ):
            backend = DaskBackend(cluster.scheduler_address)
            before = sum(client.run(_cpu_seconds).values())
            start = time.perf_counter()
            verdicts[workers] = _optimised(scenario, inputs, rows, backend)
            phase[workers] = time.perf_counter() - start
            cpu[workers] = sum(client.run(_cpu_seconds).values()) - before
            start = time.perf_counter()
            robustness(scenario, samples=samples, seed=0, backend=backend)
            whole[workers] = time.perf_counter() - start
    assert np.array_equal(verdicts[1], verdicts[2])
    print(f"(b) {samples} samples of 30 x 10 x 6, P(zone) = {verdicts[1].mean():.3f}")
    for workers in (1, 2):
        print(
            f"    {workers} Dask worker(s): samples {phase[workers]:.1f} s ({cpu[workers]:.1f} s CPU on the "
            f"workers), whole call {whole[workers]:.1f} s"
        )
    print(f"    speed-up: samples {phase[1] / phase[2]:.2f}x, whole call {whole[1] / whole[2]:.2f}x")
    print(f"    load average {os.getloadavg()[0]:.2f} (the speed-up needs two idle cores)")


def part_convergence(seeds: int) -> None:
    scenario = load_scenario(example_path())
    reference = robustness(scenario, samples=2**17, seed=12345).p_zone_nonempty.estimate
    sizes = [2**k for k in range(6, 15)]
    zones = {
        sampler: [robustness(scenario, samples=sizes[-1], seed=s, sampler=sampler).zone for s in range(seeds)]
        for sampler in ("sobol", "random")
    }
    print(f"(c) P(zone) of the example, reference {reference:.4f} (Sobol, 2^17 samples)")
    print("    samples   RMSE sobol   RMSE random   sqrt(p(1-p)/n)   Wilson half-width")
    for n in sizes:
        rmse = {
            sampler: float(np.sqrt(np.mean([(z[:n].mean() - reference) ** 2 for z in found])))
            for sampler, found in zones.items()
        }
        low, high = Estimate(round(reference * n), n).interval
        expected = np.sqrt(reference * (1 - reference) / n)  # what pseudo-random points should give
        print(
            f"    {n:>7}   {rmse['sobol']:.5f}      {rmse['random']:.5f}       {expected:.5f}"
            f"          {(high - low) / 2:.5f}"
        )


def ishigami(x: np.ndarray) -> np.ndarray:
    z = -np.pi + 2 * np.pi * x
    result: np.ndarray = np.sin(z[:, 0]) + 7 * np.sin(z[:, 1]) ** 2 + 0.1 * z[:, 2] ** 4 * np.sin(z[:, 0])
    return result


def step(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = ((x[:, 0] > 0.8) & (x[:, 1] > 0.25)).astype(float)
    return result


def part_indices(seeds: int) -> None:
    try:
        from SALib.analyze import rbd_fast
    except ImportError:
        rbd_fast = None
    p = 0.2 * 0.75
    exact = {
        "ishigami": np.array([0.3139, 0.4424, 0.0]),
        "step": np.array([0.75**2 * 0.2 * 0.8, 0.2**2 * 0.75 * 0.25, 0.0]) / (p * (1 - p)),
    }
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    print("(d) first-order indices, RMSE over seeds: own estimator / SALib RBD-FAST")
    for name, function in (("ishigami", ishigami), ("step", step)):
        for n in (1024, 8192):
            for sampler in ("sobol", "random"):
                own, salib = [], []
                for seed in range(seeds):
                    x = unit_samples(3, n, seed, sampler)
                    y = function(x)
                    own.append(first_order(x, y, corrected=sampler == "random") - exact[name])
                    if rbd_fast is not None:
                        salib.append(np.array(rbd_fast.analyze(problem, x, y)["S1"]) - exact[name])
                theirs = f"{np.sqrt(np.mean(np.square(salib))):.4f}" if salib else "n/a"
                print(
                    f"    {name:>8} n={n:>5} {sampler:>6}: {np.sqrt(np.mean(np.square(own))):.4f} / {theirs}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=["command", "dask", "convergence", "indices"], action="append")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=16)
    parser.add_argument("--dask-samples", type=int, default=1000)
    args = parser.parse_args()
    parts = args.part or ["command", "dask", "convergence", "indices"]
    if "command" in parts:
        part_command(args.repeats)
    if "dask" in parts:
        part_dask(args.dask_samples)
    if "convergence" in parts:
        part_convergence(args.seeds)
    if "indices" in parts:
        part_indices(args.seeds)


if __name__ == "__main__":
    main()
