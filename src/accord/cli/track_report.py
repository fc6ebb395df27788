"""Readable Rich renderings of the record: consensus matrix, timeline, diff, and lists of entries."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from accord.cli.console import literal
from accord.model.status import State
from accord.tracker.diff import RecordDiff
from accord.tracker.entries import MeetingEntry, StatementEntry, Status, StatusChange
from accord.tracker.matrix import ConsensusMatrix
from accord.tracker.timeline import Event

_STATUS_STYLE = {
    Status.AGREED: "green",
    Status.PROPOSED: "cyan",
    Status.REJECTED: "red",
    Status.OPEN: "yellow",
}
_STATE_STYLE = {State.AGREED: "green", State.PARTIAL: "yellow", State.CONTESTED: "red", State.OPEN: "red"}


def matrix_table(matrix: ConsensusMatrix) -> Table:
    when = f"as of {matrix.date.isoformat()}" if matrix.date else "as recorded"
    table = Table(
        title=f"Consensus matrix, {when} (scenario version {matrix.version})",
        caption="Each cell: the party's status on the point and its option ('·': no entry, so open).",
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Point")
    table.add_column("State")
    for party in matrix.parties:
        table.add_column(party)
    for row in matrix.rows:
        cells = [_cell(row.cells[party]) for party in matrix.parties]
        state = Text(str(row.state), style=_STATE_STYLE[row.state])
        table.add_row(row.point, state, *cells)
    return table


def _cell(change: StatusChange | None) -> Text:
    if change is None:
        return Text("·", style="dim")
    label = f"{change.status} {change.option}" if change.option else str(change.status)
    return Text(label, style=_STATUS_STYLE[change.status])


def timeline_table(events: list[Event], title: str = "Timeline of the record") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("Date")
    table.add_column("Kind")
    table.add_column("What", ratio=1, min_width=40)
    table.add_column("Source")
    for event in events:
        table.add_row(event.date.isoformat(), str(event.kind), literal(event.summary), literal(event.source))
    return table


def diff_report(diff: RecordDiff) -> RenderableType:
    until = diff.until.isoformat() if diff.until else "the latest entry"
    parts: list[RenderableType] = [
        Text(f"What changed after {diff.since.isoformat()} up to {until}", style="bold")
    ]
    status = Table(title="Status changes (before -> after)", title_justify="left")
    for column in ("Point", "Party", "Before", "After"):
        status.add_column(column)
    for c in diff.to_dict()["status"]:
        status.add_row(c["point"], c["party"], c["before"], c["after"])
    parts.append(status if diff.cells else Text("No status changed."))
    for meeting, before, after in diff.meetings:
        parts.append(literal(f"Meeting {meeting}: {before or 'not yet recorded'} -> {after}"))
    parts.append(timeline_table(list(diff.events), title="Entries in the period"))
    parts.append(_analysis_table(diff))
    return Group(*parts)


def _analysis_table(diff: RecordDiff) -> RenderableType:
    before, after = diff.analysis_before, diff.analysis_after
    if "error" in before or "error" in after:
        return literal(f"Analysis not compared: {after.get('error') or before.get('error')}", style="yellow")
    table = Table(title="The analysis on each date", title_justify="left")
    for column in ("Figure", "Before", "After", "Changed"):
        table.add_column(column)
    rows: list[tuple[str, Any, Any]] = [
        ("points agreed by some parties", len(before["agreements"]), len(after["agreements"])),
        ("agreement zone size", before["zone_size"], after["zone_size"]),
        ("agreement zone empty", before["zone_empty"], after["zone_empty"]),
        ("frontier size", before["frontier_size"], after["frontier_size"]),
    ]
    rows += [(f"packages {p} accepts", before["accepted_by"][p], n) for p, n in after["accepted_by"].items()]
    rows += [
        (f"{name} package", _package(before["solutions"][name]), _package(after["solutions"][name]))
        for name in after["solutions"]
    ]
    for figure, was, now in rows:
        table.add_row(figure, str(was), str(now), "yes" if was != now else "")
    return table


def _package(package: dict[str, str] | None) -> str:
    return "none" if package is None else " · ".join(package.values())


def meetings_table(entries: list[MeetingEntry]) -> Table:
    table = Table(title="Meetings", title_justify="left")
    for column in ("Id", "Date", "Venue", "Participants", "Format", "Status", "Source"):
        table.add_column(column)
    for entry in entries:
        m = entry.meeting
        table.add_row(
            m.id,
            m.date.isoformat() if m.date else "not set",
            literal(m.venue),
            ", ".join(m.participants),
            "bilateral" if m.bilateral else "multilateral",
            str(m.status),
            literal(m.source or ""),
        )
    return table


def statements_table(entries: list[StatementEntry]) -> Table:
    table = Table(title="Statements", title_justify="left")
    for column in ("Date", "Speaker", "Stance", "Points"):
        table.add_column(column)
    table.add_column("Statement", ratio=1, min_width=40)
    for entry in entries:
        s = entry.statement
        table.add_row(
            s.date.isoformat(),
            literal(f"{s.speaker} ({s.party})"),
            str(s.stance),
            ", ".join(s.points),
            literal(s.text),
        )
    return table


def history_table(changes: list[StatusChange]) -> Table:
    table = Table(title="Status history", title_justify="left")
    for column in (
        "#",
        "Effective",
        "Point",
        "Party",
        "Status",
        "Option",
        "Author",
        "Recorded (UTC)",
        "Source",
    ):
        table.add_column(column)
    for c in changes:
        table.add_row(
            str(c.entry),
            c.effective.isoformat(),
            c.point,
            c.party,
            Text(str(c.status), style=_STATUS_STYLE[c.status]),
            c.option or "",
            literal(c.author),
            c.recorded_at.isoformat(timespec="seconds"),
            literal(c.source),
        )
    return table
