"""The API's docs page: Swagger UI (5.x, which renders OpenAPI 3.1) served from an installed package, never a
CDN, so that a team behind a firewall sees the page too.

Swagger UI's script, style and icon are the files the ``fastapi-offline`` package ships (found without
importing it, like Plotly for the dashboard); they are public static files under :data:`ASSETS`. The page
itself and the description it reads need a token or the dashboard's session, like the rest of the API.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from accord.service.context import Reader


def _swagger_ui_files() -> Path:
    """The folder of Swagger UI's files in the installed ``fastapi-offline`` package."""
    spec = find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the API's docs page needs fastapi-offline: pip install fastapi-offline")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


SWAGGER_UI = _swagger_ui_files()
FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")
"""The files the page loads (the package also holds ReDoc, which is not served)."""


class _Assets(StaticFiles):
    """Swagger UI's files, and no others, cached by browsers for a day."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path not in FILES:
            path = "-"  # a name the folder does not hold: 404
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response


def install(app: FastAPI, *, docs: str, openapi: str) -> None:
    """Add the docs page at ``docs`` (reading the description at ``openapi``) and its files."""
    assets = f"{docs}/assets"
    app.mount(assets, _Assets(directory=SWAGGER_UI), name="docs.assets")

    @app.get(docs, include_in_schema=False, name="swagger_ui_html")
    def docs_page(who: Reader) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title="Accord API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon.png",
        )
