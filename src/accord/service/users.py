"""``accord users``: the accounts of a server's database, checked against its talks and parties."""

from __future__ import annotations

from pathlib import Path

from accord.model.errors import AccordError
from accord.service import accounts
from accord.service.accounts import Account
from accord.service.roles import Principal, Role, parse_role
from accord.service.talks import Talks
from accord.tracker.engine import resolve_url


def _talks(db: str | Path | None) -> Talks:
    return Talks(resolve_url(db), create=False)


def add_user(
    db: str | Path | None, name: str, role: str, *, talks: int | None = None, password: str | None = None
) -> str:
    """Make an account with a role (``party:ID`` names a party of the talks); its new API token."""
    kind, party = parse_role(role)
    if kind is not Role.ADMIN and talks is None:
        raise AccordError(f"the {role} role holds in one talks: give --talks ID")
    if password is not None and not password:
        raise AccordError("the password read from standard input is empty")
    store = _talks(db)
    try:
        if talks is not None and kind is not Role.ADMIN:
            scenario = store.store(talks).scenario()
            if party is not None and party not in {p.id for p in scenario.parties}:
                known = ", ".join(p.id for p in scenario.parties)
                raise AccordError(f"no party '{party}' in talks {talks} (parties: {known})")
        who = Principal(name=name, role=kind, talks=talks, party=party)
        return accounts.add_account(store.engine, who, password=password)
    finally:
        store.close()


def list_users(db: str | Path | None) -> list[Account]:
    store = _talks(db)
    try:
        return accounts.list_accounts(store.engine)
    finally:
        store.close()


def revoke_user(db: str | Path | None, name: str) -> None:
    store = _talks(db)
    try:
        accounts.revoke_account(store.engine, name)
    finally:
        store.close()
