"""``accord track meeting|statement|status``: add entries to the record and list them."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from accord.cli.console import Width, print_json, print_report, report_errors
from accord.cli.inputs import AsOf, Talks
from accord.cli.track_inputs import (
    Author,
    Db,
    JsonFlag,
    Since,
    Until,
    choice,
    date_or_none,
    existing,
    for_reading,
    id_list,
    say,
)
from accord.cli.track_report import history_table, meetings_table, statements_table
from accord.model.record import Meeting, MeetingStatus, Stance, Statement
from accord.tracker.entries import Status, StatusInput
from accord.tracker.errors import build_entry, parse_date
from accord.tracker.store import default_author, utc_now

meeting_app = typer.Typer(
    help="Meetings: add one (or a new revision of one), list them.", no_args_is_help=True
)
statement_app = typer.Typer(help="Statements: add one, list them.", no_args_is_help=True)
status_app = typer.Typer(
    help="Each party's status on each point: set it, show its history.", no_args_is_help=True
)

Source = Annotated[
    str, typer.Option("--source", help="Where this comes from (a report, a transcript, a URL).")
]


@meeting_app.command("add")
@report_errors
def meeting_add(  # noqa: PLR0917 - one parameter per command-line option
    meeting_id: Annotated[str, typer.Option("--id", help="Meeting id; an existing id adds a new revision.")],
    venue: Annotated[str, typer.Option("--venue")],
    participants: Annotated[str, typer.Option("--participants", help="Party ids, comma-separated.")],
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (a held meeting needs one).")] = None,
    status: Annotated[str, typer.Option("--status", help="held, planned or cancelled.")] = "held",
    title: Annotated[str | None, typer.Option("--title")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    effective: Annotated[
        str | None, typer.Option("--effective", help="From when this revision holds.")
    ] = None,
    author: Author = None,
    db: Db = None,
    talks: Talks = None,
) -> None:
    """Record a meeting: date, venue, participants, held/planned/cancelled."""
    fields: dict[str, object] = {
        "id": meeting_id,
        "venue": venue,
        "participants": id_list(participants),
        "title": title,
    }
    fields |= {
        "date": date_or_none(date, "--date"),
        "status": choice(MeetingStatus, status, "meeting status"),
    }
    meeting = build_entry(Meeting, "meeting", fields | {"source": source})
    when = date_or_none(effective, "--effective")
    with existing(db, talks) as store:
        entry = store.add_meeting(meeting, author=author, effective=when)
    say(f"recorded meeting '{meeting.id}' ({meeting.status}) as entry {entry}")


@meeting_app.command("list")
@report_errors
def meeting_list(
    as_of: AsOf = None, as_json: JsonFlag = False, db: Db = None, talks: Talks = None, width: Width = None
) -> None:
    """Each meeting as it stands (or stood on --as-of)."""
    with for_reading(db, talks) as store:
        entries = store.meetings(date_or_none(as_of, "--as-of"))
    if as_json:
        print_json([entry.to_dict() for entry in entries])
    else:
        print_report(meetings_table(entries), width)


@statement_app.command("add")
@report_errors
def statement_add(  # noqa: PLR0917 - one parameter per command-line option
    party: Annotated[str, typer.Option("--party")],
    speaker: Annotated[str, typer.Option("--speaker")],
    text: Annotated[str, typer.Option("--text")],
    date: Annotated[str, typer.Option("--date", help="YYYY-MM-DD.")],
    source: Source,
    stance: Annotated[
        str, typer.Option("--stance", help="hard-line, conditional, cooperative or neutral.")
    ] = "neutral",
    points: Annotated[
        str | None, typer.Option("--points", help="Point ids it concerns, comma-separated.")
    ] = None,
    statement_id: Annotated[
        str | None, typer.Option("--id", help="Statement id (default: generated).")
    ] = None,
    author: Author = None,
    db: Db = None,
    talks: Talks = None,
) -> None:
    """Record a dated statement attributed to a party."""
    day = parse_date(date, "--date")
    new_id = statement_id or f"{party}-{day.isoformat()}-{uuid.uuid4().hex[:6]}"
    fields: dict[str, object] = {
        "id": new_id,
        "date": day,
        "party": party,
        "speaker": speaker,
        "text": text,
        "source": source,
    }
    fields |= {"stance": choice(Stance, stance, "stance"), "points": id_list(points)}
    statement = build_entry(Statement, "statement", fields)
    with existing(db, talks) as store:
        store.add_statement(statement, author=author)
    say(f"recorded statement '{statement.id}'")


@statement_app.command("list")
@report_errors
def statement_list(  # noqa: PLR0917 - one parameter per command-line option
    since: Since = None,
    until: Until = None,
    as_json: JsonFlag = False,
    db: Db = None,
    talks: Talks = None,
    width: Width = None,
) -> None:
    """Statements by date."""
    with for_reading(db, talks) as store:
        entries = store.statements(date_or_none(since, "--since"), date_or_none(until, "--until"))
    if as_json:
        print_json([entry.to_dict() for entry in entries])
    else:
        print_report(statements_table(entries), width)


@status_app.command("set")
@report_errors
def status_set(  # noqa: PLR0917 - one parameter per command-line option
    party: Annotated[str, typer.Option("--party")],
    point: Annotated[str, typer.Option("--point")],
    status: Annotated[str, typer.Option("--status", help="proposed, agreed, rejected or open.")],
    source: Source,
    option: Annotated[str | None, typer.Option("--option", help="The option it concerns.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Effective date, YYYY-MM-DD (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    author: Author = None,
    db: Db = None,
    talks: Talks = None,
) -> None:
    """Record a party's status on a point, from a date. Earlier entries are kept: this adds to the history."""
    change = StatusInput(
        point=point,
        party=party,
        status=choice(Status, status, "status"),
        option=option,
        effective=date_or_none(date, "--date") or utc_now().date(),
        author=author or default_author(),
        source=source,
        note=note,
    )
    with existing(db, talks) as store:
        entry = store.set_status(change)
    about = f" '{option}'" if option else ""
    since = change.effective.isoformat()
    say(f"recorded entry {entry}: {party} {change.status}{about} on {point} from {since}")


@status_app.command("history")
@report_errors
def status_history(  # noqa: PLR0917 - one parameter per command-line option
    point: Annotated[str | None, typer.Option("--point")] = None,
    party: Annotated[str | None, typer.Option("--party")] = None,
    since: Since = None,
    until: Until = None,
    as_json: JsonFlag = False,
    db: Db = None,
    talks: Talks = None,
    width: Width = None,
) -> None:
    """Every status change (of one point or party), oldest first."""
    with for_reading(db, talks) as store:
        changes = store.status_history(
            point=point,
            party=party,
            since=date_or_none(since, "--since"),
            until=date_or_none(until, "--until"),
        )
    if as_json:
        print_json([change.to_dict() for change in changes])
    else:
        print_report(history_table(changes), width)
