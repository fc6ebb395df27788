"""Publications: the mediator publishes a text (a package) to the parties; each party reads them with its
own utility only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from accord.service.context import Caller, TalksId, authorise, service_of
from accord.service.outputs import json_response
from accord.service.publications import publications_of, publish, seen_by

router = APIRouter(dependencies=[Depends(authorise)], tags=["publications"])


class PublicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(default="", max_length=100_000)
    package: dict[str, str] = Field(description="An option for every point.", max_length=10_000)


@router.post("/talks/{talks_id}/publications", name="publications.create", status_code=201)
def create_publication(
    request: Request, talks_id: TalksId, body: PublicationIn, who: Caller
) -> dict[str, Any]:
    """Publish a package to the parties."""
    service = service_of(request)
    scenario = service.talks.store(talks_id).scenario_as_of()
    new_id = publish(
        service.talks.engine,
        talks_id,
        scenario,
        title=body.title,
        text=body.text,
        package=body.package,
        author=who.name,
    )
    return {"id": new_id}


@router.get("/talks/{talks_id}/publications", name="publications.list")
def list_publications(request: Request, talks_id: TalksId, who: Caller) -> Response:
    """The published texts, each with the caller's own utility (every party's for the mediator)."""
    service = service_of(request)
    scenario = service.talks.store(talks_id).scenario_as_of()
    return json_response(seen_by(who, publications_of(service.talks.engine, talks_id), scenario))
