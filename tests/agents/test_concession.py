from __future__ import annotations

import itertools

import numpy as np
import pytest

from accord.agents.concession import Boulware, Conceder, Hardliner, Linear, TimeBased
from accord.protocols.events import Offered
from tests.agents.contract import StrategyContract


class TestTimeBased(StrategyContract):
    strategy = TimeBased


class TestBoulware(StrategyContract):
    strategy = Boulware


class TestLinear(StrategyContract):
    strategy = Linear


class TestConceder(StrategyContract):
    strategy = Conceder


class TestHardliner(StrategyContract):
    strategy = Hardliner


def offered_utilities(contract: StrategyContract) -> list[float]:
    events = contract.run("alternating-offers", 0, contract.make())
    table = [1.0, 0.5, 0.75, 0.25, 0.5, 0.0]  # v1's utility of packages 0..5 (tests.scripted.scenario)
    return [table[e.package] for e in events if isinstance(e, Offered) and e.party == "v1"]


@pytest.mark.parametrize(
    "contract", [TestBoulware(), TestLinear(), TestConceder()], ids=["boulware", "linear", "conceder"]
)
def test_time_based_offers_never_rise(contract: StrategyContract) -> None:
    offers = offered_utilities(contract)
    assert offers and all(b <= a for a, b in itertools.pairwise(offers))


def test_boulware_holds_out_longer_than_conceder() -> None:
    boulware, conceder = offered_utilities(TestBoulware()), offered_utilities(TestConceder())
    n = min(len(boulware), len(conceder))
    assert np.mean(boulware[:n]) > np.mean(conceder[:n])


def test_the_hardliner_only_ever_offers_its_best() -> None:
    assert set(offered_utilities(TestHardliner())) == {1.0}
