"""The role table and how it admits a caller; the app refuses a route missing from the table."""

from __future__ import annotations

import anyio
import httpx
import pytest

from accord.model.errors import AccordError
from accord.service import ACCESS, ServiceConfig, create_app
from accord.service.app import _handle_errors
from accord.service.roles import Grant, Principal, Role, admits, parse_role

MEDIATOR = Principal("m", Role.MEDIATOR, talks=1)
UKRAINE = Principal("u", Role.PARTY, talks=1, party="ukraine")
ADMIN = Principal("a", Role.ADMIN)


def test_roles_are_read_as_the_command_line_writes_them() -> None:
    assert parse_role("party:ukraine") == (Role.PARTY, "ukraine")
    assert parse_role("Mediator") == (Role.MEDIATOR, None)
    for bad in ("party", "party:", "mediator:x", "boss"):
        with pytest.raises(AccordError, match="unknown role"):
            parse_role(bad)


def test_a_role_holds_in_its_own_talks_only() -> None:
    grants = ACCESS["analysis.read"]
    assert admits(grants, MEDIATOR, 1, None)
    assert not admits(grants, MEDIATOR, 2, None)
    assert not admits(grants, ADMIN, 1, None)  # admins run accounts and talks, not analyses


def test_own_party_admits_a_party_on_its_own_preferences_only() -> None:
    grants = ACCESS["preferences.read"]
    assert admits(grants, UKRAINE, 1, "ukraine")
    assert not admits(grants, UKRAINE, 1, "russia")
    assert admits(grants, MEDIATOR, 1, "russia")
    assert not admits(grants, Principal("o", Role.OBSERVER, talks=1), 1, "ukraine")


def test_only_health_sign_in_and_static_files_are_public() -> None:
    public = {name for name, grants in ACCESS.items() if Grant.PUBLIC in grants}
    web = {"web.login", "web.sign-in", "web.plotly", "web.static"}
    assert public == {"health", "sign-in", "docs.assets", *web}


def test_an_app_with_a_route_missing_from_the_table_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(ACCESS, "record.matrix")
    with pytest.raises(RuntimeError, match=r"routes without an entry in the role table: record\.matrix"):
        create_app(ServiceConfig(db="sqlite:///unused.db"))


def test_an_internal_error_is_a_500_without_a_trace() -> None:
    from fastapi import FastAPI

    app = FastAPI()
    _handle_errors(app)

    @app.get("/boom")
    def boom() -> None:
        raise ValueError("secret /srv/accord/src/accord/service/app.py detail")

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/boom")

    response = anyio.run(get)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error in Accord; the server's log has the details"}
