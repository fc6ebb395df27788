"""Accounts of the service: a name, a role (per talks, or admin), the hash of an API token, an optional
password for the web sign-in.

A token is 32 random bytes (``secrets``), shown once when the account is made; the store keeps only its
SHA-256, so a stolen database gives no token. A request's token is hashed and looked up by that hash, and the
stored hash is compared with :func:`hmac.compare_digest`: the time a check takes tells nothing about a valid
token. Passwords are hashed with Argon2id (``argon2-cffi``). A password signs in for a session token
valid :data:`SESSION_LIFE`. Revoking keeps the row (its name is then free to be added again) and refuses its
tokens, sessions included, from then on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Row, delete, insert, select, update

from accord.model.errors import AccordError
from accord.service.roles import Principal, Role
from accord.tracker.engine import WRITE
from accord.tracker.store import utc_now
from accord.tracker.tables import accounts, sessions

TOKEN_PREFIX = "accord_"
MAX_NAME = 200
SESSION_LIFE = dt.timedelta(hours=12)
"""How long a sign-in session's token is valid."""
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """An account as listed: never its token or password."""

    principal: Principal
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    has_password: bool

    def to_dict(self) -> dict[str, object]:
        who = self.principal
        return {
            "name": who.name,
            "role": who.label,
            "talks": who.talks,
            "created_at": self.created_at.isoformat(),
            "revoked_at": None if self.revoked_at is None else self.revoked_at.isoformat(),
            "password": self.has_password,
        }


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


def add_account(
    engine: Engine, who: Principal, *, password: str | None = None, now: dt.datetime | None = None
) -> str:
    """Make an account (or remake a revoked one of the same name) and return its new token."""
    name = who.name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise AccordError(f"account name '{who.name}' must be 1-{MAX_NAME} printable characters, no spaces")
    if (who.role is Role.ADMIN) != (who.talks is None):
        raise AccordError("--talks names the talks of a mediator, observer or party role (not of admin)")
    token = new_token()
    row = {
        "name": name,
        "role": who.role.value,
        "talks": who.talks,
        "party": who.party,
        "token_hash": token_hash(token),
        "password_hash": None if password is None else _hasher.hash(password),
        "created_at": now or utc_now(),
        "revoked_at": None,
    }
    with _writing(engine) as connection:
        existing = connection.execute(select(accounts.c.revoked_at).where(accounts.c.name == name)).first()
        if existing is not None and existing.revoked_at is None:
            raise AccordError(f"account '{name}' exists: revoke it first to make it again")
        if existing is not None:
            connection.execute(delete(sessions).where(sessions.c.account == name))
            connection.execute(delete(accounts).where(accounts.c.name == name))
        connection.execute(insert(accounts).values(row))
    return token


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.name)).all()
    return [_account(row) for row in rows]


def revoke_account(engine: Engine, name: str, *, now: dt.datetime | None = None) -> None:
    with _writing(engine) as connection:
        done = connection.execute(
            update(accounts)
            .where(accounts.c.name == name, accounts.c.revoked_at.is_(None))
            .values(revoked_at=now or utc_now())
        )
    if done.rowcount != 1:
        raise AccordError(f"no active account '{name}' (see 'accord users list')")


def authenticate(engine: Engine, token: str) -> Principal | None:
    """The account an API token or an unexpired sign-in session belongs to, or None (unknown, expired or
    revoked)."""
    wanted = token_hash(token)
    active = accounts.c.revoked_at.is_(None)
    with engine.connect() as connection:
        row = connection.execute(select(accounts).where(accounts.c.token_hash == wanted, active)).first()
        if row is not None and hmac.compare_digest(row.token_hash, wanted):
            return _account(row).principal
        session = connection.execute(
            select(accounts, sessions.c.token_hash.label("session"))
            .join(sessions, sessions.c.account == accounts.c.name)
            .where(sessions.c.token_hash == wanted, sessions.c.expires_at > utc_now(), active)
        ).first()
    if session is None or not hmac.compare_digest(session.session, wanted):
        return None
    return _account(session).principal


def sign_in(engine: Engine, name: str, password: str) -> tuple[str, dt.datetime] | None:
    """A new session token (and when it expires) if ``password`` is the account's, else None."""
    who = check_password(engine, name, password)
    if who is None:
        return None
    return open_session(engine, who.name)


def open_session(engine: Engine, name: str) -> tuple[str, dt.datetime]:
    """A new session token of account ``name`` (already authenticated) and when it expires."""
    token, now = new_token(), utc_now()
    expires = now + SESSION_LIFE
    row = {"token_hash": token_hash(token), "account": name, "created_at": now, "expires_at": expires}
    with _writing(engine) as connection:
        connection.execute(delete(sessions).where(sessions.c.account == name, sessions.c.expires_at <= now))
        connection.execute(insert(sessions).values(row))
    return token, expires


def close_session(engine: Engine, token: str) -> None:
    """End a sign-in session (signing out): its token is refused from then on."""
    with _writing(engine) as connection:
        connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token)))


def check_password(engine: Engine, name: str, password: str) -> Principal | None:
    """The account if ``password`` is its sign-in password, else None."""
    with engine.connect() as connection:
        row = connection.execute(
            select(accounts).where(accounts.c.name == name, accounts.c.revoked_at.is_(None))
        ).first()
    if row is None or row.password_hash is None:
        _hasher.hash(password)  # the same work as a real check: no timing hint that the name is unknown
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _account(row).principal


def _account(row: Row[tuple[object, ...]]) -> Account:
    principal = Principal(
        name=str(row.name),
        role=Role(row.role),
        talks=row.talks,
        party=row.party,
    )
    return Account(principal, row.created_at, row.revoked_at, row.password_hash is not None)
