"""Relative tit-for-tat (Faratin, Sierra & Jennings 1998, imitative tactics; Axelrod 1984).

The party gives ground in the proportion others gave it. When another party's new offer is worth ``x_new``
to it against ``x_old`` for that party's previous offer, the other closed the share
``c = (x_new - x_old) / (best - x_old)`` of the gap to the party's best; the party then gives up the same
share of its own room, ``aspiration -= c * (aspiration - worst)`` - and takes back ground when the other
hardened (``c < 0``), never above its best. It opens with its best package. In the mediated protocols there
are no offers to reciprocate, and it votes as a hill-climber.
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
                if before is not None and prefs.best > before:
                    closed = (worth - before) / (prefs.best - before)
                    room = self.aspiration - prefs.worst
                    self.aspiration = min(prefs.best, max(prefs.worst, self.aspiration - closed * room))
                self.last[event.party] = worth
        self.seen = len(history)
        return self.aspiration
