"""What each party wants: weights over points, values over options, red lines, reservation value.

A party's utility for a package is linear additive (Raiffa 1982; Keeney & Raiffa 1976), plus optional
non-linear terms, each a weighted conjunction of option sets (the hyper-rectangle constraints of Klein et al.
2003 and of the ANAC 2014 domains):
``u(package) = sum over points of weight[point] * value[point][chosen option]
+ sum over terms of weight[term] * [every point in term.when takes one of its listed options]``.
"""

from __future__ import annotations

from enum import StrEnum
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


class Term(Record):
    """A weighted conjunction: adds ``weight`` to the party's utility when every point listed in ``when``
    takes one of the options listed for it (points left out of ``when`` may take any option).

    Expresses interactions between points ("the ceasefire is worth more with guarantees") and GENIUS
    hyper-rectangle constraints.
    """

    weight: NonNegative = Field(description="Utility added when the conjunction holds.")
    when: dict[Id, Annotated[tuple[Id, ...], Field(min_length=1)]] = Field(
        default={}, description="Point id -> the options that satisfy the term on that point."
    )
    note: Text | None = None


class Distribution(StrEnum):
    """How a declared range is sampled: uniform over it, or triangular with its mode at the stated number."""

    UNIFORM = "uniform"
    TRIANGULAR = "triangular"


class Uncertainty(Record):
    """Declared ranges around weights, values and the reservation value (``accord robustness``)."""

    weights: dict[Id, Range] = {}
    values: dict[Id, dict[Id, Range]] = {}
    reservation: Range | None = None
    distribution: Distribution | None = Field(
        default=None,
        description="How this party's ranges are sampled; unset: the scenario's 'distribution'.",
    )


class Preferences(Record):
    """One party's preferences over packages."""

    weights: dict[Id, NonNegative] = Field(
        default={}, description="Weight of each point; points left out weigh 0."
    )
    values: dict[Id, dict[Id, NonNegative]] = Field(
        default={},
        description="Value of each option of each weighted point (every option of such a point needs one).",
    )
    reservation: NonNegative = Field(
        default=0.0, description="Utility of no agreement: packages below it are unacceptable."
    )
    terms: tuple[Term, ...] = Field(
        default=(), description="Non-linear terms added to the weighted sum (not counted by weights_sum)."
    )
    red_lines: tuple[RedLine, ...] = ()
    discount_factor: float | None = Field(
        default=None,
        gt=0,
        le=1,
        strict=True,
        description="GENIUS discount factor d (utility u*d**t at time t in [0, 1]): kept as data for "
        "simulations; the static analysis ignores it.",
    )
    uncertainty: Uncertainty | None = None
    assumptions: tuple[Id, ...] = Field(
        default=(), description="Ids of the scenario's assumptions these numbers rest on."
    )
