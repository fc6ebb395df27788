"""The Accord service: a FastAPI app over the records and the analyses (``accord serve`` runs it).

Every route is in :data:`accord.service.roles.ACCESS`; :func:`create_app` refuses to build an app with a
route missing from it. Errors reach a client as one readable message (``{"detail": ...}``): bad input is a
4xx naming the field, a scenario's problems are 422 with the ``field.path: message`` lines of
``accord validate`` (every 422 has such ``problems`` lines), and a fault in Accord is a 500 that says
nothing of the server's insides.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import RouteContext, iter_route_contexts

from accord import __version__
from accord.model.errors import AccordError, ScenarioError
from accord.service import docs
from accord.service.config import ServiceConfig
from accord.service.context import Reader, Service
from accord.service.errors import Conflict, NotFound
from accord.service.jobs import JobRunner
from accord.service.live.play import LiveSessions
from accord.service.roles import ACCESS
from accord.service.routes import analyses, jobs, meta, preferences, publications, record, sessions, talks
from accord.service.security import MAX_BODY, SecurityHeaders
from accord.service.talks import Talks
from accord.service.uploads import UnsupportedMedia
from accord.service.web import install as install_dashboard

PREFIX = "/api/v1"
DOCS = f"{PREFIX}/docs"
OPENAPI = f"{PREFIX}/openapi.json"
log = logging.getLogger("accord.service")


def create_app(config: ServiceConfig) -> FastAPI:
    """The app of one server process over the database of ``config``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Talks(config.db)
        runner = JobRunner(
            config.db, store.engine, config.job_workers, config.scheduler, config.job_stale_after
        )
        app.state.service = Service(config, store, runner, LiveSessions(store.engine))
        ticker = asyncio.create_task(app.state.service.live.run())  # expiry and other processes' changes
        gc.freeze()  # what start-up made lives as long as the process: no collection need walk it again
        try:
            yield
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            app.state.service.close()

    app = FastAPI(
        title="Accord",
        version=__version__,
        description="The record of mediated talks, their analyses and jobs, with roles per talks.",
        openapi_url=None,  # served below, behind a token like every other route
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        max_body_size=MAX_BODY,
    )
    for module in (meta, talks, record, preferences, analyses, publications, jobs, sessions):
        app.include_router(module.router, prefix=PREFIX)

    @app.get(OPENAPI, include_in_schema=False, name="openapi")
    def openapi(who: Reader) -> JSONResponse:
        return JSONResponse(app.openapi())

    docs.install(app, docs=DOCS, openapi=OPENAPI)
    _handle_errors(app)
    install_dashboard(app)
    app.add_middleware(SecurityHeaders, docs_path=DOCS)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["ETag"],
        )
    missing = [str(route.name) for route in routes_of(app) if route.name not in ACCESS]
    if missing:
        raise RuntimeError(f"routes without an entry in the role table: {', '.join(missing)}")
    return app


def routes_of(app: FastAPI) -> list[RouteContext]:
    """Every route of the app, those of its included routers too, with their full paths."""
    return list(iter_route_contexts(app.routes))


def create_app_from_environment() -> FastAPI:
    """The app of a uvicorn worker process (``uvicorn --factory``), configured by the environment."""
    return create_app(ServiceConfig.from_environment())


def _detail(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(ScenarioError)
    async def scenario_problems(_request: Request, error: ScenarioError) -> JSONResponse:
        return JSONResponse(problems_body(error), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(error.errors())
        lines = [".".join(str(part) for part in e["loc"]) + ": " + str(e["msg"]) for e in errors]
        return JSONResponse({"detail": errors, "problems": lines}, status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, error: NotFound) -> JSONResponse:
        return _detail(404, str(error))

    @app.exception_handler(Conflict)
    async def conflict(_request: Request, error: Conflict) -> JSONResponse:
        return _detail(409, str(error))

    @app.exception_handler(UnsupportedMedia)
    async def unsupported(_request: Request, error: UnsupportedMedia) -> JSONResponse:
        return _detail(415, str(error))

    @app.exception_handler(AccordError)
    async def bad_input(_request: Request, error: AccordError) -> JSONResponse:
        return _detail(400, str(error))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=error)
        return _detail(500, "internal error in Accord; the server's log has the details")


def problems_body(error: ScenarioError) -> dict[str, object]:
    """A scenario's problems: ``problems`` holds the lines of ``accord validate``; ``detail`` the same in
    the shape of FastAPI's validation errors (``loc``, ``msg``, ``type``)."""
    return {
        "detail": [
            {
                "loc": ["body", *(p.field.split(".") if p.field else [])],
                "msg": p.message,
                "type": "scenario",
                "line": p.line,
                "column": p.column,
            }
            for p in error.problems
        ],
        "problems": [str(p) for p in error.problems],
    }
