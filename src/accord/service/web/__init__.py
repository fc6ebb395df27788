"""The web dashboard (issue 13): server-rendered pages over the service, signed in with a session cookie.

:func:`install` adds the pages, their static files (Plotly's ``plotly.min.js`` from the installed plotly
package, no CDN) and their error pages to the service's app. Every page is a route in the role table
(:data:`accord.service.roles.ACCESS`, names ``web.*``) and is authorised like the API.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from accord.service.errors import NotFound
from accord.service.web import pages, party, signin, simulations
from accord.service.web.render import HERE
from accord.service.web.session import PageError


def _plotly_data() -> Path:
    """Plotly's ``package_data`` folder, found without importing plotly (a dependency of the service)."""
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the dashboard needs plotly: pip install plotly")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data"


PLOTLY = _plotly_data()
__all__ = ["install"]


def install(app: FastAPI) -> None:
    """Add the dashboard to the service's app."""

    @app.get("/static/plotly.min.js", name="web.plotly", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY / "plotly.min.js", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web.static")
    for module in (signin, pages, party, simulations):
        app.include_router(module.router)

    @app.exception_handler(PageError)
    async def refused(request: Request, error: PageError) -> Response:
        return signin.refused(request, error)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return signin.refused(request, PageError(404, str(error)))
