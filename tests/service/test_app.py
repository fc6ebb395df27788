"""The app on a real server: every route against every role from the one role table; nothing a party sends
ever reaches another party; errors, headers, limits."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import accord
from accord.analysis.outputs import AnalysisOutput
from accord.service import ACCESS, Principal, Role, ServiceConfig, create_app
from accord.service.app import routes_of
from accord.service.roles import Grant, admits, parse_role
from accord.service.users import add_user
from tests.service.conftest import PASSWORD, PRIVATE, RESERVATION, ROLES, Running, get_json

PARTIES = tuple(PRIVATE)


def _routes() -> list[tuple[str, str, str]]:
    """(name, method, path) of every route of the app."""
    app = create_app(ServiceConfig(db="sqlite:///unused.db"))
    found = []
    for route in routes_of(app):
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((str(route.name), method, str(route.path)))
    return found


ROUTES = _routes()


def _principal(role: str) -> Principal:
    kind, party = parse_role(ROLES[role])
    return Principal(role, kind, None if kind is Role.ADMIN else 1, party)


def _body(name: str, server: Running) -> dict[str, object] | None:
    """A well-formed body for each route that takes one."""
    bodies: dict[str, dict[str, object]] = {
        "talks.create": {},
        "sign-in": {"name": "observer", "password": PASSWORD},
        "record.meeting.add": {
            "id": "walk",
            "venue": "Geneva",
            "participants": ["ukraine"],
            "status": "planned",
        },
        "record.statement.add": {
            "party": "russia",
            "speaker": "A",
            "text": "walked",
            "date": "2025-12-22",
            "source": "test",
        },
        "record.status.set": {
            "party": "ukraine",
            "point": "ceasefire",
            "status": "open",
            "source": "test",
            "date": "2025-12-22",
        },
        "proposal.create": {},
        "publications.create": {"title": "draft", "package": _package(server)},
        "simulations.create": {"runs": 1, "rounds": 5},
        "sessions.create": {"protocol": "single-text", "rounds": 1, "seats": WALK_SEATS},
        "sessions.move": {"party": "ukraine", "vote": "accept"},
        "tournaments.create": {"strategies": ["linear"], "rounds": 5},
        "robustness.create": {"samples": 16},
    }
    if name == "preferences.write":
        with server.client("mediator") as mediator:
            preferences: dict[str, object] = get_json(mediator, "/talks/1/parties/ukraine/preferences")
            return preferences
    return bodies.get(name)


def _package(server: Running) -> dict[str, str]:
    with server.client("mediator") as mediator:
        scenario = get_json(mediator, "/talks/1")["scenario"]
    return {p["id"]: p["options"][0]["id"] for d in scenario["documents"] for p in d["points"]}


@pytest.fixture(scope="module")
def job_id(server: Running) -> str:
    with server.client("mediator") as mediator:
        response = mediator.post("/talks/1/simulations", json={"runs": 1, "rounds": 5})
        assert response.status_code == 202, response.text
        return str(response.json()["job"])


WALK_SEATS = {"ukraine": "person", "russia": "linear", "united-states": "linear", "europe": "linear"}
"""A live session's seats in the walk: Ukraine's delegation sits in it, Russia's does not."""


@pytest.fixture(scope="module")
def session_id(server: Running) -> str:
    """A live session Ukraine played to its end (so that its event stream ends too)."""
    with server.client("mediator") as mediator:
        made = mediator.post("/talks/1/sessions", json=_body("sessions.create", server))
        assert made.status_code == 201, made.text
    sid = str(made.json()["id"])
    with server.client("ukraine") as ukraine:
        for _ in range(2):  # the vote of round 1, then the signature of the final text
            assert (
                ukraine.post(f"/sessions/{sid}/moves", json=_body("sessions.move", server)).status_code == 200
            )
        assert get_json(ukraine, f"/sessions/{sid}")["state"] in ("agreed", "broken-down")
    return sid


def _call(client: httpx.Client, method: str, path: str, body: object, **params: str) -> httpx.Response:
    site = str(client.base_url).removesuffix("/").removesuffix("/api/v1")
    url = (path.removeprefix("/api/v1") if path.startswith("/api/v1") else site + path).format(
        talks_id="1",
        job_id=params.get("job_id", "x"),
        party=params.get("party", "ukraine"),
        session_id=params.get("session_id", "0" * 32),
    )
    if "/diff" in url:
        url += "?since=2025-12-15"
    if url.endswith("/events"):
        with client.stream(method, url) as response:
            response.read()
            return response
    return client.request(method, url, json=body)


def test_every_route_is_in_the_role_table() -> None:
    mounts = {
        str(r.name) for r in routes_of(create_app(ServiceConfig(db="sqlite:///unused.db"))) if not r.methods
    }
    names = {name for name, _, _ in ROUTES} | mounts  # a mount (static files) answers every method
    assert names == set(ACCESS), (
        f"routes without an entry: {names - set(ACCESS)}; stale: {set(ACCESS) - names}"
    )


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_route_answers_each_role_as_the_table_says(
    server: Running, job_id: str, session_id: str, role: str | None
) -> None:
    with server.client(role) as client:
        for name, method, path in ROUTES:
            grants = ACCESS[name]
            body = _body(name, server)
            response = _call(
                client, method, path, body, job_id=job_id, party="ukraine", session_id=session_id
            )
            where = f"{role} {method} {path} -> {response.status_code} {response.text[:200]}"
            if role is None:
                expected_401 = Grant.PUBLIC not in grants
                assert (response.status_code == 401) == expected_401, where
            elif admits(grants, _principal(role), 1, "ukraine"):
                assert response.status_code not in (401, 403), where
                assert response.status_code < 500, where
            else:
                assert response.status_code == 403, where


def _everything(client: httpx.Client, job_id: str, session_id: str) -> Iterator[str]:
    """Every response a caller can get: every route, every party in the path, errors included."""
    for name, method, path in ROUTES:
        if name in ("talks.create", "preferences.write", "swagger_ui_html", "openapi", "sign-in"):
            continue
        for party in PARTIES:
            body: dict[str, object] | None = {"agreement": None} if name == "proposal.create" else None
            if name == "publications.create":
                body = {"title": "t", "package": {}}
            if name in ("simulations.create", "tournaments.create"):
                body = {"runs": 1} if name.startswith("sim") else {"strategies": ["linear"]}
            response = _call(client, method, path, body, job_id=job_id, party=party, session_id=session_id)
            yield response.text
            if "{party}" not in path:
                break


def test_no_party_ever_sees_another_partys_private_numbers(
    server: Running, job_id: str, session_id: str
) -> None:
    with server.client("mediator") as mediator:
        package = _package(server)
        assert (
            mediator.post("/talks/1/publications", json={"title": "text 1", "package": package}).status_code
            == 201
        )
        seen = "".join(_everything(mediator, job_id, session_id))
        assert all(value in seen for value in PRIVATE.values())  # the search finds them where they are
    for role in ("ukraine", "russia", "observer"):
        with server.client(role) as client:
            seen = "".join(_everything(client, job_id, session_id))
        own = role if role in PRIVATE else None
        for party in PARTIES:
            if party != own:
                assert PRIVATE[party] not in seen, f"{role} sees {party}'s {PRIVATE[party]}"
                assert RESERVATION[party] not in seen, f"{role} sees {party}'s {RESERVATION[party]}"
        if own is not None:
            assert PRIVATE[own] in seen  # its own preferences, read back


def test_a_party_sees_publications_with_its_own_utility_only(server: Running) -> None:
    with server.client("mediator") as mediator:
        assert (
            mediator.post(
                "/talks/1/publications", json={"title": "pub", "package": _package(server)}
            ).status_code
            == 201
        )
        everyone = get_json(mediator, "/talks/1/publications")[-1]["utilities"]
    assert set(everyone) == set(PARTIES)
    with server.client("ukraine") as ukraine:
        mine = get_json(ukraine, "/talks/1/publications")[-1]
    assert mine["utilities"] == {"ukraine": everyone["ukraine"]}
    assert mine["title"] == "pub"


def test_the_analysis_is_the_clis_json_cached_with_an_etag(server: Running) -> None:
    import subprocess
    import sys

    with server.client("mediator") as mediator:
        first = mediator.get("/talks/1/analysis")
        assert first.status_code == 200
        etag = first.headers["etag"]
        again = mediator.get("/talks/1/analysis", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        cli = subprocess.run(
            [sys.executable, "-m", "accord", "analyze", "--db", server.db, "--talks", "1", "--json"],
            capture_output=True, check=True,
        )  # fmt: skip
        assert first.content == cli.stdout
        assert AnalysisOutput.model_validate_json(first.content).format == "accord-analysis/1"
        status = {
            "party": "russia",
            "point": "ceasefire",
            "status": "agreed",
            "option": _package(server)["ceasefire"],
            "source": "t",
            "date": "2025-12-23",
        }
        assert mediator.post("/talks/1/status", json=status).status_code == 201
        after = mediator.get("/talks/1/analysis", headers={"If-None-Match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag  # the agreement locks a point


def test_an_entry_is_authored_by_the_account_that_made_it(server: Running) -> None:
    with server.client("mediator") as mediator:
        body = {
            "party": "europe",
            "speaker": "E",
            "text": "<b>data, not markup</b>",
            "date": "2025-12-24",
            "source": "s",
        }
        made = mediator.post("/talks/1/statements", json=body)
        assert made.status_code == 201, made.text
        events = get_json(mediator, "/talks/1/timeline", params={"since": "2025-12-23"})
    mine = [e for e in events if e["kind"] == "statement" and e["date"] == "2025-12-24"]
    assert len(mine) == 1 and mine[0]["author"] == "mediator"
    assert "<b>data, not markup</b>" in mine[0]["summary"]


def test_bad_input_is_one_message_and_never_a_trace(server: Running) -> None:
    with server.client("mediator") as mediator:
        unknown = mediator.post(
            "/talks/1/status", json={"party": "nobody", "point": "ceasefire", "status": "open", "source": "s"}
        )
        assert unknown.status_code == 400 and "nobody" in unknown.json()["detail"]
        assert mediator.get("/talks/99").status_code == 403  # the mediator holds talks 1 only
        assert mediator.get("/jobs/nope").status_code == 403  # no job of its talks: existence not told
        # regression: a talks number past the database's integers was a 500 (found by schemathesis)
        assert mediator.get(f"/talks/{10**40}/analysis").status_code == 422
    with server.client("admin") as admin:
        assert admin.get("/talks/99").status_code == 404
    for response in (unknown,):
        assert "Traceback" not in response.text and "/src/" not in response.text


def test_security_headers_and_no_cors_by_default(server: Running) -> None:
    response = httpx.get(f"{server.url}/health", headers={"Origin": "https://evil.example"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "access-control-allow-origin" not in response.headers
    assert "server" not in response.headers


def test_bodies_are_bounded_with_and_without_a_length(server: Running) -> None:
    big = b"x" * (16 * 2**20 + 1)
    with server.client("admin") as admin:
        sized = admin.post("/talks", content=big, headers={"Content-Type": "application/json"})
        assert sized.status_code == 413

        def chunks() -> Iterator[bytes]:
            for _ in range(17):
                yield b" " * 2**20

        chunked = admin.post("/talks", content=chunks(), headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413


def test_failed_token_checks_are_rate_limited(server: Running) -> None:
    codes = []
    headers = {"Authorization": "Bearer wrong", "X-Forwarded-For": "10.9.8.7"}
    for _ in range(25):
        codes.append(httpx.get(f"{server.url}/me", headers=headers).status_code)
    assert codes[0] == 401 and codes[-1] == 429
    assert codes.index(429) == 20  # twenty failures a minute, then refused
    with server.client("observer") as observer:  # the limit is per client address: others still get in
        assert observer.get("/me").status_code == 200


def test_a_party_writes_its_own_preferences_and_problems_name_the_field(server: Running) -> None:
    with server.client("ukraine") as ukraine:
        mine = get_json(ukraine, "/talks/1/parties/ukraine/preferences")
        mine["reservation"] = 0.3138
        written = ukraine.put("/talks/1/parties/ukraine/preferences", json=mine)
        assert written.status_code == 200, written.text
        assert get_json(ukraine, "/talks/1/parties/ukraine/preferences")["reservation"] == 0.3138
        mine["weights"]["no-such-point"] = 0.0
        bad = ukraine.put("/talks/1/parties/ukraine/preferences", json=mine)
        assert bad.status_code == 422
        assert any(
            "preferences.ukraine.weights.no-such-point: unknown point" in line
            for line in bad.json()["problems"]
        )
        assert ukraine.put("/talks/1/parties/russia/preferences", json=mine).status_code == 403
    with server.client("mediator") as mediator:  # the mediator reads what the party wrote
        assert get_json(mediator, "/talks/1/parties/ukraine/preferences")["reservation"] == 0.3138


def test_an_invalid_yaml_scenario_is_a_422_with_the_lines_of_accord_validate(server: Running) -> None:
    text = (
        accord.example_path().read_text(encoding="utf-8").replace("reservation: 0.45", "reservation: -0.45")
    )
    with server.client("admin") as admin:
        response = admin.post("/talks", content=text.encode(), headers={"Content-Type": "application/yaml"})
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert len(problems) == 1 and problems[0].startswith("<upload>:")
    _, line, column, rest = problems[0].split(":", 3)
    assert int(line) > 0 and int(column) > 0
    assert rest.startswith(" preferences.russia.reservation: should be 0 or more")
    assert response.json()["detail"][0]["loc"][:2] == ["body", "preferences"]


def test_a_role_holds_in_its_own_talks_only(server: Running) -> None:
    text = accord.example_path().read_bytes()
    with server.client("admin") as admin:
        made = admin.post("/talks", content=text, headers={"Content-Type": "application/yaml"})
        assert made.status_code == 201, made.text
        second = made.json()["id"]
        assert second > 1 and {t["id"] for t in get_json(admin, "/talks")} >= {1, second}
    server.tokens["other"] = add_user(server.db, "other-mediator", "mediator", talks=second)
    with server.client("other") as other:
        assert [t["id"] for t in get_json(other, "/talks")] == [second]
        assert other.get(f"/talks/{second}/analysis").status_code == 200
        assert other.get("/talks/1/analysis").status_code == 403
        assert other.get("/talks/1/parties/ukraine/preferences").status_code == 403
    with server.client("mediator") as mediator:
        assert mediator.get(f"/talks/{second}/timeline").status_code == 403


def test_a_password_signs_in_for_a_session_token_and_failures_are_limited(server: Running) -> None:
    signed = httpx.post(f"{server.url}/sign-in", json={"name": "observer", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    token = signed.json()["token"]
    me = httpx.get(f"{server.url}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"name": "observer", "role": "observer", "talks": 1}
    headers = {"X-Forwarded-For": "10.1.2.3"}
    codes = [
        httpx.post(
            f"{server.url}/sign-in", json={"name": "observer", "password": "guess"}, headers=headers
        ).status_code
        for _ in range(21)
    ]
    assert codes[:20] == [401] * 20 and codes[20] == 429
    right = httpx.post(
        f"{server.url}/sign-in", json={"name": "observer", "password": PASSWORD}, headers=headers
    )
    assert right.status_code == 429  # even the right password waits out the window
