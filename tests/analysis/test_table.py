"""The package table agrees with the compiled scenario, package by package."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from accord.analysis.space import package_index
from accord.analysis.table import package_table
from accord.model.compiled import compile_scenario
from accord.model.errors import TooLargeError
from accord.model.scenario import Scenario
from tests.strategies import scenarios


@settings(max_examples=50)
@given(scenarios(max_packages=300))
def test_rows_are_package_numbers_with_their_utilities_and_consent(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    table = package_table(compiled)
    assert len(table) == compiled.n_packages
    for row in range(len(table)):
        choice = table.choice(row)
        assert package_index(choice, compiled.sizes) == row
        assert table.utilities[:, row].tolist() == compiled.utility_of(choice).tolist()
        k = np.arange(len(choice))
        assert table.acceptable[:, row].tolist() == compiled.acceptable[:, k, choice].all(axis=1).tolist()
    floor = compiled.floor
    assert (table.rational == (table.acceptable & (table.utilities >= floor[:, None]))).all()


def test_the_table_is_read_only_and_bounded(peace: Scenario) -> None:
    table = package_table(compile_scenario(peace))
    with pytest.raises(ValueError, match="read-only"):
        table.utilities[0, 0] = 1.0
    with pytest.raises(TooLargeError, match="simulations tabulate at most 100"):
        package_table(compile_scenario(peace), max_packages=100)


@pytest.fixture
def peace() -> Scenario:
    from accord.model.examples import example_path
    from accord.model.files import load_scenario

    return load_scenario(example_path())
