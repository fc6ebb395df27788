"""The ``accord`` command line: thin commands over the library, one module each.

Commands are listed here and imported only when run (:mod:`accord.cli.registry`), so that ``accord --help``
and ``accord validate`` do not load the solver, the database layer or Dask. To add a command, add an
``Entry`` line: its name, ``module:function`` (or ``module:typer_app`` for a group) and its help line.
"""

from __future__ import annotations

from importlib import metadata
from typing import Annotated

import typer

from accord.cli.registry import Entry, LazyGroup


class AccordGroup(LazyGroup):
    entries = (
        Entry(
            "demo",
            "accord.cli.demo:demo_command",
            "Run the analysis on the built-in example: the round of talks of December 19, 2025.",
        ),
        Entry(
            "analyze",
            "accord.cli.analyze:analyze_command",
            "Find the packages every needed party accepts, the efficient ones, and the fair ones.",
        ),
        Entry(
            "explain",
            "accord.cli.explain:explain_command",
            "Conflicting constraints, the smallest sets to drop, the cheapest concessions;"
            " or binding red lines.",
        ),
        Entry(
            "propose",
            "accord.cli.propose:propose_command",
            "The maximin-gain single text (locks and red lines held), and a post-settlement improvement.",
        ),
        Entry(
            "robustness",
            "accord.cli.robustness:robustness_command",
            "The probability that a zone exists, each package's odds of acceptance, and what drives them.",
        ),
        Entry("validate", "accord.cli.validate:validate_command", "Check scenario files."),
        Entry(
            "schema",
            "accord.cli.schema:schema_command",
            "Print the JSON Schema (draft 2020-12) of scenario files or of an output format,"
            " or write it to a file.",
        ),
        Entry(
            "convert",
            "accord.cli.convert:convert_command",
            "Read a scenario, check it, and write it in the format the target's name asks for.",
        ),
        Entry(
            "simulate",
            "accord.cli.simulate:simulate_command",
            "Run a negotiation protocol on a scenario and score each run.",
        ),
        Entry(
            "tournament",
            "accord.cli.tournament:tournament_command",
            "Every lineup of the strategies, in every seat, on every scenario; standings by mean advantage.",
        ),
        Entry(
            "track",
            "accord.cli.track:track_app",
            "The record of the talks: meetings, statements, each party's status on each point, with history.",
        ),
        Entry(
            "serve",
            "accord.cli.serve:serve_command",
            "Serve the records, analyses and jobs over HTTP, with accounts and roles (see docs/service.md).",
        ),
        Entry(
            "users",
            "accord.cli.users:users_app",
            "Accounts of the service: add one (prints its token), list, revoke.",
        ),
        Entry(
            "forecast",
            "accord.cli.forecast:forecast_command",
            "Forecast the position (0-100) each ordered point lands on, and name the option nearest to it.",
        ),
        Entry("import", "accord.cli.deu:import_app", "Import negotiations from other datasets as scenarios."),
        Entry(
            "backtest",
            "accord.cli.deu:backtest_command",
            "Forecast every issue with a known outcome; print each model's errors beside the baselines.",
        ),
    )


app = typer.Typer(
    name="accord",
    cls=AccordGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"accord {metadata.version('accord')}")
        raise typer.Exit()


@app.callback()
def accord(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Analyse mediated multi-party negotiations: agreement zones, fair packages, the record of talks."""


def main() -> None:
    """Entry point of the ``accord`` script."""
    app()
