"""``accord serve``: the Accord service (REST API under /api/v1) on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.console import report_errors
from accord.cli.track_inputs import Db, say
from accord.service.config import JOB_STALE_AFTER, ServiceConfig
from accord.service.server import serve
from accord.tracker.engine import resolve_url


@report_errors
def serve_command(
    *,
    db: Db = None,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)."),
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes.")] = 1,
    job_workers: Annotated[
        int, typer.Option("--job-workers", min=1, help="Processes running jobs, per server process.")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Run tournaments' batches on this Dask scheduler.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow this web origin (CORS); repeatable.")
    ] = None,
    job_stale_after: Annotated[
        float,
        typer.Option("--job-stale-after", min=1, max=86_400, help="Fail a job silent this many seconds."),
    ] = JOB_STALE_AFTER,
) -> None:
    """Serve the records, analyses and jobs over HTTP, with accounts and roles (see docs/service.md)."""
    config = ServiceConfig(
        db=resolve_url(db),
        job_workers=job_workers,
        scheduler=scheduler,
        cors_origins=tuple(cors_origin or ()),
        job_stale_after=job_stale_after,
    )
    serve(config, host=host, port=port, workers=workers, announce=say)
