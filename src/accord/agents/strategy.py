"""Strategies: small classes with declared traits and a name, registered next to their definition.

A negotiating strategy fills the :class:`~accord.protocols.roles.Negotiator` role through one idea, its
*aspiration* (``target``): the least utility it asks for at this moment. The defaults below turn it into
every decision - offer the package it values least among those worth the aspiration, accept what is worth it,
support changes of the single text that do not make it worse off or that reach the aspiration, sign what is
rational - so a strategy usually defines ``target`` and little else. Every built-in strategy is individually
rational: it never accepts or signs a package below its reservation value or across its red lines.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Self, TypeVar

import numpy as np

from accord.protocols.view import MediatorView, View

EVERY_PROTOCOL = frozenset({"single-text", "shuttle", "stacked-offers", "alternating-offers"})
MEDIATED = frozenset({"single-text", "shuttle"})


class Seat(StrEnum):
    """Where a strategy sits at the table."""

    NEGOTIATOR = "negotiator"
    MEDIATOR = "mediator"


@dataclass(frozen=True)
class Traits:
    """What a strategy is, declared on its class (as Axelrod's ``classifier``)."""

    seat: Seat = Seat.NEGOTIATOR
    protocols: frozenset[str] = EVERY_PROTOCOL
    """The protocols it can play."""
    concedes: bool = False
    """Asks for less as the deadline nears or as others move."""
    time_dependent: bool = False
    """Its decisions depend on the share of the deadline used."""
    reactive: bool = False
    """Its decisions depend on what others did (offers, votes)."""
    stochastic: bool = False
    """Draws from its random stream."""
    individually_rational: bool = True
    """Never accepts or signs a package below its reservation value or across its red lines."""

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["seat"] = str(self.seat)
        data["protocols"] = sorted(self.protocols)
        return data


class Strategy(ABC):
    """What every strategy has: a registered name, traits, parameters, and a clean copy of itself."""

    name: ClassVar[str]
    traits: ClassVar[Traits]

    def parameters(self) -> dict[str, Any]:
        """The strategy's parameters (its dataclass init fields)."""
        if not dataclasses.is_dataclass(self):
            return {}
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}

    def clone(self) -> Self:
        """A fresh strategy with the same parameters and none of this one's memory."""
        return type(self)(**self.parameters())


class NegotiatingStrategy(Strategy):
    """A negotiating party's strategy, built on its aspiration ``target(view)``."""

    traits: ClassVar[Traits] = Traits()

    def start(self, view: View, rng: np.random.Generator) -> None:
        self.rng = rng

    @abstractmethod
    def target(self, view: View) -> float:
        """The least utility the party asks for now."""

    def floor(self, view: View) -> float:
        """The least utility for which it signs a final text: its reservation value by default."""
        return view.preferences.reservation

    def propose(self, view: View) -> int | None:
        """Its least valued package worth the aspiration (its best rational one when none is); None, a pass,
        when no package is rational for it: offering is accepting."""
        prefs = view.preferences
        if not len(prefs.ranked):
            return None
        package = prefs.at_least(self.target(view))
        return int(prefs.ranked[-1]) if package is None else package

    def respond(self, view: View, package: int) -> bool:
        prefs = view.preferences
        return bool(prefs.rational[package]) and float(prefs.utilities[package]) >= self.target(view)

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        prefs = view.preferences
        if not prefs.acceptable[proposal] and prefs.acceptable[draft]:
            return False
        gain = float(prefs.utilities[proposal]) >= float(prefs.utilities[draft])
        return gain or (bool(prefs.rational[proposal]) and prefs.utilities[proposal] >= self.target(view))

    def ratify(self, view: View, package: int) -> bool:
        prefs = view.preferences
        return bool(prefs.rational[package]) and float(prefs.utilities[package]) >= self.floor(view)


class MediatingStrategy(Strategy):
    """A mediator's strategy (see :class:`~accord.protocols.roles.Mediator`)."""

    traits: ClassVar[Traits] = Traits(seat=Seat.MEDIATOR, protocols=MEDIATED)

    def start(self, view: MediatorView, rng: np.random.Generator) -> None:
        self.rng = rng

    @abstractmethod
    def draft(self, view: MediatorView) -> int: ...

    @abstractmethod
    def propose(self, view: MediatorView, draft: int) -> int: ...

    @abstractmethod
    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool: ...


REGISTRY: dict[str, type[Strategy]] = {}
"""Every built-in strategy by name (plug-ins join through the ``accord.strategies`` entry-point group)."""

S = TypeVar("S", bound=type[Strategy])


def register(cls: S) -> S:
    """Class decorator: register a concrete strategy under its ``name``."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls.__name__} needs a class attribute 'name' to be registered")
    if name in REGISTRY and REGISTRY[name] is not cls:
        raise TypeError(f"two strategies are named '{name}': {REGISTRY[name].__name__} and {cls.__name__}")
    REGISTRY[name] = cls
    return cls


Factory = Callable[..., Strategy]
