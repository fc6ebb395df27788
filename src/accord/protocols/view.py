"""What an agent sees: the rules, the deadline, the clock, its own preferences and the history it may see -
nothing else (no other party's preferences, no handle on the protocol), and nothing it can change."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import NDArray

from accord.analysis.table import PackageTable
from accord.protocols.events import Event
from accord.protocols.rules import Clock, Deadline, Rules

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class OwnPreferences:
    """One party's preferences over every package (read-only arrays indexed by package number)."""

    party: str
    utilities: FloatArray
    """(n,) the party's utility for each package."""
    acceptable: BoolArray
    """(n,) packages none of whose options crosses the party's red lines or breaks its earlier agreements."""
    rational: BoolArray
    """(n,) acceptable packages worth at least the reservation value."""
    reservation: float
    ranked: IntArray
    """Rational packages by increasing utility (ties by package number)."""
    ranked_utilities: FloatArray
    """Their utilities, increasing."""

    @property
    def best(self) -> float:
        """The most the party can get from a package it may accept (its reservation value if none)."""
        return float(self.ranked_utilities[-1]) if len(self.ranked) else self.reservation

    @property
    def worst(self) -> float:
        """The least it can get from a package it may accept (its reservation value if none)."""
        return float(self.ranked_utilities[0]) if len(self.ranked) else self.reservation

    def at_least(self, level: float) -> int | None:
        """The rational package worth least among those worth at least ``level`` (None if there is none)."""
        i = int(np.searchsorted(self.ranked_utilities, level, side="left"))
        return int(self.ranked[i]) if i < len(self.ranked) else None


def own_preferences(table: PackageTable, p: int) -> OwnPreferences:
    """Party ``p``'s preferences, with its rational packages ranked once for all runs."""
    utilities, rational = table.utilities[p], table.rational[p]
    candidates = np.flatnonzero(rational)
    ranked = candidates[np.argsort(utilities[candidates], kind="stable")]
    ranked_utilities = utilities[ranked]
    for array in (ranked, ranked_utilities):
        array.flags.writeable = False
    return OwnPreferences(
        party=table.compiled.parties[p],
        utilities=utilities,
        acceptable=table.acceptable[p],
        rational=rational,
        reservation=float(table.compiled.reservation[p]),
        ranked=ranked,
        ranked_utilities=ranked_utilities,
    )


class History(Sequence[Event]):
    """The events a party has seen, in order; read-only."""

    __slots__ = ("_events",)

    def __init__(self, events: list[Event]) -> None:
        self._events = events

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return tuple(self._events[index])
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)


class _Window:
    """What every participant sees: the rules, the deadline, the clock and the events it may see."""

    __slots__ = ("_clock", "_history", "rules")

    def __init__(self, rules: Rules, clock: Clock, history: list[Event]) -> None:
        self.rules = rules
        self._clock = clock
        self._history = History(history)

    @property
    def deadline(self) -> Deadline:
        return self._clock.deadline

    @property
    def round(self) -> int:
        return self._clock.round

    @property
    def time(self) -> float:
        """Share of the deadline used, in [0, 1]."""
        return self._clock.time

    @property
    def history(self) -> History:
        """The public events and those of the private sessions the participant took part in."""
        return self._history


class View(_Window):
    """A negotiating party's window on a run: also its own preferences, and no one else's."""

    __slots__ = ("preferences",)

    def __init__(self, rules: Rules, preferences: OwnPreferences, clock: Clock, history: list[Event]) -> None:
        super().__init__(rules, clock, history)
        self.preferences = preferences

    @property
    def party(self) -> str:
        return self.preferences.party


class MediatorView(_Window):
    """The mediator's window: rules, deadline, clock and every event (it attends every session) - but no
    party's preferences: it learns them only from what the parties say."""

    __slots__ = ()
