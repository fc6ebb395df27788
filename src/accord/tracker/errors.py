"""Errors of the record that reach a user as one readable line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from accord.model.errors import AccordError

M = TypeVar("M", bound=BaseModel)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TrackerError(AccordError):
    """Bad input to the record (unknown party, point or option, a malformed date), or a record that cannot be
    opened. Nothing was written."""


def parse_date(text: str, what: str = "date") -> dt.date:
    """A calendar date written ``YYYY-MM-DD``; anything else is a :class:`TrackerError`."""
    if not _ISO_DATE.match(text.strip()):
        raise TrackerError(f"{what} '{text}' is not a date in the format YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise TrackerError(f"{what} '{text}' is not a valid date ({error})") from None


def build_entry(kind: type[M], what: str, fields: dict[str, Any]) -> M:
    """A record part (a meeting, a statement) from the fields a user gave, or one line naming each problem.
    The command line and the service build entries through this one function."""
    try:
        return kind.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        problems = "; ".join(
            ".".join(str(x) for x in e["loc"])
            + ": " * bool(e["loc"])
            + e["msg"].removeprefix("Value error, ")
            for e in error.errors()
        )
        raise TrackerError(f"invalid {what}: {problems}") from None
