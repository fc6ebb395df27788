"""Tournaments: every lineup of strategies on every scenario, in every seat, repeated.

A lineup is a multiset of strategies, one per voting party (``combinations_with_replacement``); role rotation
plays each lineup in each of its distinct cyclic orders, so every strategy sits in every seat. Every run gets
its own stream spawned, in plan order, from one generator seeded at the top, and runs travel in batches to
whichever backend plays them: the records, hence the results, do not depend on the backend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations_with_replacement

import numpy as np

from accord.agents.catalogue import mediator, negotiator
from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.catalogue import protocol_for
from accord.protocols.rules import Deadline
from accord.protocols.trace import Record
from accord.tournaments.backends import Backend, SerialBackend
from accord.tournaments.results import ResultSet, standings
from accord.tournaments.scores import Score, score
from accord.tournaments.simulation import (
    DEFAULT_MEDIATOR,
    MAX_RUNS,
    Match,
    Prepared,
    check_count,
    check_seed,
    header_of,
    play,
    prepare,
)

BATCH = 100
"""Runs sent to a worker at once: enough to make the cost of a task (1-2 ms on Dask) negligible."""


@dataclass(frozen=True)
class TournamentConfig:
    """Which strategies meet under which protocol, how often, until when, and from which seed."""

    protocol: str
    strategies: tuple[str, ...]
    deadline: Deadline
    repetitions: int = 1
    mediator: str = DEFAULT_MEDIATOR
    seed: int = 0
    batch: int = BATCH
    keep_events: bool = False
    """Keep every event of every run in the records (else only each run's end, which the scores need)."""

    def __post_init__(self) -> None:
        check_count("repetitions", self.repetitions)
        check_count("runs in a batch", self.batch)
        check_seed(self.seed)


@dataclass(frozen=True)
class Task:
    """One run of the plan."""

    run: int
    scenario: int
    agents: tuple[str, ...]
    lineup: int
    rotation: int
    repetition: int


@dataclass(frozen=True)
class Batch:
    """Runs for one worker: the scenarios they need (as JSON), the set-up and the tasks (each run's random
    stream is rebuilt on the worker from the seed and the run's number: nothing else to ship)."""

    scenarios: dict[int, str]
    config: TournamentConfig
    tasks: tuple[Task, ...]


def plan(scenarios: Sequence[Scenario], config: TournamentConfig) -> list[Task]:
    """Every run of the tournament, in a fixed order."""
    if not config.strategies:
        raise AccordError("a tournament needs at least one strategy")
    for name in config.strategies:
        negotiator(name, config.protocol)
    _check_size(scenarios, config)
    tasks: list[Task] = []
    for s, scenario in enumerate(scenarios):
        protocol_for(config.protocol, scenario)
        seats = len(scenario.voters)
        for lineup, combo in enumerate(combinations_with_replacement(config.strategies, seats)):
            for rotation, agents in enumerate(dict.fromkeys(combo[i:] + combo[:i] for i in range(seats))):
                for repetition in range(config.repetitions):
                    tasks.append(Task(len(tasks), s, agents, lineup, rotation, repetition))
                check_count("runs of the tournament", len(tasks))
    return tasks


def _check_size(scenarios: Sequence[Scenario], config: TournamentConfig) -> None:
    """Refuse before planning a tournament that has more than ``MAX_RUNS`` runs (every lineup once per
    repetition is a lower bound; rotations multiply it by up to the number of seats)."""
    least = sum(
        math.comb(len(config.strategies) + len(s.voters) - 1, len(s.voters)) * config.repetitions
        for s in scenarios
    )
    if least > MAX_RUNS:
        raise AccordError(
            f"the tournament would play at least {least:,} runs, over the limit of {MAX_RUNS:,}: "
            "use fewer strategies, scenarios or repetitions"
        )


def batches(scenarios: Sequence[Scenario], config: TournamentConfig, tasks: Sequence[Task]) -> list[Batch]:
    """The plan cut into batches, each run with its stream spawned from the seed in plan order.

    A batch takes every n-th run of the plan (not n consecutive runs), so that each batch mixes lineups and
    scenarios: consecutive runs share a lineup, and a batch of hard-liners would take far longer than a batch
    of conceders, leaving a worker idle at the end.
    """
    texts = [scenario.model_dump_json() for scenario in scenarios]
    count = max(1, -(-len(tasks) // config.batch))
    result = []
    for first in range(count):
        chunk = tuple(tasks[first::count])
        needed = {task.scenario: texts[task.scenario] for task in chunk}
        result.append(Batch(needed, config, chunk))
    return result


def stream_of(seed: int, run: int) -> np.random.Generator:
    """Run ``run``'s random stream: the ``run``-th child of the seed, ``default_rng(seed).spawn(n)[run]``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(run,)))


def play_batch(batch: Batch) -> list[tuple[Record, Score]]:
    """Play a batch (on a worker): the record and the score of each of its runs, in order."""
    config = batch.config
    played = []
    for task in batch.tasks:
        prepared = _prepared(batch.scenarios[task.scenario])
        protocol = protocol_for(config.protocol, prepared.scenario)
        chosen = config.mediator if protocol.needs_mediator else None
        if chosen is not None:
            mediator(chosen, protocol.name)
        match = Match(protocol, task.agents, chosen, config.deadline)
        extra = {"scenario": task.scenario, "lineup": task.lineup, "rotation": task.rotation}
        header = header_of(prepared, match, config.seed, task.run, repetition=task.repetition, **extra)
        record = play(prepared, match, stream_of(config.seed, task.run), header)
        kept = record if config.keep_events else Record(header, (record.ended,))
        played.append((kept, score(kept, prepared.reference)))
    return played


@lru_cache(maxsize=16)
def _prepared(text: str) -> Prepared:
    """A worker prepares each scenario once, however many batches need it."""
    return prepare(Scenario.model_validate_json(text))


def run_tournament(
    scenarios: Sequence[Scenario],
    config: TournamentConfig,
    backend: Backend | None = None,
    progress: Callable[[int], None] | None = None,
) -> ResultSet:
    """Play the whole plan on ``backend`` (in this process by default); each run is scored where it was
    played, against its scenario's reference, as :meth:`ResultSet.from_records` would score it."""
    tasks = plan(scenarios, config)
    work = batches(scenarios, config, tasks)
    played = (backend or SerialBackend()).map(play_batch, work, progress)
    runs = sorted((run for batch in played for run in batch), key=lambda run: run[0].header.run)
    records = tuple(record for record, _ in runs)
    scores = tuple(run_score for _, run_score in runs)
    return ResultSet(records, scores, standings(records, scores))
