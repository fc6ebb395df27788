"""The web dashboard (issue 13): server-rendered pages over the service, signed in with a session cookie.

:func:`install` adds the pages, their static files (Plotly's ``plotly.min.js`` from the installed plotly
package, no CDN) and their error pages to the service's app. Every page is a route in the role table
(:data:`accord.service.roles.ACCESS`, names ``web.*``) and is authorised like the API.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from accord.model.errors import AccordError, ScenarioError
from accord.service.errors import Conflict, NotFound
from accord.service.web import live, pages, party, robustness, signin, simulations, teacher
from accord.service.web.render import HERE
from accord.service.web.session import PageError


def _plotly_data() -> Path:
    """Plotly's ``package_data`` folder, found without importing plotly (a dependency of the service)."""
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the dashboard needs plotly: pip install plotly")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data"


PLOTLY = _plotly_data()
API = "/api/"
__all__ = ["install"]


Handler = Callable[[Request, Any], Response | Awaitable[Response]]


async def _answer(handler: Handler, request: Request, error: Exception) -> Response:
    """The API's own answer to an error."""
    answer = handler(request, error)
    return await answer if inspect.isawaitable(answer) else answer


def install(app: FastAPI) -> None:
    """Add the dashboard to the service's app (after its error handlers: on a page, an error is a page)."""

    @app.get("/static/plotly.min.js", name="web.plotly", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY / "plotly.min.js", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web.static")
    for module in (signin, pages, party, simulations, robustness, teacher, live):
        app.include_router(module.router)

    @app.exception_handler(PageError)
    async def refused(request: Request, error: PageError) -> Response:
        return signin.refused(request, error)

    api_not_found = app.exception_handlers[NotFound]
    api_conflict = app.exception_handlers[Conflict]
    api_bad_input = app.exception_handlers[AccordError]
    api_problems = app.exception_handlers[ScenarioError]
    api_invalid = app.exception_handlers[RequestValidationError]

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith(API):
            return await _answer(api_invalid, request, error)
        lines = [f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in error.errors()]
        return signin.refused(request, PageError(422, "; ".join(lines)))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if request.url.path.startswith(API):
            return await _answer(api_not_found, request, error)
        return signin.refused(request, PageError(404, str(error)))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict) -> Response:
        if request.url.path.startswith(API):
            return await _answer(api_conflict, request, error)
        return signin.refused(request, PageError(409, str(error)))

    @app.exception_handler(ScenarioError)
    async def problems(request: Request, error: ScenarioError) -> Response:
        if request.url.path.startswith(API):
            return await _answer(api_problems, request, error)
        message = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in error.problems)
        return signin.refused(request, PageError(422, message))

    @app.exception_handler(AccordError)
    async def bad_input(request: Request, error: AccordError) -> Response:
        if request.url.path.startswith(API):
            return await _answer(api_bad_input, request, error)
        return signin.refused(request, PageError(400, str(error)))
