"""Regenerate the dashboard's screenshots in docs/dashboard/ (small PNGs for docs/dashboard.md, the README).

Starts a real server on a temporary SQLite file with the example talks (as the tests have them, and as
published, with its uncertainty ranges, for the robustness page; and, when ``../shared/data/genius`` is
there, the two-party ANAC domain ``y2010/Travel``), signs in with Debian's chromium through Playwright and
photographs each page's top.

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
from tests.service.conftest import start_server  # noqa: E402
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
                if travel is not None:
                    _sign_in(page, base, "travel")
                    _shoot(page, base, f"/talks/{travel}/analysis", "analysis-two-parties")
                browser.close()
        finally:
            running.stop()


if __name__ == "__main__":
    main()
