"""Negotiations per second: Accord's protocols against NegMAS's ``SAOMechanism``; tournament scaling on Dask.

1. Bilateral alternating offers, Boulware against conceder, 100 rounds, on the GENIUS domain ANAC 2012
   ``CarA`` (6 issues of 5 values, 15,625 packages). The numbers are read from the GENIUS XML with the
   standard library (each evaluation divided by its issue's largest, as GENIUS does) into an Accord
   scenario; NegMAS gets ``LinearAdditiveUtilityFunction`` objects with exactly Accord's compiled
   contributions, so both sides negotiate over the same utilities. NegMAS: ``SAOMechanism(n_steps=100)``
   with ``BoulwareTBNegotiator`` and ``ConcederTBNegotiator``. Accord: a ``Session`` of
   ``alternating-offers`` with ``boulware`` and ``conceder`` (NegMAS's concession exponents), every event
   recorded.
2. Three-party stacked alternating offers on the same domain, the third party valuing each option at the mean
   of the other two's values (Boulware against two conceders).
3. Tournament scaling: the same tournament on a Dask ``LocalCluster`` of one worker, then of two; and, as a
   control, how much faster two processes run pure-Python work than one on the machine at that moment.

Setting up a scenario (compiling, tabulating packages, building utility functions) is done once and not timed
on either side; each negotiation builds its mechanism or session and agents anew.

    python benchmarks/bench_simulation.py [--quick] [--json PATH]

Exits 2 when NegMAS is not installed or the GENIUS data is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import platform
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accord.agents.catalogue import negotiator
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.scenario import Scenario
from accord.protocols.catalogue import PROTOCOLS
from accord.protocols.events import Ended
from accord.protocols.rules import Deadline
from accord.protocols.session import Session, Setting, setting_of
from accord.tournaments.backends import DaskBackend
from accord.tournaments.tournament import TournamentConfig, run_tournament

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_frontier import negmas_problem

ROOT = Path(__file__).resolve().parents[1]
CAR = ROOT.parent / "shared" / "data" / "genius" / "y2012" / "CarA"
ROUNDS = 100
TARGET_RATIO = 10.0
TARGET_SCALING = 1.6


def read_profile(path: Path) -> tuple[dict[str, float], dict[str, dict[str, float]], float]:
    """Weights, values (evaluation / the issue's largest) and reservation value of a GENIUS profile."""
    root = ET.parse(path).getroot()
    objective = root.find(".//objective")
    assert objective is not None, path
    weights_by_index = {w.get("index"): float(w.get("value", "0")) for w in objective.findall("weight")}
    weights: dict[str, float] = {}
    values: dict[str, dict[str, float]] = {}
    for issue in objective.findall("issue"):
        point = _id(issue.get("name", ""))
        items = {
            _id(item.get("value", "")): float(item.get("evaluation", "0")) for item in issue.findall("item")
        }
        top = max(items.values())
        weights[point] = weights_by_index[issue.get("index")]
        values[point] = {option: value / top for option, value in items.items()}
    reservation = root.find("reservation")
    return weights, values, float(reservation.get("value", "0")) if reservation is not None else 0.0


def _id(name: str) -> str:
    return "-".join(name.lower().replace(".", "").split())


def car_scenario(folder: Path = CAR, parties: int = 2) -> Scenario:
    """CarA as an Accord scenario; a third party (when asked) values each option at the mean of the others."""
    profiles = [read_profile(folder / f"Car-A-prof{i}.xml") for i in (1, 2)]
    if parties == 3:
        (weights, first, reservation), (_, second, _) = profiles
        mean = {p: {o: (v + second[p][o]) / 2 for o, v in by.items()} for p, by in first.items()}
        profiles.append((weights, mean, reservation))
    names = ["buyer", "dealer", "financier"][:parties]
    first = profiles[0][1]
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "ANAC 2012 CarA",
            "parties": [{"id": n, "name": n.title()} for n in names],
            "documents": [
                {
                    "id": "car",
                    "title": "Car",
                    "points": [
                        {
                            "id": point,
                            "number": k + 1,
                            "title": point,
                            "options": [{"id": o, "label": o} for o in options],
                        }
                        for k, (point, options) in enumerate(first.items())
                    ],
                }
            ],
            "weights_sum": None,
            "preferences": {
                n: {"weights": w, "values": v, "reservation": r}
                for n, (w, v, r) in zip(names, profiles, strict=True)
            },
        }
    )


@dataclass(frozen=True)
class Row:
    case: str
    engine: str
    negotiations: int
    seconds: float
    per_second: float
    agreements: float
    mean_steps: float


def accord_runs(setting: Setting, protocol: str, agents: Sequence[str], n: int, seed: int = 0) -> Row:
    streams = np.random.default_rng(seed).spawn(n)
    agreements, steps = 0, 0
    start = time.perf_counter()
    for stream in streams:
        session = Session(
            PROTOCOLS[protocol](),
            setting,
            negotiators=[negotiator(a) for a in agents],
            mediator=None,
            deadline=Deadline(rounds=ROUNDS),
        )
        events = session.run(stream)
        ended = events[-1]
        assert isinstance(ended, Ended), ended
        agreements += bool(ended.agreement)
        steps += ended.round
    seconds = time.perf_counter() - start
    return Row(f"{len(agents)}-party", "Accord", n, seconds, n / seconds, agreements / n, steps / n)


def negmas_ufuns(compiled: CompiledScenario) -> tuple[list[Any], list[Any]]:
    """NegMAS utility functions holding exactly the compiled contributions, with the reservation values."""
    return negmas_problem(compiled, reserved=True)


def negmas_runs(compiled: CompiledScenario, kinds: Sequence[str], n: int) -> Row:
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    classes = {"boulware": BoulwareTBNegotiator, "conceder": ConcederTBNegotiator}
    ufuns, issues = negmas_ufuns(compiled)
    agreements, steps = 0, 0
    start = time.perf_counter()
    for _ in range(n):
        mechanism = SAOMechanism(issues=issues, n_steps=ROUNDS)
        for kind, ufun in zip(kinds, ufuns, strict=True):
            mechanism.add(classes[kind](), preferences=ufun)
        state = mechanism.run()
        agreements += state.agreement is not None
        steps += state.step
    seconds = time.perf_counter() - start
    return Row(f"{len(kinds)}-party", "NegMAS", n, seconds, n / seconds, agreements / n, steps / n)


def tournament_rows(
    scenario: Scenario, repetitions: int, scheduler_factory: Callable[[int], AbstractContextManager[str]]
) -> list[Row]:
    """The same tournament on 1 and on 2 Dask workers."""
    config = TournamentConfig(
        protocol="alternating-offers",
        strategies=("boulware", "linear", "conceder", "tit-for-tat", "hardliner"),
        repetitions=repetitions,
        deadline=Deadline(rounds=ROUNDS),
        seed=0,
    )
    rows = []
    for workers in (1, 2):
        with scheduler_factory(workers) as address:
            backend = DaskBackend(address)
            run_tournament([scenario], config, backend)  # warm the workers (imports, scenario caches)
            start = time.perf_counter()
            results = run_tournament([scenario], config, backend)
            seconds = time.perf_counter() - start
        n = len(results.scores)
        agreements = sum(s.agreement for s in results.scores) / n
        mean = float(np.mean([s.round for s in results.scores]))
        rows.append(
            Row("tournament", f"Dask, {workers} worker(s)", n, seconds, n / seconds, agreements, mean)
        )
    return rows


def spin(n: int) -> int:
    """Pure-Python work for the parallelism control."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallelism_control(items: int = 8, n: int = 2_000_000) -> float:
    """How much faster two processes run pure-Python work than one, on this machine right now: the ceiling
    for any tournament scaling (other jobs on the machine lower it)."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(items):
        spin(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(spin, [1] * 2))
        start = time.perf_counter()
        list(pool.map(spin, [n] * items))
        parallel = time.perf_counter() - start
    return serial / parallel


def local_cluster(workers: int) -> AbstractContextManager[str]:
    """A local Dask cluster of ``workers`` processes, entered as its scheduler's address."""
    from distributed import LocalCluster

    @contextmanager
    def cluster() -> Iterator[str]:
        with LocalCluster(  # type: ignore[no-untyped-call]  # distributed leaves it unannotated
            n_workers=workers, threads_per_worker=1, dashboard_address=None, processes=True
        ) as running:
            yield running.scheduler_address

    return cluster()


def print_table(rows: Sequence[Row]) -> None:
    head = f"{'case':<12} {'engine':<22} {'runs':>6} {'seconds':>9} {'per second':>11}"
    print(f"{head} {'agreed':>7} {'steps':>7}")
    for r in rows:
        print(
            f"{r.case:<12} {r.engine:<22} {r.negotiations:>6} {r.seconds:>9.3f} {r.per_second:>11.1f} "
            f"{r.agreements:>7.2f} {r.mean_steps:>7.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer negotiations; a few seconds")
    parser.add_argument("--json", help="also write the tables as JSON")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("negmas") is None or not CAR.is_dir():
        print(
            "needs NegMAS (pip install -e '.[bench]') and ../shared/data/genius/y2012/CarA", file=sys.stderr
        )
        return 2
    n_accord, n_negmas, repetitions = (200, 20, 4) if args.quick else (2000, 200, 200)
    rows: list[Row] = []
    for parties, kinds in ((2, ("boulware", "conceder")), (3, ("boulware", "conceder", "conceder"))):
        scenario = car_scenario(parties=parties)
        compiled = compile_scenario(scenario)
        protocol = "alternating-offers" if parties == 2 else "stacked-offers"
        rows.append(accord_runs(setting_of(compiled), protocol, kinds, n_accord))
        rows.append(negmas_runs(compiled, kinds, n_negmas))
    rows += tournament_rows(car_scenario(), repetitions, local_cluster)
    print(f"Python {platform.python_version()}, {platform.machine()}; {ROUNDS} rounds; CarA (ANAC 2012)")
    print_table(rows)
    bilateral = rows[0].per_second / rows[1].per_second
    stacked = rows[2].per_second / rows[3].per_second
    scaling = rows[5].per_second / rows[4].per_second
    print(f"bilateral: Accord {bilateral:.1f}x NegMAS (target {TARGET_RATIO:g}x)")
    print(f"3-party stacked: Accord {stacked:.1f}x NegMAS")
    control = parallelism_control()
    print(f"tournament: 2 workers {scaling:.2f}x one worker (target {TARGET_SCALING:g}x)")
    print(f"control: 2 processes run pure-Python work {control:.2f}x faster than one on this machine now")
    if args.json:
        data: dict[str, object] = {
            "rows": [asdict(r) for r in rows],
            "ratios": {"bilateral": bilateral, "stacked": stacked},
        }
        data["scaling"] = scaling
        data["parallelism_control"] = control
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if math.isfinite(bilateral) else 1


if __name__ == "__main__":
    sys.exit(main())
