"""Runs of one protocol on one scenario: ``accord simulate`` and the Python API behind it.

One generator seeded from the top gives each run its own stream (``Generator.spawn``), and each run gives
each agent its own: the same seed gives the same runs, event for event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.agents.catalogue import mediator, negotiator
from accord.agents.stances import stance_strategies
from accord.model.compiled import compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.catalogue import protocol_for
from accord.protocols.rules import Deadline
from accord.protocols.session import Protocol, Session, Setting, setting_of
from accord.protocols.trace import Header, Record
from accord.tournaments.outputs import DeadlineOutput, SimulationOutput, SummaryOutput
from accord.tournaments.scores import Reference, Score, reference_of, score

FORMAT = "accord-simulation/1"
STANCES = "stances"
"""The ``agents`` value that gives each party the strategy its public stance stands for."""
DEFAULT_MEDIATOR = "maximin"
DEFAULT_PROTOCOL = "stacked-offers"
"""The protocol of ``simulate`` and ``tournament`` when none is named: it works for any number of parties."""
MAX_RUNS = 1_000_000
"""Most runs one simulation or tournament may ask for (checked before anything runs)."""


@dataclass(frozen=True)
class SimulationConfig:
    """What to run: the protocol, a strategy per voting party (or one for all), the mediator (mediated
    protocols), the deadline, how many runs, and the seed."""

    protocol: str
    agents: tuple[str, ...]
    deadline: Deadline
    mediator: str = DEFAULT_MEDIATOR
    runs: int = 1
    seed: int | None = 0

    def __post_init__(self) -> None:
        check_count("runs", self.runs)
        check_seed(self.seed)


def check_count(what: str, count: int, limit: int = MAX_RUNS) -> None:
    """A count of runs from 1 to ``limit``, or an :class:`AccordError` that states the limit."""
    if count < 1:
        raise AccordError(f"the number of {what} must be at least 1, not {count}")
    if count > limit:
        raise AccordError(f"{count:,} {what} is over the limit of {limit:,}")


def check_seed(seed: int | None) -> None:
    """A seed of numpy's generators is a whole number from 0 (or None for fresh entropy)."""
    if seed is not None and seed < 0:
        raise AccordError(f"the seed must be 0 or more, not {seed}")


@dataclass(frozen=True, eq=False)
class Prepared:
    """A scenario made ready for many runs: compiled, tabulated, and its reference measures."""

    scenario: Scenario
    setting: Setting
    reference: Reference


def prepare(scenario: Scenario) -> Prepared:
    return Prepared(scenario, setting_of(compile_scenario(scenario)), reference_of(scenario))


def lineup(scenario: Scenario, agents: Sequence[str]) -> tuple[str, ...]:
    """A strategy name for each voting party: ``agents`` as given, one name for all, or ``stances``."""
    voters = scenario.voters
    if tuple(agents) == (STANCES,):
        return stance_strategies(scenario)
    if len(agents) == 1:
        return tuple(agents) * len(voters)
    if len(agents) != len(voters):
        raise AccordError(
            f"{len(agents)} strategies for {len(voters)} voting parties ({', '.join(voters)}): "
            "give one strategy for all, or one per party in this order"
        )
    return tuple(agents)


@dataclass(frozen=True)
class Match:
    """One run's cast: the protocol, a strategy per party, and the mediator."""

    protocol: Protocol
    agents: tuple[str, ...]
    mediator: str | None
    deadline: Deadline


def match_of(scenario: Scenario, config: SimulationConfig) -> Match:
    protocol = protocol_for(config.protocol, scenario)
    agents = lineup(scenario, config.agents)
    for name in agents:
        negotiator(name, protocol.name)
    chosen = config.mediator if protocol.needs_mediator else None
    if chosen is not None:
        mediator(chosen, protocol.name)
    return Match(protocol, agents, chosen, config.deadline)


def play(prepared: Prepared, match: Match, rng: np.random.Generator, header: Header) -> Record:
    """One run, recorded."""
    session = Session(
        match.protocol,
        prepared.setting,
        negotiators=[negotiator(name) for name in match.agents],
        mediator=None if match.mediator is None else mediator(match.mediator),
        deadline=match.deadline,
    )
    return Record(header, session.run(rng))


def header_of(prepared: Prepared, match: Match, seed: int | None, run: int, **extra: Any) -> Header:
    compiled = prepared.reference.compiled
    return Header(
        scenario=prepared.scenario.title,
        protocol=match.protocol.name,
        parties=compiled.parties,
        agents=match.agents,
        mediator=match.mediator,
        points=compiled.points,
        options=compiled.options,
        deadline=match.deadline.to_dict(),
        seed=seed,
        run=run,
        extra=extra,
    )


def simulate(
    scenario: Scenario, config: SimulationConfig, progress: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """The runs of ``config`` on ``scenario``, one record at a time; ``progress`` is told of each."""
    prepared = prepare(scenario)
    match = match_of(scenario, config)
    streams = np.random.default_rng(config.seed).spawn(config.runs)
    for run, stream in enumerate(streams):
        yield play(prepared, match, stream, header_of(prepared, match, config.seed, run))
        if progress is not None:
            progress(run + 1)


def simulate_run(scenario: Scenario, config: SimulationConfig, run: int) -> Record:
    """Run ``run`` of ``config`` alone, as :func:`simulate` plays it: the seed's ``run``-th stream is the
    same however many streams are spawned before it."""
    if not 0 <= run < config.runs:
        raise AccordError(f"there is no run {run}: the simulation has runs 0 to {config.runs - 1}")
    prepared = prepare(scenario)
    match = match_of(scenario, config)
    stream = np.random.default_rng(config.seed).spawn(run + 1)[run]
    return play(prepared, match, stream, header_of(prepared, match, config.seed, run))


def report(prepared: Prepared, config: SimulationConfig, records: Sequence[Record]) -> SimulationOutput:
    """The output of ``accord simulate``: the set-up, each run's score, and a summary."""
    match = match_of(prepared.scenario, config)
    parties = prepared.reference.compiled.parties
    scores = [score(record, prepared.reference) for record in records]
    return SimulationOutput(
        format=FORMAT,
        scenario=prepared.scenario.title,
        protocol=match.protocol.name,
        agents=dict(zip(parties, match.agents, strict=True)),
        mediator=match.mediator,
        deadline=DeadlineOutput(rounds=config.deadline.rounds, seconds=config.deadline.seconds),
        seed=config.seed,
        runs=[s.to_output(parties) for s in scores],
        summary=summary(scores),
    )


def summary(scores: Sequence[Score]) -> SummaryOutput:
    agreements = [s for s in scores if s.agreement]
    return SummaryOutput(
        runs=len(scores),
        agreements=len(agreements),
        agreement_rate=len(agreements) / len(scores) if scores else 0.0,
        mean_round=float(np.mean([s.round for s in scores])) if scores else None,
        mean_welfare=float(np.mean([s.welfare for s in scores])) if scores else None,
    )
