"""A brute-force oracle for the analysis engine: every package, one at a time, by the definitions.

Slow on purpose and independent of the engine's shortcuts. Packages come from ``itertools.product`` (the same
mixed-radix order, last point fastest); utilities are summed in plain Python integers from the compiled
contributions in whole units of the grid, then divided by its denominator, so they equal the engine's to the
last bit. Non-linear terms are checked against the scenario's own ``when`` (option ids), not the compiled
masks; only their weights in units are read from the compiled form. Which options a party accepts is worked
out again from the scenario's red lines and agreements, not read from ``compiled.allowed``. The frontier is
found by comparing every pair, and the bargaining solutions as optima over the whole zone, on gains in whole
units with products and shares as exact fractions, so every tie-break is checked exactly.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.rules import Rule
from accord.model.scenario import Scenario

RELATIVE = 1e-12
"""How far a float sum or product of utilities may be from another one computed in another order."""

Number = float | int | Fraction
Vector = tuple[Number, ...]
Key = tuple[Number | tuple[Number, ...], ...]


@dataclass(frozen=True)
class Package:
    """One package: its number, one option index per point, and each voting party's utility and consent."""

    number: int
    choice: tuple[int, ...]
    utilities: tuple[float, ...]
    units: tuple[int, ...]
    """Each utility in whole units of the compiled grid."""
    accepts: tuple[bool, ...]


@dataclass(frozen=True)
class Oracle:
    """Everything the engine computes about a scenario, computed the slow way."""

    scenario: Scenario
    compiled: CompiledScenario
    packages: tuple[Package, ...]
    zone: tuple[Package, ...]

    @cached_property
    def space_frontier(self) -> list[Package]:
        return frontier(self.packages)

    @cached_property
    def zone_frontier(self) -> list[Package]:
        return frontier(self.zone)

    def gains(self, package: Package) -> tuple[int, ...]:
        """The package's gains over the reservation values, in whole units."""
        reservation = [round(r * self.compiled.denominator) for r in self.compiled.reservation.tolist()]
        return tuple(u - r for u, r in zip(package.units, reservation, strict=True))

    @cached_property
    def ideal(self) -> tuple[int, ...]:
        """Each party's largest gain over the zone."""
        return tuple(max(column) for column in zip(*(self.gains(p) for p in self.zone), strict=True))

    def key(self, criterion: str, package: Package) -> Key:
        """What ``criterion`` maximises, with its tie-breakers, for one package (compared as a tuple)."""
        gains = self.gains(package)
        if criterion == "kalai_smorodinsky" and any(i > 0 for i in self.ideal):
            return (ks_shares(gains, self.ideal),)
        if criterion == "kalai_smorodinsky":
            # No party can gain anywhere in the zone: no share to even out, the engine takes the utilitarian.
            return utilitarian_key(gains)
        return CRITERIA[criterion](gains)

    def best(self, criterion: str) -> list[Package]:
        """The zone packages with the largest key for ``criterion``, in package order."""
        keys = [self.key(criterion, p) for p in self.zone]
        top = max(keys)
        return [p for p, k in zip(self.zone, keys, strict=True) if k == top]


def solve(scenario: Scenario) -> Oracle:
    """Enumerate every package of ``scenario`` and decide who accepts it and whether it is in the zone."""
    compiled = compile_scenario(scenario)
    voters = scenario.voters
    assert compiled.parties == voters
    assert compiled.points == tuple(point.id for point in scenario.points)
    acceptable = [acceptable_options(scenario, party) for party in voters]
    quorum, veto = decision_rule(scenario)
    options = [point.option_ids() for point in scenario.points]
    packages = []
    for number, choice in enumerate(itertools.product(*(range(len(o)) for o in options))):
        ids = [options[k][o] for k, o in enumerate(choice)]
        units = tuple(
            sum(int(compiled.units[p, k, o]) for k, o in enumerate(choice))
            + term_total(scenario, compiled, p, dict(zip(compiled.points, ids, strict=True)))
            for p in range(len(voters))
        )
        accepts = tuple(
            all(option in acceptable[p][k] for k, option in enumerate(ids))
            and units[p] >= compiled.floor_units[p]
            for p in range(len(voters))
        )
        utilities = tuple(u / compiled.denominator for u in units)
        packages.append(Package(number, choice, utilities, units, accepts))
    zone = tuple(
        p
        for p in packages
        if sum(p.accepts) >= quorum
        and all(a for a, party in zip(p.accepts, voters, strict=True) if party in veto)
    )
    return Oracle(scenario, compiled, tuple(packages), zone)


def term_total(scenario: Scenario, compiled: CompiledScenario, p: int, package: dict[str, str]) -> int:
    """The weights (in units) of the voting party ``p``'s terms that hold on ``package`` ({point: id})."""
    terms = scenario.preferences[compiled.parties[p]].terms
    return sum(
        int(compiled.term_units[p, t])
        for t, term in enumerate(terms)
        if all(package[point] in options for point, options in term.when.items())
    )


def acceptable_options(scenario: Scenario, party: str) -> list[set[str]]:
    """Per point, the options ``party`` can accept: behind none of its red lines, and as it agreed."""
    prefs = scenario.preferences[party]
    result = []
    for point in scenario.points:
        options = set(point.option_ids())
        values = prefs.values.get(point.id, {})
        for line in prefs.red_lines:
            if line.point == point.id:
                options -= set(line.reject)
                if line.min_value is not None:
                    options = {o for o in options if values.get(o, 0.0) >= line.min_value}
        for agreement in scenario.agreements:
            if agreement.point == point.id and party in agreement.parties:
                options &= {agreement.option}
        result.append(options)
    return result


def decision_rule(scenario: Scenario) -> tuple[int, set[str]]:
    """How many voting parties must accept, and which must."""
    rule = scenario.agreement
    if rule.rule is Rule.UNANIMITY:
        return len(scenario.voters), set(scenario.voters)
    assert rule.quorum is not None
    return rule.quorum, set(rule.veto)


def dominates(a: Sequence[Number], b: Sequence[Number]) -> bool:
    """``a`` is at least as good as ``b`` for everyone and better for someone."""
    return all(map(operator.ge, a, b)) and any(map(operator.gt, a, b))


def nondominated_rows(vectors: Sequence[Sequence[Number]]) -> list[int]:
    """Rows no other row dominates, the first of each distinct vector, ascending: by comparing every pair."""
    first: dict[tuple[Number, ...], int] = {}
    for i, v in enumerate(vectors):
        first.setdefault(tuple(v), i)
    distinct = list(first)
    return sorted(first[v] for v in distinct if not any(dominates(w, v) for w in distinct))


def frontier(packages: Iterable[Package]) -> list[Package]:
    """The non-dominated packages, the lowest-numbered of each distinct utility vector, in package order."""
    packages = list(packages)
    return [packages[i] for i in nondominated_rows([p.utilities for p in packages])]


def nash_product(gains: Vector) -> Number:
    """Nash (1950): the product of the gains clipped at zero."""
    return math.prod(max(g, 0) for g in gains)


def nash_key(gains: Vector) -> Key:
    """Nash (1950): product of the gains clipped at zero, then the sum of gains."""
    return (nash_product(gains), sum(gains))


def leximin_key(gains: Vector) -> Key:
    """Egalitarian: the gains from the smallest up, compared lexicographically."""
    return (tuple(sorted(gains)),)


def utilitarian_key(gains: Vector) -> Key:
    """Utilitarian: the sum of gains, then leximin."""
    return (sum(gains), tuple(sorted(gains)))


def ks_shares(gains: Vector, ideal: Vector) -> tuple[Fraction, ...]:
    """Kalai & Smorodinsky (1975): each counted party's gain as an exact share of its ideal, smallest first.

    Parties whose ideal gain is not positive are not counted.
    """
    return tuple(sorted(Fraction(g) / Fraction(i) for g, i in zip(gains, ideal, strict=True) if i > 0))


CRITERIA: dict[str, Callable[[Vector], Key]] = {
    "nash": nash_key,
    "egalitarian": leximin_key,
    "utilitarian": utilitarian_key,
}


def assert_optimal(oracle: Oracle, name: str, chosen: Package) -> None:
    """``chosen`` has the best key of ``name`` over the zone, tie-breaks included, and is the lowest-numbered
    such package of the frontier: the oracle's keys are exact (gains in whole units, products and shares as
    fractions), so a tie the input makes is a tie here."""
    best = oracle.best(name)
    assert oracle.key(name, chosen) == oracle.key(name, best[0]), name
    lowest = min(p.number for p in best if p in oracle.zone_frontier)
    assert chosen.number == lowest, name
