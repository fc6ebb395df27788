"""Who takes part: parties with their role, the principal they act for, their delegation; coalitions."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from accord.model.base import MAX_NUMBER, Id, Record, Text


class Role(StrEnum):
    """What a party does at the table."""

    NEGOTIATING = "negotiating"
    """A party to the conflict whose consent the agreement needs by default."""
    MEDIATOR = "mediator"
    """Carries proposals between parties; cannot force an agreement."""
    GUARANTOR = "guarantor"
    """A partner who backs or guarantees a settlement (consulted, not a party to the conflict)."""


class Person(Record):
    """A named person, with the office they hold when it matters."""

    name: Text
    title: Text | None = None


class Delegation(Record):
    """The people who negotiate for a party: a head and members."""

    head: Person
    members: tuple[Person, ...] = ()


class Party(Record):
    """A side at the talks."""

    id: Id
    name: Text
    role: Role = Role.NEGOTIATING
    principal: Person | None = Field(default=None, description="Who the delegation reports to and acts for.")
    delegation: Delegation | None = None
    description: Text | None = None
    capability: float | None = Field(
        default=None,
        gt=0,
        le=MAX_NUMBER,
        allow_inf_nan=False,
        strict=True,
        description="The party's power to move the outcome (forecasts); parties left out count equally (1).",
    )


class Coalition(Record):
    """Parties that coordinate their positions (for example a negotiating party and its partners)."""

    id: Id
    name: Text
    members: tuple[Id, ...] = Field(min_length=2)
    description: Text | None = None
