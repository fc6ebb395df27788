"""A party's preferences: read and written by its own delegation and by the mediator, by nobody else.

Writing makes a new scenario version with that party's preferences replaced (the record's history keeps
every version); the new scenario is checked as a whole, so a weight on an unknown point is a 422 naming
``preferences.PARTY.weights.POINT``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from accord.model.errors import Problem, ScenarioError
from accord.model.files import parse_scenario
from accord.model.preferences import Preferences
from accord.model.scenario import Scenario
from accord.service.context import Caller, PartyId, TalksId, authorise, service_of
from accord.service.errors import NotFound
from accord.service.outputs import json_response
from accord.service.routes.talks import Problems
from accord.tracker.catalogue import VersionStamp, version_scenario
from accord.tracker.importer import import_scenario
from accord.tracker.store import utc_now

router = APIRouter(dependencies=[Depends(authorise)], tags=["preferences"])
SOURCE = "<preferences>"


def _party(scenario: Scenario, party: PartyId) -> None:
    if party not in {p.id for p in scenario.parties}:
        raise NotFound(f"no party '{party}' in these talks")


@router.get("/talks/{talks_id}/parties/{party}/preferences", name="preferences.read")
def read_preferences(request: Request, talks_id: TalksId, party: PartyId) -> Response:
    """The party's preferences in the latest scenario version."""
    scenario = service_of(request).talks.store(talks_id).scenario()
    _party(scenario, party)
    if party not in scenario.preferences:
        raise NotFound(f"party '{party}' has no preferences yet")
    return json_response(scenario.preferences[party].model_dump(mode="json", exclude_defaults=True))


@router.put(
    "/talks/{talks_id}/parties/{party}/preferences",
    name="preferences.write",
    responses={422: {"model": Problems, "description": "The preferences' problems."}},
)
def write_preferences(
    request: Request, talks_id: TalksId, party: PartyId, body: Preferences, who: Caller
) -> dict[str, Any]:
    """Replace the party's preferences: a new scenario version."""
    store = service_of(request).talks.store(talks_id)
    with store.transaction(whole=True) as connection:  # read and write in one: no lost update
        scenario = version_scenario(connection, talks_id, None)[1]
        _party(scenario, party)
        updated = with_preferences(scenario, party, body)
        now = utc_now()
        stamp = VersionStamp(who.name, f"preferences of {party} by {who.name}", now, now.date())
        report = import_scenario(connection, talks_id, updated, stamp)
    return {"party": party, "version": report.version}


def with_preferences(scenario: Scenario, party: PartyId, preferences: Preferences) -> Scenario:
    """The scenario with one party's preferences replaced and its record parts left to the record; checked
    as a whole (problems named by field, as ``accord validate`` names them)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    data["format"] = scenario.format
    data["preferences"] = data.get("preferences", {}) | {party: preferences.model_dump(mode="json")}
    for part in ("agreements", "meetings", "statements"):
        data.pop(part, None)
    try:
        return parse_scenario(json.dumps(data), SOURCE)
    except ScenarioError as error:
        raise ScenarioError([Problem(SOURCE, 0, 0, p.field, p.message) for p in error.problems]) from None
