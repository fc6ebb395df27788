"""``accord simulate``: runs of a protocol with chosen strategies on a scenario, scored by the analysis."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from accord.analysis.analyze import rested_on
from accord.cli.console import Width, err, literal, print_json, print_report, report_errors
from accord.cli.inputs import RealStep, RescaleWeights, read_scenario
from accord.model.scenario import Scenario
from accord.model.target import atomic_stream, check_target
from accord.protocols.catalogue import PROTOCOLS
from accord.protocols.events import Met
from accord.protocols.rules import Deadline
from accord.protocols.trace import Record, write_trace
from accord.tournaments.outputs import RunOutput, SimulationOutput
from accord.tournaments.simulation import (
    DEFAULT_MEDIATOR,
    DEFAULT_PROTOCOL,
    STANCES,
    SimulationConfig,
    prepare,
    report,
    simulate,
)

SHOWN_RUNS = 20
"""Runs listed in the readable report (the JSON has them all)."""


@report_errors
def simulate_command(
    path: Annotated[
        str,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ],
    *,
    protocol: Annotated[
        str, typer.Option("--protocol", "-p", help=f"One of: {', '.join(PROTOCOLS)}.")
    ] = DEFAULT_PROTOCOL,
    agents: Annotated[
        str,
        typer.Option(
            "--agents",
            "-a",
            help=f"Strategies of the voting parties in order, comma-separated; one name for all; or "
            f"'{STANCES}' for the strategy each party's public stance stands for.",
        ),
    ] = "linear",
    mediator: Annotated[
        str, typer.Option("--mediator", help="Mediator (mediated protocols).")
    ] = DEFAULT_MEDIATOR,
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="Deadline in rounds.")] = 100,
    seconds: Annotated[
        float | None, typer.Option("--seconds", help="Deadline in seconds (runs then depend on speed).")
    ] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Number of runs.")] = 1,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the runs' random generator.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    trace: Annotated[
        Path | None, typer.Option("--trace", help="Write every event of every run to this JSONL file.")
    ] = None,
    real_step: RealStep = None,
    rescale_weights: RescaleWeights = False,
    width: Width = None,
) -> None:
    """Run a negotiation protocol on a scenario and score each run."""
    if trace is not None:
        check_target(trace)
    scenario = read_scenario(path, real_step=real_step, rescale_weights=rescale_weights)
    config = SimulationConfig(
        protocol=protocol,
        agents=tuple(name.strip() for name in agents.split(",") if name.strip()),
        deadline=Deadline(rounds=rounds, seconds=seconds),
        mediator=mediator,
        runs=runs,
        seed=seed,
    )
    run_and_show(scenario, config, as_json=as_json, trace=trace, width=width)


def run_and_show(
    scenario: Scenario,
    config: SimulationConfig,
    *,
    as_json: bool,
    trace: Path | None,
    width: int | None = None,
) -> None:
    """Run, write the trace if asked, and print the report (shared with ``accord demo --simulate``)."""
    prepared = prepare(scenario)
    with progress_bar(config.runs, "simulating") as advance:
        records = list(simulate(scenario, config, advance))
    if trace is not None:
        with atomic_stream(trace) as stream:
            write_trace(records, stream)
    data = report(prepared, config, records)
    if as_json:
        print_json(data.model_dump(mode="json"))
    else:
        show(scenario, data, records, width)


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Any]:
    """A progress bar on standard error for more than one item; a no-op callback otherwise."""
    if total <= 1:
        yield lambda done: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


def show(
    scenario: Scenario, data: SimulationOutput, records: Sequence[Record], width: int | None = None
) -> None:
    """The readable report: the set-up, a line per run, run 0 in words, the summary and the assumptions."""
    agents = ", ".join(f"{party}: {name}" for party, name in data.agents.items())
    mediator = f"; mediator: {data.mediator}" if data.mediator else ""
    parts: list[RenderableType] = [literal(f"{data.protocol} on '{data.scenario}' - {agents}{mediator}")]
    sittings = {(e.session, e.venue, e.parties) for e in records[0].events if isinstance(e, Met)}
    if sittings:
        line = "; ".join(f"{venue}: {', '.join(parties)}" for _, venue, parties in sorted(sittings))
        parts.append(literal(f"Private sessions, in order - {line}"))
    parties = list(data.agents)
    discounted = any(run.discounted_utilities is not None for run in data.runs)
    columns = [f"{p} (discounted)" for p in parties] if discounted else parties
    table = Table("run", "outcome", "reason", "round", *columns, "to frontier", "to Nash")
    for run in data.runs[:SHOWN_RUNS]:
        nash = "-" if run.nash_distance is None else f"{run.nash_distance:.3f}"
        utilities = [f"{run.utilities[p]:.3f}" for p in parties]
        if run.discounted_utilities is not None:
            utilities = [
                f"{u} ({run.discounted_utilities[p]:.3f})" for u, p in zip(utilities, parties, strict=True)
            ]
        cells = [str(run.run), run.outcome, run.reason, str(run.round), *utilities]
        table.add_row(*cells, f"{run.frontier_distance:.3f}", nash)
    parts += [table, *_first_run(data.runs[0], parties)]
    parts.append(Text(f"{data.summary.agreements} of {data.summary.runs} runs reached an agreement."))
    assumptions = rested_on(scenario)
    if assumptions:
        ids = ", ".join(a.id for a in assumptions)
        parts.append(Text(f"These results rest on illustrative assumptions: {ids}."))
    print_report(Group(*parts), width)


def _first_run(run: RunOutput, parties: list[str]) -> list[Text]:
    if run.package is None:
        return []
    agreed = run.outcome == "agreement"
    lines = [Text("Run 0, agreed package:" if agreed else "Run 0, final text put to the parties:")]
    lines += [literal(f"  {point}: {option}") for point, option in run.package.items()]
    refused = [p for p in parties if p not in run.accepted_by]
    if not agreed:
        signed = ", ".join(run.accepted_by) or "nobody"
        lines.append(literal(f"Signed by {signed}; refused by {', '.join(refused)}."))
    return lines
