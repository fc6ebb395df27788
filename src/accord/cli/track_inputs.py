"""Options shared by the ``accord track`` commands, and turning what a user typed into checked values."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from accord.cli.console import out
from accord.tracker.errors import TrackerError, parse_date
from accord.tracker.store import Store

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="ACCORD_DB",
        help="The record: a SQLite file or a database URL (postgresql://...). Default: accord.db here.",
    ),
]
Author = Annotated[
    str | None, typer.Option("--author", help="Who records the entry (default: your login name).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Since = Annotated[str | None, typer.Option("--since", help="Only after this date (YYYY-MM-DD, excluded).")]
Until = Annotated[str | None, typer.Option("--until", help="Only up to this date (YYYY-MM-DD, included).")]
E = TypeVar("E", bound=StrEnum)


def existing(db: str | None, talks: int | None = None) -> Store:
    """Open a talks of a record that must already exist (a missing SQLite file is an error, not a new
    record)."""
    return Store.open(db, create=False, talks=talks)


def for_reading(db: str | None, talks: int | None = None) -> Store:
    """Open a talks of an existing record to read it: nothing migrated or written, no lock taken."""
    return Store.open(db, create=False, talks=talks, read_only=True)


def date_or_none(text: str | None, what: str) -> dt.date | None:
    return None if text is None else parse_date(text, what)


def choice(kind: type[E], text: str, what: str) -> E:
    """One of an enum's values, or a one-line error listing them."""
    try:
        return kind(text.strip().lower())
    except ValueError:
        raise TrackerError(f"unknown {what} '{text}' (one of: {', '.join(m.value for m in kind)})") from None


def id_list(text: str | None) -> tuple[str, ...]:
    """A comma-separated list of ids (``ukraine,united-states``)."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def say(message: str) -> None:
    """One plain line of result on stdout, never wrapped (scripts read it)."""
    out.print(message, markup=False, highlight=False, soft_wrap=True)
