"""Simulations from the dashboard: a run started as a job of the service (its worker processes), its progress
live from the job's server-sent events, then the negotiation dance and a step-by-step replay.

The job scores every run; the page replays one run (run 0, or the one its ``?run=`` names) from the job's own
settings and seed (a run is a generator of events, and the seed's stream of a run is the same alone), so the
traces need not be stored with the job.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from accord.agents.catalogue import strategies
from accord.agents.strategy import Seat
from accord.analysis.space import choices
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.protocols.catalogue import PROTOCOLS
from accord.protocols.trace import Record
from accord.service.context import JobId, TalksId, service_of
from accord.service.job_requests import MAX_RUNS, SimulationRequest
from accord.service.jobs import Job, State, create_job, find_job, job_request
from accord.service.routes.jobs import job_events
from accord.service.web import figures
from accord.service.web.render import render
from accord.service.web.session import PageError, Visitor, visitor
from accord.tournaments.simulation import simulate_run

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
MAX_PAGE_ROUNDS = 1000
"""Most rounds of a run started here (its replay is computed for the page)."""


@router.get("/talks/{talks_id}/simulations", name="web.simulations")
def simulations(request: Request, talks_id: TalksId, who: Visitor) -> Response:
    """The form that starts a run."""
    service_of(request).talks.store(talks_id)
    return render(
        request,
        "simulations.html",
        who=who,
        talks_id=talks_id,
        protocols=sorted(PROTOCOLS),
        strategies=sorted(strategies(Seat.NEGOTIATOR)),
        max_rounds=MAX_PAGE_ROUNDS,
    )


class RunForm(BaseModel):
    """The form that starts a run: a protocol, the strategy of every party, a deadline, a number of runs."""

    protocol: str = Field(max_length=64)
    strategy: str = Field(max_length=64)
    rounds: int = Field(default=100, ge=1, le=MAX_PAGE_ROUNDS)
    runs: int = Field(default=20, ge=1, le=1000)


@router.post("/talks/{talks_id}/simulations", name="web.simulations.start")
def start(request: Request, talks_id: TalksId, who: Visitor, form: Annotated[RunForm, Form()]) -> Response:
    """Start the run as a job of the service, then show its page."""
    service = service_of(request)
    service.talks.store(talks_id)
    job = SimulationRequest(
        protocol=form.protocol, agents=(form.strategy,), rounds=form.rounds, runs=form.runs
    )
    job_id = create_job(service.talks.engine, talks_id, job, who.name)
    service.runner.submit(job_id)
    return RedirectResponse(f"/talks/{talks_id}/simulations/{job_id}", status_code=303)


def job_of(request: Request, talks_id: int, job_id: str, kind: str = "simulation") -> Job:
    """The job of this kind in these talks, or a 404 page."""
    service = service_of(request)
    job = find_job(service.talks.engine, job_id, stale_after=service.config.job_stale_after)
    if job is None or job.talks != talks_id or job.kind != kind:
        raise PageError(404, f"no {kind} '{job_id}' in talks {talks_id}")
    return job


@router.get("/talks/{talks_id}/simulations/{job_id}", name="web.simulation")
async def simulation(
    request: Request,
    talks_id: TalksId,
    job_id: JobId,
    who: Visitor,
    *,
    step: Annotated[int, Query(ge=0)] = 0,
    run: Annotated[int, Query(ge=0, le=MAX_RUNS)] = 0,
) -> Response:
    """Progress while the job runs; once done, its scores, the dance of one run and its replay."""
    job = await run_in_threadpool(job_of, request, talks_id, job_id)
    context: dict[str, Any] = {"job": job, "done": job.state is State.DONE, "step": step, "run": run}
    if job.state is State.DONE:
        context |= await run_in_threadpool(_replayed, request, talks_id, job, run)
    return render(request, "simulation.html", who=who, talks_id=talks_id, **context)


@router.get("/talks/{talks_id}/simulations/{job_id}/events", name="web.simulation.events")
def events(request: Request, talks_id: TalksId, job_id: JobId, who: Visitor) -> StreamingResponse:
    """The job's server-sent progress events (those of the API's job route), for the page's progress bar."""
    del who
    job_of(request, talks_id, job_id)
    return job_events(request, job_id)


def _replayed(request: Request, talks_id: int, job: Job, run: int) -> dict[str, Any]:
    """Run ``run`` of the job replayed from its settings and seed: its steps with each party's utility."""
    settings = job_request(service_of(request).talks.engine, job.id)
    if not isinstance(settings, SimulationRequest):
        raise PageError(404, f"no simulation '{job.id}'")
    scenario = service_of(request).talks.store(talks_id).scenario_as_of(settings.as_of)
    if run >= settings.runs:
        raise PageError(404, f"simulation '{job.id}' has runs 0 to {settings.runs - 1}, not run {run}")
    record: Record = simulate_run(scenario, settings.config(), run)
    compiled = compile_scenario(scenario)
    steps = replay_steps(record, compiled)
    return {
        "result": job.to_dict()["result"],
        "steps": steps,
        "parties": list(compiled.parties),
        "dance": figures.dance_figure(steps, list(compiled.parties)),
    }


def replay_steps(record: Record, compiled: CompiledScenario) -> list[dict[str, Any]]:
    """Every event of a run (a simulation's, or a live session's) as a step of its replay: the event's
    fields, and for an event with a package its options and each party's utility of it."""
    steps = []
    for event in record.events:
        package = getattr(event, "package", None)
        row = dataclasses.asdict(event) | {"kind": event.KIND, "utilities": None, "options": None}
        if isinstance(package, int):
            choice = choices(np.array([package], dtype=np.int64), compiled.sizes)
            row["utilities"] = dict(
                zip(compiled.parties, compiled.utilities_of(choice)[:, 0].tolist(), strict=True)
            )
            row["options"] = compiled.package(choice[0])
        steps.append(row)
    return steps
