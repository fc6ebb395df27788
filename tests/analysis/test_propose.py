from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.analysis.propose import improvement, package_choice, propose, single_text
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from tests.analysis.mip_oracle import packages
from tests.strategies import scenarios

MIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def keeps_locks_and_red_lines(compiled: CompiledScenario, choice: tuple[int, ...]) -> bool:
    """Red lines, and the locks of points where no two parties agreed to different options."""
    for k, o in enumerate(choice):
        locks = set(compiled.locked[:, k].tolist()) - {-1}
        if len(locks) == 1 and o not in locks:
            return False
        if not compiled.allowed[:, k, o].all():
            return False
    return True


@MIP
@given(scenarios(max_packages=300, quorum=False))
def test_single_text_is_the_maximin_package(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    text = single_text(compiled)
    held = [c for c in packages(compiled) if keeps_locks_and_red_lines(compiled, c)]
    if held:
        assert text.red_lines_held
        best = max((compiled.utility_of(c) - compiled.reservation).min() for c in held)
        assert math.isclose(text.gains.min(), best, abs_tol=1e-6)
    else:
        assert not text.red_lines_held


@MIP
@given(scenarios(max_packages=300, quorum=False))
def test_improvement_never_makes_anyone_worse(scenario: Scenario) -> None:
    compiled = compile_scenario(scenario)
    held = [c for c in packages(compiled) if keeps_locks_and_red_lines(compiled, c)]
    if not held:
        return
    base = held[0]
    better = improvement(compiled, np.array(base))
    u0 = compiled.utility_of(base)
    candidates = [compiled.utility_of(c) - u0 for c in held]
    # an improvement is any exact gain past the grid's bound, however small (the solver may or may not see it)
    can_improve = any((g >= -compiled.tolerance).all() and (g > compiled.tolerance).any() for g in candidates)
    if better is None:
        assert not any((g >= -1e-12).all() and g.min() > 1e-6 for g in candidates)
        return
    assert can_improve
    assert (better.gains >= -compiled.tolerance).all() and (better.gains > 0).any()
    best_min = max(g.min() for g in candidates if (g >= -1e-12).all())
    assert math.isclose(better.gains.min(), best_min, abs_tol=1e-6)


def test_propose_on_the_example_holds_what_ukraine_and_the_us_agreed() -> None:
    result = propose(load_scenario(example_path())).to_dict()
    assert result["single_text"]["package"]["ceasefire"] == "immediate"
    assert result["improvement"] is None and result["agreement"] is None


def test_an_incomplete_agreement_is_refused() -> None:
    compiled = compile_scenario(load_scenario(example_path()))
    with pytest.raises(AccordError, match="does not settle point"):
        package_choice(compiled, {"territory": "freeze-line"})
