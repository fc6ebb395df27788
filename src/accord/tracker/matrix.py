"""The consensus matrix: points x parties, each cell the party's status on the point as of a date.

Each row also carries the point's state (agreed by all, partial, contested, open) as ``model.status`` derives
it from the agreements in force, so the matrix and ``accord demo``'s standing table always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accord.model.status import State, point_status
from accord.tracker.asof import RecordState, build_scenario
from accord.tracker.entries import StatusChange
from accord.tracker.outputs import CellOutput, MatrixOutput, MatrixRowOutput


@dataclass(frozen=True)
class MatrixRow:
    document: str
    point: str
    number: int
    title: str
    state: State
    cells: dict[str, StatusChange | None]
    """The status change in force for each party, or None where the party has no entry (open)."""


@dataclass(frozen=True)
class ConsensusMatrix:
    date: dt.date | None
    version: int
    parties: tuple[str, ...]
    rows: tuple[MatrixRow, ...]

    def cell(self, point: str, party: str) -> StatusChange | None:
        return next(row.cells[party] for row in self.rows if row.point == point)

    def to_output(self) -> MatrixOutput:
        """The matrix in its output format (``accord-matrix/1``)."""
        return MatrixOutput(
            format="accord-matrix/1",
            as_of=self.date,
            version=self.version,
            parties=list(self.parties),
            points=[
                MatrixRowOutput(
                    document=row.document,
                    point=row.point,
                    number=row.number,
                    title=row.title,
                    state=row.state,
                    cells={party: _cell(change) for party, change in row.cells.items()},
                )
                for row in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``accord track matrix --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")


def _cell(change: StatusChange | None) -> CellOutput | None:
    if change is None:
        return None
    return CellOutput(
        status=change.status,
        option=change.option,
        effective=change.effective,
        author=change.author,
        source=change.source,
        entry=change.entry,
    )


def consensus_matrix(state: RecordState) -> ConsensusMatrix:
    """The matrix of the scenario version's points and parties, from the status in force in ``state``."""
    scenario = state.scenario
    parties = tuple(p.id for p in scenario.parties)
    rows = tuple(
        MatrixRow(
            document=entry.document,
            point=entry.point,
            number=entry.number,
            title=entry.title,
            state=entry.state,
            cells={party: state.status.get((entry.point, party)) for party in parties},
        )
        for entry in point_status(build_scenario(state))
    )
    return ConsensusMatrix(date=state.date, version=state.version, parties=parties, rows=rows)
