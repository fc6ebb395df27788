"""``accord track``: the record of the talks in a database (SQLite file by default, PostgreSQL by URL).

Record-level commands live here (init, load-example, import, export, versions, timeline, matrix, diff); adding
and listing entries is in ``track_entries.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.console import Width, err, print_json, print_report, report_errors, write_json
from accord.cli.inputs import STDIN, AsOf, Talks, Version, read_scenario
from accord.cli.track_entries import meeting_app, statement_app, status_app
from accord.cli.track_inputs import (
    Author,
    Db,
    JsonFlag,
    Since,
    Until,
    date_or_none,
    for_reading,
    say,
)
from accord.cli.track_report import diff_report, matrix_table, timeline_table
from accord.model.examples import example_path
from accord.model.files import MAX_BYTES, load_scenario
from accord.model.source import read_bounded
from accord.model.target import check_target, write_atomically
from accord.tracker.engine import display_url
from accord.tracker.entries import ImportReport
from accord.tracker.errors import TrackerError, parse_date
from accord.tracker.importer import record_dates
from accord.tracker.migrate import head
from accord.tracker.record import is_record
from accord.tracker.store import Store, list_talks

track_app = typer.Typer(
    help="The record of the talks: meetings, statements, each party's status on each point, with history.",
    no_args_is_help=True,
)
track_app.add_typer(meeting_app, name="meeting")
track_app.add_typer(statement_app, name="statement")
track_app.add_typer(status_app, name="status")


NewTalks = Annotated[
    bool,
    typer.Option("--new-talks", help="Open another talks in the record with it (see 'accord track talks')."),
]


def _imported(report: ImportReport, store: Store) -> None:
    say(
        f"talks {store.talks_id}, scenario version {report.version} in {store.display}: "
        f"added {report.status_changes} status changes, "
        f"{report.meetings} meetings, {report.statements} statements"
    )
    if report.replaced is not None:
        say(report.replaced)


@track_app.command("init")
@report_errors
def init_command(db: Db = None) -> None:
    """Create the record (or bring an existing one's schema up to date)."""
    talks = list_talks(db, create=True)
    count = sum(t.versions for t in talks)
    say(
        f"record {display_url(db)}: schema revision {head()}, {len(talks)} talks, {count} scenario version(s)"
    )


@track_app.command("talks")
@report_errors
def talks_command(as_json: JsonFlag = False, db: Db = None) -> None:
    """The talks the record holds: id, title, who opened them when, and their scenario versions."""
    talks = list_talks(db)
    if as_json:
        print_json([{**t.__dict__, "created_at": t.created_at.isoformat()} for t in talks])
        return
    for t in talks:
        when = t.created_at.isoformat(timespec="seconds")
        latest = f", latest: {t.latest_title}" if t.latest_title not in (None, t.title) else ""
        say(f"{t.id}: {t.title} (opened {when} UTC by {t.created_by}; {t.versions} version(s){latest})")


@track_app.command("load-example")
@report_errors
def load_example_command(
    author: Author = None, new_talks: NewTalks = False, db: Db = None, talks: Talks = None
) -> None:
    """Load the built-in peace-talks example as a record: its meetings, statements and agreements."""
    if new_talks:
        _no_talks_with_new(talks)
        scenario = load_scenario(example_path())
        first = min(record_dates(scenario), default=None)
        source = "built-in example peace-talks"
        with Store.create_talks(db, scenario, author=author, source=source, date=first) as store:
            _imported(_first_import(store), store)
        return
    with Store.open(db, talks=talks) as store:
        _imported(store.load_example(author=author), store)


@track_app.command("import")
@report_errors
def import_command(  # noqa: PLR0917 - one parameter per command-line option
    path: Annotated[
        str, typer.Argument(help="A scenario (YAML or JSON) or an exported record; - for stdin.")
    ],
    source: Annotated[str | None, typer.Option("--source", help="Where the scenario comes from.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The version is in force from this date (default: today).")
    ] = None,
    new_talks: NewTalks = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Make a scenario of other talks the next version of these talks."),
    ] = False,
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the new talks (--new-talks).")
    ] = None,
    author: Author = None,
    db: Db = None,
    talks: Talks = None,
) -> None:
    """Import a scenario as a new version (with its record parts), or restore an exported record; with
    --new-talks, as another talks of the record."""
    _check_import_options(new_talks=new_talks, replace=replace, title=title, talks=talks)
    data = _exported_record(path)
    if data is not None:
        _restore(path, data, db, talks, new_talks=new_talks)
        return
    scenario = read_scenario(path)
    when = date_or_none(date, "--date")
    if new_talks:
        with Store.create_talks(
            db, scenario, title=title, author=author, source=source or path, date=when
        ) as store:
            _imported(_first_import(store), store)
        return
    with Store.open(db, talks=talks) as store:
        report = store.import_scenario(
            scenario, author=author, source=source or path, date=when, replace=replace
        )
        _imported(report, store)


def _restore(path: str, data: Any, db: str | None, talks: int | None, *, new_talks: bool) -> None:
    with Store.restore_talks(db, data, path) if new_talks else Store.open(db, talks=talks) as store:
        if not new_talks:
            store.restore(data, path)
        say(f"restored the record {path} into {store.display} as talks {store.talks_id}")


def _check_import_options(*, new_talks: bool, replace: bool, title: str | None, talks: int | None) -> None:
    if new_talks:
        _no_talks_with_new(talks)
        if replace:
            raise TrackerError("--new-talks opens other talks: it replaces nothing (leave out --replace)")
    elif title is not None:
        raise TrackerError("--title names new talks: use it with --new-talks")


def _no_talks_with_new(talks: int | None) -> None:
    if talks is not None:
        raise TrackerError("--new-talks opens another talks: it takes no --talks")


def _first_import(store: Store) -> ImportReport:
    """What creating a talks imported: its first version's record parts."""
    state = store.state()
    changes = len(store.status_history())
    return ImportReport(store.versions()[-1].version, changes, len(state.meetings), len(state.statements))


def _exported_record(path: str) -> Any | None:
    """The parsed JSON if ``path`` holds an exported record, else None (it is read as a scenario)."""
    if path == STDIN:
        return None  # standard input is read as a scenario; a record is restored from a file
    file = Path(path)
    if file.suffix.lower() != ".json" or file.is_dir():
        return None
    try:
        data = json.loads(read_bounded(file, MAX_BYTES, "record or scenario file").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return data if is_record(data) else None


@track_app.command("export")
@report_errors
def export_command(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
    db: Db = None,
    talks: Talks = None,
) -> None:
    """The whole record as JSON (accord-record/1); 'accord track import' restores it into an empty record."""
    if output is not None:
        check_target(output)
    with for_reading(db, talks) as store:
        text = json.dumps(store.export(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        write_json(text)
    else:
        write_atomically(output, text)
        err.print(f"wrote {output}", markup=False)


@track_app.command("versions")
@report_errors
def versions_command(as_json: JsonFlag = False, db: Db = None, talks: Talks = None) -> None:
    """The imported versions of the scenario."""
    with for_reading(db, talks) as store:
        versions = store.versions()
    if as_json:
        print_json(
            [
                {**v.__dict__, "recorded_at": v.recorded_at.isoformat(), "effective": v.effective.isoformat()}
                for v in versions
            ]
        )
        return
    for v in versions:
        when = v.recorded_at.isoformat(timespec="seconds")
        say(f"{v.version}: {v.title} (in force from {v.effective}; {when} UTC, {v.author}, {v.source})")


@track_app.command("timeline")
@report_errors
def timeline_command(  # noqa: PLR0917 - one parameter per command-line option
    since: Since = None,
    until: Until = None,
    as_json: JsonFlag = False,
    db: Db = None,
    talks: Talks = None,
    width: Width = None,
) -> None:
    """Meetings, statements and status changes in date order."""
    with for_reading(db, talks) as store:
        events = store.timeline(date_or_none(since, "--since"), date_or_none(until, "--until"))
    if as_json:
        print_json([event.to_dict() for event in events])
    else:
        print_report(timeline_table(events), width)


@track_app.command("matrix")
@report_errors
def matrix_command(  # noqa: PLR0917 - one parameter per command-line option
    as_of: AsOf = None,
    version: Version = None,
    as_json: JsonFlag = False,
    db: Db = None,
    talks: Talks = None,
    width: Width = None,
) -> None:
    """The consensus matrix: each party's status on each point (as of a date)."""
    with for_reading(db, talks) as store:
        matrix = store.matrix(date_or_none(as_of, "--as-of"), version)
    if as_json:
        print_json(matrix.to_dict())
    else:
        print_report(matrix_table(matrix), width)


@track_app.command("diff")
@report_errors
def diff_command(  # noqa: PLR0917 - one parameter per command-line option
    since: Annotated[str, typer.Option("--since", help="From this date (YYYY-MM-DD, excluded).")],
    until: Until = None,
    version: Version = None,
    as_json: JsonFlag = False,
    db: Db = None,
    talks: Talks = None,
    width: Width = None,
) -> None:
    """What changed after --since (up to --until): statuses, meetings, statements, and the analysis."""
    with for_reading(db, talks) as store:
        diff = store.diff(parse_date(since, "--since"), date_or_none(until, "--until"), version)
    if as_json:
        print_json(diff.to_dict())
    else:
        print_report(diff_report(diff), width)
