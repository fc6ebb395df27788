"""Reading the DEU III table of EU legislative negotiations (Arregui & Perarnaud 2021, doi 10.34810/data53).

Tab-separated text, cells quoted where text. Row 1 names the columns; an optional row with no proposal or
issue code gives a capability per actor under its position column; every other row is one issue: the
proposal (``prnr``, else ``prnrnmc``), the issue (``isnr``, else ``isnrnmc``), each actor's position
``p<actor>`` and salience ``s<actor>`` (0-100, empty when not recorded), the reference point ``rp`` and the
outcome ``out`` (0-100, either may be empty). Other columns are kept as text or ignored. Every problem is
reported with the file, the line and the column's name.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from accord.model.errors import Problem, ScenarioError
from accord.model.files import decode_text
from accord.model.source import read_bounded

MAX_BYTES = 16 * 2**20
"""Largest DEU table read (16 MiB; the whole DEU III dataset is well under 1 MiB)."""
MAX_ACTORS = 100
"""Most actors (position and salience column pairs) in a table, as the forecasting models take."""
MAX_PROBLEMS = 50
"""Problems reported before the reader gives up on a file."""
PROPOSAL_COLUMNS = ("prnr", "prnrnmc")
ISSUE_COLUMNS = ("isnr", "isnrnmc")
ACTOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""An actor code (the column name after ``p`` and ``s``): it becomes a party id."""
NOT_ACTORS = {"prnrnmc", "prnr", "prname", "proc", "proccde"}
"""Columns starting with ``p`` that are not positions."""


@dataclass(frozen=True)
class DeuIssue:
    """One row: an issue of a proposal, with what each actor wanted and what came out (0-100)."""

    line: int
    proposal: str
    proposal_name: str
    issue: str
    positions: dict[str, float]
    saliences: dict[str, float]
    reference_point: float | None
    outcome: float | None


@dataclass(frozen=True)
class DeuTable:
    """The actors (column order), their capabilities (empty when the file has no capability row), the rows."""

    source: str
    actors: tuple[str, ...]
    capabilities: dict[str, float]
    issues: tuple[DeuIssue, ...]

    def capability(self, actor: str) -> float:
        """The actor's capability: its row-2 value; the median of the given ones if it has none; else 1."""
        if actor in self.capabilities:
            return self.capabilities[actor]
        given = sorted(self.capabilities.values())
        if not given:
            return 1.0
        middle = len(given) // 2
        return given[middle] if len(given) % 2 else (given[middle - 1] + given[middle]) / 2


def load_deu(path: str | Path) -> DeuTable:
    """Read a DEU table; raise :class:`ScenarioError` naming every problem (file, line, column)."""
    source = str(path)
    return parse_deu(decode_text(read_bounded(path, MAX_BYTES, "DEU table (.tsv)"), source), source)


def parse_deu(text: str, source: str = "<string>") -> DeuTable:
    """Parse the text of a DEU table; ``source`` names it in error messages."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=True)
    problems: list[Problem] = []
    try:
        header = [cell.strip() for cell in next(rows)]
        columns = _columns(header, source)
        table = _read_rows(rows, header, columns, source, problems)
    except csv.Error as error:
        problems.append(Problem(source, rows.line_num, 0, "", f"not a tab-separated table ({error})"))
    except _TooManyProblems:
        pass
    if problems:
        raise ScenarioError(problems[:MAX_PROBLEMS])
    return table


@dataclass(frozen=True)
class _Columns:
    proposal: int
    issue: int
    name: int | None
    actors: tuple[str, ...]
    reference: int | None
    outcome: int | None
    index: dict[str, int]


class _TooManyProblems(Exception):
    pass


def _columns(header: list[str], source: str) -> _Columns:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in index:
            raise ScenarioError([Problem(source, 1, i + 1, name, f"column '{name}' appears twice")])
        index[name] = i
    proposal = next((index[c] for c in PROPOSAL_COLUMNS if c in index), None)
    issue = next((index[c] for c in ISSUE_COLUMNS if c in index), None)
    missing = [
        what for what, i in (("prnr (or prnrnmc)", proposal), ("isnr (or isnrnmc)", issue)) if i is None
    ]
    actors = tuple(
        name[1:]
        for name in header
        if name.startswith("p") and name not in NOT_ACTORS and f"s{name[1:]}" in index
    )
    if not actors:
        missing.append("p<actor> and s<actor> position and salience columns")
    for actor in actors:
        if not ACTOR.fullmatch(actor):
            message = f"actor code '{actor}' is not letters, digits, '_', '.' or '-'"
            raise ScenarioError([Problem(source, 1, index[f"p{actor}"] + 1, f"p{actor}", message)])
    if len(actors) > MAX_ACTORS:
        raise ScenarioError(
            [Problem(source, 1, 0, "", f"{len(actors)} actors; at most {MAX_ACTORS} are read")]
        )
    if missing or proposal is None or issue is None:
        message = "not a DEU table: no column " + ", ".join(missing)
        raise ScenarioError([Problem(source, 1, 0, "", message)])
    return _Columns(proposal, issue, index.get("prname"), actors, index.get("rp"), index.get("out"), index)


def _read_rows(
    rows: Iterator[list[str]], header: list[str], columns: _Columns, source: str, problems: list[Problem]
) -> DeuTable:
    capabilities: dict[str, float] = {}
    issues: list[DeuIssue] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        line = getattr(rows, "line_num", number)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            _add(
                problems, Problem(source, line, 0, "", f"{len(row)} cells, but the header has {len(header)}")
            )
            continue
        cell = _Cells(row, columns, source, line, problems)
        if not row[columns.proposal].strip() and not row[columns.issue].strip():
            if issues or capabilities:
                message = "no proposal and issue code (only the row after the header may give capabilities)"
                _add(problems, Problem(source, line, 0, header[columns.proposal], message))
            capabilities = cell.capabilities()
            continue
        for column, what in ((columns.proposal, "proposal"), (columns.issue, "issue")):
            if not row[column].strip():
                _add(problems, Problem(source, line, column + 1, header[column], f"no {what} code"))
        issue = cell.issue()
        key = (issue.proposal, issue.issue)
        if key in seen:
            message = f"issue '{issue.issue}' of proposal '{issue.proposal}' already on line {seen[key]}"
            _add(problems, Problem(source, line, 0, header[columns.issue], message))
        seen[key] = line
        issues.append(issue)
    if not issues and not problems:
        problems.append(Problem(source, 0, 0, "", "the table has no issue rows"))
    return DeuTable(source, columns.actors, capabilities, tuple(issues))


def _add(problems: list[Problem], problem: Problem) -> None:
    problems.append(problem)
    if len(problems) >= MAX_PROBLEMS:
        raise _TooManyProblems


class _Cells:
    """The cells of one row, read with located problems."""

    def __init__(self, row: list[str], columns: _Columns, source: str, line: int, problems: list[Problem]):
        self.row, self.columns, self.source, self.line, self.problems = row, columns, source, line, problems

    def number(self, name: str, high: float | None = 100.0) -> float | None:
        i = self.columns.index[name]
        text = self.row[i].strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or (high is not None and value > high):
            wanted = "a number from 0 to 100" if high is not None else "a positive number"
            shown = text if len(text) <= 40 else text[:40] + "..."
            _add(self.problems, Problem(self.source, self.line, i + 1, name, f"'{shown}' is not {wanted}"))
            return None
        return value

    def capabilities(self) -> dict[str, float]:
        found = {actor: self.number(f"p{actor}", high=None) for actor in self.columns.actors}
        return {actor: value for actor, value in found.items() if value is not None and value > 0}

    def issue(self) -> DeuIssue:
        c = self.columns
        positions = {a: v for a in c.actors if (v := self.number(f"p{a}")) is not None}
        saliences = {a: v for a in c.actors if (v := self.number(f"s{a}")) is not None}
        name = self.row[c.name].strip() if c.name is not None else ""
        return DeuIssue(
            self.line,
            self.row[c.proposal].strip(),
            name,
            self.row[c.issue].strip(),
            positions,
            saliences,
            None if c.reference is None else self.number("rp"),
            None if c.outcome is None else self.number("out"),
        )
