"""Reading a scenario named on the command line: a file path, a GENIUS domain folder, or ``-`` for standard
input; the options that say how to read a GENIUS folder, and those that say which talks of a record to read
and as of when."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.console import err
from accord.model.files import MAX_BYTES, decode_text, load_scenario, parse_scenario
from accord.model.genius import read_genius
from accord.model.genius.folder import skipped_note
from accord.model.scenario import Scenario

STDIN = "-"

Talks = Annotated[
    int | None,
    typer.Option(
        "--talks",
        min=1,
        help="Which talks of the record ('accord track talks' lists them). Default: its only talks.",
    ),
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="The record as it stood on this date (YYYY-MM-DD).")
]
Version = Annotated[
    int | None,
    typer.Option("--version", min=1, help="Scenario version to read against (default: the latest)."),
]
RealStep = Annotated[
    float | None,
    typer.Option("--real-step", min=0.0, help="Step discretising the real issues of a GENIUS domain."),
]
RescaleWeights = Annotated[
    bool,
    typer.Option(
        "--rescale-weights",
        help="Divide a GENIUS profile's issue weights by their sum when they fall outside GENIUS's "
        "tolerance (0.98 to 1.02); each such profile is listed among the assumptions.",
    ),
]


@dataclass(frozen=True)
class Source:
    """A scenario as read, and the entries of a GENIUS folder that were skipped (not domain or profile)."""

    scenario: Scenario
    skipped: tuple[str, ...] = ()


def read_source(path: str, *, real_step: float | None = None, rescale_weights: bool = False) -> Source:
    """The scenario at ``path`` (YAML or JSON file, or GENIUS folder), or standard input when ``path`` is
    ``-``. ``real_step`` and ``rescale_weights`` say how to read a GENIUS folder; the entries it skips are
    named in one note on standard error."""
    if path == STDIN:
        scenario = parse_scenario(decode_text(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"), "<stdin>")
        return Source(scenario)
    if Path(path).is_dir():
        folder = read_genius(path, real_step=real_step, rescale_weights=rescale_weights)
        if folder.skipped:
            err.print(f"note: {skipped_note(path, folder.skipped)}", markup=False, highlight=False)
        return Source(folder.scenario, folder.skipped)
    return Source(load_scenario(path))


def read_scenario(path: str, *, real_step: float | None = None, rescale_weights: bool = False) -> Scenario:
    """The scenario of :func:`read_source`."""
    return read_source(path, real_step=real_step, rescale_weights=rescale_weights).scenario
