"""What each party wants: weights over points, values over options, red lines, reservation value.

A party's utility for a package is linear additive (Raiffa 1982; Keeney & Raiffa 1976):
``u(package) = sum over points of weight[point] * value[point][chosen option]``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from accord.model.base import Id, NonNegative, Record, Text

Range = Annotated[
    tuple[NonNegative, NonNegative],
    Field(description="An uncertainty range [low, high] around a declared number."),
]


class RedLine(Record):
    """Options a party will never accept on one point.

    Either name the options (``reject``) or set a minimum level (``min_value``): every option the party
    values below it is unacceptable, as in "guarantees must be reliable and sustainable enough".
    """

    point: Id
    reject: tuple[Id, ...] = ()
    min_value: NonNegative | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> RedLine:
        if not self.reject and self.min_value is None:
            raise ValueError("a red line needs 'reject' (options) or 'min_value' (a minimum level)")
        return self


class Uncertainty(Record):
    """Declared ranges around weights, values and the reservation value (used by robustness analyses)."""

    weights: dict[Id, Range] = {}
    values: dict[Id, dict[Id, Range]] = {}
    reservation: Range | None = None


class Preferences(Record):
    """One party's preferences over packages."""

    weights: dict[Id, NonNegative] = Field(description="Weight of each point; points left out weigh 0.")
    values: dict[Id, dict[Id, NonNegative]] = Field(
        description="Value of each option of each weighted point (every option of such a point needs one)."
    )
    reservation: NonNegative = Field(
        default=0.0, description="Utility of no agreement: packages below it are unacceptable."
    )
    red_lines: tuple[RedLine, ...] = ()
    uncertainty: Uncertainty | None = None
    assumptions: tuple[Id, ...] = Field(
        default=(), description="Ids of the scenario's assumptions these numbers rest on."
    )
