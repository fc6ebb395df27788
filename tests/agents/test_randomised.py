from __future__ import annotations

from accord.agents.randomised import Random
from tests.agents.contract import StrategyContract


class TestRandom(StrategyContract):
    strategy = Random
