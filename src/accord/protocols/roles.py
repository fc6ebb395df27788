"""What a protocol asks of the people at the table. Strategies (``accord.agents``) fill these roles; the
protocols depend only on the roles, never on a strategy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from accord.protocols.view import MediatorView, View


class Negotiator(Protocol):
    """A negotiating party's decisions. Packages are package numbers."""

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Prepare for a new run; ``rng`` is the party's own stream of the run's generator."""

    def propose(self, view: View) -> int | None:
        """The package the party offers now (alternating offers), which it thereby accepts; None to pass."""

    def respond(self, view: View, package: int) -> bool:
        """Whether the party accepts the package on the table (alternating offers)."""

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        """Whether the party supports changing the single text from ``draft`` to ``proposal``."""

    def ratify(self, view: View, package: int) -> bool:
        """Whether the party signs the final text."""


class Mediator(Protocol):
    """The mediator's decisions in the single-text and shuttle protocols."""

    def start(self, view: MediatorView, rng: np.random.Generator) -> None:
        """Prepare for a new run."""

    def draft(self, view: MediatorView) -> int:
        """The first single negotiating text."""

    def propose(self, view: MediatorView, draft: int) -> int:
        """A change of the text to put to the parties."""

    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool:
        """Whether the text becomes ``proposal``, given the votes of the parties asked (in asking order)."""
