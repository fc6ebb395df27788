"""Long work as jobs: simulations, tournaments and robustness analyses, run in worker processes (or on a Dask
cluster), never in a request.

A job's state lives in the database (``jobs`` table), so every server process answers for every job: it is
``queued`` when made, ``running`` once a worker takes it, then ``done`` (with its result, the JSON of
``accord simulate --json``, ``accord tournament --json`` or ``accord robustness --json``), ``failed`` (with a
one-line reason) or ``cancelled``. A worker writes its progress (0-1) as it goes and stops at its next step
once the job is cancelled (a robustness analysis's steps are its stages and its tipping values); a job still
queued or running when its server stops is marked failed.

A server that is killed (SIGKILL, a lost machine) marks nothing, so an unfinished job has a heartbeat: its
``updated_at``, written by every progress write and, every quarter of the bound, by the server holding it.
A queued or running job silent for longer than the bound (``ServiceConfig.job_stale_after``) is failed as
:data:`WORKER_STOPPED` when a server starts and whenever it is read. A worker process whose server died
exits within a second, so that no job runs on unseen.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from accord.analysis.robustness import robustness
from accord.model.errors import AccordError
from accord.model.output import json_text
from accord.model.scenario import Scenario
from accord.service.config import JOB_STALE_AFTER
from accord.service.job_requests import (
    REQUESTS,
    JobRequest,
    RobustnessRequest,
    SimulationRequest,
)
from accord.service.talks import open_store
from accord.tournaments.backends import Backend, DaskBackend, SerialBackend
from accord.tournaments.simulation import prepare, report, simulate
from accord.tournaments.tournament import batches, plan, run_tournament
from accord.tracker.engine import WRITE, make_engine
from accord.tracker.store import utc_now
from accord.tracker.tables import jobs

PROGRESS_EVERY = 0.2
"""Seconds between two progress writes of a worker."""
STEPS = 1000
"""Steps a robustness job's share of work done is counted in."""


class State(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINAL = frozenset({State.DONE, State.FAILED, State.CANCELLED})
UNFINISHED = frozenset({State.QUEUED, State.RUNNING})
WORKER_STOPPED = "its worker stopped (its server was killed?) before the job ended; submit it again"
log = logging.getLogger("accord.service")


@dataclass(frozen=True)
class Job:
    id: str
    talks: int
    kind: str
    state: State
    progress: float
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    result: str | None
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.id,
            "talks": self.talks,
            "kind": self.kind,
            "state": self.state.value,
            "progress": self.progress,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "error": self.error,
            "result": None if self.result is None else json.loads(self.result),
        }


def create_job(engine: Engine, talks: int, request: JobRequest, author: str) -> str:
    job_id = uuid.uuid4().hex
    now = utc_now()
    row = {
        "id": job_id,
        "talks": talks,
        "kind": request.kind,
        "state": State.QUEUED.value,
        "progress": 0.0,
        "request": request.model_dump_json(),
        "created_by": author,
        "created_at": now,
        "updated_at": now,
    }
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            connection.execute(insert(jobs).values(row))
    return job_id


def find_job(engine: Engine, job_id: str, *, stale_after: float | None = None) -> Job | None:
    """The job ``job_id``; with ``stale_after``, an unfinished one silent for longer is failed first."""
    job = _read_job(engine, job_id)
    if job is None or stale_after is None or job.state in FINAL:
        return job
    if utc_now() - job.updated_at > dt.timedelta(seconds=stale_after) and fail_stale(
        engine, stale_after, job_id
    ):
        return _read_job(engine, job_id)
    return job


def fail_stale(engine: Engine, stale_after: float, job_id: str | None = None) -> int:
    """Fail the unfinished jobs (or job ``job_id``) without a heartbeat for ``stale_after`` seconds; how
    many."""
    now = utc_now()
    query = (
        update(jobs)
        .where(
            jobs.c.state.in_([s.value for s in UNFINISHED]),
            jobs.c.updated_at < now - dt.timedelta(seconds=stale_after),
        )
        .values(state=State.FAILED.value, updated_at=now, error=WORKER_STOPPED)
    )
    if job_id is not None:
        query = query.where(jobs.c.id == job_id)
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            return int(connection.execute(query).rowcount)


def heartbeat(engine: Engine, job_ids: list[str]) -> None:
    """Say that the unfinished jobs among ``job_ids`` are still held by a live server."""
    query = (
        update(jobs)
        .where(jobs.c.id.in_(job_ids), jobs.c.state.in_([s.value for s in UNFINISHED]))
        .values(updated_at=utc_now())
    )
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            connection.execute(query)


def _read_job(engine: Engine, job_id: str) -> Job | None:
    with engine.connect() as connection:
        row = connection.execute(select(jobs).where(jobs.c.id == job_id)).first()
    if row is None:
        return None
    return Job(
        row.id, row.talks, row.kind, State(row.state), row.progress,
        row.created_by, row.created_at, row.updated_at, row.result, row.error,
    )  # fmt: skip


def set_state(engine: Engine, job_id: str, state: State, *, when: frozenset[State], **values: Any) -> bool:
    """Move a job to ``state`` if it is in one of ``when``; whether it moved."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            done = connection.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.state.in_([s.value for s in when]))
                .values(state=state.value, updated_at=utc_now(), **values)
            )
    return done.rowcount == 1


def cancel_job(engine: Engine, job_id: str) -> bool:
    return set_state(engine, job_id, State.CANCELLED, when=frozenset({State.QUEUED, State.RUNNING}))


class Cancelled(Exception):
    """The job was cancelled while it ran."""


class _Progress:
    """A worker's progress callback: writes the fraction done now and then, and stops a cancelled job."""

    def __init__(self, engine: Engine, job_id: str, total: int) -> None:
        self.engine, self.job_id, self.total = engine, job_id, max(total, 1)
        self._last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY and done < self.total:
            return
        self._last = now
        moved = set_state(
            self.engine, self.job_id, State.RUNNING, when=frozenset({State.RUNNING}),
            progress=min(1.0, done / self.total),
        )  # fmt: skip
        if not moved:
            raise Cancelled


def run_job(url: str, job_id: str, scheduler: str | None = None) -> None:
    """Run one job to its end (in a worker process), writing its state, progress and result."""
    engine = make_engine(url)
    try:
        _run(engine, url, job_id, scheduler)
    finally:
        engine.dispose()


def _run(engine: Engine, url: str, job_id: str, scheduler: str | None) -> None:
    if not set_state(engine, job_id, State.RUNNING, when=frozenset({State.QUEUED})):
        return  # cancelled before it started
    try:
        with engine.connect() as connection:
            stored = connection.execute(select(jobs.c.request, jobs.c.talks).where(jobs.c.id == job_id)).one()
        request = _parse_request(stored.request)
        with open_store(url, stored.talks) as store:
            scenario = store.scenario_as_of(request.as_of)
        data = _compute(scenario, request, lambda total: _Progress(engine, job_id, total), scheduler)
        set_state(
            engine, job_id, State.DONE, when=frozenset({State.RUNNING}), progress=1.0, result=json_text(data)
        )
    except Cancelled:
        return
    except AccordError as error:
        set_state(engine, job_id, State.FAILED, when=frozenset({State.RUNNING}), error=str(error)[:2000])
    except Exception as error:
        message = f"internal error ({type(error).__name__})"
        set_state(engine, job_id, State.FAILED, when=frozenset({State.RUNNING}), error=message)


def _parse_request(text: str) -> JobRequest:
    data = json.loads(text)
    return REQUESTS[data.get("kind", "simulation")].model_validate(data)


def _compute(
    scenario: Scenario,
    request: JobRequest,
    progress: Callable[[int], Callable[[int], None]],
    scheduler: str | None,
) -> dict[str, Any]:
    if isinstance(request, SimulationRequest):
        config = request.config()
        records = list(simulate(scenario, config, progress(config.runs)))
        return report(prepare(scenario), config, records).model_dump(mode="json")
    if isinstance(request, RobustnessRequest):
        cluster = DaskBackend(scheduler) if scheduler else None  # else this worker process, sample by sample
        told = progress(STEPS)
        found = robustness(
            scenario,
            samples=request.samples,
            seed=request.seed,
            sampler=request.sampler,
            backend=cluster,
            progress=lambda share: told(round(share * STEPS)),
        )
        return found.to_dict()
    tournament = request.config()
    backend: Backend = DaskBackend(scheduler) if scheduler else SerialBackend()
    total = len(batches([scenario], tournament, plan([scenario], tournament)))
    return run_tournament([scenario], tournament, backend, progress(total)).to_dict()


STOPPED = "the server stopped before the job ended; submit it again"
ORPHAN_CHECK = 1.0
"""Seconds between two looks of a worker process at whether its server still lives."""


def _exit_with(server: int) -> None:
    """In a worker process: exit as soon as the server that started it is gone (killed)."""

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(ORPHAN_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="accord-orphan-watch", daemon=True).start()


class JobRunner:
    """The worker processes of one server process; ``scheduler`` sends tournaments' batches to Dask. On
    start it fails the jobs left without heartbeat; then it beats for its own unfinished jobs."""

    def __init__(
        self,
        url: str,
        engine: Engine,
        workers: int,
        scheduler: str | None = None,
        stale_after: float = JOB_STALE_AFTER,
    ) -> None:
        self.url, self.engine, self.scheduler = url, engine, scheduler
        fail_stale(engine, stale_after)
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_exit_with, initargs=(os.getpid(),)
        )
        self._futures: dict[str, Future[None]] = {}
        self._stopping = threading.Event()
        self._beating = threading.Thread(
            target=self._beat, args=(stale_after / 4,), name="accord-job-heartbeat", daemon=True
        )
        self._beating.start()

    def _beat(self, every: float) -> None:
        while not self._stopping.wait(every):
            held = [job_id for job_id, future in list(self._futures.items()) if not future.done()]
            if held:
                try:
                    heartbeat(self.engine, held)
                except SQLAlchemyError as error:  # the next beat tries again
                    log.warning("job heartbeat failed: %s", error)

    def submit(self, job_id: str) -> None:
        self._futures = {k: f for k, f in self._futures.items() if not f.done()}
        self._futures[job_id] = self.pool.submit(run_job, self.url, job_id, self.scheduler)

    def cancel(self, job_id: str) -> None:
        future = self._futures.get(job_id)
        if future is not None:
            future.cancel()

    def close(self) -> None:
        """Stop the workers; the jobs they had not finished are marked failed."""
        self._stopping.set()
        self._beating.join()
        unfinished = [job_id for job_id, future in self._futures.items() if not future.done()]
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for future in self._futures.values():
            future.cancel()
        for process in processes:  # a running job stops now, not when it would have ended
            process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for job_id in unfinished:
            set_state(
                self.engine,
                job_id,
                State.FAILED,
                when=frozenset({State.QUEUED, State.RUNNING}),
                error=STOPPED,
            )


def job_request(engine: Engine, job_id: str) -> JobRequest | None:
    """The settings a job was made with (the dashboard replays a simulation's first run from them)."""
    with engine.connect() as connection:
        text = connection.execute(select(jobs.c.request).where(jobs.c.id == job_id)).scalar_one_or_none()
    return None if text is None else _parse_request(str(text))
