"""What is negotiated: documents made of numbered points, each decided by one of its options."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field

from accord.model.base import Id, Record, Text


class Option(Record):
    """One way a point can be settled."""

    id: Id
    label: Text
    description: Text | None = None


class Point(Record):
    """A numbered point of a document; a package settles it by choosing exactly one option."""

    id: Id = Field(description="Unique across the whole scenario.")
    number: int = Field(ge=1, strict=True, description="The point's number in its document.")
    title: Text
    options: tuple[Option, ...] = Field(min_length=1)
    description: Text | None = None

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


class Document(Record):
    """A negotiated text (framework, annex, plan) made of points."""

    id: Id
    title: Text
    points: tuple[Point, ...] = Field(min_length=1)
    description: Text | None = None
