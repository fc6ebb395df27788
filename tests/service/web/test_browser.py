"""The dashboard in a real browser: Debian's chromium driven by Playwright (``executable_path``, never
``playwright install``) against a real server. Every page loads without a console error and every plot has
data; the date control changes the matrix; a simulation's progress reaches 100 % and its dance appears, a
robustness run its interval band and tornado chart; a
party's browser is refused another party's page. Navigation Timing of the pages is printed (no assertion)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.service.conftest import Running
from tests.service.web.conftest import PASSWORD, PRIVATE, site

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


PLOTS = {"": 2, "/analysis": 2, "/explanation": 1, "/proposal": 0, "/parties/ukraine": 0, "/simulations": 0}


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
