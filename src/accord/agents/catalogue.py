"""Every strategy Accord knows by name: the built-in ones and the plug-ins of the ``accord.strategies``
entry-point group.

A plug-in package declares, in its ``pyproject.toml``::

    [project.entry-points."accord.strategies"]
    stubborn = "my_package.strategies:Stubborn"

where ``Stubborn`` subclasses :class:`~accord.agents.strategy.NegotiatingStrategy` (or
:class:`~accord.agents.strategy.MediatingStrategy`) and sets ``name`` and ``traits``.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.metadata import entry_points
from typing import cast

from accord.agents import concession, mediators, randomised, reciprocity, voters
from accord.agents.strategy import (
    REGISTRY,
    MediatingStrategy,
    NegotiatingStrategy,
    Seat,
    Strategy,
    register,
)
from accord.model.errors import AccordError

GROUP = "accord.strategies"
BUILT_IN = (concession, mediators, randomised, reciprocity, voters)
"""The modules whose strategies register themselves as they are defined."""


@cache
def plugins() -> tuple[type[Strategy], ...]:
    """The strategies of installed plug-ins, each registered under its name."""
    found = []
    for entry in entry_points(group=GROUP):
        cls = entry.load()
        if not (isinstance(cls, type) and issubclass(cls, Strategy)):
            raise AccordError(f"entry point '{entry.name}' of {GROUP} is not an Accord strategy class")
        found.append(register(cls))
    return tuple(found)


def strategies(seat: Seat | None = None) -> dict[str, type[Strategy]]:
    """Every known strategy by name, sorted; only those of ``seat`` when given."""
    plugins()
    return {name: cls for name, cls in sorted(REGISTRY.items()) if seat is None or cls.traits.seat is seat}


def negotiator(name: str, protocol: str | None = None) -> NegotiatingStrategy:
    """A new negotiating strategy by name, checked to play ``protocol`` when given."""
    return cast(NegotiatingStrategy, _make(name, Seat.NEGOTIATOR, protocol))


def mediator(name: str, protocol: str | None = None) -> MediatingStrategy:
    """A new mediating strategy by name."""
    return cast(MediatingStrategy, _make(name, Seat.MEDIATOR, protocol))


def _make(name: str, seat: Seat, protocol: str | None) -> Strategy:
    known = strategies(seat)
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (there are: {', '.join(known)})"
        raise AccordError(f"unknown {seat} strategy '{name}'{hint}")
    cls = known[name]
    if protocol is not None and protocol not in cls.traits.protocols:
        raise AccordError(
            f"strategy '{name}' does not play {protocol} (it plays {', '.join(sorted(cls.traits.protocols))})"
        )
    return cls()
