from __future__ import annotations

from accord.agents.reciprocity import TitForTat
from accord.protocols.events import Offered
from tests.agents.contract import StrategyContract


class TestTitForTat(StrategyContract):
    strategy = TitForTat


def test_tit_for_tat_concedes_only_after_the_other_side_does() -> None:
    contract = TestTitForTat()
    events = contract.run("alternating-offers", 0, contract.make())
    table = [1.0, 0.5, 0.75, 0.25, 0.5, 0.0]
    mine = [table[e.package] for e in events if isinstance(e, Offered) and e.party == "v1"]
    theirs = [table[e.package] for e in events if isinstance(e, Offered) and e.party == "v2"]
    assert mine[0] == 1.0
    if len(theirs) >= 2 and theirs[1] > theirs[0]:
        assert min(mine) < 1.0
