"""Analyses of the record as of a date, for the mediator: exactly the JSON of ``accord analyze --json``,
``accord explain --json`` and ``accord propose --json``, cached per record state and sent with an ETag
(``If-None-Match`` gets a 304). A read whose result is cached and whose record stamp is remembered is
answered on the event loop, without a thread (``ResultCache.ready``); any other goes to a thread. A response
that found the stamp past half its memory reads it again once sent (``stamps.py``), so that steady reads
never wait for the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from accord.analysis.analyze import analyze
from accord.analysis.explain import LIMIT, explain
from accord.analysis.outputs import AnalysisOutput, ExplanationOutput, ProposalOutput
from accord.analysis.propose import propose
from accord.model.scenario import Scenario
from accord.service.cache import Cached
from accord.service.context import TalksId, authorise, service_of
from accord.service.outputs import JSON, analysis_json, explanation_json, proposal_json

router = APIRouter(dependencies=[Depends(authorise)], tags=["analyses"])

EngineName = Literal["auto", "enumeration", "optimization"]
"""The engines of ``accord analyze --engine``."""


class ProposalIn(BaseModel):
    """``accord propose``: an agreement to improve on (every point settled), on the record as of a date."""

    model_config = ConfigDict(extra="forbid")
    agreement: dict[str, str] | None = Field(default=None, max_length=10_000)
    as_of: dt.date | None = None


def _respond(request: Request, talks_id: int, found: Cached) -> Response:
    """The cached bytes of an output, or a 304 if the client has them."""
    headers = {"ETag": found.etag, "Cache-Control": "private, no-cache"}
    stamps, store = service_of(request).cache.stamps, service_of(request).talks.opened(talks_id)
    renew = None
    if store is not None and stamps.remembered(talks_id, within=0.5) is None:
        renew = BackgroundTask(stamps.refresh, store)
    if found.etag in _etags(request.headers.get("if-none-match")):
        return Response(status_code=304, headers=headers, background=renew)
    return Response(found.body, media_type=JSON, headers=headers, background=renew)


def cached(
    request: Request,
    talks_id: int,
    as_of: dt.date | None,
    key: tuple[object, ...],
    compute: Callable[[Scenario], bytes],
) -> Cached:
    """The cached bytes of an output on the record as of ``as_of`` (the web pages read the same entries)."""
    service = service_of(request)
    digest, scenario = service.cache.scenario_as_of(service.talks.store(talks_id), as_of)
    return service.cache.get((digest, *key), lambda: compute(scenario))


def ready(request: Request, talks_id: int, as_of: dt.date | None, key: tuple[object, ...]) -> Cached | None:
    """The cached bytes of an output if they need neither the database nor a computation."""
    service = service_of(request)
    store = service.talks.opened(talks_id)
    return None if store is None else service.cache.ready(store, as_of, key)


def analysis_bytes(request: Request, talks_id: int, as_of: dt.date | None, engine: EngineName) -> Cached:
    """``accord analyze --json`` of the record as of a date, cached."""
    return cached(
        request, talks_id, as_of, ("analysis", engine), lambda s: analysis_json(analyze(s, engine=engine))
    )


def explanation_bytes(request: Request, talks_id: int, as_of: dt.date | None, limit: int = LIMIT) -> Cached:
    """``accord explain --json`` of the record as of a date, cached."""
    return cached(
        request, talks_id, as_of, ("explanation", limit), lambda s: explanation_json(explain(s, limit=limit))
    )


def proposal_bytes(
    request: Request, talks_id: int, as_of: dt.date | None, agreement: dict[str, str] | None
) -> Cached:
    """``accord propose --json`` (improving ``agreement`` if given) of the record as of a date, cached."""
    key = None if agreement is None else tuple(sorted(agreement.items()))
    return cached(request, talks_id, as_of, ("proposal", key), lambda s: proposal_json(propose(s, agreement)))


def _etags(header: str | None) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in (header or "").split(",") if tag.strip()}


@router.get("/talks/{talks_id}/analysis", name="analysis.read", responses={200: {"model": AnalysisOutput}})
async def analysis(
    request: Request, talks_id: TalksId, as_of: dt.date | None = None, engine: EngineName = "auto"
) -> Response:
    """Agreement zone, Pareto frontier and fair packages of the record as of a date."""
    found = ready(request, talks_id, as_of, ("analysis", engine))
    if found is None:
        found = await run_in_threadpool(analysis_bytes, request, talks_id, as_of, engine)
    return _respond(request, talks_id, found)


@router.get(
    "/talks/{talks_id}/explanation", name="explanation.read", responses={200: {"model": ExplanationOutput}}
)
async def explanation(
    request: Request, talks_id: TalksId, as_of: dt.date | None = None, limit: int = Query(LIMIT, ge=1, le=100)
) -> Response:
    """Why no package is acceptable to all, and who would have to move how far."""
    found = ready(request, talks_id, as_of, ("explanation", limit))
    if found is None:
        found = await run_in_threadpool(explanation_bytes, request, talks_id, as_of, limit)
    return _respond(request, talks_id, found)


@router.post("/talks/{talks_id}/proposal", name="proposal.create", responses={200: {"model": ProposalOutput}})
def proposal(request: Request, talks_id: TalksId, body: ProposalIn) -> Response:
    """The single negotiating text, and an improvement of ``agreement`` if given."""
    return _respond(request, talks_id, proposal_bytes(request, talks_id, body.as_of, body.agreement))
