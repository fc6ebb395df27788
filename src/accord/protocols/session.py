"""A run of a protocol: the stage it plays on, stepped event by event.

:class:`Setting` holds what every run on one scenario shares (the package table, the rules, each party's
ranked preferences) and is built once. :class:`Session` is one run: ``steps()`` yields the protocol's events
one by one, recording each in the histories the parties may see before the protocol goes on, and ``run()``
consumes ``steps()``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from accord.analysis.table import PackageTable, package_table
from accord.model.compiled import CompiledScenario
from accord.model.errors import AccordError
from accord.protocols.events import Event
from accord.protocols.roles import Mediator, Negotiator
from accord.protocols.rules import Clock, Deadline, Rules, rules_of
from accord.protocols.view import MediatorView, OwnPreferences, View, own_preferences

BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Setting:
    """What every run on one scenario shares; build it once with :func:`setting_of`."""

    table: PackageTable
    rules: Rules
    preferences: tuple[OwnPreferences, ...]
    valid: BoolArray
    """(n,) packages that keep every settled point: the only ones a protocol lets anyone put forward."""

    @property
    def parties(self) -> tuple[str, ...]:
        return self.rules.parties


def setting_of(compiled: CompiledScenario) -> Setting:
    table = package_table(compiled)
    rules = rules_of(compiled)
    valid = np.ones(len(table), dtype=bool)
    for k, option in enumerate(rules.fixed):
        if option >= 0:
            valid &= table.choices[:, k] == option
    valid.flags.writeable = False
    preferences = tuple(own_preferences(table, p) for p in range(len(compiled.parties)))
    return Setting(table, rules, preferences, valid)


@dataclass(frozen=True, eq=False)
class Stage:
    """One run as a protocol sees it: the setting, the clock, and who sits at the table with their views."""

    setting: Setting
    clock: Clock
    negotiators: tuple[Negotiator, ...]
    views: tuple[View, ...]
    mediator: Mediator | None
    mediator_view: MediatorView

    @property
    def parties(self) -> tuple[str, ...]:
        return self.setting.rules.parties

    def checked(self, package: int, who: str) -> int:
        """``package`` if it is a package that keeps the settled points; a protocol violation otherwise."""
        valid = self.setting.valid
        if not (isinstance(package, int | np.integer) and 0 <= package < len(valid) and valid[package]):
            raise AccordError(
                f"{who} put forward {package!r}, which is not a package number that keeps the settled points"
            )
        return int(package)

    def the_mediator(self) -> Mediator:
        if self.mediator is None:
            raise AccordError("this protocol needs a mediator")
        return self.mediator


class Protocol(ABC):
    """The rules of a negotiation, as a generator of events. Protocols decide nothing for anyone."""

    name: ClassVar[str]
    needs_mediator: ClassVar[bool] = False

    def check(self, setting: Setting) -> None:  # noqa: B027 - most protocols play on any setting
        """Raise :class:`AccordError` when the protocol cannot be played on this setting."""

    @abstractmethod
    def events(self, stage: Stage) -> Iterator[Event]:
        """The run, event by event; the last event is :class:`~accord.protocols.events.Ended`."""


class Session:
    """One run of ``protocol`` on ``setting`` with the negotiators in the order of the voting parties."""

    def __init__(
        self,
        protocol: Protocol,
        setting: Setting,
        *,
        negotiators: Sequence[Negotiator],
        mediator: Mediator | None,
        deadline: Deadline,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        if len(negotiators) != len(setting.parties):
            raise AccordError(
                f"{len(negotiators)} negotiators for {len(setting.parties)} voting parties "
                f"({', '.join(setting.parties)})"
            )
        if protocol.needs_mediator and mediator is None:
            raise AccordError(f"protocol '{protocol.name}' needs a mediator strategy")
        protocol.check(setting)
        self.protocol = protocol
        self.setting = setting
        self.negotiators = tuple(negotiators)
        self.mediator = mediator
        self.clock = Clock(deadline, now)

    def steps(self, rng: np.random.Generator) -> Iterator[Event]:
        """The run event by event; each agent starts with its own stream spawned from ``rng``."""
        parties = self.setting.parties
        histories: list[list[Event]] = [[] for _ in parties]
        everything: list[Event] = []
        index = {party: p for p, party in enumerate(parties)}
        views = tuple(
            View(self.setting.rules, prefs, self.clock, history)
            for prefs, history in zip(self.setting.preferences, histories, strict=True)
        )
        mediator_view = MediatorView(self.setting.rules, self.clock, everything)
        streams = rng.spawn(len(parties) + 1)
        self.clock.begin()
        for negotiator, view, stream in zip(self.negotiators, views, streams, strict=False):
            negotiator.start(view, stream)
        if self.mediator is not None:
            self.mediator.start(mediator_view, streams[-1])
        stage = Stage(self.setting, self.clock, self.negotiators, views, self.mediator, mediator_view)
        for event in self.protocol.events(stage):
            everything.append(event)
            if event.audience is None:
                for history in histories:
                    history.append(event)
            else:
                for party in event.audience:
                    histories[index[party]].append(event)
            yield event

    def run(self, rng: np.random.Generator) -> tuple[Event, ...]:
        """Every event of the run."""
        return tuple(self.steps(rng))
