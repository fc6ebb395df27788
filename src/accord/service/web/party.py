"""A party's page (role ``party:ID``, and the mediator): its own preferences with an editor (weights as a
100-point allocation, option values, red lines, reservation), the published texts scored by its own utility,
and the public record. Nothing of another party's preferences is read into it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from accord.model.preferences import Preferences, RedLine
from accord.model.scenario import Scenario
from accord.service.context import PartyId, TalksId, service_of
from accord.service.publications import publications_of, seen_by
from accord.service.routes.preferences import write_preferences
from accord.service.web.render import render
from accord.service.web.session import PageError, Visitor, visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(visitor)])
POINTS = 100
"""The points a party allocates among the points of the talks (as in Inspire)."""


def _own(scenario: Scenario, party: str) -> Preferences:
    if party not in {p.id for p in scenario.parties}:
        raise PageError(404, f"no party '{party}' in these talks")
    return scenario.preferences.get(party, Preferences())


def allocation(weights: dict[str, float], points: list[str]) -> dict[str, int]:
    """Weights as whole points out of :data:`POINTS` (largest remainders, so they add up exactly)."""
    total = sum(weights.get(p, 0.0) for p in points) or 1.0
    exact = {p: POINTS * weights.get(p, 0.0) / total for p in points}
    shares = {p: int(v) for p, v in exact.items()}
    for p in sorted(points, key=lambda p: shares[p] - exact[p])[: POINTS - sum(shares.values())]:
        shares[p] += 1
    return shares


@router.get("/talks/{talks_id}/parties/{party}", name="web.party")
def party_page(request: Request, talks_id: TalksId, party: PartyId, who: Visitor) -> Response:
    """The party's own preferences, the texts published to it with its own utility, the public record."""
    service = service_of(request)
    store = service.talks.store(talks_id)
    scenario = store.scenario_as_of()
    # The editor shows the preferences as the party stated them (the stored version), not with the red lines
    # that recorded rejections add in the analysis of the record, which the party never wrote.
    own = _own(store.scenario(), party)
    points = [p for d in scenario.documents for p in d.points]
    rejected = {(r.point, o) for r in own.red_lines for o in r.reject}
    publications = seen_by(who, publications_of(service.talks.engine, talks_id), scenario)
    for item in publications:
        item["utilities"] = {p: u for p, u in item["utilities"].items() if p == party}
    return render(
        request,
        "party.html",
        who=who,
        talks_id=talks_id,
        party=party,
        title=scenario.title,
        points=points,
        own=own,
        shares=allocation(dict(own.weights), [p.id for p in points]),
        rejected=rejected,
        publications=publications,
        matrix=store.matrix().to_output(),
        saved=request.query_params.get("saved") == "1",
    )


@router.post("/talks/{talks_id}/parties/{party}", name="web.party.save")
async def save_preferences(request: Request, talks_id: TalksId, party: PartyId, who: Visitor) -> Response:
    """The editor's form as the party's new preferences (a new scenario version, as with the API)."""
    form = await request.form()
    scenario = service_of(request).talks.store(talks_id).scenario()
    points = [p for d in scenario.documents for p in d.points]
    edited = edited_preferences(
        form, _own(scenario, party), {p.id: [o.id for o in p.options] for p in points}
    )
    await run_in_threadpool(write_preferences, request, talks_id, party, edited, who)
    return RedirectResponse(f"/talks/{talks_id}/parties/{party}?saved=1", status_code=303)


def _number(form: FormData, field: str, low: float, high: float) -> float:
    text = str(form.get(field, "")).strip()
    try:
        value = float(text)
    except ValueError:
        raise PageError(400, f"{field}: '{text[:40]}' is not a number") from None
    if not low <= value <= high:
        raise PageError(400, f"{field}: {value:g} is not between {low:g} and {high:g}")
    return value


def edited_preferences(form: FormData, own: Preferences, options: dict[str, list[str]]) -> Preferences:
    """New preferences from the editor: weights from the allocation (which must add up to 100), values,
    red lines (the rejected options; a red line's minimum value is kept), reservation; the rest as it was."""
    shares = {p: _number(form, f"weight/{p}", 0, POINTS) for p in options}
    if round(sum(shares.values()), 6) != POINTS:
        raise PageError(400, f"weights: the allocation adds up to {sum(shares.values()):g}, not {POINTS}")
    weights = {p: share / POINTS for p, share in shares.items() if share > 0}
    values = {
        p: {o: _number(form, f"value/{p}/{o}", 0, 1) for o in opts}
        for p, opts in options.items()
        if p in weights
    }
    minimums = {r.point: r.min_value for r in own.red_lines if r.min_value is not None}
    red_lines = []
    for p, opts in options.items():
        reject = tuple(o for o in opts if form.get(f"reject/{p}/{o}") == "on")
        if reject or p in minimums:
            red_lines.append(RedLine(point=p, reject=reject, min_value=minimums.get(p)))
    data: dict[str, Any] = own.model_dump(exclude={"weights", "values", "red_lines", "reservation"})
    reservation = _number(form, "reservation", 0, 1)
    return Preferences.model_validate(
        data | {"weights": weights, "values": values, "red_lines": red_lines, "reservation": reservation}
    )
