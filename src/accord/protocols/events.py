"""What happens at the table, one immutable event at a time.

A protocol yields these; a run is the list of them. Packages are package numbers (the mixed-radix numbering
of :mod:`accord.analysis.space`). ``audience`` is who may see an event: ``None`` for everyone, or the parties
of a private session (the mediator sees every event). Every event turns into a flat JSON object with a
``kind`` and back (:func:`to_dict`, :func:`from_dict`), which is the trace format of ``docs/simulation.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar

Audience = tuple[str, ...] | None


class Reason(StrEnum):
    """Why a run ended."""

    ACCEPTED = "accepted"
    """Enough parties accepted an offer or the final text (the agreement rule holds)."""
    REJECTED = "rejected"
    """The final text was put to the parties and the agreement rule does not hold."""
    DEADLINE = "deadline"
    """The last round passed with no offer accepted."""
    TIME = "time"
    """The time limit passed with no offer accepted."""
    STOPPED = "stopped"
    """Someone outside the protocol ended the run where it stood (the mediator of a live session)."""


@dataclass(frozen=True, slots=True)
class Offered:
    """A party puts a package on the table (alternating offers)."""

    round: int
    party: str
    package: int
    audience: Audience = None
    KIND: ClassVar[str] = "offered"


@dataclass(frozen=True, slots=True)
class Passed:
    """A party whose turn it is to offer has no package it could accept, and makes no offer."""

    round: int
    party: str
    audience: Audience = None
    KIND: ClassVar[str] = "passed"


@dataclass(frozen=True, slots=True)
class Responded:
    """A party accepts or rejects the package on the table."""

    round: int
    party: str
    package: int
    accepted: bool
    audience: Audience = None
    KIND: ClassVar[str] = "responded"


@dataclass(frozen=True, slots=True)
class Drafted:
    """The mediator's single negotiating text is now ``package`` (its first draft, or an adopted change)."""

    round: int
    package: int
    audience: Audience = None
    KIND: ClassVar[str] = "drafted"


@dataclass(frozen=True, slots=True)
class Proposed:
    """The mediator proposes to change the draft into ``package``; ``session`` names a private session."""

    round: int
    package: int
    session: str | None = None
    audience: Audience = None
    KIND: ClassVar[str] = "proposed"


@dataclass(frozen=True, slots=True)
class Voted:
    """A party votes for (``accepted``) or against changing the draft into ``package``."""

    round: int
    party: str
    package: int
    accepted: bool
    session: str | None = None
    audience: Audience = None
    KIND: ClassVar[str] = "voted"


@dataclass(frozen=True, slots=True)
class Met:
    """The mediator holds a private session with ``parties`` at ``venue`` (that it met is public)."""

    round: int
    session: str
    venue: str
    parties: tuple[str, ...]
    audience: Audience = None
    KIND: ClassVar[str] = "met"


@dataclass(frozen=True, slots=True)
class Ratified:
    """A party says whether it signs the final text ``package``."""

    round: int
    party: str
    package: int
    accepted: bool
    session: str | None = None
    audience: Audience = None
    KIND: ClassVar[str] = "ratified"


@dataclass(frozen=True, slots=True)
class Ended:
    """The run is over: an agreement on ``package``, or a breakdown. ``accepted_by`` are the parties that
    accepted or signed ``package`` (on a breakdown, too few of them); ``package`` is None when no package was
    left on the table."""

    round: int
    agreement: bool
    package: int | None
    accepted_by: tuple[str, ...]
    reason: Reason
    audience: Audience = None
    time: float | None = None
    """The share of the deadline used when the run ended (the clock's ``time``, in [0, 1]): what GENIUS
    discount factors discount by. None in records written before it was kept."""
    KIND: ClassVar[str] = "ended"


Event = Offered | Passed | Responded | Drafted | Proposed | Voted | Met | Ratified | Ended

KINDS: dict[str, type[Event]] = {
    cls.KIND: cls for cls in (Offered, Passed, Responded, Drafted, Proposed, Voted, Met, Ratified, Ended)
}


def to_dict(event: Event) -> dict[str, Any]:
    """The event as flat JSON-ready data, ``kind`` first; defaults (no audience, no session, no time) left
    out."""
    result: dict[str, Any] = {"kind": event.KIND}
    for key, value in asdict(event).items():
        if value is None and key in ("audience", "session", "time"):
            continue
        result[key] = list(value) if isinstance(value, tuple) else value
    return result


def from_dict(data: dict[str, Any]) -> Event:
    """The event written by :func:`to_dict`; ``ValueError`` for an unknown kind or field."""
    kind = data.get("kind")
    cls = KINDS.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown event kind {kind!r}")
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names - {"kind"}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))} in a {kind!r} event")
    values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in data.items()
        if key != "kind"
    }
    if cls is Ended:
        values["reason"] = Reason(values["reason"])
    return cls(**values)
