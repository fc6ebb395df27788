"""Voters for the single negotiating text (Klein, Faratin, Sayama & Bar-Yam 2003).

A hill-climber supports a change only if it is no worse off; an annealer also supports a change that costs it
``d`` (as a share of its utility range) with probability ``exp(-d / T)``, the temperature ``T`` falling
linearly from ``temperature`` to 0 at the deadline - which lets the text leave local optima early on. Neither
supports a change that crosses one of its red lines (unless the draft already does), and both sign only
rational texts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from accord.agents.strategy import MEDIATED, NegotiatingStrategy, Traits, register
from accord.protocols.view import View


@register
@dataclass(eq=False)
class HillClimber(NegotiatingStrategy):
    """Votes for a change of the text only when it is no worse off."""

    name: ClassVar[str] = "hill-climber"
    traits: ClassVar[Traits] = Traits(protocols=MEDIATED)

    def target(self, view: View) -> float:
        return view.preferences.best

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        prefs = view.preferences
        if not prefs.acceptable[proposal] and prefs.acceptable[draft]:
            return False
        return bool(prefs.utilities[proposal] >= prefs.utilities[draft])


@register
@dataclass(eq=False)
class Annealer(NegotiatingStrategy):
    """Votes as a hill-climber, and for a worse text with a probability that falls as the deadline nears."""

    name: ClassVar[str] = "annealer"
    traits: ClassVar[Traits] = Traits(protocols=MEDIATED, concedes=True, time_dependent=True, stochastic=True)
    temperature: float = 1.0

    def target(self, view: View) -> float:
        return view.preferences.best

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        prefs = view.preferences
        if not prefs.acceptable[proposal] and prefs.acceptable[draft]:
            return False
        loss = float(prefs.utilities[draft] - prefs.utilities[proposal])
        if loss <= 0:
            return True
        scale = max(prefs.best - prefs.worst, 1e-12)
        heat = self.temperature * (1.0 - view.time)
        return heat > 0 and float(self.rng.random()) < math.exp(-loss / scale / heat)
