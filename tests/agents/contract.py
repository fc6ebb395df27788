"""The contract every strategy keeps (as Axelrod's ``TestPlayer``): registered and documented, declared
traits, a clean clone, pickling, the same trace from the same seed, and individual rationality.

Subclass :class:`StrategyContract` with ``strategy`` set to the class under test.
"""

from __future__ import annotations

import pickle
from typing import Any, ClassVar

import numpy as np

from accord.agents.catalogue import negotiator, strategies
from accord.agents.strategy import Seat, Strategy, Traits
from accord.model.scenario import Scenario
from accord.protocols.catalogue import PROTOCOLS
from accord.protocols.events import Event, Ratified, Responded
from accord.protocols.rules import Deadline
from accord.protocols.session import Session, Setting
from accord.protocols.shuttle import Shuttle
from accord.protocols.signing import Sitting
from tests.scripted import ScriptedMediator, scenario, setting

SEEDS = range(6)


def strict_scenario(parties: int) -> Scenario:
    """The tiny scenario where v1 has a reservation value and a red line (p1 = c)."""
    data = scenario(parties).model_dump()
    data["preferences"]["v1"]["reservation"] = 0.4
    data["preferences"]["v1"]["red_lines"] = [{"point": "p1", "reject": ["c"]}]
    return Scenario.model_validate(data)


class StrategyContract:
    strategy: ClassVar[type[Strategy]]

    def make(self) -> Any:
        return self.strategy()

    def runs(self, seed: int) -> dict[str, tuple[Event, ...]]:
        """The strategy's runs in every protocol it plays, on the strict scenario, with the given seed."""
        return {name: self.run(name, seed, self.make()) for name in sorted(self.strategy.traits.protocols)}

    def run(self, protocol: str, seed: int, played: Any) -> tuple[Event, ...]:
        parties = 3 if protocol == "stacked-offers" else 2
        where: Setting = setting(strict_scenario(parties))
        rules = PROTOCOLS[protocol]() if protocol != "shuttle" else Shuttle(_sittings(parties))
        if self.strategy.traits.seat is Seat.MEDIATOR:
            negotiators, mediator = [negotiator("hill-climber") for _ in range(parties)], played
        else:
            negotiators = [played, *(negotiator("linear") for _ in range(parties - 1))]
            mediator = ScriptedMediator(first=2, proposals=[0, 3, 5, 1, 2])
        session = Session(
            rules, where, negotiators=negotiators, mediator=mediator, deadline=Deadline(rounds=12)
        )
        return session.run(np.random.default_rng(seed))

    def test_is_registered_under_its_name_and_documented(self) -> None:
        assert strategies()[self.strategy.name] is self.strategy
        assert (self.strategy.__doc__ or "").strip(), "every strategy says what it does"

    def test_declares_its_own_traits(self) -> None:
        traits = self.strategy.traits
        assert isinstance(traits, Traits)
        assert traits.protocols and traits.protocols <= set(PROTOCOLS)
        assert traits.to_dict()["seat"] in ("negotiator", "mediator")

    def test_a_clone_has_the_parameters_and_none_of_the_memory(self) -> None:
        used = self.make()
        protocol = sorted(self.strategy.traits.protocols)[0]
        first = self.run(protocol, 1, used)
        clone = used.clone()
        assert type(clone) is self.strategy and clone is not used
        assert clone.parameters() == used.parameters()
        assert self.run(protocol, 1, clone) == first

    def test_pickles_before_and_after_a_run(self) -> None:
        fresh = self.make()
        assert pickle.loads(pickle.dumps(fresh)).parameters() == fresh.parameters()
        protocol = sorted(self.strategy.traits.protocols)[0]
        self.run(protocol, 2, fresh)
        copy = pickle.loads(pickle.dumps(fresh))
        assert type(copy) is self.strategy

    def test_the_same_seed_gives_the_same_runs(self) -> None:
        for seed in SEEDS[:3]:
            assert self.runs(seed) == self.runs(seed)

    def test_only_a_stochastic_strategy_depends_on_its_seed(self) -> None:
        traces = {str(self.runs(seed)) for seed in SEEDS}
        if self.strategy.traits.stochastic:
            assert len(traces) > 1, "declared stochastic, but every seed gave the same runs"
        else:
            assert len(traces) == 1, "not declared stochastic, but the seed changed its runs"

    def test_an_individually_rational_party_accepts_only_rational_packages(self) -> None:
        if self.strategy.traits.seat is Seat.MEDIATOR or not self.strategy.traits.individually_rational:
            return
        for seed in SEEDS:
            for protocol, events in self.runs(seed).items():
                where = setting(strict_scenario(3 if protocol == "stacked-offers" else 2))
                for event in events:
                    if isinstance(event, Responded | Ratified) and event.party == "v1" and event.accepted:
                        assert where.table.rational[0, event.package], (protocol, event)


def _sittings(parties: int) -> tuple[Sitting, ...]:
    return tuple(Sitting(f"s{p + 1}", f"venue {p + 1}", (f"v{p + 1}",)) for p in range(parties))
