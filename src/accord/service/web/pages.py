"""The dashboard's pages over one talks: the list, the overview (documents, the consensus matrix, the
timeline, as of a date), the analysis, what blocks it and the single text. Each page calls what the API's
route calls (the same cached bytes for the analyses) and renders the typed output."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from accord.analysis.outputs import AnalysisOutput, ExplanationOutput, ProposalOutput
from accord.analysis.table import package_sample
from accord.model.compiled import compile_scenario
from accord.service.context import TalksId, service_of
from accord.service.publications import publish
from accord.service.roles import Role
from accord.service.routes.analyses import analysis_bytes, explanation_bytes, proposal_bytes
from accord.service.web import figures
from accord.service.web.render import render
from accord.service.web.session import PageError, Visitor, visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
SAMPLE = 3000
"""Most packages drawn in a two-party utility space (a uniform sample above it, its size stated)."""
AsOf = Annotated[str | None, Query(max_length=10, description="A date, YYYY-MM-DD; empty: today.")]


def as_of_date(text: str | None) -> dt.date | None:
    """The page's date control: empty for the record as it stands."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PageError(400, f"as_of: '{text}' is not a date (YYYY-MM-DD)") from None


@router.get("/", name="web.home")
def home(who: Visitor) -> Response:
    """The talks list."""
    del who
    return RedirectResponse("/talks", status_code=303)


@router.get("/talks", name="web.talks")
def talks_list(request: Request, who: Visitor) -> Response:
    """The talks the account has a role in (every talks for an admin)."""
    summaries = service_of(request).talks.summaries()
    shown = [s for s in summaries if who.role is Role.ADMIN or s.id == who.talks]
    return render(request, "talks.html", who=who, talks=shown, talks_id=None)


@router.get("/talks/{talks_id}", name="web.overview")
def overview(request: Request, talks_id: TalksId, who: Visitor, as_of: AsOf = None) -> Response:
    """Documents and points with each party's status, meetings and statements, as of a date."""
    date = as_of_date(as_of)
    store = service_of(request).talks.store(talks_id)
    matrix = store.matrix(date).to_output()
    events = store.timeline(None, date)
    scenario = store.scenario_as_of(date)
    return render(
        request,
        "overview.html",
        who=who,
        talks_id=talks_id,
        title=scenario.title,
        as_of=date,
        matrix=matrix,
        documents=scenario.documents,
        events=events,
        matrix_figure=figures.matrix_figure(matrix),
        timeline_figure=figures.timeline_figure(events),
    )


@router.get("/talks/{talks_id}/analysis", name="web.analysis")
async def analysis(request: Request, talks_id: TalksId, who: Visitor, as_of: AsOf = None) -> Response:
    """Is there a package every needed party accepts; the utility space, the frontier, the fair packages."""
    date = as_of_date(as_of)

    def build() -> dict[str, Any]:
        found = analysis_bytes(request, talks_id, date, "auto")
        result = AnalysisOutput.model_validate_json(found.body)
        plots: dict[str, object] = {}
        sample = None
        if len(result.parties) == 2:
            service = service_of(request)
            scenario = service.cache.scenario_as_of(service.talks.store(talks_id), date)[1]
            sample = package_sample(compile_scenario(scenario), SAMPLE)
            plots["utility space"] = figures.utility_space_figure(result, sample)
        elif result.frontier:
            plots["frontier in parallel coordinates"] = figures.parallel_figure(result)
            plots["frontier by pairs of parties"] = figures.pairs_figure(result)
        return {"result": result, "plots": plots, "sample": sample, "drawn": figures.DRAWN}

    context = await run_in_threadpool(build)
    return render(request, "analysis.html", who=who, talks_id=talks_id, as_of=date, **context)


@router.get("/talks/{talks_id}/explanation", name="web.explanation")
async def explanation(request: Request, talks_id: TalksId, who: Visitor, as_of: AsOf = None) -> Response:
    """What blocks an agreement, in words, and how far each party would have to move."""
    date = as_of_date(as_of)
    found = await run_in_threadpool(explanation_bytes, request, talks_id, date)
    result = ExplanationOutput.model_validate_json(found.body)
    plot = figures.concessions_figure(result) if result.concessions else None
    return render(
        request, "explanation.html", who=who, talks_id=talks_id, as_of=date, result=result, plot=plot
    )


@router.get("/talks/{talks_id}/proposal", name="web.proposal")
async def proposal(request: Request, talks_id: TalksId, who: Visitor, as_of: AsOf = None) -> Response:
    """The single negotiating text, with a form to publish it to the parties."""
    date = as_of_date(as_of)
    found = await run_in_threadpool(proposal_bytes, request, talks_id, date, None)
    result = ProposalOutput.model_validate_json(found.body)
    published = request.query_params.get("published")
    return render(
        request,
        "proposal.html",
        who=who,
        talks_id=talks_id,
        as_of=date,
        result=result,
        published=published if published and published.isdigit() else None,
    )


@router.post("/talks/{talks_id}/proposal", name="web.publish")
async def publish_text(
    request: Request,
    talks_id: TalksId,
    who: Visitor,
    title: Annotated[str, Form(min_length=1, max_length=200)],
    text: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Publish the single text (its package) to the parties, with the publications of the API."""
    form = await request.form()
    package = {
        str(key).removeprefix("package/"): str(value)
        for key, value in form.multi_items()
        if str(key).startswith("package/")
    }
    service = service_of(request)
    scenario = service.talks.store(talks_id).scenario_as_of()
    new_id = await run_in_threadpool(
        lambda: publish(
            service.talks.engine, talks_id, scenario, title=title, text=text, package=package, author=who.name
        )
    )
    return RedirectResponse(f"/talks/{talks_id}/proposal?published={new_id}", status_code=303)
