"""Relative tit-for-tat (Faratin, Sierra & Jennings 1998, imitative tactics; Axelrod 1984).

The party gives ground in the proportion others gave it: when another party's new offer is worth ``x_new`` to
it against ``x_old`` for that party's previous offer, its aspiration is multiplied by ``x_old / x_new`` -
lowered when the other conceded, raised when it hardened - and kept between its worst and best rational
utility. It opens with its best package. In the mediated protocols there are no offers to reciprocate, and it
votes as a hill-climber.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from accord.agents.strategy import NegotiatingStrategy, Traits, register
from accord.protocols.events import Offered
from accord.protocols.view import View


@register
@dataclass(eq=False)
class TitForTat(NegotiatingStrategy):
    """Relative tit-for-tat: concedes as much, in proportion, as the others concede to it."""

    name: ClassVar[str] = "tit-for-tat"
    traits: ClassVar[Traits] = Traits(concedes=True, reactive=True)
    aspiration: float = field(default=0.0, init=False, repr=False)
    seen: int = field(default=0, init=False, repr=False)
    last: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def start(self, view: View, rng: np.random.Generator) -> None:
        super().start(view, rng)
        self.aspiration = view.preferences.best
        self.seen = 0
        self.last = {}

    def target(self, view: View) -> float:
        history = view.history
        prefs = view.preferences
        for event in history[self.seen :] if self.seen < len(history) else ():
            if isinstance(event, Offered) and event.party != view.party:
                worth = float(prefs.utilities[event.package])
                before = self.last.get(event.party)
                if before is not None and before > 0 and worth > 0:
                    self.aspiration = min(prefs.best, max(prefs.worst, self.aspiration * before / worth))
                self.last[event.party] = worth
        self.seen = len(history)
        return self.aspiration
