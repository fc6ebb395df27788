"""``accord track``: the record of the talks in a database (SQLite file by default, PostgreSQL by URL).

Record-level commands live here (init, load-example, import, export, versions, timeline, matrix, diff); adding
and listing entries is in ``track_entries.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.console import err, out, print_json, report_errors, write_json
from accord.cli.inputs import STDIN, read_scenario
from accord.cli.track_entries import meeting_app, statement_app, status_app
from accord.cli.track_inputs import (
    AsOf,
    Author,
    Db,
    JsonFlag,
    Since,
    Until,
    Version,
    date_or_none,
    existing,
    say,
)
from accord.cli.track_report import diff_report, matrix_table, timeline_table
from accord.model.files import MAX_BYTES
from accord.tracker.entries import ImportReport
from accord.tracker.errors import parse_date
from accord.tracker.record import is_record
from accord.tracker.store import Store

track_app = typer.Typer(
    help="The record of the talks: meetings, statements, each party's status on each point, with history.",
    no_args_is_help=True,
)
track_app.add_typer(meeting_app, name="meeting")
track_app.add_typer(statement_app, name="statement")
track_app.add_typer(status_app, name="status")


def _imported(report: ImportReport, store: Store) -> None:
    say(
        f"scenario version {report.version} in {store.display}: "
        f"added {report.status_changes} status changes, "
        f"{report.meetings} meetings, {report.statements} statements"
    )


@track_app.command("init")
@report_errors
def init_command(db: Db = None) -> None:
    """Create the record (or bring an existing one's schema up to date)."""
    with Store.open(db) as store:
        count = len(store.versions())
        say(f"record {store.display}: schema revision {store.revision()}, {count} scenario version(s)")


@track_app.command("load-example")
@report_errors
def load_example_command(author: Author = None, db: Db = None) -> None:
    """Load the built-in peace-talks example as a record: its meetings, statements and agreements."""
    with Store.open(db) as store:
        _imported(store.load_example(author=author), store)


@track_app.command("import")
@report_errors
def import_command(
    path: Annotated[
        str, typer.Argument(help="A scenario (YAML or JSON) or an exported record; - for stdin.")
    ],
    source: Annotated[str | None, typer.Option("--source", help="Where the scenario comes from.")] = None,
    author: Author = None,
    db: Db = None,
) -> None:
    """Import a scenario as a new version (with its record parts), or restore an exported record."""
    data = _exported_record(path)
    with Store.open(db) as store:
        if data is not None:
            store.restore(data, path)
            say(f"restored the record {path} into {store.display}")
            return
        scenario = read_scenario(path)
        _imported(store.import_scenario(scenario, author=author, source=source or path), store)


def _exported_record(path: str) -> Any | None:
    """The parsed JSON if ``path`` holds an exported record, else None (it is read as a scenario)."""
    if path == STDIN:
        return None  # standard input is read as a scenario; a record is restored from a file
    file = Path(path)
    if not file.is_file() or file.suffix.lower() != ".json" or file.stat().st_size > MAX_BYTES:
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if is_record(data) else None


@track_app.command("export")
@report_errors
def export_command(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
    db: Db = None,
) -> None:
    """The whole record as JSON (accord-record/1); 'accord track import' restores it into an empty record."""
    with existing(db) as store:
        text = json.dumps(store.export(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        write_json(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)


@track_app.command("versions")
@report_errors
def versions_command(as_json: JsonFlag = False, db: Db = None) -> None:
    """The imported versions of the scenario."""
    with existing(db) as store:
        versions = store.versions()
    if as_json:
        print_json([{**v.__dict__, "recorded_at": v.recorded_at.isoformat()} for v in versions])
        return
    for v in versions:
        when = v.recorded_at.isoformat(timespec="seconds")
        say(f"{v.version}: {v.title} ({when} UTC, {v.author}, {v.source})")


@track_app.command("timeline")
@report_errors
def timeline_command(
    since: Since = None, until: Until = None, as_json: JsonFlag = False, db: Db = None
) -> None:
    """Meetings, statements and status changes in date order."""
    with existing(db) as store:
        events = store.timeline(date_or_none(since, "--since"), date_or_none(until, "--until"))
    if as_json:
        print_json([event.to_dict() for event in events])
    else:
        out.print(timeline_table(events))


@track_app.command("matrix")
@report_errors
def matrix_command(
    as_of: AsOf = None, version: Version = None, as_json: JsonFlag = False, db: Db = None
) -> None:
    """The consensus matrix: each party's status on each point (as of a date)."""
    with existing(db) as store:
        matrix = store.matrix(date_or_none(as_of, "--as-of"), version)
    if as_json:
        print_json(matrix.to_dict())
    else:
        out.print(matrix_table(matrix))


@track_app.command("diff")
@report_errors
def diff_command(
    since: Annotated[str, typer.Option("--since", help="From this date (YYYY-MM-DD, excluded).")],
    until: Until = None,
    version: Version = None,
    as_json: JsonFlag = False,
    db: Db = None,
) -> None:
    """What changed after --since (up to --until): statuses, meetings, statements, and the analysis."""
    with existing(db) as store:
        diff = store.diff(parse_date(since, "--since"), date_or_none(until, "--until"), version)
    if as_json:
        print_json(diff.to_dict())
    else:
        out.print(diff_report(diff))
