"""``accord users``: the token alone on stdout, only its hash stored, revoking, passwords from stdin."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from accord.cli import app
from accord.service.accounts import authenticate, check_password, token_hash
from accord.tracker import Store
from accord.tracker.engine import make_engine
from accord.tracker.tables import accounts

runner = CliRunner()


def _record(tmp_path: Path) -> str:
    db = str(tmp_path / "talks.db")
    with Store.open(db) as store:
        store.load_example(author="analyst")
    return db


def test_add_prints_the_token_alone_and_stores_only_its_hash(tmp_path: Path) -> None:
    db = _record(tmp_path)
    result = runner.invoke(
        app, ["users", "add", "kyiv", "--role", "party:ukraine", "--talks", "1", "--db", db]
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and token.startswith("accord_") and len(token) > 40
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        stored = connection.execute(select(accounts)).one()
    assert token not in str(tuple(stored)) and stored.token_hash == token_hash(token)
    assert tmp_path.joinpath("talks.db").read_bytes().find(token.encode()) == -1
    who = authenticate(engine, token)
    assert who is not None and who.label == "party:ukraine" and who.talks == 1
    engine.dispose()


def test_list_and_revoke(tmp_path: Path) -> None:
    db = _record(tmp_path)
    token = runner.invoke(app, ["users", "add", "boss", "--role", "admin", "--db", db]).stdout.strip()
    assert (
        runner.invoke(
            app, ["users", "add", "med", "--role", "mediator", "--talks", "1", "--db", db]
        ).exit_code
        == 0
    )
    listed = json.loads(runner.invoke(app, ["users", "list", "--json", "--db", db]).stdout)
    assert [(a["name"], a["role"], a["talks"], a["revoked_at"]) for a in listed] == [
        ("boss", "admin", None, None),
        ("med", "mediator", 1, None),
    ]
    assert token not in json.dumps(listed)
    revoked = runner.invoke(app, ["users", "revoke", "boss", "--db", db])
    assert revoked.exit_code == 0 and "revoked account 'boss'" in revoked.stdout
    engine = make_engine(f"sqlite:///{db}")
    assert authenticate(engine, token) is None
    engine.dispose()
    again = runner.invoke(app, ["users", "revoke", "boss", "--db", db])
    assert again.exit_code == 2 and "no active account 'boss'" in again.stderr
    remade = runner.invoke(app, ["users", "add", "boss", "--role", "admin", "--db", db])
    assert remade.exit_code == 0 and remade.stdout.strip() != token


def test_password_stdin_sets_an_argon2_hash(tmp_path: Path) -> None:
    db = _record(tmp_path)
    args = ["users", "add", "obs", "--role", "observer", "--talks", "1", "--password-stdin", "--db", db]
    assert runner.invoke(app, args, input="correct horse\n").exit_code == 0
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        stored = connection.execute(select(accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert check_password(engine, "obs", "correct horse") is not None
    assert check_password(engine, "obs", "wrong") is None
    engine.dispose()


def test_bad_roles_and_names_are_one_line_and_exit_2(tmp_path: Path) -> None:
    db = _record(tmp_path)
    cases = {
        ("x", "--role", "party:nobody", "--talks", "1"): "no party 'nobody' in talks 1",
        ("x", "--role", "mediator"): "give --talks ID",
        ("x", "--role", "chief", "--talks", "1"): "unknown role 'chief'",
        ("x", "--role", "mediator", "--talks", "7"): "no talks 7",
        ("two words", "--role", "admin"): "no spaces",
    }
    for args, message in cases.items():
        result = runner.invoke(app, ["users", "add", *args, "--db", db])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output
    missing = runner.invoke(app, ["users", "list", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no record at" in missing.stderr
