"""The package table agrees with the compiled scenario, package by package."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

import accord
from accord.analysis.space import package_index
from accord.analysis.table import package_sample, package_table
from accord.model.compiled import compile_scenario
from accord.model.errors import TooLargeError
from accord.model.scenario import Scenario
from tests.oracle import solve
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


@settings(max_examples=30)
@given(scenarios(max_packages=300))
def test_a_sample_of_the_whole_space_is_the_table(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    sample, table = package_sample(compiled, 300), package_table(compiled)
    assert not sample.sampled
    assert np.array_equal(sample.utilities, table.utilities)
    zone = {package.number for package in solve(scenario).zone}  # under the rule: quorum, veto players
    assert sample.in_zone.tolist() == [n in zone for n in range(compiled.n_packages)]


@pytest.mark.parametrize("size", [10, 100_000])
def test_the_package_sample_is_all_packages_or_a_stated_sample(size: int) -> None:
    compiled = compile_scenario(accord.load(accord.example_path()))
    sample = package_sample(compiled, size)
    assert sample.total == compiled.n_packages
    assert sample.sampled == (size < compiled.n_packages)
    assert sample.utilities.shape == (len(compiled.parties), min(size, compiled.n_packages))
    assert package_sample(compiled, size).utilities.tolist() == sample.utilities.tolist()  # seeded
