"""The dashboard's pages on a real server: sign-in, session cookie and CSRF, each role's pages, the date
control, and nothing of another party's preferences in any page a party can load."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from accord.analysis.robustness import robustness
from accord.protocols.rules import Deadline
from accord.service.web.session import LOGIN, SESSION
from accord.tournaments.simulation import SimulationConfig, simulate_run
from accord.tracker import Store
from tests.service.conftest import Running
from tests.service.web.conftest import PASSWORD, PRIVATE, site

PAGES = (
    "",
    "/analysis",
    "/explanation",
    "/proposal",
    "/robustness",
    "/sessions",
    "/parties/ukraine",
    "/parties/russia",
)
MEDIATOR_PAGES = set(PAGES)


def _csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def signed_in(server: Running, name: str) -> httpx.Client:
    client = httpx.Client(base_url=site(server), timeout=60)
    form = client.get("/login")
    response = client.post("/login", data={"csrf": _csrf(form), "name": name, "password": PASSWORD})
    assert response.status_code == 303, response.text
    return client


def test_sign_in_sets_an_httponly_strict_session_cookie(server: Running) -> None:
    client = httpx.Client(base_url=site(server), timeout=60)
    form = client.get("/login")
    assert 'name="token"' in form.text
    assert "httponly" in form.headers["set-cookie"].lower()
    response = client.post("/login", data={"csrf": _csrf(form), "name": "observer", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/talks"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(SESSION) and "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie  # plain HTTP on loopback; behind TLS the cookie is Secure
    assert client.get("/talks/1").status_code == 200


def test_an_api_token_signs_in_too_and_a_wrong_password_does_not(server: Running) -> None:
    client = httpx.Client(base_url=site(server), timeout=60)
    wrong = client.post(
        "/login", data={"csrf": _csrf(client.get("/login")), "name": "observer", "password": "not it"}
    )
    assert wrong.status_code == 401 and "wrong name and password" in wrong.text
    response = client.post(
        "/login", data={"csrf": _csrf(client.get("/login")), "token": server.tokens["russia"]}
    )
    assert response.status_code == 303
    assert client.get("/talks/1/parties/russia").status_code == 200


def test_a_post_without_the_csrf_token_is_refused(server: Running) -> None:
    client = signed_in(server, "mediator")
    page = client.get("/talks/1/proposal")
    package = dict(re.findall(r'name="package/([^"]+)" value="([^"]+)"', page.text))
    form = {"title": "forged", **{f"package/{k}": v for k, v in package.items()}}
    for sent in ({}, {"csrf": "0" * 64}):
        refused = client.post("/talks/1/proposal", data=form | sent)
        assert refused.status_code == 400 and "did not come from this site" in refused.text
    accepted = client.post("/talks/1/proposal", data=form | {"csrf": _csrf(page)})
    assert accepted.status_code == 303 and "published=" in accepted.headers["location"]
    fresh = httpx.Client(base_url=site(server), timeout=60)
    fresh.cookies.set(LOGIN, "x")
    assert fresh.post("/login", data={"name": "mediator", "password": PASSWORD}).status_code == 400


def test_signing_out_ends_the_session(server: Running) -> None:
    client = signed_in(server, "observer")
    token = client.cookies[SESSION]
    page = client.get("/talks")
    assert client.post("/logout", data={"csrf": _csrf(page)}).status_code == 303
    stale = httpx.Client(base_url=site(server), timeout=60)
    stale.cookies.set(SESSION, token)
    assert stale.get("/talks/1").status_code == 401


def test_a_page_without_an_account_leads_to_the_sign_in(server: Running) -> None:
    response = httpx.get(site(server) + "/talks/1/analysis")
    assert response.status_code == 401
    assert "url=/login?next=/talks/1/analysis" in response.text


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("mediator", MEDIATOR_PAGES),
        ("ukraine", {"", "/sessions", "/parties/ukraine"}),
        ("observer", {""}),
    ],
)
def test_each_role_loads_the_pages_the_role_table_gives_it(
    server: Running, name: str, allowed: set[str]
) -> None:
    client = signed_in(server, name)
    for page in PAGES:
        response = client.get(f"/talks/1{page}")
        assert response.status_code == (200 if page in allowed else 403), (page, response.text[:300])
        assert "<b>readout</b>" not in response.text  # user text is escaped


def test_a_party_finds_no_other_partys_numbers_in_any_page_it_can_load(server: Running) -> None:
    with server.client("mediator") as mediator:
        seats = {party: "person" if party in ("ukraine", "russia") else "linear" for party in PRIVATE}
        made = mediator.post(
            "/talks/1/sessions", json={"protocol": "single-text", "rounds": 2, "seats": seats}
        )
        assert made.status_code == 201, made.text
    live = f"/sessions/{made.json()['id']}"
    client = signed_in(server, "ukraine")
    paths = ("/talks", *(f"/talks/1{p}" for p in PAGES), live, f"{live}/replay")
    seen = "".join(client.get(path).text for path in paths)
    assert "you are ukraine" in seen  # the person's page of the live session
    assert PRIVATE["ukraine"].rstrip("0") in seen  # its own numbers are there
    for party, number in PRIVATE.items():
        if party != "ukraine":
            assert number not in seen, party


def test_the_date_control_shows_the_matrix_as_it_stood(server: Running) -> None:
    client = signed_in(server, "observer")
    before = client.get("/talks/1", params={"as_of": "2026-01-15"}).text
    after = client.get("/talks/1", params={"as_of": "2026-01-25"}).text
    assert "proposed: phased" in before and "rejected: phased" not in before
    assert "rejected: phased" in after
    bad = client.get("/talks/1", params={"as_of": "15/01/2026"})
    assert bad.status_code == 400 and "as_of: &#39;15/01/2026&#39; is not a date" in bad.text


def test_a_party_edits_its_preferences_as_100_points(server: Running) -> None:
    client = signed_in(server, "russia")
    page = client.get("/talks/1/parties/russia")
    fields = dict(re.findall(r'name="((?:weight|value)/[^"]+)"[^>]*value="([^"]*)"', page.text))
    weights = {k: v for k, v in fields.items() if k.startswith("weight/")}
    assert sum(int(v) for v in weights.values()) == 100
    form = fields | {"reservation": "0.25", "csrf": _csrf(page)}
    first = next(iter(weights))
    wrong = client.post("/talks/1/parties/russia", data=form | {first: str(int(weights[first]) + 1)})
    assert wrong.status_code == 400 and "adds up to 101, not 100" in wrong.text
    saved = client.post("/talks/1/parties/russia", data=form)
    assert saved.status_code == 303, saved.text
    assert (
        'id="reservation" name="reservation" min="0" max="1" step="any" value="0.25"'
        in client.get("/talks/1/parties/russia").text
    )


def test_bad_input_on_a_page_is_a_page_with_one_message(server: Running) -> None:
    client = signed_in(server, "mediator")
    page = client.get("/talks/1/proposal")
    form = {"csrf": _csrf(page), "title": "t", "package/territory": "no-such-option"}
    response = client.post("/talks/1/proposal", data=form)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "economic-track" in response.text and "Traceback" not in response.text  # the point it misses
    assert httpx.get(
        site(server) + "/api/v1/talks/9", headers={"Authorization": f"Bearer {server.tokens['admin']}"}
    ).json() == {"detail": "no talks 9"}


def test_a_form_field_out_of_range_is_a_page_naming_the_field(server: Running) -> None:
    client = signed_in(server, "mediator")
    page = client.get("/talks/1/simulations")
    form = {"csrf": _csrf(page), "protocol": "stacked-offers", "strategy": "linear", "rounds": "100000"}
    response = client.post("/talks/1/simulations", data=form)
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "rounds: Input should be less than or equal to 1000" in response.text


def _finished(client: httpx.Client, path: str, timeout: float = 120) -> str:
    """The page of a job once the job has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(path)
        assert page.status_code == 200, page.text[:300]
        if 'data-events=""' in page.text:
            return page.text
        time.sleep(0.3)
    raise AssertionError(f"{path} did not finish in {timeout} s")


def test_a_robustness_run_shows_what_accord_robustness_says(server: Running, uncertain_talks: int) -> None:
    client = signed_in(server, "analyst")
    form = client.get(f"/talks/{uncertain_talks}/robustness")
    assert "2 parties declare ranges" in form.text
    fields = {"csrf": _csrf(form), "samples": "256", "seed": "3", "sampler": "sobol", "as_of": ""}
    started = client.post(f"/talks/{uncertain_talks}/robustness", data=fields)
    assert started.status_code == 303, started.text
    page = _finished(client, started.headers["location"])
    with Store.open(server.db, talks=uncertain_talks) as store:
        expected = robustness(store.scenario_as_of(), samples=256, seed=3).to_output()
    assert 'id="job-state" role="status">done 100 %' in page
    assert f"<strong>{100 * expected.p_zone_nonempty.estimate:.1f} %</strong> of them" in page
    assert f"<strong>{100 * expected.most_robust.p_all_accept:.1f} %</strong> of the samples" in page
    convergence = page.split('id="convergence-table"')[1].split("</table>")[0]
    assert convergence.count("<tr>") == len(expected.convergence) + 1  # and the header
    leading = expected.sensitivity[0]
    assert f'<th scope="row">{leading.input}</th>' in page
    assert leading.tipping_value is not None and f"{leading.tipping_value:.4g}" in page
    for plot in ("convergence", "acceptance", "tornado"):
        assert f'id="{plot}" data-figure=' in page


def test_a_robustness_run_is_refused_out_of_range_and_in_other_talks(
    server: Running, uncertain_talks: int
) -> None:
    client = signed_in(server, "mediator")
    form = client.get("/talks/1/robustness")
    assert "No party declares uncertainty ranges" in form.text  # the private scenario declares none
    wrong = client.post("/talks/1/robustness", data={"csrf": _csrf(form), "samples": "0"})
    assert wrong.status_code == 422 and "samples: Input should be greater than or equal to 1" in wrong.text
    bad_date = client.post("/talks/1/robustness", data={"csrf": _csrf(form), "as_of": "yesterday"})
    assert bad_date.status_code == 400 and "is not a date" in bad_date.text
    assert client.get(f"/talks/{uncertain_talks}/robustness").status_code == 403
    assert client.get("/talks/1/robustness/" + "0" * 32).status_code == 404


def test_a_failed_job_is_shown_with_its_reason_and_no_longer_followed(server: Running) -> None:
    client = signed_in(server, "mediator")
    page = client.get("/talks/1/simulations")
    form = {"csrf": _csrf(page), "protocol": "no-such-protocol", "strategy": "linear", "rounds": "5"}
    started = client.post("/talks/1/simulations", data=form)
    assert started.status_code == 303
    text = _finished(client, started.headers["location"])  # the page stops following the job's events
    assert 'role="status">failed' in text and "no-such-protocol" in text


def test_any_run_of_a_simulation_is_replayed_as_the_simulation_played_it(server: Running) -> None:
    client = signed_in(server, "mediator")
    page = client.get("/talks/1/simulations")
    form = {
        "csrf": _csrf(page),
        "protocol": "stacked-offers",
        "strategy": "random",
        "rounds": "12",
        "runs": "3",
    }
    started = client.post("/talks/1/simulations", data=form)
    assert started.status_code == 303
    path = started.headers["location"]
    _finished(client, path)
    with Store.open(server.db, talks=1) as store:
        scenario = store.scenario_as_of()
    config = SimulationConfig("stacked-offers", ("random",), Deadline(rounds=12), runs=3, seed=0)
    shown = {}
    for run in range(3):
        text = client.get(f"{path}?run={run}").text
        assert f"The negotiation dance (run {run})" in text and f"Every step of run {run}" in text
        table = text.split('id="steps"')[1].split("</table>")[0]
        rounds = re.findall(rf'href="\?run={run}&amp;step=\d+#replay">\d+</a></td><td>(\d+)</td>', table)
        record = simulate_run(scenario, config, run)
        assert [int(r) for r in rounds] == [e.round for e in record.events]
        shown[run] = rounds
    assert len({tuple(r) for r in shown.values()}) > 1  # the runs differ, so the wrong one would show
    missing = client.get(f"{path}?run=3")
    assert missing.status_code == 404 and "has runs 0 to 2, not run 3" in missing.text
