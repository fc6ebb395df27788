"""What happened at the talks: partial agreements, meetings, statements, and the assumptions made."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from accord.model.base import Id, Record, Text


class Agreement(Record):
    """A point settled on one option by a subset of the parties (locked for them)."""

    point: Id
    option: Id
    parties: tuple[Id, ...] = Field(min_length=1)
    date: dt.date | None = None
    source: Text | None = None


class MeetingStatus(StrEnum):
    HELD = "held"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Meeting(Record):
    """A session of the talks. A planned meeting may have no date yet; a held one has one."""

    id: Id
    date: dt.date | None = None
    venue: Text
    participants: tuple[Id, ...] = Field(min_length=1)
    status: MeetingStatus = MeetingStatus.HELD
    title: Text | None = None
    source: Text | None = None

    @model_validator(mode="after")
    def _held_has_date(self) -> Meeting:
        if self.status is MeetingStatus.HELD and self.date is None:
            raise ValueError("a held meeting needs a 'date'")
        return self

    @property
    def bilateral(self) -> bool:
        return len(self.participants) == 2


class Stance(StrEnum):
    """The position a statement expresses."""

    HARD_LINE = "hard-line"
    """Will make no concession."""
    CONDITIONAL = "conditional"
    """Will agree only if a condition holds."""
    COOPERATIVE = "cooperative"
    """Reports progress or a will to continue."""
    NEUTRAL = "neutral"


class Statement(Record):
    """A dated statement attributed to a party, with its speaker and source."""

    id: Id
    date: dt.date
    party: Id
    speaker: Text
    text: Text
    source: Text
    stance: Stance = Stance.NEUTRAL
    points: tuple[Id, ...] = ()


class Assumption(Record):
    """A number or choice the scenario makes that no source states."""

    id: Id
    text: Text
