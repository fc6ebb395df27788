"""``accord users``: accounts of the service, each with a role and an API token (only its hash is kept)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from accord.cli.console import out, print_json, report_errors
from accord.cli.track_inputs import Db, JsonFlag, say
from accord.service.users import add_user, list_users, revoke_user

users_app = typer.Typer(
    help="Accounts of the service: add one (prints its token), list, revoke.", no_args_is_help=True
)
MAX_PASSWORD = 1024


@users_app.command("add")
@report_errors
def add_command(
    name: Annotated[str, typer.Argument(help="The account's name.")],
    role: Annotated[
        str, typer.Option("--role", help="admin, or in one talks: mediator, observer or party:PARTY_ID.")
    ],
    talks: Annotated[int | None, typer.Option("--talks", min=1, help="The talks the role holds in.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Also set a web sign-in password, read from stdin.")
    ] = False,
    db: Db = None,
) -> None:
    """Make an account; print its API token (alone, on one line: it is shown only this once)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline(MAX_PASSWORD + 1).rstrip("\r\n")
    token = add_user(db, name, role, talks=talks, password=password)
    sys.stdout.write(token + "\n")
    sys.stdout.flush()


@users_app.command("list")
@report_errors
def list_command(as_json: JsonFlag = False, db: Db = None) -> None:
    """Every account: name, role, talks, when made and revoked (never a token)."""
    found = [account.to_dict() for account in list_users(db)]
    if as_json:
        print_json(found)
        return
    table = Table("name", "role", "talks", "created", "revoked", "password")
    for row in found:
        cells = [
            row["name"],
            row["role"],
            row["talks"],
            row["created_at"],
            row["revoked_at"],
            row["password"],
        ]
        table.add_row(*("-" if cell is None else str(cell) for cell in cells))
    out.print(table)


@users_app.command("revoke")
@report_errors
def revoke_command(
    name: Annotated[str, typer.Argument(help="The account to revoke.")], db: Db = None
) -> None:
    """Refuse the account's token from now on."""
    revoke_user(db, name)
    say(f"revoked account '{name}'")
