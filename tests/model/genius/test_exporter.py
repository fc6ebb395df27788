"""Export then import gives back the same utility for every package, on every shared ANAC domain (a large
random sample where the space cannot be enumerated, and then the terms themselves) and on random scenarios."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.genius import load_genius, save_genius
from accord.model.scenario import Scenario
from tests.genius_data import domain_folders, name, needs_data
from tests.model.test_compiled import SMOKE
from tests.strategies import scenarios

SAMPLE = 20_000


def utilities(compiled: CompiledScenario, digits: np.ndarray) -> np.ndarray:
    """(P, n) utility of each package given as option indices (n, K)."""
    return compiled.utilities_of(digits)


def packages_of(compiled: CompiledScenario, rng: np.random.Generator) -> np.ndarray:
    """Every package of a small space, or a random sample of a large one."""
    if compiled.n_packages <= SAMPLE:
        return np.indices(compiled.sizes.tolist()).reshape(len(compiled.sizes), -1).T
    return np.stack([rng.integers(0, size, SAMPLE) for size in compiled.sizes.tolist()], axis=1)


def assert_same_utilities(one: Scenario, other: Scenario, rng: np.random.Generator) -> None:
    first, second = compile_scenario(one), compile_scenario(other)
    assert first.points == second.points and first.options == second.options
    digits = packages_of(first, rng)
    assert np.allclose(utilities(first, digits), utilities(second, digits), rtol=0, atol=1e-12)
    assert np.array_equal(first.reservation, second.reservation)


@needs_data
@pytest.mark.parametrize("folder", domain_folders(), ids=name)
def test_export_then_import_gives_the_same_utilities(folder: Path, tmp_path: Path) -> None:
    scenario = load_genius(folder)
    assert save_genius(scenario, tmp_path) == []
    again = load_genius(tmp_path)
    assert_same_utilities(scenario, again, np.random.default_rng(7))
    for party, prefs in scenario.preferences.items():
        twin = again.preferences[party]
        assert twin.discount_factor == prefs.discount_factor
        # Exact, but where a largest evaluation below 1 was folded into the weight (a rounding apart).
        assert twin.weights == pytest.approx(prefs.weights, rel=1e-15)
        for point, values in prefs.values.items():
            assert twin.values[point] == pytest.approx(values, rel=1e-15, abs=1e-300)
        # The term structure itself: every hyper-rectangle comes back with its weight and its ranges.
        assert [(t.weight, t.when) for t in twin.terms] == [(t.weight, t.when) for t in prefs.terms]


@settings(max_examples=60)
@given(scenarios(max_packages=400))
def test_random_scenarios_round_trip_up_to_genius_scale_or_say_why_not(scenario: Scenario) -> None:
    """Each party's utilities come back the same, or all divided by one number (GENIUS weights sum to 1)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            notes = save_genius(scenario, folder)
        except AccordError as error:
            # Terms need integer issues in GENIUS; the random scenarios' options are named o1, o2, ...
            assert "consecutive whole numbers" in str(error)
            assert any(prefs.terms for prefs in scenario.preferences.values())
            return
        again = load_genius(folder)
    assert (not any(p.red_lines for p in scenario.preferences.values())) or any(
        "red lines" in n for n in notes
    )
    for party, prefs in scenario.preferences.items():
        one = _alone(scenario, party, prefs.model_dump())
        other = _alone(again, party, again.preferences[party].model_dump())
        digits = packages_of(one, np.random.default_rng(1))
        ours, theirs = utilities(one, digits)[0], utilities(other, digits)[0]
        rescaled = [n for n in notes if n.startswith(f"{party}: utilities divided by ")]
        factor = float(rescaled[0].split()[4]) if rescaled else 1.0
        # The note gives the factor to 12 digits.
        assert np.allclose(ours, theirs * factor, rtol=1e-10 if rescaled else 1e-12, atol=1e-12)


def _alone(scenario: Scenario, party: str, prefs: dict[str, object]) -> CompiledScenario:
    """One party's preferences over the scenario's points, without red lines, compiled."""
    data = scenario.model_dump()
    prefs["red_lines"] = ()
    data.update(
        parties=[{"id": party, "name": party}],
        preferences={party: prefs},
        agreement={},
        agreements=[],
        coalitions=[],
        weights_sum=None,
    )
    return compile_scenario(Scenario.model_validate(data))


def test_terms_on_named_options_cannot_be_written_and_the_message_says_why(tmp_path: Path) -> None:
    data = {**SMOKE, "weights_sum": None}
    data["preferences"] = {
        **SMOKE["preferences"],
        "a": {**SMOKE["preferences"]["a"], "terms": [{"weight": 1, "when": {"p1": ["x"]}}]},
    }
    with pytest.raises(AccordError, match="point 'p1' has options that are not consecutive whole numbers"):
        save_genius(Scenario.model_validate(data), tmp_path)


def test_what_genius_cannot_hold_is_named_in_the_notes(tmp_path: Path) -> None:
    notes = save_genius(Scenario.model_validate(SMOKE), tmp_path)
    assert "red lines are left out (GENIUS has none)" in notes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "b.xml", "domain.xml"]
