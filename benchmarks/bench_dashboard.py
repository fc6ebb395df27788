"""Navigation Timing of the dashboard's pages in a real browser (Debian's chromium driven by Playwright)
against a real server: the example's overview and analysis, and the analysis of a five-party ANAC domain
(``y2015/group9-killer_robot``, 240,000 packages, from ``../shared/data/genius``).

Each page is loaded twice: the first load computes the analysis (and caches it, as the API does), the second
reads the cache. Prints the time from navigation start to the end of the load event, in ms.

    python benchmarks/bench_dashboard.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.genius_data import DATA  # noqa: E402
from tests.service.conftest import start_server  # noqa: E402
from tests.service.web.conftest import PASSWORD, add_genius_talks, populate, site  # noqa: E402
from tests.service.web.test_browser import ARGS, CHROMIUM  # noqa: E402

FIVE_PARTIES = DATA / "y2015" / "group9-killer_robot"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cached loads measured per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        running = start_server(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            populate(running)
            pages = {"example overview": "/talks/1", "example analysis": "/talks/1/analysis"}
            if FIVE_PARTIES.is_dir():
                talks_id = add_genius_talks(running, FIVE_PARTIES, "mediator-2")
                pages["five-party analysis"] = f"/talks/{talks_id}/analysis"
            else:
                print(f"no {FIVE_PARTIES}: the five-party domain is skipped")
            measure(site(running), pages, args.repeat)
        finally:
            running.stop()


def measure(base: str, pages: dict[str, str], repeat: int) -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for label, path in pages.items():
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(base + "/login")
            page.fill("#name", "mediator-2" if path.startswith("/talks/2") else "mediator")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/talks")
            first, *cached = (_load(page, base + path) for _ in range(repeat + 1))
            print(f"{label:22} first {first:7.0f} ms   cached median {statistics.median(cached):6.0f} ms")
            page.close()
        browser.close()


def _load(page: object, url: str) -> float:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    entry = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")  # type: ignore[attr-defined]
    return float(entry["loadEventEnd"] - entry["startTime"])


if __name__ == "__main__":
    main()
