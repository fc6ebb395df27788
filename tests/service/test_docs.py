"""The API's docs page on a real server: Swagger UI 5 from the installed package, nothing from a CDN. Every
file the page names is fetched from the server itself; in a real browser that may reach nothing else, the page
renders the API's operations."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.service.conftest import Running, serving
from tests.service.web.conftest import site

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    yield from serving(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}")


def _page(server: Running) -> str:
    with server.client("observer") as observer:
        response = observer.get("/docs")
    assert response.status_code == 200, response.text
    assert "'unsafe-inline'" in response.headers["content-security-policy"]  # Swagger UI's start-up script
    assert "http" not in response.headers["content-security-policy"]
    return response.text


def test_the_docs_page_needs_a_token_and_names_no_othersite(server: Running) -> None:
    assert httpx.get(f"{server.url}/docs", timeout=30).status_code == 401
    page = _page(server)
    assert re.search(r"https?://", page) is None, page
    assert "cdn" not in page.lower()


def test_every_file_the_docs_page_names_comes_from_the_server(server: Running) -> None:
    named = re.findall(r'(?:src|href)="([^"]+)"', _page(server))
    assert len(named) == 3, named  # the script, the style and the icon
    for path in named:
        assert path.startswith("/api/v1/docs/assets/"), path
        response = httpx.get(site(server) + path, timeout=30)  # public: no token
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "public, max-age=86400"
        assert len(response.content) > 1000, path
    bundle = httpx.get(f"{site(server)}/api/v1/docs/assets/swagger-ui-bundle.js", timeout=30).text
    version = re.search(r'PACKAGE_VERSION:"([0-9]+)\.', bundle)
    assert version is not None and int(version.group(1)) >= 5  # Swagger UI 5 renders OpenAPI 3.1


def test_only_swagger_uis_files_are_served(server: Running) -> None:
    for name in ("redoc.standalone.js", "../__init__.py", "%2e%2e/core.py", ""):
        response = httpx.get(f"{site(server)}/api/v1/docs/assets/{name}", timeout=30)
        assert response.status_code == 404, name
        assert "fastapi_offline" not in response.text


@pytest.mark.slow
def test_the_docs_page_renders_the_operations_in_a_browser_that_reaches_only_the_server(
    server: Running,
) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (scripts/chromium.sh installs it)")
    base, elsewhere, errors = site(server), [], []

    def only_the_server(route: Any) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--disable-gpu"])
        try:
            context = browser.new_context(
                extra_http_headers={"Authorization": f"Bearer {server.tokens['mediator']}"}
            )
            context.route("**/*", only_the_server)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server.url}/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=60_000)
            paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
            version = page.text_content(".info .version-stamp")
        finally:
            browser.close()
    assert any("/api/v1/talks/{talks_id}/analysis" in p for p in paths), paths
    assert len(paths) >= 20, paths
    assert version is not None and "OAS 3.1" in version
    assert elsewhere == [] and errors == [], (elsewhere, errors)
