"""DEU III proposals as scenarios (``accord import deu``): one scenario per proposal, one point per issue.

Each issue becomes an ordered point whose options are the distinct positions taken on it (and the reference
point), each with its ``position``; each actor with a position becomes a party with its capability, whose
weight of the point is its salience / 100 (0 when not recorded) and whose value of an option falls linearly
with its distance from the actor's position (``1 - |x - x_actor| / 100``), so that its best option is its
position. The reference point and the outcome are kept in the point's description.
"""

from __future__ import annotations

import re
from collections import defaultdict

from accord.model.deu import DeuIssue, DeuTable
from accord.model.documents import Document, Option, Point
from accord.model.parties import Party
from accord.model.preferences import Preferences
from accord.model.record import Assumption
from accord.model.scenario import Scenario

ACTORS = {
    "com": "European Commission", "ep": "European Parliament", "at": "Austria", "be": "Belgium",
    "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus", "cz": "Czechia", "dk": "Denmark", "ee": "Estonia",
    "fi": "Finland", "fr": "France", "de": "Germany", "el": "Greece", "hu": "Hungary", "ie": "Ireland",
    "it": "Italy", "lv": "Latvia", "lt": "Lithuania", "lu": "Luxembourg", "mt": "Malta", "nl": "Netherlands",
    "pl": "Poland", "pt": "Portugal", "ro": "Romania", "si": "Slovenia", "sk": "Slovakia", "es": "Spain",
    "se": "Sweden", "uk": "United Kingdom",
}  # fmt: skip
"""DEU III's actor codes."""

SOURCE = (
    "Arregui, J. & Perarnaud, C. (2021). A new dataset on legislative decision-making in the European Union: "
    "the DEU III dataset. Journal of European Public Policy. doi 10.34810/data53."
)
DERIVED = Assumption(
    id="deu-derived",
    text="Values of options are derived from the positions (linear loss in distance) and weights from the "
    "saliences (salience / 100); the Council's voting rule is not modelled (unanimity of every party).",
)


def proposal_id(code: str) -> str:
    """A proposal or issue code as an identifier (characters other than letters, digits, '_', '.', '-'
    become '-')."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "-", code).strip("-._")[:64]
    return cleaned or "unnamed"


def deu_scenarios(table: DeuTable) -> dict[str, Scenario]:
    """One scenario per proposal that has at least one issue with a position, by proposal identifier."""
    by_proposal: dict[str, list[DeuIssue]] = defaultdict(list)
    for issue in table.issues:
        by_proposal[issue.proposal].append(issue)
    scenarios: dict[str, Scenario] = {}
    for code, issues in by_proposal.items():
        kept = [issue for issue in issues if issue.positions]
        name = proposal_id(code)
        if name in scenarios:  # two codes alike once cleaned
            name = next(
                f"{name[:56]}-{n}"
                for n in range(2, len(by_proposal) + 2)
                if f"{name[:56]}-{n}" not in scenarios
            )
        if kept:
            scenarios[name] = _scenario(table, name, kept)
    return scenarios


def _scenario(table: DeuTable, name: str, issues: list[DeuIssue]) -> Scenario:
    actors = [a for a in table.actors if any(a in issue.positions for issue in issues)]
    points = _unique_ids(tuple(_point(issue, number) for number, issue in enumerate(issues, start=1)))
    preferences = {actor: _preferences(actor, issues, points) for actor in actors}
    title = (issues[0].proposal_name or issues[0].proposal)[:1000]
    return Scenario(
        format="accord/1",
        title=f"DEU III proposal {issues[0].proposal[:1000]}: {title}",
        description=f"Imported from {SOURCE}",
        assumptions=(DERIVED,),
        parties=tuple(Party(id=a, name=ACTORS.get(a, a), capability=table.capability(a)) for a in actors),
        documents=(Document(id=name, title=title, points=points),),
        preferences=preferences,
        weights_sum=None,
    )


def _point(issue: DeuIssue, number: int) -> Point:
    places = sorted(
        {*issue.positions.values(), *([] if issue.reference_point is None else [issue.reference_point])}
    )
    ids = [f"at-{x:g}" for x in places]
    ids = [ident if ids.count(ident) == 1 else f"{ident}-{k}" for k, ident in enumerate(ids, start=1)]
    rp = issue.reference_point
    options = tuple(
        Option(id=ident, label=f"Position {x:g}" + (" (the reference point)" if x == rp else ""), position=x)
        for ident, x in zip(ids, places, strict=True)
    )
    known = [
        f"reference point {issue.reference_point:g}"
        if issue.reference_point is not None
        else "no reference point",
        f"outcome {issue.outcome:g}" if issue.outcome is not None else "outcome unknown",
    ]
    return Point(
        id=proposal_id(issue.issue),
        number=number,
        title=f"Issue {issue.issue[:1000]}",
        options=options,
        description=f"DEU III issue {issue.issue[:1000]} (line {issue.line}): {'; '.join(known)}.",
    )


def _unique_ids(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """Points whose identifiers collided after cleaning get a suffix (their number)."""
    seen: set[str] = set()
    result: list[Point] = []
    for point in points:
        ident = point.id if point.id not in seen else f"{point.id[:56]}-{point.number}"
        seen.add(ident)
        result.append(point if ident == point.id else point.model_copy(update={"id": ident}))
    return tuple(result)


def _preferences(actor: str, issues: list[DeuIssue], points: tuple[Point, ...]) -> Preferences:
    weights: dict[str, float] = {}
    values: dict[str, dict[str, float]] = {}
    for issue, point in zip(issues, points, strict=True):
        if actor not in issue.positions:
            continue
        x = issue.positions[actor]
        weights[point.id] = issue.saliences.get(actor, 0.0) / 100
        values[point.id] = {o.id: 1 - abs((o.position or 0.0) - x) / 100 for o in point.options}
    return Preferences(weights=weights, values=values, assumptions=(DERIVED.id,))
