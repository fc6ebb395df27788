"""Shared building blocks of the scenario model: strict frozen records and identifiers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(description="An identifier: letters, digits, '_', '.', '-'; starts with a letter or digit."),
]
"""Identifier of a party, coalition, document, point, option, meeting, statement or assumption."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Free text: a title, a description, a quotation."""

MAX_NUMBER = 1e12
"""Largest weight, value or reservation value: far above any scale in use, far below float overflow."""

NonNegative = Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False, strict=True)]
"""A finite number from 0 to ``MAX_NUMBER``: a number as written, never ``true`` or the text ``"0.7"``."""


class Record(BaseModel):
    """A frozen, strictly validated part of a scenario: unknown fields are errors, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
