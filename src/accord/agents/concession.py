"""Time-based concession (Faratin, Sierra & Jennings 1998) and the hard-liner.

A time-based party asks at relative time ``t`` for ``best - (best - worst) * t ** (1 / e)`` of its utility,
``best`` and ``worst`` being the most and least it can get from a rational package: with ``e < 1`` it holds
out until late (Boulware), ``e = 1`` concedes at a constant pace (linear), ``e > 1`` concedes early
(conceder). The defaults are NegMAS's (``t ** 4``, ``t``, ``t ** 0.25``) so that benchmarks compare like with
like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from accord.agents.strategy import NegotiatingStrategy, Traits, register
from accord.protocols.view import View


@register
@dataclass(eq=False)
class TimeBased(NegotiatingStrategy):
    """Concedes with time at the pace set by ``e`` (Faratin et al. 1998); the named paces below are it with
    NegMAS's exponents."""

    name: ClassVar[str] = "time-based"
    e: float = 1.0

    traits: ClassVar[Traits] = Traits(concedes=True, time_dependent=True)

    def target(self, view: View) -> float:
        prefs = view.preferences
        best, worst = prefs.best, prefs.worst
        return float(best - (best - worst) * view.time ** (1.0 / self.e))


@register
@dataclass(eq=False)
class Boulware(TimeBased):
    """Time-based concession that holds out until close to the deadline (``e = 0.25``)."""

    name: ClassVar[str] = "boulware"
    e: float = 0.25


@register
@dataclass(eq=False)
class Linear(TimeBased):
    """Time-based concession at a constant pace (``e = 1``)."""

    name: ClassVar[str] = "linear"
    e: float = 1.0


@register
@dataclass(eq=False)
class Conceder(TimeBased):
    """Time-based concession that gives most of its ground early (``e = 4``)."""

    name: ClassVar[str] = "conceder"
    e: float = 4.0


@register
@dataclass(eq=False)
class Hardliner(NegotiatingStrategy):
    """Never concedes below its stated position: ``position`` of the way from its worst to its best rational
    utility (1: only its best), in offers, answers, votes and signature alike."""

    name: ClassVar[str] = "hardliner"
    traits: ClassVar[Traits] = Traits()
    position: float = 1.0

    def target(self, view: View) -> float:
        prefs = view.preferences
        return prefs.worst + self.position * (prefs.best - prefs.worst)

    def floor(self, view: View) -> float:
        return max(view.preferences.reservation, self.target(view))
