"""A scenario: the whole story of a negotiation as data, checked for consistency as it is built."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Literal, Protocol

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from accord.model.base import Id, NonNegative, Record, Text
from accord.model.documents import Document, Point
from accord.model.errors import MAX_PROBLEMS
from accord.model.parties import Coalition, Party, Role
from accord.model.preferences import Distribution, Preferences, Term, Uncertainty
from accord.model.record import Agreement, Assumption, Meeting, Statement
from accord.model.rules import AgreementRule

FORMAT = "accord/1"
"""The version of the scenario file format this code reads and writes."""

WEIGHTS_TOLERANCE = 1e-6
"""How far a party's weights may be from the declared ``weights_sum``, relative to it."""

Loc = tuple[str | int, ...]


class HasId(Protocol):
    """A part of a scenario named by an id: a party, coalition, document, option, meeting..."""

    @property
    def id(self) -> str: ...


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
    distribution: Distribution = Field(
        default=Distribution.UNIFORM,
        description="How uncertainty ranges are sampled, unless a party's 'uncertainty' says otherwise.",
    )
    agreement: AgreementRule = AgreementRule()
    agreements: tuple[Agreement, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    statements: tuple[Statement, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> Scenario:
        problems = list(itertools.islice(_find_problems(self), MAX_PROBLEMS + 1))
        if len(problems) > MAX_PROBLEMS:
            problems[MAX_PROBLEMS:] = [((), f"more problems (the first {MAX_PROBLEMS} are listed)")]
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
        """The document a point belongs to; ``KeyError`` for a point the scenario does not have."""
        for document in self.documents:
            if any(p.id == point_id for p in document.points):
                return document
        raise KeyError(point_id)

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
    yield from _duplicate_ids(("parties",), s.parties, "party")
    yield from _duplicate_ids(("coalitions",), s.coalitions, "coalition")
    yield from _duplicate_ids(("documents",), s.documents, "document")
    yield from _duplicate_ids(("meetings",), s.meetings, "meeting")
    yield from _duplicate_ids(("statements",), s.statements, "statement")
    yield from _duplicate_ids(("assumptions",), s.assumptions, "assumption")
    yield from _document_problems(s)
    parties = {p.id for p in s.parties}
    points = {p.id: p for p in s.points}
    for i, coalition in enumerate(s.coalitions):
        yield from _unknown(("coalitions", i, "members"), coalition.members, parties, "party")
        yield from _duplicates(("coalitions", i, "members"), coalition.members, "member")
    yield from _rule_problems(s, parties)
    assumptions = {a.id for a in s.assumptions}
    for party_id, prefs in s.preferences.items():
        loc: Loc = ("preferences", party_id)
        if party_id not in parties:
            yield loc, _unknown_message("party", party_id, parties)
        yield from _preference_problems(loc, prefs, points, s.weights_sum)
        yield from _unknown((*loc, "assumptions"), prefs.assumptions, assumptions, "assumption")
    if s.preferences:
        for party_id in s.voters:
            if party_id in parties and party_id not in s.preferences:
                yield ("preferences",), f"party '{party_id}' votes on the agreement but has no preferences"
    yield from _agreement_problems(s, parties, points)
    for i, meeting in enumerate(s.meetings):
        yield from _unknown(("meetings", i, "participants"), meeting.participants, parties, "party")
        yield from _duplicates(("meetings", i, "participants"), meeting.participants, "participant")
    for i, statement in enumerate(s.statements):
        if statement.party not in parties:
            yield ("statements", i, "party"), _unknown_message("party", statement.party, parties)
        yield from _unknown(("statements", i, "points"), statement.points, set(points), "point")


def _duplicate_ids(loc: Loc, records: Sequence[HasId], what: str) -> Iterator[tuple[Loc, str]]:
    """The ``id`` of every record that repeats an earlier one's."""
    for where, message in _duplicates(loc, [r.id for r in records], f"{what} id"):
        yield (*where, "id"), message


def _duplicates(loc: Loc, ids: Sequence[str], what: str) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            yield (*loc, i), f"duplicate {what} '{value}'"
        seen.add(value)


def _unknown(loc: Loc, ids: Iterable[str], known: set[str], what: str) -> Iterator[tuple[Loc, str]]:
    for i, value in enumerate(ids):
        if value not in known:
            yield (*loc, i), _unknown_message(what, value, known)


def _unknown_message(what: str, value: str, known: Iterable[str]) -> str:
    """``unknown party 'nort'; did you mean 'north'?``"""
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"unknown {what} '{value}'" + (f"; did you mean '{close[0]}'?" if close else "")


def _not_in_point(option_id: str, point_id: str) -> str:
    return f"option '{option_id}' is not in point '{point_id}'"


def _document_problems(s: Scenario) -> Iterator[tuple[Loc, str]]:
    seen_points: set[str] = set()
    for d, document in enumerate(s.documents):
        numbers: dict[int, Point] = {}
        for p, point in enumerate(document.points):
            loc: Loc = ("documents", d, "points", p)
            if point.id in seen_points:
                yield (*loc, "id"), f"duplicate point id '{point.id}' (point ids are unique across documents)"
            seen_points.add(point.id)
            first = numbers.setdefault(point.number, point)
            if first is not point:
                yield (*loc, "number"), f"point number {point.number} is already used by point '{first.id}'"
            yield from _duplicate_ids((*loc, "options"), point.options, "option")


def _rule_problems(s: Scenario, parties: set[str]) -> Iterator[tuple[Loc, str]]:
    rule = s.agreement
    if rule.parties is not None:
        yield from _unknown(("agreement", "parties"), rule.parties, parties, "party")
        yield from _duplicates(("agreement", "parties"), rule.parties, "party")
    elif not s.voters:
        yield ("agreement",), "no party has the negotiating role: list the voters in 'agreement.parties'"
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
            yield (*loc, "weights", point_id), _unknown_message("point", point_id, points)
    yield from _value_problems((*loc, "values"), prefs.values, points)
    yield from _missing_values(loc, prefs, points)
    # weights_sum constrains the point weights; terms add on top of them, and a party whose utility is
    # made of terms alone (a GENIUS non-linear profile) declares no weights to check.
    if weights_sum is not None and (prefs.weights or not prefs.terms):
        total = sum(prefs.weights.values())
        if abs(total - weights_sum) > WEIGHTS_TOLERANCE * max(1.0, weights_sum):
            yield (
                (*loc, "weights"),
                f"weights sum to {total:g}, but must sum to {weights_sum:g} (weights_sum)",
            )
    for i, red_line in enumerate(prefs.red_lines):
        if red_line.point not in points:
            yield (*loc, "red_lines", i, "point"), _unknown_message("point", red_line.point, points)
            continue
        for j, option_id in enumerate(red_line.reject):
            if not points[red_line.point].has_option(option_id):
                yield (*loc, "red_lines", i, "reject", j), _not_in_point(option_id, red_line.point)
        if red_line.min_value is None:
            continue
        valued = prefs.values.get(red_line.point, {})
        unvalued = [o for o in points[red_line.point].option_ids() if o not in valued]
        if unvalued:
            yield (
                (*loc, "red_lines", i, "min_value"),
                f"min_value compares the party's values, but point '{red_line.point}' has no value for "
                f"{', '.join(repr(o) for o in unvalued)}",
            )
    yield from _term_problems((*loc, "terms"), prefs.terms, points)
    if prefs.uncertainty is not None:
        yield from _uncertainty_problems((*loc, "uncertainty"), prefs, points)


def _term_problems(loc: Loc, terms: Sequence[Term], points: dict[str, Point]) -> Iterator[tuple[Loc, str]]:
    """Points and options named by a term's ``when`` that the scenario does not have, and repeated options."""
    for i, term in enumerate(terms):
        for point_id, option_ids in term.when.items():
            where: Loc = (*loc, i, "when", point_id)
            if point_id not in points:
                yield where, _unknown_message("point", point_id, points)
                continue
            point = points[point_id]
            for j, option_id in enumerate(option_ids):
                if not point.has_option(option_id):
                    yield (*where, j), _not_in_point(option_id, point_id)
            yield from _duplicates(where, option_ids, "option")


def _value_problems(
    loc: Loc, values: Mapping[str, Mapping[str, object]], points: dict[str, Point]
) -> Iterator[tuple[Loc, str]]:
    """Points and options in a ``{point: {option: ...}}`` mapping that the scenario does not have."""
    for point_id, by_option in values.items():
        if point_id not in points:
            yield (*loc, point_id), _unknown_message("point", point_id, points)
            continue
        for option_id in by_option:
            if not points[point_id].has_option(option_id):
                yield (*loc, point_id, option_id), _not_in_point(option_id, point_id)


def _missing_values(loc: Loc, prefs: Preferences, points: dict[str, Point]) -> Iterator[tuple[Loc, str]]:
    """Options of a weighted point that the party gives no value."""
    for point_id, weight in prefs.weights.items():
        if weight > 0 and point_id in points:
            given = prefs.values.get(point_id, {})
            missing = [o for o in points[point_id].option_ids() if o not in given]
            if missing:
                where = (*loc, "values" if point_id in prefs.values else "weights", point_id)
                yield where, f"point '{point_id}' has weight {weight:g}, but no value for {_options(missing)}"


def _options(option_ids: Sequence[str]) -> str:
    """``option 'a'`` or ``options 'a', 'b'``."""
    names = ", ".join(f"'{o}'" for o in option_ids)
    return f"option {names}" if len(option_ids) == 1 else f"options {names}"


def _uncertainty_problems(
    loc: Loc, prefs: Preferences, points: dict[str, Point]
) -> Iterator[tuple[Loc, str]]:
    """Unknown points and options, and ranges upside down or not around the number they are declared for."""
    uncertainty = prefs.uncertainty or Uncertainty()
    for point_id in uncertainty.weights:
        if point_id not in points:
            yield (*loc, "weights", point_id), _unknown_message("point", point_id, points)
    yield from _value_problems((*loc, "values"), uncertainty.values, points)
    # each range, with the number it is around (a point left out weighs 0; an option left out has no value)
    ranges: list[tuple[Loc, tuple[float, float], float | None]] = [
        ((*loc, "weights", p), r, prefs.weights.get(p, 0.0)) for p, r in uncertainty.weights.items()
    ]
    ranges += [
        ((*loc, "values", p, o), r, prefs.values.get(p, {}).get(o))
        for p, by in uncertainty.values.items()
        for o, r in by.items()
    ]
    if uncertainty.reservation is not None:
        ranges.append(((*loc, "reservation"), uncertainty.reservation, prefs.reservation))
    for where, (low, high), stated in ranges:
        if low > high:
            yield where, f"range [{low:g}, {high:g}] is upside down: write it [low, high]"
        elif stated is not None and not low <= stated <= high:
            yield where, f"range [{low:g}, {high:g}] does not contain the stated value {stated:g}"


def _agreement_problems(
    s: Scenario, parties: set[str], points: dict[str, Point]
) -> Iterator[tuple[Loc, str]]:
    chosen: dict[tuple[str, str], str] = {}
    for i, agreement in enumerate(s.agreements):
        loc: Loc = ("agreements", i)
        yield from _unknown((*loc, "parties"), agreement.parties, parties, "party")
        yield from _duplicates((*loc, "parties"), agreement.parties, "party")
        if agreement.point not in points:
            yield (*loc, "point"), _unknown_message("point", agreement.point, points)
            continue
        if not points[agreement.point].has_option(agreement.option):
            yield (*loc, "option"), _not_in_point(agreement.option, agreement.point)
        for party_id in agreement.parties:
            earlier = chosen.setdefault((party_id, agreement.point), agreement.option)
            if earlier != agreement.option:
                yield (
                    (*loc, "option"),
                    f"party '{party_id}' already agreed to option '{earlier}' on point '{agreement.point}'",
                )
