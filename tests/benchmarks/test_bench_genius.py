"""The ANAC benchmark compares like with like, and NegMAS's own GENIUS import is not what Accord copies.

No timing is asserted: speed is what the benchmark prints.
"""

from __future__ import annotations

import importlib.util
import math
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytest.importorskip("negmas", reason="NegMAS is the benchmark-only extra: pip install -e '.[bench]'")

from accord.model.compiled import compile_scenario
from accord.model.genius import load_genius
from tests.genius_data import DATA, needs_data

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load("bench_genius")


@needs_data
@pytest.mark.parametrize("domain", ["y2012/FitnessA", "y2015/group2-dinner", "y2012/ItexvsCypressA"])
def test_accord_and_negmas_find_the_same_frontier_on_an_anac_domain(domain: str) -> None:
    row = bench.measure(domain, load_genius(DATA / domain), repeats=1)
    assert row.identical
    assert row.frontier > 1


def test_the_verdict_needs_identical_frontiers_and_every_target() -> None:
    fast = bench.Row("y2012/EnergyA", 390625, 2, 10, 0.001, 0.01, 1.0, True)
    _, ok = bench.verdict([fast])
    assert ok
    _, ok = bench.verdict([bench.Row("y2012/EnergyA", 390625, 2, 10, 0.001, 0.3, 30.0, True)])
    assert not ok, "EnergyA over 0.2 s"
    _, ok = bench.verdict([bench.Row("x/y", 10, 2, 3, 0.001, 0.001, 0.001, True)])
    assert not ok, "a ratio of 1"
    _, ok = bench.verdict([bench.Row("x/y", 10, 2, 3, 0.001, 0.001, 1.0, False)])
    assert not ok, "a frontier that differs"


@needs_data
def test_negmas_does_not_divide_by_the_largest_evaluation_and_accord_does() -> None:
    """Killer robot: items evaluated 1-8; GENIUS divides by 8, NegMAS does not and goes past 1."""
    from negmas.inout import load_genius_domain_from_folder

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = load_genius_domain_from_folder(DATA / "y2015/group9-killer_robot")
    compiled = compile_scenario(load_genius(DATA / "y2015/group9-killer_robot"))
    outcome = next(iter(theirs.outcome_space.enumerate()))
    assert theirs.ufuns[0](outcome) > 2
    assert 0 < compiled.utility_of((0,) * 6)[0] < 1


@needs_data
def test_negmas_disagrees_with_genius_on_anac_2014_and_accord_does_not() -> None:
    """ANAC 2014: a utility is the sum of the hyper-rectangles containing the bid (bounds inclusive) over
    maxutility, and the reservation value is on that scale. Accord gives exactly that; NegMAS's utilities are
    neither divided by maxutility nor equal to the inclusive sums, and its reservation value is kept as
    written, on another scale than its utilities."""
    from negmas.inout import load_genius_domain_from_folder

    folder = DATA / "y2014/10issueswithRV"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = load_genius_domain_from_folder(folder)
    scenario = load_genius(folder)
    compiled = compile_scenario(scenario)
    root = ET.parse(folder / "profile-1.xml").getroot()
    maximum = float(next(root.iter("utility")).attrib["maxutility"])
    rectangles = [
        (
            float(h.attrib["utility"]),
            [(int(b.attrib["index"]), int(b.attrib["min"]), int(b.attrib["max"])) for b in h],
        )
        for h in root.iter("hyperRectangle")
    ]
    disagreements = 0
    for digits in np.random.default_rng(3).integers(0, 10, size=(50, 10)):
        genius = (
            sum(u for u, box in rectangles if all(lo <= digits[i - 1] <= hi for i, lo, hi in box)) / maximum
        )
        assert math.isclose(compiled.utility_of(digits)[0], genius, rel_tol=1e-12)
        disagreements += not math.isclose(
            theirs.ufuns[0](tuple(int(d) for d in digits)), genius, rel_tol=1e-6
        )
    assert disagreements > 25
    assert theirs.ufuns[0].reserved_value == scenario.preferences[compiled.parties[0]].reservation == 0.75
