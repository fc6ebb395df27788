"""Mediators of the single negotiating text (Raiffa 1982; Klein, Faratin, Sayama & Bar-Yam 2003).

A mediator knows no party's preferences: it sees the rules (who must agree, which points are settled, who has
agreed to what) and the parties' votes. Its first draft keeps every settled point and takes, on each other
point, the option most parties have already agreed to, or a random one. It proposes changes of one or a few
open points.

- ``hill-climbing``: random changes, adopted when the votes for them make an agreement under the rule.
- ``annealing``: the same, and it also adopts a change some parties reject with probability
  ``exp(-rejections / T)``, its temperature ``T`` falling to 0 at the deadline (annealing inside the
  mediator).
- ``maximin``: learns from the votes a model of each party's preferences (a perceptron over options) and
  proposes, among random candidate changes, the one whose smallest predicted gain over the parties is largest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from accord.agents.strategy import MEDIATED, MediatingStrategy, Seat, Traits, register
from accord.protocols.rules import Rules
from accord.protocols.view import MediatorView


def first_draft(rules: Rules, rng: np.random.Generator) -> int:
    """Settled options, else the option most parties agreed to (lowest on a tie), else a random option."""
    choice = []
    for k, size in enumerate(rules.sizes):
        agreed = Counter(row[k] for row in rules.locked if row[k] >= 0)
        if rules.fixed[k] >= 0:
            choice.append(rules.fixed[k])
        elif agreed:
            choice.append(min(agreed, key=lambda o: (-agreed[o], o)))
        else:
            choice.append(int(rng.integers(size)))
    return rules.package_of(choice)


def mutation(rules: Rules, draft: int, changes: int, rng: np.random.Generator) -> int:
    """``draft`` with up to ``changes`` open points set to another option, drawn at random."""
    movable = [k for k in rules.open_points if rules.sizes[k] > 1]
    if not movable:
        return draft
    choice = rules.choice_of(draft)
    for k in rng.choice(movable, size=min(changes, len(movable)), replace=False):
        shift = int(rng.integers(1, rules.sizes[k]))
        choice[k] = (choice[k] + shift) % rules.sizes[k]
    return rules.package_of(choice)


@register
@dataclass(eq=False)
class HillClimbingMediator(MediatingStrategy):
    """Proposes random changes of ``changes`` points; adopts those the votes carry under the rule."""

    name: ClassVar[str] = "hill-climbing"
    traits: ClassVar[Traits] = Traits(seat=Seat.MEDIATOR, protocols=MEDIATED, reactive=True, stochastic=True)
    changes: int = 1

    def draft(self, view: MediatorView) -> int:
        return first_draft(view.rules, self.rng)

    def propose(self, view: MediatorView, draft: int) -> int:
        return mutation(view.rules, draft, self.changes, self.rng)

    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool:
        return view.rules.holds([party for party, vote in votes.items() if vote])


@register
@dataclass(eq=False)
class AnnealingMediator(HillClimbingMediator):
    """A hill-climbing mediator that also adopts rejected changes, less and less often (annealing)."""

    name: ClassVar[str] = "annealing"
    temperature: float = 1.0

    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool:
        if super().adopt(view, draft, proposal, votes):
            return True
        rejections = sum(not vote for vote in votes.values())
        heat = self.temperature * (1.0 - view.time)
        return heat > 0 and float(self.rng.random()) < math.exp(-rejections / heat)


@register
@dataclass(eq=False)
class MaximinMediator(HillClimbingMediator):
    """Learns each party's preferences from its votes and proposes the change with the best worst-off gain."""

    name: ClassVar[str] = "maximin"
    candidates: int = 16
    rate: float = 0.1
    model: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0), init=False, repr=False)

    def start(self, view: MediatorView, rng: np.random.Generator) -> None:
        super().start(view, rng)
        self.model = np.zeros((len(view.rules.parties), len(view.rules.sizes), max(view.rules.sizes)))

    def propose(self, view: MediatorView, draft: int) -> int:
        rules = view.rules
        here = rules.choice_of(draft)
        best, best_score = draft, -math.inf
        for _ in range(self.candidates):
            proposal = mutation(rules, draft, int(self.rng.integers(1, self.changes + 2)), self.rng)
            jitter = 1e-9 * float(self.rng.random())  # random ties
            score = float(self._gains(here, rules.choice_of(proposal)).min()) + jitter
            if proposal != draft and score > best_score:
                best, best_score = proposal, score
        return best

    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool:
        self._learn(view.rules, draft, proposal, votes)
        return super().adopt(view, draft, proposal, votes)

    def _gains(self, draft: list[int], proposal: list[int]) -> NDArray[np.float64]:
        """(P,) predicted gain of each party from the change."""
        changed = [k for k, (a, b) in enumerate(zip(draft, proposal, strict=True)) if a != b]
        if not changed:
            return np.zeros(len(self.model))
        after = self.model[:, changed, [proposal[k] for k in changed]].sum(axis=1)
        before = self.model[:, changed, [draft[k] for k in changed]].sum(axis=1)
        gains: NDArray[np.float64] = after - before
        return gains

    def _learn(self, rules: Rules, draft: int, proposal: int, votes: Mapping[str, bool]) -> None:
        """Perceptron step for every party whose vote the model did not predict."""
        before, after = rules.choice_of(draft), rules.choice_of(proposal)
        predicted = self._gains(before, after)
        changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        for p, party in enumerate(rules.parties):
            if party not in votes:
                continue
            sign = 1.0 if votes[party] else -1.0
            if sign * predicted[p] <= 0:
                for k in changed:
                    self.model[p, k, after[k]] += self.rate * sign
                    self.model[p, k, before[k]] -= self.rate * sign
