"""A brute-force robustness oracle: its own pseudo-random samples, plain loops over samples and packages.

Independent of ``analysis/sampling.py`` and ``analysis/sampled.py``: samples come from Python's ``random``
(``uniform`` and ``triangular``), are applied to plain dicts, and every package of every sample is judged by
the definitions (red lines by name and by level on the sampled values, locks, utility of weights, values and
terms against the sampled reservation value, the agreement rule).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from accord.model.scenario import Scenario

SLACK = 1e-12
"""A utility this close below the reservation value counts as reaching it (the engine's grid tolerance)."""

Range = tuple[str, str | None, str | None, float, float, float, bool]
"""(party, point, option, low, high, stated, triangular)."""


class Sampled(TypedDict):
    """One party's preferences with one sample applied, as plain dicts."""

    weights: dict[str, float]
    values: dict[str, dict[str, float]]
    reservation: float
    sampled_weights: bool


@dataclass(frozen=True)
class Verdicts:
    """Per sample: whether the zone is non-empty, and the packages that are agreements."""

    zone: list[bool]
    agreements: list[set[tuple[str, ...]]]


def ranges(scenario: Scenario) -> list[Range]:
    """Every declared range of the voting parties, in the engine's order."""
    found: list[Range] = []
    for party in scenario.voters:
        prefs = scenario.preferences[party]
        u = prefs.uncertainty
        if u is None:
            continue
        triangular = (u.distribution or scenario.distribution) == "triangular"
        for point in scenario.points:
            if point.id in u.weights:
                low, high = u.weights[point.id]
                found.append((party, point.id, None, low, high, prefs.weights.get(point.id, 0.0), triangular))
        for point in scenario.points:
            for option in point.option_ids():
                if option in u.values.get(point.id, {}):
                    low, high = u.values[point.id][option]
                    stated = prefs.values.get(point.id, {}).get(option, 0.0)
                    found.append((party, point.id, option, low, high, stated, triangular))
        if u.reservation is not None:
            low, high = u.reservation
            found.append((party, None, None, low, high, prefs.reservation, triangular))
    return found


def draw(scenario: Scenario, n: int, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        row = []
        for _, _, _, low, high, stated, triangular in ranges(scenario):
            row.append(rng.triangular(low, high, stated) if triangular else rng.uniform(low, high))
        rows.append(row)
    return rows


def judge(scenario: Scenario, rows: Sequence[Sequence[float]]) -> Verdicts:
    """Judge every package under every sample by the definitions."""
    points = scenario.points
    packages = list(itertools.product(*(p.option_ids() for p in points)))
    zone, agreements = [], []
    for row in rows:
        prefs = _apply(scenario, row)
        found = {package for package in packages if _agreement(scenario, prefs, package)}
        zone.append(bool(found))
        agreements.append(found)
    return Verdicts(zone, agreements)


def accepts(scenario: Scenario, rows: Sequence[Sequence[float]], package: tuple[str, ...]) -> dict[str, int]:
    """In how many samples each voting party accepts ``package``."""
    counts = dict.fromkeys(scenario.voters, 0)
    for row in rows:
        prefs = _apply(scenario, row)
        for party in scenario.voters:
            counts[party] += _accepts(scenario, party, prefs[party], package)
    return counts


def _apply(scenario: Scenario, row: Sequence[float]) -> dict[str, Sampled]:
    prefs: dict[str, Sampled] = {}
    for party in scenario.voters:
        p = scenario.preferences[party]
        prefs[party] = {
            "weights": dict(p.weights),
            "values": {k: dict(v) for k, v in p.values.items()},
            "reservation": p.reservation,
            "sampled_weights": False,
        }
    for (party, point, option, *_), x in zip(ranges(scenario), row, strict=True):
        mine = prefs[party]
        if point is None:
            mine["reservation"] = x
        elif option is None:
            mine["weights"][point] = x
            mine["sampled_weights"] = True
        else:
            mine["values"].setdefault(point, {})[option] = x
    for mine in prefs.values():
        total = sum(mine["weights"].values())
        if mine["sampled_weights"] and scenario.weights_sum is not None and total > 0:
            mine["weights"] = {k: w * scenario.weights_sum / total for k, w in mine["weights"].items()}
    return prefs


def _accepts(scenario: Scenario, party: str, mine: Sampled, package: tuple[str, ...]) -> bool:
    chosen = dict(zip((p.id for p in scenario.points), package, strict=True))
    declared = scenario.preferences[party]
    for red_line in declared.red_lines:
        option = chosen[red_line.point]
        if option in red_line.reject:
            return False
        value = mine["values"].get(red_line.point, {}).get(option, 0.0)
        if red_line.min_value is not None and value < red_line.min_value:
            return False
    for agreement in scenario.agreements:
        if party in agreement.parties and chosen[agreement.point] != agreement.option:
            return False
    utility = sum(w * mine["values"].get(k, {}).get(chosen[k], 0.0) for k, w in mine["weights"].items())
    for term in declared.terms:
        if all(chosen[k] in options for k, options in term.when.items()):
            utility += term.weight
    return utility >= mine["reservation"] - SLACK


def _agreement(scenario: Scenario, prefs: dict[str, Sampled], package: tuple[str, ...]) -> bool:
    voters = scenario.voters
    yes = {party for party in voters if _accepts(scenario, party, prefs[party], package)}
    rule = scenario.agreement
    if rule.rule == "unanimity":
        return yes == set(voters)
    quorum = rule.quorum if rule.quorum is not None else len(voters)
    return len(yes) >= quorum and set(rule.veto) <= yes
