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

    @classmethod
    def from_environment(cls) -> ServiceConfig:
        workers = os.environ.get(ENV_JOB_WORKERS, "1")
        if not workers.isdigit() or int(workers) < 1:
            raise AccordError(f"{ENV_JOB_WORKERS}={workers!r} is not a positive number")
        origins = tuple(o.strip() for o in os.environ.get(ENV_CORS, "").split(",") if o.strip())
        return cls(
            db=resolve_url(os.environ.get(ENV_DB)),
            job_workers=int(workers),
            scheduler=os.environ.get(ENV_SCHEDULER) or None,
            cors_origins=origins,
        )

    def environment(self) -> dict[str, str]:
        """The variables :meth:`from_environment` reads back."""
        return {
            ENV_DB: self.db,
            ENV_JOB_WORKERS: str(self.job_workers),
            ENV_SCHEDULER: self.scheduler or "",
            ENV_CORS: ",".join(self.cors_origins),
        }
