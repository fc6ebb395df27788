"""Jobs: simulations, tournaments and robustness analyses on the talks' record, run by worker processes;
their state, progress (also as server-sent events) and result; cancelling them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from accord.service.context import Caller, JobId, TalksId, authorise, service_of
from accord.service.errors import NotFound
from accord.service.job_requests import JobRequest, RobustnessRequest, SimulationRequest, TournamentRequest
from accord.service.jobs import FINAL, Job, cancel_job, create_job, find_job
from accord.service.outputs import json_response

router = APIRouter(dependencies=[Depends(authorise)], tags=["jobs"])
POLL = 0.25
"""Seconds between two looks at a job's state for its event stream."""
MAX_EVENTS = 4 * 3600 * 6
"""Most polls of one event stream (six hours): the stream ends then; a client reconnects."""


def _start(request: Request, talks_id: TalksId, job: JobRequest, author: str) -> Response:
    service = service_of(request)
    service.talks.store(talks_id)
    job_id = create_job(service.talks.engine, talks_id, job, author)
    service.runner.submit(job_id)
    url = f"/api/v1/jobs/{job_id}"
    return json_response({"job": job_id, "state": "queued", "url": url}, status_code=202)


@router.post("/talks/{talks_id}/simulations", name="simulations.create", status_code=202)
def start_simulation(request: Request, talks_id: TalksId, body: SimulationRequest, who: Caller) -> Response:
    """Runs of a protocol on the record as of a date (``accord simulate``), as a job."""
    return _start(request, talks_id, body, who.name)


@router.post("/talks/{talks_id}/tournaments", name="tournaments.create", status_code=202)
def start_tournament(request: Request, talks_id: TalksId, body: TournamentRequest, who: Caller) -> Response:
    """Strategies against each other on the record as of a date (``accord tournament``), as a job."""
    return _start(request, talks_id, body, who.name)


@router.post("/talks/{talks_id}/robustness", name="robustness.create", status_code=202)
def start_robustness(request: Request, talks_id: TalksId, body: RobustnessRequest, who: Caller) -> Response:
    """Monte Carlo over the uncertainty the record as of a date declares (``accord robustness``), as a job."""
    return _start(request, talks_id, body, who.name)


def _job(request: Request, job_id: str) -> Job:
    service = service_of(request)
    job = find_job(service.talks.engine, job_id, stale_after=service.config.job_stale_after)
    if job is None:
        raise NotFound(f"no job '{job_id}'")
    return job


@router.get("/jobs/{job_id}", name="jobs.read")
def read_job(request: Request, job_id: JobId) -> Response:
    """The job's state, progress (0-1) and, once done, its result."""
    return json_response(_job(request, job_id).to_dict())


@router.delete("/jobs/{job_id}", name="jobs.cancel")
def cancel(request: Request, job_id: JobId) -> Response:
    """Cancel a queued or running job (a finished one stays as it is)."""
    service = service_of(request)
    _job(request, job_id)
    if cancel_job(service.talks.engine, job_id):
        service.runner.cancel(job_id)
    return json_response(_job(request, job_id).to_dict())


@router.get(
    "/jobs/{job_id}/events",
    name="jobs.events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent progress events."}},
)
def job_events(request: Request, job_id: JobId) -> StreamingResponse:
    """Server-sent events: ``progress`` with the job's state and progress each time they change, until it
    ends."""
    _job(request, job_id)
    service = service_of(request)
    engine, stale_after = service.talks.engine, service.config.job_stale_after

    async def events() -> AsyncIterator[str]:
        last: tuple[str, float] | None = None
        for _ in range(MAX_EVENTS):
            job = await run_in_threadpool(lambda: find_job(engine, job_id, stale_after=stale_after))
            if job is None:
                return
            now = (job.state.value, job.progress)
            if now != last:
                last = now
                data = {"job": job.id, "state": job.state.value, "progress": job.progress}
                yield f"event: progress\ndata: {json.dumps(data)}\n\n"
            if job.state in FINAL or await request.is_disconnected():
                return
            await asyncio.sleep(POLL)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
