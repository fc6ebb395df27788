"""The rules every protocol applies: who must accept (the scenario's agreement rule), which points are settled
already, and when the talks stop (a deadline in rounds, in seconds, or both)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from accord.model.compiled import CompiledScenario
from accord.model.errors import AccordError
from accord.protocols.events import Reason


@dataclass(frozen=True)
class Rules:
    """The agreement rule over the voting parties, and the points no protocol may change."""

    parties: tuple[str, ...]
    quorum: int
    veto: tuple[str, ...]
    sizes: tuple[int, ...]
    """Options of each point."""
    fixed: tuple[int, ...]
    """Per point: the option every voting party has already agreed to (it stays), or -1 where it is open."""
    locked: tuple[tuple[int, ...], ...]
    """Per party, per point: the option that party has already agreed to, or -1 (public knowledge)."""

    def holds(self, accepted_by: Collection[str]) -> bool:
        """Whether these parties' acceptance makes an agreement: a quorum with every veto player."""
        return len(accepted_by) >= self.quorum and all(p in accepted_by for p in self.veto)

    def still_possible(self, accepted_by: Collection[str], rejected_by: Collection[str]) -> bool:
        """Whether the parties yet to answer can still complete an agreement."""
        if any(p in rejected_by for p in self.veto):
            return False
        return len(self.parties) - len(rejected_by) >= self.quorum

    def choice_of(self, package: int) -> list[int]:
        """Option index per point of a package number (mixed radix, last point fastest)."""
        digits = [0] * len(self.sizes)
        for k in range(len(self.sizes) - 1, -1, -1):
            package, digits[k] = divmod(package, self.sizes[k])
        return digits

    def package_of(self, choice: list[int] | tuple[int, ...]) -> int:
        """The package number of one option index per point."""
        number = 0
        for option, size in zip(choice, self.sizes, strict=True):
            number = number * size + option
        return number

    @property
    def open_points(self) -> tuple[int, ...]:
        """Points a proposal may change (not settled by every voting party)."""
        return tuple(k for k, option in enumerate(self.fixed) if option < 0)


def rules_of(compiled: CompiledScenario) -> Rules:
    """The rules of a compiled scenario."""
    locked = compiled.locked
    fixed = tuple(
        int(column[0]) if column[0] >= 0 and (column == column[0]).all() else -1 for column in locked.T
    )
    return Rules(
        parties=compiled.parties,
        quorum=compiled.quorum,
        veto=tuple(p for p, v in zip(compiled.parties, compiled.veto, strict=True) if v),
        sizes=tuple(int(s) for s in compiled.sizes),
        fixed=fixed,
        locked=tuple(tuple(int(o) for o in row) for row in locked),
    )


MAX_ROUNDS = 1_000_000
"""Most rounds a deadline may allow: every round is work, and talks never need more."""


@dataclass(frozen=True)
class Deadline:
    """When the talks stop: after ``rounds`` rounds, after ``seconds`` of wall-clock time, or the first of the
    two. A deadline in seconds makes a run depend on the machine's speed: use rounds for reproducible runs."""

    rounds: int | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.rounds is None and self.seconds is None:
            raise AccordError("a deadline needs a number of rounds, a time limit in seconds, or both")
        if self.rounds is not None and self.rounds < 1:
            raise AccordError(f"the deadline must allow at least one round, not {self.rounds}")
        if self.rounds is not None and self.rounds > MAX_ROUNDS:
            raise AccordError(f"a deadline of {self.rounds:,} rounds is over the limit of {MAX_ROUNDS:,}")
        if self.seconds is not None and not self.seconds > 0:
            raise AccordError(f"the time limit must be positive, not {self.seconds}")

    def to_dict(self) -> dict[str, int | float | None]:
        return {"rounds": self.rounds, "seconds": self.seconds}


@dataclass
class Clock:
    """Where a run is: rounds completed and the share of the deadline used (agents read it in their view)."""

    deadline: Deadline
    now: Callable[[], float] = time.perf_counter
    completed: int = 0
    start: float = field(default=0.0)

    def begin(self) -> None:
        self.completed = 0
        self.start = self.now() if self.deadline.seconds is not None else 0.0

    @property
    def round(self) -> int:
        """The number of the current round, from 1."""
        return self.completed + 1

    @property
    def time(self) -> float:
        """Relative time in [0, 1]: the larger share of the deadline used, in rounds or in seconds."""
        share = 0.0
        if self.deadline.rounds is not None:
            share = self.completed / self.deadline.rounds
        if self.deadline.seconds is not None:
            share = max(share, (self.now() - self.start) / self.deadline.seconds)
        return min(1.0, max(0.0, share))

    def expired(self) -> Reason | None:
        """Why no further round may start, or None while one may."""
        if self.deadline.rounds is not None and self.completed >= self.deadline.rounds:
            return Reason.DEADLINE
        if self.deadline.seconds is not None and self.now() - self.start >= self.deadline.seconds:
            return Reason.TIME
        return None
