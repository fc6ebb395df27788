"""``accord robustness``: how sure is the verdict, and which assumption decides it - Monte Carlo over the
uncertainty ranges a scenario declares, read from a file or from the record as of a date."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table

from accord.analysis.analyze import AUTO
from accord.analysis.robustness import MAX_SAMPLES, SAMPLES, Influence, Robustness, robustness
from accord.analysis.sampling import SOBOL
from accord.cli.analyze import Engine, JsonFlag, RecordDb, command_source
from accord.cli.console import Width, literal, print_json, print_report, report_errors
from accord.cli.inputs import AsOf, RealStep, Talks, Version
from accord.model.errors import AccordError
from accord.tournaments.backends import Backend, DaskBackend, ProcessBackend


@report_errors
def robustness_command(
    path: Annotated[
        str | None,
        typer.Argument(help="Scenario file (YAML or JSON), GENIUS domain folder, or - for standard input."),
    ] = None,
    *,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=1, max=MAX_SAMPLES, help="Samples of the declared ranges.")
    ] = SAMPLES,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the one random generator.")] = 0,
    sampler: Annotated[
        str, typer.Option("--sampler", help="sobol (scrambled Sobol points) or random (pseudo-random).")
    ] = SOBOL,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Local worker processes (past enumeration size).")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Solve on the Dask cluster of this scheduler address.")
    ] = None,
    engine: Engine = AUTO,
    top: Annotated[int, typer.Option("--top", min=0, help="Packages shown in the readable report.")] = 5,
    as_json: JsonFlag = False,
    db: RecordDb = None,
    as_of: AsOf = None,
    version: Version = None,
    talks: Talks = None,
    real_step: RealStep = None,
    width: Width = None,
) -> None:
    """The probability that a zone exists, each package's odds of acceptance, and what drives them."""
    if scheduler is not None and jobs > 1:
        raise AccordError("give --jobs or --scheduler, not both")
    source, _ = command_source(path, db, as_of, version, talks=talks, real_step=real_step)
    scenario = source.scenario
    backend: Backend = DaskBackend(scheduler) if scheduler else ProcessBackend(jobs)
    result = robustness(scenario, samples=samples, seed=seed, sampler=sampler, engine=engine, backend=backend)
    if as_json:
        print_json(result.to_dict())
    else:
        print_report(robustness_report(result, top=top), width)


def _percent(p: float) -> str:
    return f"{100 * p:.1f} %"


def verdict_sentence(result: Robustness) -> str:
    """The verdict, how robust it is, and the input that decides it, in two sentences."""
    estimate = result.p_zone_nonempty
    low, high = estimate.interval
    base = "no zone" if result.base_empty else "a zone"
    text = (
        f"The base case has {base}. Over {result.samples:,} samples of {len(result.inputs)} declared ranges, "
        f"a zone exists in {_percent(estimate.estimate)} of them (95 % interval {_percent(low)} to "
        f"{_percent(high)})."
    )
    leading = result.sensitivity[0] if result.sensitivity else None
    if leading is None or leading.index == 0:
        return text + " No single input moves the verdict."
    return f"{text} {_decides(leading, result.base_empty)}"


def _decides(influence: Influence, base_empty: bool) -> str:
    item = influence.input
    text = f"It turns most on {item.name} (stated {item.stated:g}, range {item.low:g} to {item.high:g})"
    if influence.tipping_value is None:
        return text + "."
    flips = "a zone opens" if base_empty else "the zone closes"
    side = "above" if influence.tipping_value > item.stated else "below"
    return f"{text}: {flips} {side} {influence.tipping_value:.4g}, the rest as stated."


def robustness_report(result: Robustness, *, top: int = 5) -> RenderableType:
    """The verdict's probability and its convergence, the most robust packages, the leading inputs."""
    parts: list[RenderableType] = [literal(verdict_sentence(result))]
    convergence = Table(title="Convergence (Wilson 95 % interval)", title_justify="left")
    for column in ("Samples", "P(zone)", "Low", "High"):
        convergence.add_column(column, justify="right")
    for e in result.convergence():
        low, high = e.interval
        convergence.add_row(f"{e.n:,}", f"{e.estimate:.4f}", f"{low:.4f}", f"{high:.4f}")
    parts.append(convergence)
    parts.append(_packages(result, top))
    influences = Table(
        title="What drives the verdict (first-order indices on the verdict and on the most robust package)",
        title_justify="left",
    )
    influences.add_column("Input", overflow="fold", min_width=30)
    for column in ("Verdict", "Package", "Tipping value"):
        influences.add_column(column, justify="right", no_wrap=True)
    for s in result.sensitivity:
        tipping = "-" if s.tipping_value is None else f"{s.tipping_value:.4g}"
        influences.add_row(literal(s.input.name), f"{s.index:.3f}", f"{s.acceptance_index:.3f}", tipping)
    parts.append(influences)
    return Group(*parts)


def _packages(result: Robustness, top: int) -> RenderableType:
    compiled = result.compiled
    best = result.most_robust
    others = [p for p in result.packages if p.choice.tobytes() != best.choice.tobytes()]
    ranked = [best, *sorted(others, key=lambda p: p.key, reverse=True)[: max(0, top - 1)]]
    table = Table(title="Packages most often accepted by every needed party", title_justify="left")
    table.add_column("Package: " + " / ".join(compiled.points), overflow="fold", min_width=30)
    table.add_column("All", justify="right")
    for party in compiled.parties:
        table.add_column(literal(party), justify="right")
    n = result.samples
    for package in ranked:
        label = " / ".join(compiled.package(package.choice).values())
        if package.solutions:
            label += f" ({', '.join(package.solutions)})"
        table.add_row(
            literal(label),
            _percent(package.agreements / n),
            *(_percent(int(a) / n) for a in package.accepted),
        )
    table.caption = f"Most robust ({result.most_robust_scope}): the first row."
    return table
