"""A scenario: the whole story of a negotiation as data, checked for consistency as it is built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from accord.model.base import Id, NonNegative, Record, Text
from accord.model.documents import Document, Point
from accord.model.parties import Coalition, Party, Role
from accord.model.preferences import Preferences
from accord.model.record import Agreement, Assumption, Meeting, Statement
from accord.model.rules import AgreementRule

FORMAT = "accord/1"
"""The version of the scenario file format this code reads and writes."""

WEIGHTS_TOLERANCE = 1e-6
"""How far a party's weights may be from the declared ``weights_sum``, relative to it."""

Loc = tuple[str | int, ...]


class Scenario(Record):
    """A negotiation: parties, what is negotiated, what each party wants, and what happened so far."""

    format: Literal["accord/1"] = Field(description="Version of the file format.")
    title: Text
    description: Text | None = None
    assumptions: tuple[Assumption, ...] = ()
    parties: tuple[Party, ...] = Field(min_length=1)
    coalitions: tuple[Coalition, ...] = ()
    documents: tuple[Document, ...] = Field(min_length=1)
    preferences: dict[Id, Preferences] = {}
    weights_sum: NonNegative | None = Field(
        default=1.0, description="What every party's weights must add up to; null to skip the check."
    )
    agreement: AgreementRule = AgreementRule()
    agreements: tuple[Agreement, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    statements: tuple[Statement, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> Scenario:
        problems = list(_find_problems(self))
        if problems:
            raise ValidationError.from_exception_data(
                "Scenario",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("scenario", "{message}", {"message": message}),
                        loc=loc,
                        input=None,
                    )
                    for loc, message in problems
                ],
            )
        return self

    @cached_property
    def points(self) -> tuple[Point, ...]:
        """Every point of every document, in document order."""
        return tuple(point for document in self.documents for point in document.points)

    def point(self, point_id: str) -> Point:
        return self._points_by_id[point_id]

    def party(self, party_id: str) -> Party:
        return self._parties_by_id[party_id]

    def document_of(self, point_id: str) -> Document:
        return next(d for d in self.documents if any(p.id == point_id for p in d.points))

    @cached_property
    def voters(self) -> tuple[str, ...]:
        """The parties whose consent the agreement rule counts."""
        if self.agreement.parties is not None:
            return self.agreement.parties
        return tuple(p.id for p in self.parties if p.role is Role.NEGOTIATING)

    @cached_property
    def _points_by_id(self) -> dict[str, Point]:
        return {point.id: point for point in self.points}

    @cached_property
    def _parties_by_id(self) -> dict[str, Party]:
        return {party.id: party for party in self.parties}


def _find_problems(s: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every inconsistency between the parts of a scenario, with where it is."""
    yield from _duplicates(("parties",), [p.id for p in s.parties], "party id")
    yield from _duplicates(("coalitions",), [c.id for c in s.coalitions], "coalition id")
    yield from _duplicates(("documents",), [d.id for d in s.documents], "document id")
    yield from _duplicates(("meetings",), [m.id for m in s.meetings], "meeting id")
    yield from _duplicates(("statements",), [t.id for t in s.statements], "statement id")
    yield from _duplicates(("assumptions",), [a.id for a in s.assumptions], "assumption id")
    yield from _document_problems(s)
    parties = {p.id for p in s.parties}
    points = {p.id: p for p in s.points}
    for i, coalition in enumerate(s.coalitions):
        yield from _unknown(("coalitions", i, "members"), coalition.members, parties, "party")
        yield from _duplicates(("coalitions", i, "members"), list(coalition.members), "member")
    yield from _rule_problems(s, parties)
    assumptions = {a.id for a in s.assumptions}
    for party_id, prefs in s.preferences.items():
        loc: Loc = ("preferences", party_id)
        if party_id not in parties:
            yield loc, f"unknown party '{party_id}'"
        yield from _preference_problems(loc, prefs, points, s.weights_sum)
        yield from _unknown((*loc, "assumptions"), prefs.assumptions, assumptions, "assumption")
    if s.preferences:
        for party_id in s.voters:
            if party_id in parties and party_id not in s.preferences:
                yield ("preferences",), f"party '{party_id}' votes on the agreement but has no preferences"
    yield from _agreement_problems(s, parties, points)
    for i, meeting in enumerate(s.meetings):
        yield from _unknown(("meetings", i, "participants"), meeting.participants, parties, "party")
        yield from _duplicates(("meetings", i, "participants"), list(meeting.participants), "participant")
    for i, statement in enumerate(s.statements):
        if statement.party not in parties:
            yield ("statements", i, "party"), f"unknown party '{statement.party}'"
        yield from _unknown(("statements", i, "points"), statement.points, set(points), "point")


def _duplicates(loc: Loc, ids: list[Any], what: str) -> Iterator[tuple[Loc, str]]:
    seen: set[Any] = set()
    for i, value in enumerate(ids):
        if value in seen:
            yield (*loc, i), f"duplicate {what} '{value}'"
        seen.add(value)


def _unknown(loc: Loc, ids: Iterable[str], known: set[str], what: str) -> Iterator[tuple[Loc, str]]:
    for i, value in enumerate(ids):
        if value not in known:
            yield (*loc, i), f"unknown {what} '{value}'"


def _document_problems(s: Scenario) -> Iterator[tuple[Loc, str]]:
    seen_points: set[str] = set()
    for d, document in enumerate(s.documents):
        numbers = Counter(point.number for point in document.points)
        for p, point in enumerate(document.points):
            loc: Loc = ("documents", d, "points", p)
            if point.id in seen_points:
                yield (*loc, "id"), f"duplicate point id '{point.id}' (point ids are unique across documents)"
            seen_points.add(point.id)
            if numbers[point.number] > 1:
                yield (*loc, "number"), f"point number {point.number} is used twice in document '{document.id}'"
            yield from _duplicates((*loc, "options"), [o.id for o in point.options], "option id")


def _rule_problems(s: Scenario, parties: set[str]) -> Iterator[tuple[Loc, str]]:
    rule = s.agreement
    if rule.parties is not None:
        yield from _unknown(("agreement", "parties"), rule.parties, parties, "party")
        yield from _duplicates(("agreement", "parties"), list(rule.parties), "party")
    elif not s.voters:
        yield ("agreement",), "no party has the negotiating role: list the voting parties in 'agreement.parties'"
    voters = set(s.voters)
    for i, party_id in enumerate(rule.veto):
        if party_id not in voters:
            yield ("agreement", "veto", i), f"veto player '{party_id}' is not a voting party"
    if rule.quorum is not None and rule.quorum > len(voters):
        yield ("agreement", "quorum"), f"quorum {rule.quorum} is larger than the {len(voters)} voting parties"


def _preference_problems(
    loc: Loc, prefs: Preferences, points: dict[str, Point], weights_sum: float | None
) -> Iterator[tuple[Loc, str]]:
    for point_id in prefs.weights:
        if point_id not in points:
            yield (*loc, "weights", point_id), f"unknown point '{point_id}'"
    for point_id, values in prefs.values.items():
        if point_id not in points:
            yield (*loc, "values", point_id), f"unknown point '{point_id}'"
            continue
        for option_id in values:
            if option_id not in points[point_id].option_ids():
                yield (*loc, "values", point_id, option_id), f"option '{option_id}' is not in point '{point_id}'"
    for point_id, weight in prefs.weights.items():
        if weight > 0 and point_id in points:
            missing = [o for o in points[point_id].option_ids() if o not in prefs.values.get(point_id, {})]
            if missing:
                where = (*loc, "values", point_id) if point_id in prefs.values else (*loc, "weights", point_id)
                yield where, f"point '{point_id}' has weight {weight:g} but no value for option(s) {missing}"
    if weights_sum is not None:
        total = sum(prefs.weights.values())
        if abs(total - weights_sum) > WEIGHTS_TOLERANCE * max(1.0, weights_sum):
            yield (*loc, "weights"), f"weights sum to {total:g}, but the scenario declares weights_sum {weights_sum:g}"
    for i, red_line in enumerate(prefs.red_lines):
        if red_line.point not in points:
            yield (*loc, "red_lines", i, "point"), f"unknown point '{red_line.point}'"
            continue
        options = set(points[red_line.point].option_ids())
        yield from _unknown((*loc, "red_lines", i, "reject"), red_line.reject, options, "option")
    if prefs.uncertainty is not None:
        for kind, ranges in (("weights", prefs.uncertainty.weights), ("values", prefs.uncertainty.values)):
            for point_id in ranges:
                if point_id not in points:
                    yield (*loc, "uncertainty", kind, point_id), f"unknown point '{point_id}'"
        for point_id, option_ranges in prefs.uncertainty.values.items():
            if point_id in points:
                known = set(points[point_id].option_ids())
                for option_id in option_ranges:
                    if option_id not in known:
                        yield (
                            (*loc, "uncertainty", "values", point_id, option_id),
                            f"option '{option_id}' is not in point '{point_id}'",
                        )


def _agreement_problems(s: Scenario, parties: set[str], points: dict[str, Point]) -> Iterator[tuple[Loc, str]]:
    chosen: dict[tuple[str, str], str] = {}
    for i, agreement in enumerate(s.agreements):
        loc: Loc = ("agreements", i)
        yield from _unknown((*loc, "parties"), agreement.parties, parties, "party")
        yield from _duplicates((*loc, "parties"), list(agreement.parties), "party")
        if agreement.point not in points:
            yield (*loc, "point"), f"unknown point '{agreement.point}'"
            continue
        if agreement.option not in points[agreement.point].option_ids():
            yield (*loc, "option"), f"option '{agreement.option}' is not in point '{agreement.point}'"
        for party_id in agreement.parties:
            earlier = chosen.setdefault((party_id, agreement.point), agreement.option)
            if earlier != agreement.option:
                yield (
                    (*loc, "option"),
                    f"party '{party_id}' already agreed to option '{earlier}' on point '{agreement.point}'",
                )
