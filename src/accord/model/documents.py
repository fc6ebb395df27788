"""What is negotiated: documents made of numbered points, each decided by one of its options."""

from __future__ import annotations

import itertools
from functools import cached_property

from pydantic import Field, model_validator

from accord.model.base import Id, Record, Text

POSITION_SCALE = (0.0, 100.0)
"""The scale of option positions on an ordered point (as in DEU and Bueno de Mesquita's models)."""


class Option(Record):
    """One way a point can be settled."""

    id: Id
    label: Text
    description: Text | None = None
    position: float | None = Field(
        default=None,
        ge=POSITION_SCALE[0],
        le=POSITION_SCALE[1],
        allow_inf_nan=False,
        strict=True,
        description="Where the option lies on the point's 0-100 scale, for an ordered point (forecasts).",
    )


class Point(Record):
    """A numbered point of a document; a package settles it by choosing exactly one option."""

    id: Id = Field(description="Unique across the whole scenario.")
    number: int = Field(ge=1, strict=True, description="The point's number in its document.")
    title: Text
    options: tuple[Option, ...] = Field(min_length=1)
    description: Text | None = None

    @model_validator(mode="after")
    def _ordered_positions(self) -> Point:
        """Positions are given for every option or none, and run strictly one way in option order."""
        given = [option.position for option in self.options if option.position is not None]
        if not given:
            return self
        if len(given) < len(self.options):
            raise ValueError("give a position to every option of the point, or to none")
        steps = [b - a for a, b in itertools.pairwise(given)]
        if not (all(d > 0 for d in steps) or all(d < 0 for d in steps)):
            raise ValueError("option positions must be distinct and increase (or decrease) in option order")
        return self

    def option_ids(self) -> tuple[str, ...]:
        return self._option_ids

    def has_option(self, option_id: str) -> bool:
        """Whether ``option_id`` is one of this point's options (in constant time: there may be 100,000)."""
        return option_id in self._option_set

    @cached_property
    def _option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    @cached_property
    def _option_set(self) -> frozenset[str]:
        return frozenset(self._option_ids)

    def positions(self) -> tuple[float, ...] | None:
        """The options' positions in option order, or None for a point that is not ordered."""
        if self.options[0].position is None:
            return None
        return tuple(option.position for option in self.options if option.position is not None)


class Document(Record):
    """A negotiated text (framework, annex, plan) made of points."""

    id: Id
    title: Text
    points: tuple[Point, ...] = Field(min_length=1)
    description: Text | None = None
