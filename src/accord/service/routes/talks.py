"""Talks: made from a scenario (JSON, YAML or a GENIUS zip) by an admin; their public view for every role."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.model.scenario import Scenario
from accord.service.context import Caller, TalksId, authorise, service_of
from accord.service.outputs import json_response
from accord.service.roles import Role
from accord.service.uploads import read_upload

router = APIRouter(dependencies=[Depends(authorise)], tags=["talks"])

SCENARIO_BODY: dict[str, Any] = {
    "required": True,
    "description": "A scenario (accord/1) as JSON or YAML, or a GENIUS domain folder as a zip.",
    "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}},
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
    },
}


class TalksOut(BaseModel):
    id: int
    title: str
    versions: int


class Problems(BaseModel):
    """A scenario's problems, one ``FILE:LINE:COLUMN: field.path: message`` line each."""

    detail: list[dict[str, Any]]
    problems: list[str]


def public_view(scenario: Scenario) -> dict[str, Any]:
    """A scenario without anyone's preferences: what every role may see."""
    data = scenario.model_dump(mode="json", exclude_defaults=True, exclude={"preferences"})
    return {"format": scenario.format, **data}


@router.post(
    "/talks",
    name="talks.create",
    status_code=201,
    response_model=TalksOut,
    openapi_extra={"requestBody": SCENARIO_BODY},
    responses={422: {"model": Problems, "description": "The scenario's problems."}},
)
async def create_talks(request: Request, who: Caller) -> Response:
    """New talks from a scenario; 422 with the lines of ``accord validate`` if it has problems."""
    body = await request.body()
    service = service_of(request)

    def create() -> dict[str, Any]:
        scenario = read_upload(body, request.headers.get("content-type"))
        talks_id = service.talks.create(scenario, author=who.name, source=f"uploaded by {who.name}")
        return {"id": talks_id, "title": scenario.title, "versions": 1}

    return json_response(await run_in_threadpool(create), status_code=201)


@router.get("/talks", name="talks.list", response_model=list[TalksOut])
def list_talks(request: Request, who: Caller) -> list[TalksOut]:
    """The talks the caller has a role in (every talks for an admin)."""
    summaries = service_of(request).talks.summaries()
    return [
        TalksOut(id=s.id, title=s.latest_title or s.title, versions=s.versions)
        for s in summaries
        if who.role is Role.ADMIN or s.id == who.talks
    ]


@router.get("/talks/{talks_id}", name="talks.read")
def read_talks(request: Request, talks_id: TalksId) -> Response:
    """The public view of the talks: the scenario as it stands, without anyone's preferences."""
    store = service_of(request).talks.store(talks_id)
    versions = store.versions()
    scenario = store.scenario_as_of()
    return json_response({"id": talks_id, "versions": len(versions), "scenario": public_view(scenario)})
