"""``accord analyze``: agreement zone, Pareto frontier and fair packages of a scenario, read from a file or
from the record of the talks as it stood on a date (``--db``, ``--as-of``)."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group

from accord.analysis.analyze import AUTO, analyze
from accord.analysis.epsilon import POINTS
from accord.analysis.space import MAX_PACKAGES
from accord.cli.console import Width, literal, print_json, print_report, report_errors
from accord.cli.inputs import AsOf, RealStep, RescaleWeights, Source, Talks, Version, read_source
from accord.cli.report import analysis_report
from accord.model.errors import AccordError

if TYPE_CHECKING:
    from accord.tracker.asof import RecordState

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print the analysis as JSON (see docs/analysis-json.md).")
]
MaxPackages = Annotated[
    int, typer.Option("--max-packages", min=1, help="Refuse to enumerate a larger package space.")
]
Top = Annotated[int, typer.Option("--top", min=0, help="Frontier packages shown in the readable report.")]
Engine = Annotated[
    str,
    typer.Option(
        "--engine",
        help="enumeration (counts every package), optimization (MILP, any size) or auto (by size).",
    ),
]
FrontierPoints = Annotated[
    int, typer.Option("--frontier-points", min=1, help="Frontier points the optimization engine computes.")
]
RecordDb = Annotated[
    str | None,
    typer.Option("--db", help="Analyse the record in this database (SQLite file or URL; or set ACCORD_DB)."),
]


@report_errors
def analyze_command(
    path: Annotated[
        str | None,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ] = None,
    *,
    as_json: JsonFlag = False,
    max_packages: MaxPackages = MAX_PACKAGES,
    top: Top = 10,
    engine: Engine = AUTO,
    frontier_points: FrontierPoints = POINTS,
    db: RecordDb = None,
    as_of: AsOf = None,
    version: Version = None,
    talks: Talks = None,
    real_step: RealStep = None,
    rescale_weights: RescaleWeights = False,
    width: Width = None,
) -> None:
    """Find the packages every needed party accepts, the efficient ones, and the fair ones."""
    source, record = command_source(
        path, db, as_of, version, talks=talks, real_step=real_step, rescale_weights=rescale_weights
    )
    result = analyze(
        source.scenario, engine=engine, max_packages=max_packages, frontier_points=frontier_points
    )
    result = replace(result, skipped=source.skipped)
    if as_json:
        print_json(result.to_dict())
        return
    report = analysis_report(result, top=top)
    if record is not None:
        report = Group(literal(record.describe()), report)
    print_report(report, width)


def command_source(
    path: str | None,
    db: str | None,
    as_of: str | None,
    version: int | None,
    *,
    talks: int | None = None,
    real_step: float | None = None,
    rescale_weights: bool = False,
) -> tuple[Source, RecordState | None]:
    """The scenario of a file, or of the record as of a date (with the state it was built from); exactly one
    of the two sources."""
    if path is not None and db is not None:
        raise AccordError("give a scenario file or --db, not both")
    if path is not None:
        if as_of is not None or version is not None or talks is not None:
            raise AccordError(
                "--as-of, --version and --talks read the record: use them with --db, not with a file"
            )
        return read_source(path, real_step=real_step, rescale_weights=rescale_weights), None
    # the record's database layer (SQLAlchemy, Alembic) costs a command 0.2 s of start-up: imported here,
    # when a record is read, so that analysing a file does not pay it
    from accord.cli.track_inputs import date_or_none, for_reading  # noqa: PLC0415
    from accord.tracker.asof import build_scenario  # noqa: PLC0415
    from accord.tracker.engine import ENV_DB  # noqa: PLC0415

    db = db or os.environ.get(ENV_DB)
    if db is None:
        raise AccordError(
            f"give a scenario file (or - for standard input), or a record with --db (or {ENV_DB})"
        )
    with for_reading(db, talks) as store:
        state = store.state(date_or_none(as_of, "--as-of"), version)
    return Source(build_scenario(state)), state
