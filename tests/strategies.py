"""Hypothesis builders shared by the property tests: random valid scenarios and preferences.

Scenarios are small enough for the brute-force oracle (at most ``max_packages`` packages) and are drawn to hit
the cases that break engines: exact ties (values and weights from a few dyadic levels), decimal ties (values
on 0.05- and 0.0125-steps, GENIUS linear evaluators such as ``offset 0.1, slope 0.15`` computed in floats,
equal weights such as 1/3; ``decimal=True`` draws only those), arbitrary floats,
non-linear terms (weighted conjunctions of option sets, some always holding), red lines that empty a
point, partial agreements that lock points for some parties, reservation values equal
to a package's utility, quorum rules with veto players, and parties that do not vote.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from accord.model.preferences import Preferences
from accord.model.scenario import Scenario

LEVELS = (0.0, 0.25, 0.5, 1.0)
"""Values drawn from few levels, so that packages often tie."""

VALUE_KINDS = ("levels", "quarters", "floats", "normalised", "twentieths", "eightieths", "linear")
DECIMAL_VALUE_KINDS = ("twentieths", "eightieths", "linear")
"""Values whose sums tie in decimal arithmetic but not in binary (0.625 + 0.28125 = 0.875 + 0.03125)."""

LINEAR = ((0.1, 0.15), (0.05, 0.1), (0.0, 0.0125), (0.2, 0.05))
"""(offset, slope) of GENIUS-style linear evaluators: option ``o`` is worth ``offset + slope * o``."""

Points = Sequence[tuple[str, Sequence[str]]]
"""Point ids with their option ids, in scenario order."""

_unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False)


@st.composite
def preferences(draw: st.DrawFn, points: Points, weights_sum: float | None = 1.0) -> Preferences:
    """One party's preferences over ``points``: weights, values, red lines and a reservation value."""
    return Preferences.model_validate(draw(_preference_data(points, weights_sum)))


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    voters: tuple[int, int] = (2, 5),
    max_packages: int = 3000,
    quorum: bool | None = None,
    decimal: bool = False,
) -> Scenario:
    """A valid scenario with 1-6 points of 1-5 options and 2-5 voting parties (``voters``: fewest, most).

    ``quorum`` forces the agreement rule: True a quorum rule, False unanimity, None either. ``decimal``: only
    decimal ties (values on 0.05- and 0.0125-steps or from linear evaluators, weights in eighths or equal).
    """
    n_voters = draw(st.integers(*voters))
    n_others = draw(st.integers(0, 2))
    n_points = draw(st.integers(1, 6))
    sizes = _at_most(draw(st.lists(st.integers(1, 5), min_size=n_points, max_size=n_points)), max_packages)
    points = [(f"p{k + 1}", [f"o{o + 1}" for o in range(size)]) for k, size in enumerate(sizes)]
    weights_sum = draw(st.sampled_from([1.0] if decimal else [1.0, 1.0, 1.0, None]))
    voting = [f"v{i + 1}" for i in range(n_voters)]
    others = [f"x{i + 1}" for i in range(n_others)]
    explicit = draw(st.booleans())
    parties = [
        {"id": v, "name": v.upper(), "role": draw(st.sampled_from(["negotiating", "guarantor"]))}
        if explicit
        else {"id": v, "name": v.upper()}
        for v in voting
    ]
    # Without an explicit list of voters, only negotiating parties vote, so the others take another role.
    parties += [
        {"id": x, "name": x.upper(), "role": draw(st.sampled_from(["mediator", "guarantor"]))} for x in others
    ]
    prefs = {v: draw(_preference_data(points, weights_sum, decimal)) for v in voting}
    for x in others:
        if draw(st.booleans()):
            prefs[x] = draw(_preference_data(points, weights_sum, decimal))
    data: dict[str, Any] = {
        "format": "accord/1",
        "title": "Random scenario",
        "parties": draw(st.permutations(parties)),
        "documents": _documents(points, split=draw(st.integers(0, len(points) - 1))),
        "preferences": prefs,
        "weights_sum": weights_sum,
        "agreements": draw(_agreements(points, voting + others)),
    }
    rule = draw(_rule(voting, quorum))
    if explicit:
        rule["parties"] = draw(st.permutations(voting))
    if rule:
        data["agreement"] = rule
    return Scenario.model_validate(data)


def _at_most(sizes: list[int], max_packages: int) -> list[int]:
    """Shrink the largest points until the space has at most ``max_packages`` packages."""
    sizes = list(sizes)
    while math.prod(sizes) > max_packages:
        sizes[sizes.index(max(sizes))] -= 1
    return sizes


def _documents(points: Points, split: int) -> list[dict[str, Any]]:
    """One document, or two when ``split`` > 0 (the points before it, then the rest)."""
    parts = [points[:split], points[split:]] if split else [points]
    return [
        {
            "id": f"d{d + 1}",
            "title": f"Document {d + 1}",
            "points": [
                {
                    "id": point,
                    "number": n + 1,
                    "title": point.upper(),
                    "options": [{"id": o, "label": o.upper()} for o in options],
                }
                for n, (point, options) in enumerate(part)
            ],
        }
        for d, part in enumerate(parts)
    ]


@st.composite
def _preference_data(
    draw: st.DrawFn, points: Points, weights_sum: float | None, decimal: bool = False
) -> dict[str, Any]:
    weights = draw(_weights(len(points), weights_sum, decimal))
    value_kind = draw(st.sampled_from(DECIMAL_VALUE_KINDS if decimal else VALUE_KINDS))
    values: dict[str, dict[str, float]] = {}
    for (point, options), weight in zip(points, weights, strict=True):
        if weight > 0 or draw(st.integers(0, 3)) == 0:
            if value_kind == "linear":
                offset, slope = draw(st.sampled_from(LINEAR))
                shift = draw(st.integers(0, 4))
                # As GENIUS's importer computes it, in floats: 0.1 + 0.15 * 3 is 0.5499999999999999.
                values[point] = {o: min(offset + slope * (n + shift), 1.0) for n, o in enumerate(options)}
            else:
                values[point] = {o: draw(_value(value_kind)) for o in options}
            if value_kind == "normalised":
                # The usual scale: each point's best option is worth 1, the best utility the weights' sum.
                values[point][draw(st.sampled_from(options))] = 1.0
        elif draw(st.integers(0, 5)) == 0:
            # A point of weight 0 may value only some of its options.
            values[point] = {
                o: draw(_value(value_kind)) for o in options[: draw(st.integers(0, len(options)))]
            }
    terms = [draw(_term(points, decimal)) for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3])))]
    data: dict[str, Any] = {
        "weights": {
            point: weight
            for (point, _), weight in zip(points, weights, strict=True)
            if weight > 0 or draw(st.booleans())
        },
        "values": values,
        "reservation": draw(_reservation(points, weights, values, terms, decimal=decimal)),
    }
    if terms:
        data["terms"] = terms
    red_lines = [
        draw(_red_line(points, values, decimal)) for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2])))
    ]
    if red_lines:
        data["red_lines"] = red_lines
    return data


@st.composite
def _weights(draw: st.DrawFn, n: int, weights_sum: float | None, decimal: bool = False) -> list[float]:
    """Weights of ``n`` points: eighths, equal (1/n), normalised small integers or normalised floats (free
    when no sum); only eighths or equal weights when ``decimal``."""
    kind = draw(
        st.sampled_from(["eighths", "equal"] if decimal else ["eighths", "equal", "integers", "floats"])
    )
    if kind == "equal" and weights_sum is not None:
        return [1 / n] * n
    if kind == "eighths" and weights_sum is not None:
        cuts = sorted(draw(st.lists(st.integers(0, 8), min_size=n - 1, max_size=n - 1)))
        return [(b - a) / 8 for a, b in zip([0, *cuts], [*cuts, 8], strict=True)]
    raw = draw(st.lists(st.integers(0, 4) if kind != "floats" else _unit, min_size=n, max_size=n))
    if weights_sum is None:
        return [float(w) / 4 if kind != "floats" else 3 * w for w in raw]
    total = math.fsum(raw)
    if total == 0:
        return [1.0 if k == 0 else 0.0 for k in range(n)]
    return [w / total for w in raw]


def _value(kind: str) -> st.SearchStrategy[float]:
    if kind == "levels":
        return st.sampled_from(LEVELS)
    if kind == "quarters":
        return st.sampled_from((0.0, 0.25, 0.5, 0.75, 1.0))
    if kind == "twentieths":
        return st.integers(0, 20).map(lambda n: n * 0.05)  # float products, as a reader would compute them
    if kind == "eightieths":
        return st.integers(0, 80).map(lambda n: n / 80)
    return _unit  # "floats", and "normalised" before its best option is set to 1


def _level(decimal: bool) -> st.SearchStrategy[float]:
    """A term weight or a threshold: a level, a decimal on a 0.05-step, or (unless ``decimal``) any float."""
    steps = st.integers(0, 20).map(lambda n: n * 0.05)
    return steps if decimal else st.sampled_from(LEVELS) | steps | _unit


@st.composite
def _term(draw: st.DrawFn, points: Points, decimal: bool = False) -> dict[str, Any]:
    """A weighted conjunction over up to three points (none: a term that always holds)."""
    named = draw(st.lists(st.sampled_from(points), unique_by=lambda p: p[0], max_size=min(3, len(points))))
    when = {
        point: draw(st.lists(st.sampled_from(options), unique=True, min_size=1, max_size=len(options)))
        for point, options in named
    }
    return {"weight": draw(_level(decimal)), "when": when}


@st.composite
def _reservation(
    draw: st.DrawFn,
    points: Points,
    weights: list[float],
    values: dict[str, dict[str, float]],
    terms: list[dict[str, Any]],
    *,
    decimal: bool = False,
) -> float:
    """Zero, a level, a fraction of the best utility (a decimal one when ``decimal``), or exactly the utility
    of some package, summed in floats (a tie)."""
    best = math.fsum(
        w * max(values.get(p, {}).values(), default=0.0) for (p, _), w in zip(points, weights, strict=True)
    ) + math.fsum(term["weight"] for term in terms)
    kind = draw(st.sampled_from(["zero", "zero", "zero", "level", "fraction", "fraction", "package"]))
    if kind == "level":
        return draw(st.sampled_from((0.25, 0.5, 0.75)))
    if kind == "fraction":
        return draw(st.integers(0, 20)) * 0.05 * best if decimal else draw(_unit) * best
    if kind == "package":
        chosen = [draw(st.sampled_from(options)) for _, options in points]
        package = {p: o for (p, _), o in zip(points, chosen, strict=True)}
        return math.fsum(
            [w * values.get(p, {}).get(o, 0.0) for (p, _), o, w in zip(points, chosen, weights, strict=True)]
            + [t["weight"] for t in terms if all(package[p] in os for p, os in t["when"].items())]
        )
    return 0.0


@st.composite
def _red_line(
    draw: st.DrawFn, points: Points, values: dict[str, dict[str, float]], decimal: bool = False
) -> dict[str, Any]:
    """Options rejected by name, or by a minimum level where the party values every option of the point."""
    point, options = draw(st.sampled_from(points))
    valued = set(values.get(point, {})) == set(options)
    reject = draw(
        st.lists(st.sampled_from(options), unique=True, min_size=0 if valued else 1, max_size=len(options))
    )
    line: dict[str, Any] = {"point": point, "reject": reject}
    if valued and (not reject or draw(st.integers(0, 3)) == 0):
        line["min_value"] = draw(_level(decimal))
    return line


@st.composite
def _agreements(draw: st.DrawFn, points: Points, parties: list[str]) -> list[dict[str, Any]]:
    """Up to three partial agreements; a party never agrees to two options on one point."""
    agreed: dict[tuple[str, str], str] = {}
    result = []
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        point, options = draw(st.sampled_from(points))
        option = draw(st.sampled_from(options))
        chosen = draw(st.lists(st.sampled_from(parties), unique=True, min_size=1, max_size=len(parties)))
        chosen = [p for p in chosen if agreed.setdefault((p, point), option) == option]
        if chosen:
            result.append({"point": point, "option": option, "parties": chosen})
    return result


@st.composite
def _rule(draw: st.DrawFn, voters: list[str], quorum: bool | None) -> dict[str, Any]:
    if quorum is None:
        quorum = draw(st.integers(0, 2)) == 0
    if not quorum:
        return draw(st.sampled_from([{}, {"rule": "unanimity"}]))
    veto = draw(st.lists(st.sampled_from(voters), unique=True, max_size=2))
    return {"rule": "quorum", "quorum": draw(st.integers(1, len(voters))), "veto": veto}


@st.composite
def reorderings(draw: st.DrawFn, scenario: Scenario) -> Scenario:
    """The same scenario with its parties, voters, documents, points and options listed in another order."""
    data = scenario.model_dump()
    data["parties"] = draw(st.permutations(data["parties"]))
    if data["agreement"]["parties"] is not None:
        data["agreement"]["parties"] = draw(st.permutations(data["agreement"]["parties"]))
    data["documents"] = draw(st.permutations(data["documents"]))
    for document in data["documents"]:
        document["points"] = draw(st.permutations(document["points"]))
        for point in document["points"]:
            point["options"] = draw(st.permutations(point["options"]))
    data["preferences"] = dict(draw(st.permutations(list(data["preferences"].items()))))
    data["agreements"] = draw(st.permutations(data["agreements"]))
    return Scenario.model_validate(data)
