"""``accord tournament``: strategies against each other on scenarios, locally or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from accord.cli.console import Width, literal, print_json, print_report, report_errors
from accord.cli.inputs import RealStep, RescaleWeights, read_scenario
from accord.cli.simulate import progress_bar
from accord.model.target import atomic_stream, check_target
from accord.protocols.catalogue import PROTOCOLS
from accord.protocols.rules import Deadline
from accord.protocols.trace import write_trace
from accord.tournaments.backends import Backend, DaskBackend, ProcessBackend
from accord.tournaments.results import ResultSet
from accord.tournaments.simulation import DEFAULT_MEDIATOR, DEFAULT_PROTOCOL
from accord.tournaments.tournament import BATCH, TournamentConfig, batches, plan, run_tournament


@report_errors
def tournament_command(
    paths: Annotated[
        list[str], typer.Argument(help="Scenario files (YAML or JSON) or GENIUS domain folders.")
    ],
    *,
    protocol: Annotated[
        str, typer.Option("--protocol", "-p", help=f"One of: {', '.join(PROTOCOLS)}.")
    ] = DEFAULT_PROTOCOL,
    strategies: Annotated[
        str, typer.Option("--strategies", "-s", help="Strategies that take part, comma-separated.")
    ] = "boulware,linear,conceder,hardliner,tit-for-tat",
    mediator: Annotated[
        str, typer.Option("--mediator", help="Mediator (mediated protocols).")
    ] = DEFAULT_MEDIATOR,
    repetitions: Annotated[int, typer.Option("--repetitions", "-r", min=1, help="Runs of each seating.")] = 1,
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Deadline in rounds.")] = 100,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the tournament's random generator.")
    ] = 0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Local worker processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Run on the Dask cluster of this scheduler address.")
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Runs sent to a worker at once.")] = BATCH,
    records: Annotated[
        Path | None, typer.Option("--records", help="Write every run's record (JSONL) to this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the standings as JSON.")] = False,
    real_step: RealStep = None,
    rescale_weights: RescaleWeights = False,
    width: Width = None,
) -> None:
    """Every lineup of the strategies, in every seat, on every scenario; standings by mean advantage."""
    if records is not None:
        check_target(records)
    scenarios = [read_scenario(path, real_step=real_step, rescale_weights=rescale_weights) for path in paths]
    config = TournamentConfig(
        protocol=protocol,
        strategies=tuple(name.strip() for name in strategies.split(",") if name.strip()),
        deadline=Deadline(rounds=rounds),
        repetitions=repetitions,
        mediator=mediator,
        seed=seed,
        batch=batch,
        keep_events=records is not None,
    )
    backend: Backend = DaskBackend(scheduler) if scheduler else ProcessBackend(jobs)
    n_batches = len(batches(scenarios, config, plan(scenarios, config)))
    with progress_bar(n_batches, "tournament") as advance:
        results = run_tournament(scenarios, config, backend, advance)
    if records is not None:
        with atomic_stream(records) as stream:
            write_trace(results.records, stream)
    if as_json:
        print_json(results.to_dict())
    else:
        show(results, width)


def show(results: ResultSet, width: int | None = None) -> None:
    data = results.to_output()
    discounted = any(row.discounted_utility is not None for row in data.standings)
    utility = "utility (discounted)" if discounted else "utility"
    table = Table("strategy", "seats", utility, "advantage", "welfare", "to Nash", "agreements")
    for row in data.standings:
        nash = "-" if row.nash_distance is None else f"{row.nash_distance:.3f}"
        mean = f"{row.utility:.3f}"
        if row.discounted_utility is not None:
            mean += f" ({row.discounted_utility:.3f})"
        table.add_row(
            literal(row.strategy),
            str(row.seats),
            mean,
            f"{row.advantage:.3f}",
            f"{row.welfare:.3f}",
            nash,
            f"{row.agreement_rate:.0%}",
        )
    print_report(Group(table, Text(f"{data.agreements} of {data.runs} runs reached an agreement")), width)
