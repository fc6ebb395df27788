"""How robust is the verdict? Monte Carlo over the uncertainty a scenario declares.

:func:`robustness` samples the declared ranges (``analysis/sampling.py``), decides for every sample whether
the agreement zone is empty - all samples x packages in NumPy where the space can be enumerated
(``analysis/sampled.py``), one max-min MILP a sample above that, on local processes or a Dask cluster - and
estimates the probability of a zone with a 95 % Wilson score interval (Wilson 1927), its convergence as
samples grow, each listed package's probability of acceptance, the most robust package, and which inputs
drive the verdict (``analysis/sensitivity.py``). :class:`Robustness` gives the JSON of
``accord robustness --json`` (``docs/methods.md``, *Robustness*).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from accord.analysis import optimize
from accord.analysis.analyze import AUTO, ENUMERATION, SOLUTIONS, analyze, choose_engine
from accord.analysis.outputs import (
    ConvergenceOutput,
    InfluenceOutput,
    InputOutput,
    MostRobustOutput,
    OddsOutput,
    RobustnessOutput,
    shown,
)
from accord.analysis.program import zone_program
from accord.analysis.sampled import SampledSpace
from accord.analysis.sampling import (
    RANDOM,
    SOBOL,
    Input,
    draw,
    sampled_scenario,
    stated_row,
    uncertain_inputs,
)
from accord.analysis.sensitivity import Estimate, first_order, tipping_value
from accord.analysis.space import blocks, choices, in_zone
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

FORMAT = "accord-robustness/1"
SAMPLES = 1024
"""Samples drawn unless asked otherwise (a power of two: Sobol points are balanced at powers of two)."""
MAX_SAMPLES = 10**6
"""Most samples one analysis draws (the samples alone then take 8 MB an input)."""
LISTED = 1000
"""Largest base-case zone whose every package is listed; a larger zone is represented by its frontier."""
LEADING = 3
"""Inputs, the most influential first, whose tipping value is searched."""
MILP_BATCH = 4
"""Samples one task solves (above enumeration size)."""
PROGRESS = {"odds": 0.1, "zone": 0.6}
"""The share of a run's work done once the base case is analysed and the samples drawn (``odds``), and once
every sample's verdict is in (``zone``); the tipping values' bisections take the rest."""


T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    """Where per-sample programmes run: the backends of ``accord.tournaments.backends`` fit."""

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


@dataclass(frozen=True)
class PackageOdds:
    """How often a package was an agreement, and how often each party accepted it, over the samples."""

    choice: IntArray
    agreements: int
    accepted: IntArray
    """(P,) samples in which each party accepted it."""
    solutions: tuple[str, ...] = ()
    """The base case's fair packages it is (``nash``, ...)."""

    @property
    def key(self) -> tuple[int, int, int]:
        """Rank: agreements first, then the acceptance of its most reluctant party, then all acceptances."""
        return self.agreements, int(self.accepted.min(initial=0)), int(self.accepted.sum())


@dataclass(frozen=True)
class Influence:
    """An input's first-order index on the verdict and on the most robust package's acceptance, and its
    tipping value (None: not searched, or the verdict holds over its whole range)."""

    input: Input
    index: float
    acceptance_index: float
    tipping_value: float | None


@dataclass(frozen=True)
class Robustness:
    """What the samples say about a scenario's verdict."""

    title: str
    compiled: CompiledScenario
    inputs: tuple[Input, ...]
    seed: int
    sampler: str
    engine: str
    base_empty: bool
    zone: BoolArray
    """(S,) whether the zone is non-empty in each sample."""
    packages: tuple[PackageOdds, ...]
    most_robust: PackageOdds
    most_robust_scope: str
    """``space`` when every package was ranked (enumeration), ``listed`` when only the listed ones were."""
    sensitivity: tuple[Influence, ...]

    @property
    def samples(self) -> int:
        return len(self.zone)

    @property
    def p_zone_nonempty(self) -> Estimate:
        return Estimate(int(self.zone.sum()), self.samples)

    def convergence(self) -> list[Estimate]:
        """The estimate on the first 16, 32, 64, ... samples, and on all of them."""
        sizes = [2**k for k in range(4, 64) if 2**k < self.samples] + [self.samples]
        return [Estimate(int(self.zone[:n].sum()), n) for n in sizes]

    def odds(self, package: PackageOdds) -> OddsOutput:
        n = self.samples
        return OddsOutput(
            package=self.compiled.package(package.choice),
            solutions=list(package.solutions),
            p_all_accept=shown(package.agreements / n),
            p_accept={
                p: shown(int(a) / n) for p, a in zip(self.compiled.parties, package.accepted, strict=True)
            },
        )

    def to_output(self) -> RobustnessOutput:
        """The result as its output model (``accord-robustness/1``)."""
        best = self.odds(self.most_robust)
        return RobustnessOutput(
            format=FORMAT,
            scenario=self.title,
            samples=self.samples,
            seed=self.seed,
            sampler=self.sampler,
            engine=self.engine,
            inputs=[
                InputOutput(
                    input=i.name, low=i.low, high=i.high, stated=i.stated, distribution=i.distribution
                )
                for i in self.inputs
            ],
            base={"zone_empty": self.base_empty},
            p_zone_nonempty=self.p_zone_nonempty.to_output(),
            interval="wilson",
            convergence=[
                ConvergenceOutput(samples=e.n, **e.to_output().model_dump()) for e in self.convergence()
            ],
            packages=[self.odds(p) for p in self.packages],
            most_robust=MostRobustOutput(
                **best.model_dump(),
                interval=Estimate(self.most_robust.agreements, self.samples).to_output(),
                scope=self.most_robust_scope,
            ),
            sensitivity=[
                InfluenceOutput(
                    input=s.input.name,
                    index=shown(s.index),
                    acceptance_index=shown(s.acceptance_index),
                    tipping_value=None if s.tipping_value is None else float(f"{s.tipping_value:.6g}"),
                )
                for s in self.sensitivity
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """The analysis as JSON-ready data; ``accord robustness --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")


class _Serial:
    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [function(item) for item in items]


def robustness(
    scenario: Scenario,
    *,
    samples: int = SAMPLES,
    seed: int = 0,
    sampler: str = SOBOL,
    engine: str = AUTO,
    backend: Mapper | None = None,
    progress: Callable[[float], None] | None = None,
) -> Robustness:
    """Sample the declared uncertainty ``samples`` times from one generator seeded with ``seed`` and say how
    often a zone exists, how often each listed package is accepted, and which inputs decide it.

    ``engine``: ``enumeration`` evaluates all samples x candidate packages in NumPy, ``optimization`` solves
    one max-min programme a sample (on ``backend``: this process when None), ``auto`` chooses by size as
    :func:`~accord.analysis.analyze.analyze` does. ``progress`` is told the share of the work done (0-1) after
    each stage and each tipping value; an exception it raises stops the analysis (a cancelled job).
    """
    tell = progress or _silent
    if not 1 <= samples <= MAX_SAMPLES:
        raise AccordError(f"samples must be from 1 to {MAX_SAMPLES:,}, not {samples:,}")
    compiled = compile_scenario(scenario)
    chosen = choose_engine(compiled, engine)
    base = analyze(scenario, engine=chosen)
    inputs = uncertain_inputs(scenario, compiled.parties)
    rows = draw(inputs, samples, seed, sampler)
    space = SampledSpace(scenario, compiled, inputs)
    listed = _listed(base.solutions, base.frontier.choices, compiled, base.zone.size)
    ranked = _odds(space, rows, listed)
    packages = tuple(PackageOdds(c, a, n, names) for (c, names), (a, n) in zip(listed, ranked, strict=True))
    runner = backend or _Serial()
    tell(PROGRESS["odds"])

    def verdicts(some: FloatArray) -> BoolArray:
        if chosen == ENUMERATION:
            return _enumerated(space, some, count=False)[0]
        return _optimised(scenario, inputs, some, runner)

    best = None
    if chosen == ENUMERATION:
        zone, best = _enumerated(space, rows)
    else:
        zone = verdicts(rows)
    tell(PROGRESS["zone"])
    most, accepted = _most_robust(space, rows, packages, best)
    return Robustness(
        title=scenario.title,
        compiled=compiled,
        inputs=inputs,
        seed=seed,
        sampler=sampler,
        engine=chosen,
        base_empty=base.zone.empty,
        zone=zone,
        packages=packages,
        most_robust=most,
        most_robust_scope="space" if chosen == ENUMERATION else "listed",
        sensitivity=_sensitivity(
            inputs, rows, zone, accepted, verdicts, corrected=sampler == RANDOM, progress=tell
        ),
    )


def _most_robust(
    space: SampledSpace, rows: FloatArray, packages: tuple[PackageOdds, ...], best: PackageOdds | None
) -> tuple[PackageOdds, BoolArray]:
    """The package most often an agreement among the listed ones (never none: the space's frontier is listed)
    and the space's ``best`` when it was searched (a listed one on a tie), and the samples that accept it."""
    most = max([*packages, *([] if best is None else [best])], key=lambda p: p.key)
    most = next((p for p in packages if np.array_equal(p.choice, most.choice)), most)
    accepted = np.concatenate(
        [space.zone(rows[chunk], most.choice[None, :])[1][:, 0] for chunk in space.chunks(len(rows), 1)]
    )
    return most, accepted


def _listed(
    solutions: dict[str, IntArray | None],
    frontier: IntArray,
    compiled: CompiledScenario,
    zone_size: int | None,
) -> list[tuple[IntArray, tuple[str, ...]]]:
    """The packages to rank: the fair ones, then the zone's (its frontier when it has more than ``LISTED``
    or is not counted; the whole space's frontier when it is empty)."""
    found: dict[bytes, tuple[IntArray, list[str]]] = {}
    for name in SOLUTIONS:
        choice = solutions[name]
        if choice is not None:
            found.setdefault(choice.tobytes(), (choice, []))[1].append(name)
    zone: IntArray = frontier
    if zone_size is not None and 0 < zone_size <= LISTED:
        parts = _zone_blocks(compiled)
        zone = np.concatenate(parts) if parts else frontier
    for choice in np.asarray(zone, dtype=np.int64):
        found.setdefault(choice.tobytes(), (choice, []))
    return [(choice, tuple(names)) for choice, names in found.values()]


def _zone_blocks(compiled: CompiledScenario) -> list[IntArray]:
    """The base case's zone, block by block."""
    parts = []
    for part in blocks(compiled):
        where = np.flatnonzero(in_zone(part.accepts, compiled))
        if len(where):
            parts.append(choices(where + part.start, compiled.sizes))
    return parts


def _odds(
    space: SampledSpace, rows: FloatArray, listed: list[tuple[IntArray, tuple[str, ...]]]
) -> list[tuple[int, IntArray]]:
    """For each listed package, the samples in which it is an agreement and in which each party accepts it."""
    if not listed:
        return []
    packages = np.stack([choice for choice, _ in listed])
    agreements = np.zeros(len(packages), dtype=np.int64)
    accepted = np.zeros((len(space.compiled.parties), len(packages)), dtype=np.int64)
    for first in range(0, len(packages), space.block):
        part = slice(first, first + space.block)
        for chunk in space.chunks(len(rows), len(packages[part])):
            accepts, zone = space.zone(rows[chunk], packages[part])
            agreements[part] += zone.sum(axis=0)
            accepted[:, part] += accepts.sum(axis=0)
    return [(int(agreements[i]), accepted[:, i]) for i in range(len(packages))]


def _enumerated(
    space: SampledSpace, rows: FloatArray, *, count: bool = True
) -> tuple[BoolArray, PackageOdds | None]:
    """(S,) whether some package is an agreement in each sample, and the package that is one most often."""
    zone = np.zeros(len(rows), dtype=bool)
    best: PackageOdds | None = None
    for block in space.candidates():
        agreements = np.zeros(len(block), dtype=np.int64)
        accepted = np.zeros((len(space.compiled.parties), len(block)), dtype=np.int64)
        for chunk in space.chunks(len(rows), len(block)):
            accepts, in_zone_ = space.zone(rows[chunk], block)
            zone[chunk] |= in_zone_.any(axis=1)
            if count:
                agreements += in_zone_.sum(axis=0)
                accepted += accepts.sum(axis=0)
        if count:
            order = np.lexsort((-accepted.sum(axis=0), -accepted.min(axis=0), -agreements))
            top = PackageOdds(block[order[0]], int(agreements[order[0]]), accepted[:, order[0]])
            best = top if best is None or top.key > best.key else best
    return zone, best


@dataclass(frozen=True)
class ZoneTest:
    """Decides whether samples' zones are empty by max-min programmes: a value that a backend sends to its
    workers (a Dask backend once each, the scenario with it), called on one batch of samples a task."""

    scenario: Scenario
    inputs: tuple[Input, ...]

    def __call__(self, rows: FloatArray) -> list[bool]:
        """For each sample (row), whether the sampled scenario's zone is non-empty."""
        sampled = (compile_scenario(sampled_scenario(self.scenario, self.inputs, row)) for row in rows)
        return [optimize.zone_exists(zone_program(compiled)) for compiled in sampled]


def _optimised(scenario: Scenario, inputs: tuple[Input, ...], rows: FloatArray, runner: Mapper) -> BoolArray:
    test = ZoneTest(scenario, inputs)
    batches = [rows[i : i + MILP_BATCH] for i in range(0, len(rows), MILP_BATCH)]
    # one batch (a step of a tipping value's bisection) is solved here: sending it costs more than solving it
    results = runner.map(test, batches) if len(batches) > 1 else [test(batch) for batch in batches]
    return np.array([v for part in results for v in part], dtype=bool)


def _sensitivity(
    inputs: tuple[Input, ...],
    rows: FloatArray,
    zone: BoolArray,
    accepted: BoolArray,
    verdicts: Callable[[FloatArray], BoolArray],
    *,
    corrected: bool,
    progress: Callable[[float], None],
) -> tuple[Influence, ...]:
    """Every input's indices, the most influential first; tipping values for the ``LEADING`` ones."""
    index = first_order(rows, zone, corrected=corrected)
    acceptance = first_order(rows, accepted, corrected=corrected)
    order = sorted(range(len(inputs)), key=lambda j: (-index[j], -acceptance[j], j))
    base = stated_row(inputs)
    result = []
    for rank, j in enumerate(order):
        item = inputs[j]
        tipping = tipping_value(verdicts, base, j, item.low, item.high) if rank < LEADING else None
        result.append(Influence(item, float(index[j]), float(acceptance[j]), tipping))
        if rank < LEADING or rank == len(order) - 1:
            searched = min(rank + 1, LEADING) / min(len(order), LEADING)
            progress(PROGRESS["zone"] + (1.0 - PROGRESS["zone"]) * searched)
    return tuple(result)


def _silent(_done: float) -> None:
    """No one to tell of the progress."""
