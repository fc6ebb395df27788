"""Where users wait: whole commands, start-up included, before and after (issue 10, section 3).

    python benchmarks/bench_analyze.py [--repeats 5] [--before SRC] [--data ../shared/data/genius]

Each case runs the real command in a fresh process (``python -m accord ...``) and takes the median wall time
of ``--repeats`` runs; with ``--before SRC`` (the ``src`` folder of an older checkout) the same commands run
on that code too, in the same run, and the ratio is printed. ``BEFORE`` keeps the times measured on the
commit before this work, for reference. Cases:

- ``help``, ``validate``: ``accord --help``; ``accord validate`` on the packaged example;
- ``analyze 30x10x6``: ``accord analyze --json`` on the 30 points x 10 options x 6 parties scenario of
  ``bench_optimize.py`` (seed 1, red lines, 10^30 packages), with the spread of both frontier samples;
- ``explain twin``: ``accord explain --json`` on its infeasible twin (reservation values at 80 % of each
  party's best instead of 40 %: no package is acceptable to all);
- ``analyze y2014 30/50``: ``accord analyze --json`` on the ANAC 2014 30- and 50-issue domains, and NegMAS's
  frontier of 20,000 sampled packages beside it (the only peer: NegMAS cannot search these spaces).

Spread of a frontier sample ``S``, against a reference ``R`` (the non-dominated union of both samples and of
2,000 supported points from 80,000 weight vectors), utilities scaled to ``R``'s range on each party:
``IGD`` = mean over ``R`` of the distance to the nearest point of ``S`` (lower is better; Coello & Cortes
2005), and ``HV`` = share of the box between ``R``'s worst and best utilities that ``S`` dominates, by
Monte Carlo with 200,000 points (higher is better; Zitzler & Thiele 1998).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accord.analysis import supported
from accord.analysis.pareto import nondominated
from accord.analysis.program import base_program, zone_program
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.examples import example_path
from accord.model.files import save_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario
from bench_optimize import random_scenario
from bench_y2014 import dominated, negmas_sampled_frontier

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "genius"
SRC = Path(__file__).resolve().parents[1] / "src"
TARGET = {"help": 0.3, "validate": 0.3, "analyze 30x10x6": 2.0, "explain twin": 2.0}
TARGET.update({"analyze y2014 30": 10.0, "analyze y2014 50": 10.0})
BEFORE = {
    "help": 0.68,
    "validate": 1.08,
    "analyze 30x10x6": 6.04,
    "explain twin": 24.3,
}
"""Seconds on commit d7c3edd (before this work), median of 11 (help, validate) or one run, measured on the
shared 2-core machine on 2026-12-01 (load 0.6 for help/validate/analyze, about 10 for explain): noisy."""


def twin(scenario: Scenario) -> Scenario:
    """The scenario with every reservation value doubled (40 % -> 80 % of the party's best)."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    for preferences in data["preferences"].values():
        preferences["reservation"] = 2.0 * preferences["reservation"]
    return Scenario.model_validate(data)


def run(src: Path, argv: list[str], repeats: int) -> tuple[float, float, str]:
    """Median wall seconds of ``python -m accord ARGV`` with ``src`` first on the path, median CPU seconds
    of its processes (the second analysis process included), and its stdout."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    times, cpu, out = [], [], ""
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "accord", *argv], env=env, capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode not in (0, 2):
            raise RuntimeError(f"accord {' '.join(argv)} failed: {done.stderr.strip()}")
        out = done.stdout
    return statistics.median(times), statistics.median(cpu), out


def utilities(data: dict[str, Any], key: str) -> np.ndarray:
    return np.array([[e["utilities"][p] for p in data["parties"]] for e in data[key]], dtype=np.float64)


def spread(sample: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """(IGD, HV) of ``sample`` against ``reference`` (see the module's docstring)."""
    low, high = reference.min(axis=0), reference.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    scaled_s, scaled_r = (sample - low) / span, (reference - low) / span
    igd = float(np.linalg.norm(scaled_r[:, None] - scaled_s[None], axis=2).min(axis=1).mean())
    box = np.random.default_rng(0).random((200_000, reference.shape[1]))
    covered = np.zeros(len(box), dtype=bool)
    for row in scaled_s:
        covered |= (box <= row).all(axis=1)
    return igd, float(covered.mean())


def reference(compiled: CompiledScenario, zone: bool, *samples: np.ndarray) -> np.ndarray:
    program = zone_program(compiled) if zone else base_program(compiled)
    saved = supported.CANDIDATES
    supported.CANDIDATES = 40
    try:
        dense = compiled.utilities_of(supported.supported_points(program, 2000)).T
    finally:
        supported.CANDIDATES = saved
    union = np.vstack([dense, *[s for s in samples if len(s)]])
    return union[nondominated(union)]


def line(name: str, after: float, before: float | None, note: str = "") -> None:
    """One case: before, after, their ratio, the target and whether it is met (by the wall time)."""
    ratio = f"{before / after:6.1f}x" if before else "      "
    shown = f"{before:8.2f}" if before else "       -"
    verdict = "met" if after < TARGET.get(name, float("inf")) else "NOT met"
    print(
        f"  {name:20s} {shown} {after:8.2f} {ratio}  target {TARGET.get(name, 0):4.1f} s {verdict:7s} {note}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--before", type=Path, help="src folder of the code to compare with, run now")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--skip-y2014", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    scenario = random_scenario(30, 10, 6, seed=1)
    save_scenario(scenario, work / "six.yaml")
    save_scenario(twin(scenario), work / "twin.yaml")
    cases = {
        "help": ["--help"],
        "validate": ["validate", str(example_path())],
        "analyze 30x10x6": ["analyze", str(work / "six.yaml"), "--json"],
        "explain twin": ["explain", str(work / "twin.yaml"), "--json"],
    }
    if not args.skip_y2014:
        for issues in (30, 50):
            folder = args.data / "y2014" / f"{issues}issues"
            if folder.is_dir():
                cases[f"analyze y2014 {issues}"] = ["analyze", str(folder), "--json"]
    print(f"Median wall seconds of {args.repeats} runs, start-up included; CPU of all its processes beside")
    print(f"  {'case':20s} {'before':>8s} {'after':>8s} {'ratio':>7s}")
    outputs: dict[str, tuple[str, str | None]] = {}
    for name, argv in cases.items():
        repeats = args.repeats if "y2014" not in name else max(1, args.repeats // 2)
        after, cpu, out = run(SRC, argv, repeats)
        note = f"(CPU {cpu:.2f} s"
        before: float | None
        old: str | None
        if args.before:
            before, cpu_before, old = run(args.before, argv, repeats)
            note += f", before {cpu_before:.2f} s"
        else:
            before, old = BEFORE.get(name), None
        outputs[name] = (out, old)
        line(name, after, before, note + ")")
    report_spread(compile_scenario(scenario), outputs["analyze 30x10x6"])
    for name, (out, _) in outputs.items():
        if "y2014" in name:
            report_negmas(name, json.loads(out), args.data)


def report_spread(compiled: CompiledScenario, outputs: tuple[str, str | None]) -> None:
    new, old = (json.loads(text) if text else None for text in outputs)
    assert new is not None
    print("Spread of the 30x10x6 frontier samples (IGD lower is better, HV higher is better)")
    for key, zone in (("frontier", True), ("space_frontier", False)):
        after = utilities(new, key)
        before = utilities(old, key) if old else np.zeros((0, after.shape[1]))
        ref = reference(compiled, zone, after, before)
        igd, hv = spread(after, ref)
        text = f"  {key:15s} after: {len(after)} points, IGD {igd:.4f}, HV {hv:.4f}"
        if len(before):
            igd_b, hv_b = spread(before, ref)
            text += f"; before: {len(before)} points, IGD {igd_b:.4f}, HV {hv_b:.4f}"
        print(text)
    print("  solutions certified as before:", sorted(k for k, v in new["solutions"].items() if v))
    if old:
        print("  same four solutions as before:", old["solutions"] == new["solutions"])


def report_negmas(name: str, data: dict[str, Any], root: Path) -> None:
    folder = root / "y2014" / f"{name.rsplit(maxsplit=1)[-1]}issues"
    compiled = compile_scenario(load_genius(folder))
    try:
        seconds, theirs = negmas_sampled_frontier(compiled, 20_000, seed=0)
    except ImportError:
        print(f"  {name}: NegMAS not installed (pip install -e '.[bench]')")
        return
    ours = utilities(data, "space_frontier")
    print(
        f"  {name}: NegMAS sampled frontier {seconds:.2f} s, {len(theirs)} points, {dominated(theirs, ours)}"
        f" dominated by Accord's {len(ours)} (complete: {data['frontier_complete']})"
    )


if __name__ == "__main__":
    main()
