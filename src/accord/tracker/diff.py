"""What changed between two dates: the status of each (point, party), the meetings, the statements, and what
the analysis finds ("what changed since the Berlin meeting").

The analysis is run on the scenario as it stood on each date (``asof.build_scenario``); when it cannot run
(no preferences, too large a space) the diff says why instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accord.analysis.analyze import SOLUTIONS, analyze
from accord.analysis.outputs import PackageEntry
from accord.model.errors import AccordError
from accord.tracker.asof import RecordState, build_scenario
from accord.tracker.entries import StatusChange
from accord.tracker.timeline import Event


@dataclass(frozen=True)
class CellChange:
    """The status of one party on one point before and after (None: no entry, so open)."""

    point: str
    party: str
    before: StatusChange | None
    after: StatusChange | None


@dataclass(frozen=True)
class RecordDiff:
    since: dt.date
    until: dt.date | None
    cells: tuple[CellChange, ...]
    meetings: tuple[tuple[str, str | None, str], ...]
    """(meeting id, status before or None if unknown then, status after)."""
    events: tuple[Event, ...]
    analysis_before: dict[str, Any]
    analysis_after: dict[str, Any]

    @property
    def analysis_changed(self) -> list[str]:
        """The analysis figures that differ between the two dates."""
        keys = sorted(set(self.analysis_before) | set(self.analysis_after))
        return [k for k in keys if self.analysis_before.get(k) != self.analysis_after.get(k)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``accord track diff --json`` prints exactly this."""
        return {
            "format": "accord-diff/1",
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "status": [
                {"point": c.point, "party": c.party, "before": _label(c.before), "after": _label(c.after)}
                for c in self.cells
            ],
            "meetings": [
                {"meeting": m, "before": before, "after": after} for m, before, after in self.meetings
            ],
            "events": [event.to_dict() for event in self.events],
            "analysis": {
                "before": self.analysis_before,
                "after": self.analysis_after,
                "changed": self.analysis_changed,
            },
        }


def _label(change: StatusChange | None) -> str:
    if change is None:
        return "open (no entry)"
    return f"{change.status} {change.option}" if change.option else str(change.status)


def record_diff(before: RecordState, after: RecordState, events: list[Event]) -> RecordDiff:
    """Compare two states of the record; ``events`` are the entries dated between them."""
    if before.date is None:
        raise ValueError("the earlier state needs a date")
    cells = tuple(
        CellChange(point, party, before.status.get((point, party)), after.status.get((point, party)))
        for point, party in sorted(set(before.status) | set(after.status))
        if _label(before.status.get((point, party))) != _label(after.status.get((point, party)))
    )
    was = {m.meeting.id: str(m.meeting.status) for m in before.meetings}
    meetings = tuple(
        (m.meeting.id, was.get(m.meeting.id), str(m.meeting.status))
        for m in after.meetings
        if was.get(m.meeting.id) != str(m.meeting.status)
    )
    return RecordDiff(
        since=before.date,
        until=after.date,
        cells=cells,
        meetings=meetings,
        events=tuple(events),
        analysis_before=analysis_summary(before),
        analysis_after=analysis_summary(after),
    )


def analysis_summary(state: RecordState) -> dict[str, Any]:
    """The figures of the analysis a diff compares: zone size and emptiness, acceptable packages per party,
    locked points, frontier size and the fair packages."""
    scenario = build_scenario(state)
    try:
        result = analyze(scenario)
    except AccordError as error:
        return {"error": str(error)}
    return {
        "agreements": {
            a.point: {"option": a.option, "parties": list(a.parties)} for a in scenario.agreements
        },
        "zone_size": result.zone.size,
        "zone_empty": result.zone.empty,
        "accepted_by": result.zone.accepted_by,
        "frontier_size": len(result.frontier),
        "solutions": {name: _package(result.solution(name)) for name in SOLUTIONS},
    }


def _package(entry: PackageEntry | None) -> dict[str, str] | None:
    return None if entry is None else entry.package
