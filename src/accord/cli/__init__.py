"""The ``accord`` command line: thin commands over the library, one module each."""

from __future__ import annotations

from importlib import metadata
from typing import Annotated

import typer

from accord.cli.analyze import analyze_command
from accord.cli.convert import convert_command
from accord.cli.demo import demo_command
from accord.cli.explain import explain_command
from accord.cli.propose import propose_command
from accord.cli.schema import schema_command
from accord.cli.serve import serve_command
from accord.cli.simulate import simulate_command
from accord.cli.tournament import tournament_command
from accord.cli.track import track_app
from accord.cli.users import users_app
from accord.cli.validate import validate_command

app = typer.Typer(
    name="accord",
    help="Analyse mediated multi-party negotiations: agreement zones, fair packages, the record of talks.",
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
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Options of ``accord`` itself (before any command)."""


app.command("demo")(demo_command)
app.command("analyze")(analyze_command)
app.command("explain")(explain_command)
app.command("propose")(propose_command)
app.command("validate")(validate_command)
app.command("schema")(schema_command)
app.command("convert")(convert_command)
app.command("simulate")(simulate_command)
app.command("tournament")(tournament_command)
app.add_typer(track_app, name="track")
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")


def main() -> None:
    """Entry point of the ``accord`` script."""
    app()
