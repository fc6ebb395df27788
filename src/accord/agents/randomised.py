"""A random party: the baseline every strategy should beat (as Axelrod's ``Random``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from accord.agents.strategy import NegotiatingStrategy, Traits, register
from accord.protocols.view import View


@register
@dataclass(eq=False)
class Random(NegotiatingStrategy):
    """Offers a rational package drawn at random; accepts a rational offer and supports an acceptable change
    with probability ``p``; signs any rational text."""

    name: ClassVar[str] = "random"
    traits: ClassVar[Traits] = Traits(stochastic=True)
    p: float = 0.5

    def target(self, view: View) -> float:
        return view.preferences.worst

    def propose(self, view: View) -> int | None:
        prefs = view.preferences
        if not len(prefs.ranked):
            return None
        return int(prefs.ranked[int(self.rng.integers(len(prefs.ranked)))])

    def respond(self, view: View, package: int) -> bool:
        return bool(view.preferences.rational[package]) and float(self.rng.random()) < self.p

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        prefs = view.preferences
        if not prefs.acceptable[proposal] and prefs.acceptable[draft]:
            return False
        return float(self.rng.random()) < self.p
