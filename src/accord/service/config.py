"""How a server runs: its database, its job workers, CORS, read from ``accord serve``'s options or from the
environment (every uvicorn worker process builds its app from the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from accord.model.errors import AccordError
from accord.tracker.engine import ENV_DB, resolve_url

ENV_JOB_WORKERS = "ACCORD_JOB_WORKERS"
ENV_SCHEDULER = "ACCORD_SCHEDULER"
ENV_CORS = "ACCORD_CORS_ORIGINS"
ENV_JOB_STALE = "ACCORD_JOB_STALE_AFTER"
JOB_STALE_AFTER = 60.0
"""Seconds without a heartbeat after which a queued or running job is failed (its worker stopped)."""


@dataclass(frozen=True)
class ServiceConfig:
    db: str
    """The database URL (``tracker.engine.resolve_url``)."""
    job_workers: int = 1
    """Worker processes for jobs, per server process."""
    scheduler: str | None = None
    """A Dask scheduler's address: tournaments' batches run there."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed by CORS; none (CORS off) by default."""
    job_stale_after: float = JOB_STALE_AFTER
    """Seconds without a heartbeat after which an unfinished job is failed (``jobs.py``)."""

    @classmethod
    def from_environment(cls) -> ServiceConfig:
        workers = os.environ.get(ENV_JOB_WORKERS, "1")
        if not workers.isdigit() or int(workers) < 1:
            raise AccordError(f"{ENV_JOB_WORKERS}={workers!r} is not a positive number")
        origins = tuple(o.strip() for o in os.environ.get(ENV_CORS, "").split(",") if o.strip())
        stale = os.environ.get(ENV_JOB_STALE, str(JOB_STALE_AFTER))
        try:
            stale_after = float(stale)
        except ValueError:
            stale_after = 0.0
        if not 1 <= stale_after <= 86_400:
            raise AccordError(f"{ENV_JOB_STALE}={stale!r} is not a number of seconds from 1 to 86400")
        return cls(
            db=resolve_url(os.environ.get(ENV_DB)),
            job_workers=int(workers),
            scheduler=os.environ.get(ENV_SCHEDULER) or None,
            cors_origins=origins,
            job_stale_after=stale_after,
        )

    def environment(self) -> dict[str, str]:
        """The variables :meth:`from_environment` reads back."""
        return {
            ENV_DB: self.db,
            ENV_JOB_WORKERS: str(self.job_workers),
            ENV_SCHEDULER: self.scheduler or "",
            ENV_CORS: ",".join(self.cors_origins),
            ENV_JOB_STALE: str(self.job_stale_after),
        }
