"""The output formats of the record's reports: ``accord-matrix/1``. (The record's export,
``accord-record/1``, is :class:`accord.tracker.record.RecordData`.)"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from accord.model.output import Output
from accord.model.status import State
from accord.tracker.entries import Status


class CellOutput(Output):
    """A party's status on a point, as the entry in force records it."""

    status: Status
    option: str | None
    effective: dt.date
    author: str
    source: str
    entry: int = Field(description="The number of the status change in the record.")


class MatrixRowOutput(Output):
    document: str
    point: str
    number: int
    title: str
    state: State
    cells: dict[str, CellOutput | None] = Field(description="Each party's status; null where it has none.")


class MatrixOutput(Output):
    """``accord track matrix --json``: points x parties as the record stood on ``as_of``."""

    format: Literal["accord-matrix/1"]
    as_of: dt.date | None
    version: int
    parties: list[str]
    points: list[MatrixRowOutput]
