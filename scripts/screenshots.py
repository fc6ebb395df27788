"""Regenerate the dashboard's screenshots in docs/dashboard/ (small PNGs for docs/dashboard.md, the README).

Starts a real server on a temporary SQLite file with the example talks (as the tests have them, with live
sessions, and as published, with its uncertainty ranges, for the robustness page; and, when
``../shared/data/genius`` is there, the two-party ANAC domain ``y2010/Travel``), signs in with Debian's
chromium through Playwright and photographs each page's top.

    python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from tests.genius_data import DATA  # noqa: E402
from tests.service.conftest import Running, start_server  # noqa: E402
from tests.service.web.conftest import PASSWORD, add_genius_talks, add_talks, populate, site  # noqa: E402
from tests.service.web.test_browser import ARGS, CHROMIUM  # noqa: E402

import accord  # noqa: E402

OUT = ROOT / "docs" / "dashboard"
TWO_PARTIES = DATA / "y2010" / "Travel"
SIZE = {"width": 1000, "height": 720}


def _sign_in(page: Page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/talks")


def _shoot(page: Page, base: str, path: str, name: str, below: str | None = None) -> None:
    page.goto(base + path)
    page.wait_for_load_state("load")
    page.wait_for_function("Array.from(document.querySelectorAll('[data-figure]')).every(e => e.data)")
    if below:
        page.locator(below).scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"docs/dashboard/{name}.png")


def _live(page: Page, base: str, running: Running) -> None:
    """A class's live sessions on the example: the teacher's view, a delegation's page, the mediator's page
    and, once played to the end, the replay."""
    _sign_in(page, base, "mediator")
    page.goto(base + "/talks/1/sessions")
    page.fill("#rounds", "4")
    for party in ("united-states", "europe"):
        page.select_option(f"select[name='seat/{party}']", "linear")
    page.fill("#groups", "Monday group\nTuesday group")
    page.click("#new-sessions button[type=submit]")
    page.wait_for_url("**created=2")
    sid = str(page.get_attribute("#sessions a[href^='/sessions/']", "href")).removeprefix("/sessions/")
    with running.client("ukraine") as ukraine:  # Ukraine has voted; Russia's delegation is awaited
        ukraine.post(f"/sessions/{sid}/moves", json={"party": "ukraine", "vote": "accept", "round": 1})
    _shoot(page, base, "/talks/1/sessions", "sessions")
    _shoot(page, base, f"/sessions/{sid}", "live-mediator")
    _sign_in(page, base, "russia")
    _shoot(page, base, f"/sessions/{sid}", "live-person")
    for _ in range(40):  # both delegations accept whatever they are asked, until the session ends
        with running.client("mediator") as mediator:
            state = mediator.get(f"/sessions/{sid}").json()
        if state["state"] in ("agreed", "broken-down"):
            break
        for party in state["waiting_for"]:
            with running.client(party) as client:
                client.post(f"/sessions/{sid}/moves", json={"party": party, "vote": "accept"})
    _sign_in(page, base, "mediator")
    _shoot(page, base, f"/sessions/{sid}/replay", "live-replay")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        running = start_server(f"sqlite:///{Path(folder) / 'shots.db'}")
        try:
            populate(running)
            uncertain = add_talks(running, accord.load(accord.example_path()), "analyst")
            travel = add_genius_talks(running, TWO_PARTIES, "travel") if TWO_PARTIES.is_dir() else None
            base = site(running)
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                page = browser.new_page(viewport=SIZE, device_scale_factor=0.75)
                _shoot(page, base, "/login", "login")
                _sign_in(page, base, "mediator")
                _shoot(page, base, "/talks/1", "overview")
                _shoot(page, base, "/talks/1/analysis", "analysis")
                _shoot(page, base, "/talks/1/explanation", "explanation")
                _shoot(page, base, "/talks/1/proposal", "proposal")
                page.goto(base + "/talks/1/simulations")
                page.click("text=Start")
                page.wait_for_selector("#dance .main-svg", timeout=120_000)
                _shoot(page, base, page.url.removeprefix(base), "simulation", below="#dance")
                _sign_in(page, base, "analyst")
                page.goto(f"{base}/talks/{uncertain}/robustness")
                page.click("text=Start")
                page.wait_for_selector("#tornado .main-svg", timeout=120_000)
                _shoot(page, base, page.url.removeprefix(base), "robustness", below="#convergence")
                _shoot(page, base, page.url.removeprefix(base), "robustness-drivers", below="#tornado")
                _sign_in(page, base, "ukraine")
                _shoot(page, base, "/talks/1/parties/ukraine", "party")
                _live(page, base, running)
                if travel is not None:
                    _sign_in(page, base, "travel")
                    _shoot(page, base, f"/talks/{travel}/analysis", "analysis-two-parties")
                browser.close()
        finally:
            running.stop()


if __name__ == "__main__":
    main()
