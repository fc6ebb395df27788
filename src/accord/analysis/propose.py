"""The mediator's proposals: a single negotiating text, and a post-settlement improvement.

- **Single negotiating text** (Raiffa 1982, after Fisher's one-text procedure at Camp David): holding what
  the parties have already agreed (locks; a point where parties agreed to different options is left open)
  and their red lines, the package that maximises the smallest gain
  over reservation values - Smartsettle's maximin criterion. It exists even when no package is acceptable to
  all: then its smallest gain is negative, and says how far the worst-off party is from accepting.
- **Post-settlement improvement** (Raiffa 1985): given an agreement, the package that every party likes at
  least as much and that maximises the smallest improvement, then the total; none when the agreement is
  already Pareto-optimal for the voters under their red lines and locks.

A text that sets red lines aside says whose it crosses; then the best text that crosses none (agreed points
reopened, red lines held) is given too, when one exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.optimize import held, max_min
from accord.analysis.outputs import ProposalEntry, ProposalOutput, StakeOutput, shown
from accord.analysis.program import Kind, Program, Scope, acceptance, base_program, smallest, solve
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.scenario import Scenario

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Proposals:
    """What ``accord propose`` reports."""

    compiled: CompiledScenario
    text: Proposal
    agreement: IntArray | None
    improved: Proposal | None
    within_red_lines: Proposal | None = None
    """When the single text crosses red lines: the maximin text that crosses none, agreements set aside;
    None when the single text crosses none or no package respects every red line."""

    def to_output(self) -> ProposalOutput:
        """The proposals in their output format (``accord-proposal/1``)."""
        return ProposalOutput(
            format="accord-proposal/1",
            parties=list(self.compiled.parties),
            single_text=self._entry(self.text),
            agreement=None if self.agreement is None else self.compiled.package(self.agreement),
            improvement=None if self.improved is None else self._entry(self.improved),
            within_red_lines=None if self.within_red_lines is None else self._entry(self.within_red_lines),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``accord propose --json`` prints exactly this."""
        return self.to_output().model_dump(mode="json")

    def _entry(self, proposal: Proposal) -> ProposalEntry:
        utilities = self.compiled.utility_of(proposal.choice)
        parties = self.compiled.parties
        return ProposalEntry(
            package=self.compiled.package(proposal.choice),
            utilities={p: shown(u) for p, u in zip(parties, utilities, strict=True)},
            gains={p: shown(g) for p, g in zip(parties, proposal.gains, strict=True)},
            red_lines_held=proposal.red_lines_held,
            crosses=[stake.to_output() for stake in proposal.crosses],
            reopens=[stake.to_output() for stake in proposal.reopens],
        )


def propose(scenario: Scenario, agreement: dict[str, str] | None = None) -> Proposals:
    """The single negotiating text, and the improvement of ``agreement`` (``{point: option}``) if given."""
    compiled = compile_scenario(scenario)
    choice = None if agreement is None else package_choice(compiled, agreement)
    improved = None if choice is None else improvement(compiled, choice)
    text = single_text(compiled)
    within = None if not text.crosses else text_within_red_lines(compiled)
    return Proposals(compiled, text, choice, improved, within)


def package_choice(compiled: CompiledScenario, package: dict[str, str]) -> IntArray:
    """Option indices of a package given as ``{point: option}``; every point must be settled."""
    unknown = sorted(set(package) - set(compiled.points))
    if unknown:
        raise AccordError(f"unknown point(s) in the agreement: {', '.join(unknown)}")
    missing = [point for point in compiled.points if point not in package]
    if missing:
        raise AccordError(f"the agreement does not settle point(s) {', '.join(missing)}")
    choice = []
    for k, point in enumerate(compiled.points):
        if package[point] not in compiled.options[k]:
            raise AccordError(f"option '{package[point]}' is not in point '{point}'")
        choice.append(compiled.options[k].index(package[point]))
    return np.array(choice, dtype=np.int64)


@dataclass(frozen=True)
class Stake:
    """A party's position on a point that a text departs from: the option it chose against the party's red
    line (``crosses``), or the option the party agreed to (``reopens``)."""

    party: str
    point: str
    option: str

    def to_output(self) -> StakeOutput:
        return StakeOutput(party=self.party, point=self.point, option=self.option)


@dataclass(frozen=True)
class Proposal:
    choice: IntArray
    gains: FloatArray
    """(P,) utility over reservation value (single text) or over the agreement (improvement)."""
    red_lines_held: bool
    """False when red lines and locks together leave no package and the text had to set red lines aside."""
    crosses: tuple[Stake, ...] = ()
    """The red lines the text crosses: each party and point, with the option it chose there."""
    reopens: tuple[Stake, ...] = ()
    """The agreements the text does not hold: each party and point, with the option the party agreed to."""


def _proposal(
    compiled: CompiledScenario, choice: IntArray, gains: FloatArray, red_lines_held: bool
) -> Proposal:
    """A proposal with the red lines it crosses and the agreements it departs from."""
    parties, points, options = compiled.parties, compiled.points, compiled.options
    crosses = tuple(
        Stake(parties[p], points[k], options[k][o])
        for p in range(len(parties))
        for k, o in enumerate(choice)
        if not compiled.allowed[p, k, o]
    )
    reopens = tuple(
        Stake(parties[p], points[k], options[k][compiled.locked[p, k]])
        for p in range(len(parties))
        for k, o in enumerate(choice)
        if compiled.locked[p, k] >= 0 and compiled.locked[p, k] != o
    )
    return Proposal(choice, gains, red_lines_held, crosses, reopens)


def single_text(compiled: CompiledScenario) -> Proposal:
    """The maximin-gain package that keeps every lock (and every red line, when they leave a package)."""
    for keep_red_lines in (True, False):
        program = _held(compiled, keep_red_lines)
        found = _maximin(program)
        if found is not None:
            gains = compiled.utility_of(found) - compiled.reservation
            return _proposal(compiled, found, gains, keep_red_lines)
    raise AssertionError("locks of uncontested points always leave a package")


def text_within_red_lines(compiled: CompiledScenario) -> Proposal | None:
    """The maximin-gain package that crosses no red line, what was agreed set aside; None if red lines alone
    leave no package."""
    found = _maximin(_held(compiled, keep_red_lines=True, keep_locks=False))
    if found is None:
        return None
    return _proposal(compiled, found, compiled.utility_of(found) - compiled.reservation, True)


def improvement(compiled: CompiledScenario, agreement: IntArray) -> Proposal | None:
    """A package no voter likes less than ``agreement`` and some like more, by maximin then total; None if
    the agreement cannot be improved for anyone without someone losing."""
    base = compiled.utility_of(agreement)
    program = _held(compiled, keep_red_lines=True)
    scope = Scope(program)
    t = smallest(
        scope, [(program.utility(p), -float(base[p])) for p in range(len(compiled.parties))], low=0.0
    )
    best = solve(scope.program(), {t: 1.0})
    if best is None:
        return None
    scope.row({t: 1.0}, low=max(0.0, held(best.objective)))
    found = solve(scope.program(), program.total_utility()) or best
    gains = compiled.utility_of(found.choice) - base
    if (gains < -compiled.tolerance).any() or not (gains > compiled.tolerance).any():
        return None
    return _proposal(compiled, found.choice, gains, True)


def _held(compiled: CompiledScenario, keep_red_lines: bool, keep_locks: bool = True) -> Program:
    """Options per point, the locks of points that are not contested (parties agreed to different options)
    if asked, and the red lines if asked; no reservation value."""
    program = acceptance(base_program(compiled), range(len(compiled.parties)))
    contested = {
        compiled.points[k] for k in range(len(compiled.points)) if len(set(compiled.locked[:, k]) - {-1}) > 1
    }
    return program.without(
        [
            group
            for group in program.groups
            if group.kind is Kind.RESERVATION
            or (group.kind is Kind.LOCK and (group.point in contested or not keep_locks))
            or (group.kind is Kind.RED_LINE and not keep_red_lines)
        ]
    )


def _maximin(program: Program) -> IntArray | None:
    """The package of largest smallest gain over reservation values the programme admits."""
    solution = max_min(program, [program.gain(p) for p in range(len(program.compiled.parties))])
    return None if solution is None else solution.choice
