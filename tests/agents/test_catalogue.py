"""Every strategy is registered, documented and has a contract test; plug-ins join by entry point."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from typing import ClassVar

import pytest

import accord.agents
from accord.agents import catalogue
from accord.agents.catalogue import mediator, negotiator, strategies
from accord.agents.strategy import REGISTRY, NegotiatingStrategy, Seat, Strategy, Traits
from accord.model.errors import AccordError
from accord.protocols.view import View
from tests.agents.contract import StrategyContract


def concrete_strategies() -> set[type[Strategy]]:
    found: set[type[Strategy]] = set()
    for module in pkgutil.iter_modules(accord.agents.__path__):
        loaded = importlib.import_module(f"accord.agents.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if (
                issubclass(cls, Strategy)
                and cls is not Strategy
                and not inspect.isabstract(cls)
                and cls.__module__ == loaded.__name__
            ):
                found.add(cls)
    return found


def test_every_concrete_strategy_is_registered_and_documented() -> None:
    for cls in concrete_strategies():
        assert strategies().get(cls.name) is cls, cls
        assert (cls.__doc__ or "").strip(), cls


def test_every_built_in_strategy_has_a_contract_test() -> None:
    importlib.import_module("tests.agents.test_concession")
    for name in ("test_reciprocity", "test_voters", "test_randomised", "test_mediators"):
        importlib.import_module(f"tests.agents.{name}")
    tested = {cls.strategy for cls in _subclasses(StrategyContract)}
    assert concrete_strategies() <= tested


def _subclasses(cls: type[StrategyContract]) -> set[type[StrategyContract]]:
    children = cls.__subclasses__()
    return set(children).union(*(_subclasses(c) for c in children))


def test_names_are_checked_against_the_seat_and_the_protocol() -> None:
    assert negotiator("boulware").name == "boulware"
    assert mediator("maximin").name == "maximin"
    with pytest.raises(AccordError, match="unknown negotiator strategy 'bulware'; did you mean 'boulware'"):
        negotiator("bulware")
    with pytest.raises(AccordError, match="unknown negotiator strategy 'maximin'"):
        negotiator("maximin")
    with pytest.raises(AccordError, match="'annealer' does not play alternating-offers"):
        negotiator("annealer", "alternating-offers")
    assert set(strategies(Seat.MEDIATOR)) == {"hill-climbing", "annealing", "maximin"}


@dataclass(eq=False)
class Stubborn(NegotiatingStrategy):
    """Asks for its best, always (a plug-in)."""

    name: ClassVar[str] = "stubborn-plugin"
    traits: ClassVar[Traits] = Traits()

    def target(self, view: View) -> float:
        return view.preferences.best


class EntryPoint:
    name = "stubborn-plugin"

    def load(self) -> type[Strategy]:
        return Stubborn


def test_a_plug_in_joins_through_the_entry_point_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        catalogue, "entry_points", lambda group: [EntryPoint()] if group == catalogue.GROUP else []
    )
    catalogue.plugins.cache_clear()
    try:
        assert isinstance(negotiator("stubborn-plugin"), Stubborn)
    finally:
        catalogue.plugins.cache_clear()
        REGISTRY.pop("stubborn-plugin", None)
