"""The dashboard in a real browser: Debian's chromium driven by Playwright (``executable_path``, never
``playwright install``) against a real server. Every page loads without a console error and every plot has
data; the date control changes the matrix; a simulation's progress reaches 100 % and its dance appears, a
robustness run its interval band and tornado chart; a party's browser is refused another party's page. Live
sessions (issue 14), in three browser contexts - the mediator and two delegations - beside a strategy seat: a
single text played to agreement, alternating offers to breakdown at the deadline, each replay equal to the
stored trace. Navigation Timing of the pages is printed (no assertion)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.service.conftest import Running
from tests.service.web.conftest import PASSWORD, PRIVATE, Table, add_table, site

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]  # fmt: skip
playwright = pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no chromium at {CHROMIUM} (scripts/chromium.sh installs it)", allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Tab:
    """A browser page that keeps every console error and uncaught exception."""

    def __init__(self, browser: Any, server: Running) -> None:
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.base = site(server)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def sign_in(self, name: str) -> None:
        self.page.goto(self.base + "/login")
        self.page.fill("#name", name)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/talks")

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return response

    def traces(self) -> list[int]:
        """The number of traces drawn in each plot of the page, once Plotly has drawn them."""
        self.page.wait_for_function(
            "Array.from(document.querySelectorAll('[data-figure]')).every(e => e.data !== undefined)"
        )
        return list(self.page.evaluate(
            "Array.from(document.querySelectorAll('[data-figure]')).map(e => e.data.length)"
        ))  # fmt: skip

    def navigation_ms(self) -> float:
        entry = self.page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
        return float(entry["loadEventEnd"] - entry["startTime"])


@pytest.fixture
def tab(browser: Any, server: Running) -> Iterator[Tab]:
    opened = Tab(browser, server)
    yield opened
    opened.page.close()


PLOTS = {
    "": 2,
    "/analysis": 2,
    "/explanation": 1,
    "/proposal": 0,
    "/parties/ukraine": 0,
    "/simulations": 0,
    "/robustness": 0,
    "/sessions": 0,
}


def test_every_page_loads_without_a_console_error_and_every_plot_has_data(tab: Tab) -> None:
    tab.sign_in("mediator")
    for page, plots in PLOTS.items():
        tab.open(f"/talks/1{page}")  # first load: computes and caches the analyses
        response = tab.open(f"/talks/1{page}")
        assert response.status == 200, page
        traces = tab.traces()
        assert len(traces) == plots and all(n > 0 for n in traces), (page, traces)
        print(f"Navigation Timing, example, {page or '/'} (cached): {tab.navigation_ms():.0f} ms")
    assert tab.errors == []


def test_the_date_control_changes_the_matrix(tab: Tab) -> None:
    tab.sign_in("observer")
    tab.open("/talks/1")
    tab.page.fill("#as_of", "2026-01-15")
    tab.page.click(".asof button")
    tab.page.wait_for_url("**as_of=2026-01-15")
    before = tab.page.text_content("#matrix")
    tab.page.fill("#as_of", "2026-01-25")
    tab.page.click(".asof button")
    tab.page.wait_for_url("**as_of=2026-01-25")
    after = tab.page.text_content("#matrix")
    assert "proposed: phased" in before and "rejected: phased" in after
    heatmap = tab.page.evaluate("document.getElementById('matrix-plot').data[0].text.flat().join(' ')")
    assert "rejected: phased" in heatmap
    assert tab.errors == []


def test_a_party_is_refused_another_partys_page_and_no_page_holds_its_numbers(tab: Tab) -> None:
    tab.sign_in("ukraine")
    assert tab.open("/talks/1/parties/russia").status == 403
    sources = []
    for page in ("/talks", "/talks/1", "/talks/1/parties/ukraine", "/talks/1/analysis"):
        tab.open(page)
        sources.append(tab.page.content())
    assert tab.page.input_value("#reservation") != "" if tab.open("/talks/1/parties/ukraine") else False
    seen = "".join(sources)
    assert PRIVATE["ukraine"].rstrip("0") in seen
    assert not [party for party, number in PRIVATE.items() if party != "ukraine" and number in seen]


def test_a_form_posted_without_its_csrf_token_is_refused(tab: Tab) -> None:
    tab.sign_in("russia")
    tab.open("/talks/1/parties/russia")
    form = {"reservation": "0.1"}  # the browser's cookie, but no token
    response = tab.page.request.post(tab.base + "/talks/1/parties/russia", form=form)
    assert response.status == 400 and "did not come from this site" in response.text()


def test_a_simulation_reaches_100_percent_and_its_dance_appears(tab: Tab) -> None:
    tab.sign_in("mediator")
    tab.open("/talks/1/simulations")
    tab.page.fill("#rounds", "30")
    tab.page.fill("#runs", "200")
    tab.page.click("text=Start")
    tab.page.wait_for_selector("#dance .main-svg", timeout=120_000)
    assert tab.page.text_content("#job-state").strip() == "done 100 %"
    assert all(n > 0 for n in tab.traces())
    tab.page.click("text=next step")
    tab.page.wait_for_url("**step=1*")
    assert "Step 1:" in tab.page.text_content("#replay caption")
    assert tab.errors == []


def test_a_robustness_run_draws_the_interval_the_packages_and_the_tornado(
    tab: Tab, uncertain_talks: int
) -> None:
    tab.sign_in("analyst")
    tab.open(f"/talks/{uncertain_talks}/robustness")
    tab.page.fill("#samples", "512")
    tab.page.click("text=Start")
    tab.page.wait_for_selector("#tornado .main-svg", timeout=120_000)
    assert tab.page.text_content("#job-state").strip() == "done 100 %"
    traces = tab.traces()
    assert len(traces) == 3 and all(n > 0 for n in traces)
    band = tab.page.evaluate("document.getElementById('convergence').data.map(t => t.y.length)")
    assert band[0] == band[1] == band[2] == 6  # 16, 32, ..., 512 samples, with the interval's two sides
    assert "Over 512 samples" in tab.page.text_content("#verdict")
    assert tab.errors == []


ENDED = "#status .state-agreed, #status .state-broken-down"


def _create_session(tab: Tab, table: Table, protocol: str, rounds: int, seats: dict[str, str]) -> str:
    """The teacher creates one session from the form; its id."""
    tab.sign_in(table.mediator)
    tab.open(f"/talks/{table.talks}/sessions")
    tab.page.select_option("#protocol", protocol)
    tab.page.fill("#rounds", str(rounds))
    for party, seat in seats.items():
        tab.page.select_option(f"select[name='seat/{party}']", seat)
    tab.page.click("#new-sessions button[type=submit]")
    tab.page.wait_for_url("**created=1")
    link = tab.page.get_attribute("#sessions a[href^='/sessions/']", "href")
    tab.open(link)
    print(f"Navigation Timing, the mediator's page of a live session: {tab.navigation_ms():.0f} ms")
    return str(link).removeprefix("/sessions/")


def _seat(tab: Tab, account: str, talks: int, sid: str) -> None:
    """A delegate signs in and opens the session from its list."""
    tab.sign_in(account)
    tab.open(f"/talks/{talks}/sessions")
    tab.page.click(f"a[href='/sessions/{sid}']")
    tab.page.wait_for_selector("#status")
    tab.page.wait_for_load_state("load")
    print(f"Navigation Timing, a delegation's page of a live session: {tab.navigation_ms():.0f} ms")


def _play(people: dict[str, Tab], answer: Any, limit: int = 60) -> None:
    """Each delegate answers whatever its page asks (the pages follow the session live, never reloaded by
    the test), until every page shows the end."""
    for _ in range(limit):
        ended = 0
        for party, tab in people.items():
            try:
                if tab.page.query_selector(ENDED):
                    ended += 1
                elif tab.page.query_selector("#moves form"):
                    with tab.page.expect_navigation():
                        answer(party, tab.page)
            except playwright.Error:
                pass  # the page reloaded under the click (its stream saw a change): look again
        if ended == len(people):
            return
        people[next(iter(people))].page.wait_for_timeout(300)
    raise AssertionError("the session did not end in the browsers")


def _replay_equals_the_trace(tab: Tab, server: Running, table: Table, sid: str) -> None:
    tab.page.click("#replay-link")
    tab.page.wait_for_selector("#dance .main-svg")
    rows = tab.page.eval_on_selector_all(
        "#steps tbody tr", "rows => rows.map(r => [Number(r.cells[1].textContent), r.cells[2].textContent])"
    )
    with server.client(table.mediator) as api:
        trace = [json.loads(line) for line in api.get(f"/sessions/{sid}/trace").text.splitlines()][1:]
    assert [(r, text.split(" ")[0]) for r, text in rows] == [(e["round"], e["kind"]) for e in trace]


def test_a_mediator_and_two_delegations_play_a_single_text_to_agreement(
    browser: Any, server: Running
) -> None:
    table = add_table(server, 3)
    tabs = {name: Tab(browser, server) for name in ("mediator", "v1", "v2")}  # three browser contexts
    try:
        sid = _create_session(
            tabs["mediator"], table, "single-text", 6, {"v1": "person", "v2": "person", "v3": "linear"}
        )
        for party in ("v1", "v2"):
            _seat(tabs[party], table.people[party], table.talks, sid)
            assert tabs[party].page.is_visible("text=Accept the text")
        asked: list[str] = []

        def accept(party: str, page: Any) -> None:
            asked.append(page.text_content("#moves button[value=accept]"))
            page.click("#moves button[value=accept]")

        _play({p: tabs[p] for p in ("v1", "v2")}, accept)
        assert {"Accept the text", "Sign the final text"} <= set(asked)
        mediator = tabs["mediator"].page
        mediator.wait_for_selector("#status .state-agreed")  # its page followed the session live
        assert "agreement" in mediator.text_content("#result")
        for party in ("v1", "v2"):
            assert "an agreement" in tabs[party].page.text_content("#question")
        _replay_equals_the_trace(tabs["mediator"], server, table, sid)
        assert all(tab.errors == [] for tab in tabs.values()), {n: t.errors for n, t in tabs.items()}
    finally:
        for tab in tabs.values():
            tab.page.close()


OWN_BEST = {"v1": {"p1": "a", "p2": "x"}, "v2": {"p1": "c", "p2": "y"}}
"""Each party's best package in the tiny scenario: neither gives way."""


def _hold_firm(party: str, page: Any) -> None:
    if page.query_selector("text=Reject the package"):
        page.click("text=Reject the package")
        return
    for point, option in OWN_BEST[party].items():
        page.select_option(f"select[name='offer/{point}']", option)
    page.click("text=Offer this package")


def test_two_delegations_play_alternating_offers_to_breakdown_at_the_deadline(
    browser: Any, server: Running
) -> None:
    table = add_table(server, 2)
    tabs = {name: Tab(browser, server) for name in ("mediator", "v1", "v2")}
    try:
        sid = _create_session(
            tabs["mediator"], table, "alternating-offers", 2, {"v1": "person", "v2": "person"}
        )
        for party in ("v1", "v2"):
            _seat(tabs[party], table.people[party], table.talks, sid)
        _play({p: tabs[p] for p in ("v1", "v2")}, _hold_firm)
        mediator = tabs["mediator"].page
        mediator.wait_for_selector("#status .state-broken-down")
        assert "(deadline)" in mediator.text_content("#status")
        _replay_equals_the_trace(tabs["mediator"], server, table, sid)
        assert all(tab.errors == [] for tab in tabs.values()), {n: t.errors for n, t in tabs.items()}
    finally:
        for tab in tabs.values():
            tab.page.close()
