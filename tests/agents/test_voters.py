from __future__ import annotations

from accord.agents.voters import Annealer, HillClimber
from accord.protocols.events import Drafted, Voted
from tests.agents.contract import StrategyContract


class TestHillClimber(StrategyContract):
    strategy = HillClimber


class TestAnnealer(StrategyContract):
    strategy = Annealer


def test_a_hill_climber_votes_exactly_for_changes_that_do_not_hurt_it() -> None:
    contract = TestHillClimber()
    table = [1.0, 0.5, 0.75, 0.25, 0.5, 0.0]
    events = contract.run("single-text", 0, contract.make())
    draft = 2
    for event in events:
        if isinstance(event, Drafted):
            draft = event.package
        if isinstance(event, Voted) and event.party == "v1":
            acceptable = event.package not in (4, 5)  # p1 = c crosses v1's red line
            assert event.accepted == (acceptable and table[event.package] >= table[draft])
