"""How robust is the verdict, from the dashboard: Monte Carlo over the uncertainty the record declares,
started as a job of the service (its worker processes, like a simulation), its progress live from the job's
events, then what ``accord robustness --json`` says: the probability that a zone exists with its 95 %
interval as samples grow, each package's odds of acceptance, the most robust package, and the inputs that
drive it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from accord.analysis.outputs import OddsOutput, RobustnessOutput
from accord.analysis.robustness import SAMPLES
from accord.service.context import JobId, TalksId, service_of
from accord.service.job_requests import MAX_JOB_SAMPLES, RobustnessRequest
from accord.service.jobs import State, create_job
from accord.service.routes.jobs import job_events
from accord.service.web import figures
from accord.service.web.pages import as_of_date
from accord.service.web.render import render
from accord.service.web.session import Visitor, visitor
from accord.service.web.simulations import job_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
KIND = "robustness"
LISTED = 20
"""Packages in the page's table and chart: the most robust first, then by probability of acceptance by all."""


@router.get("/talks/{talks_id}/robustness", name="web.robustness")
def robustness_form(request: Request, talks_id: TalksId, who: Visitor) -> Response:
    """The form that starts a robustness analysis."""
    scenario = service_of(request).talks.store(talks_id).scenario_as_of()
    ranges = sum(1 for prefs in scenario.preferences.values() if prefs.uncertainty is not None)
    return render(
        request,
        "robustness-form.html",
        who=who,
        talks_id=talks_id,
        samples=SAMPLES,
        max_samples=MAX_JOB_SAMPLES,
        ranges=ranges,
    )


class RobustnessForm(BaseModel):
    """The form: samples, seed, sampler and the date of the record."""

    samples: int = Field(default=SAMPLES, ge=1, le=MAX_JOB_SAMPLES)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    sampler: Literal["sobol", "random"] = "sobol"
    as_of: str = Field(default="", max_length=10)


@router.post("/talks/{talks_id}/robustness", name="web.robustness.start")
def start(
    request: Request, talks_id: TalksId, who: Visitor, form: Annotated[RobustnessForm, Form()]
) -> Response:
    """Start the analysis as a job of the service, then show its page."""
    service = service_of(request)
    service.talks.store(talks_id)
    date: dt.date | None = as_of_date(form.as_of)
    job = RobustnessRequest(samples=form.samples, seed=form.seed, sampler=form.sampler, as_of=date)
    job_id = create_job(service.talks.engine, talks_id, job, who.name)
    service.runner.submit(job_id)
    return RedirectResponse(f"/talks/{talks_id}/robustness/{job_id}", status_code=303)


@router.get("/talks/{talks_id}/robustness/{job_id}", name="web.robustness.run")
async def run(request: Request, talks_id: TalksId, job_id: JobId, who: Visitor) -> Response:
    """Progress while the job runs; once done, the probability of a zone, the packages' odds, the drivers."""
    job = await run_in_threadpool(job_of, request, talks_id, job_id, KIND)
    context: dict[str, Any] = {"job": job, "done": job.state is State.DONE and job.result is not None}
    if context["done"] and job.result is not None:
        context |= shown(RobustnessOutput.model_validate_json(job.result))
    return render(request, "robustness.html", who=who, talks_id=talks_id, **context)


@router.get("/talks/{talks_id}/robustness/{job_id}/events", name="web.robustness.events")
def events(request: Request, talks_id: TalksId, job_id: JobId, who: Visitor) -> StreamingResponse:
    """The job's server-sent progress events (those of the API's job route)."""
    del who
    job_of(request, talks_id, job_id, KIND)
    return job_events(request, job_id)


def listed(result: RobustnessOutput, limit: int = LISTED) -> list[tuple[str, OddsOutput]]:
    """The most robust package, then the listed packages most often accepted by all (the base case's fair
    packages among them whatever their rank), each with its label."""
    ranked = sorted(
        result.packages, key=lambda o: (not o.solutions, -o.p_all_accept, -min(o.p_accept.values()))
    )
    rows: list[tuple[str, OddsOutput]] = [("most robust", result.most_robust)]
    for odds in ranked:
        if len(rows) > limit:
            break
        if odds.package != result.most_robust.package:
            fair = f" ({', '.join(odds.solutions)})" if odds.solutions else ""
            rows.append((f"package {len(rows)}{fair}", odds))
    return rows


def shown(result: RobustnessOutput) -> dict[str, Any]:
    """What the page shows of the analysis: its output, the listed packages and the three figures."""
    rows = listed(result)
    parties = list(result.most_robust.p_accept)
    plots = {
        "convergence": figures.convergence_figure(result),
        "acceptance": figures.acceptance_figure(rows, parties),
    }
    if result.sensitivity:
        plots["tornado"] = figures.tornado_figure(result)
    inputs = {i.input: i for i in result.inputs}
    return {"result": result, "rows": rows, "parties": parties, "plots": plots, "inputs": inputs}
