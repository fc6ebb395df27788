"""Errors that reach a user: each names the file, the place in it and the field.

Every problem found in a scenario is a :class:`Problem`; a file with problems raises one
:class:`ScenarioError` that carries all of them, so a user sees every mistake in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass


class AccordError(Exception):
    """Base class of the errors Accord reports to a user as one readable message."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a scenario file, located by line and column (1-based, 0 if unknown)."""

    source: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.source}:{self.line}:{self.column}: {field}{self.message}"


MAX_PROBLEMS = 100
"""Most problems listed for one scenario: past it, a last line says that more were found."""


class ScenarioError(AccordError):
    """A scenario that cannot be loaded, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("a ScenarioError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class TooLargeError(AccordError):
    """A package space too large for the engine that was asked to enumerate it."""
