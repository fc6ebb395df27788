"""The example scenario, read once for the live sessions' tests."""

from __future__ import annotations

import pytest

from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from tests.tournaments.live.driver import EXAMPLE


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(EXAMPLE)
