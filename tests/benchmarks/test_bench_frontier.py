"""The frontier benchmark compares like with like: NegMAS sees Accord's numbers and finds Accord's frontier.

No timing is asserted: speed is what the benchmark prints, not what a test can rely on.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytest.importorskip("negmas", reason="NegMAS is the benchmark-only extra: pip install -e '.[bench]'")

from accord.model.compiled import compile_scenario

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_frontier.py"


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_frontier", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.mark.parametrize("parties", [2, 3, 5])
def test_accord_frontier_equals_negmas_frontier_at_ten_thousand_packages(parties: int) -> None:
    scenario = bench.case_scenario(bench.Case(points=4, parties=parties), bench.SEED)
    assert compile_scenario(scenario).n_packages == 10**4
    comparison = bench.compare_frontiers(scenario)
    assert len(comparison.accord) > 1
    assert bench.as_set(comparison.accord) == bench.as_set(comparison.negmas)
    assert comparison.identical


def test_both_keep_one_package_per_utility_vector_when_packages_tie() -> None:
    data = bench.case_scenario(bench.Case(points=4, parties=3), bench.SEED).model_dump(mode="json")
    for prefs in data["preferences"].values():
        prefs["weights"] = dict.fromkeys(prefs["weights"], 0.25)
        for values in prefs["values"].values():
            for option in values:
                values[option] = round(values[option] * 2) / 2  # 0, 0.5 or 1: many packages tie
    comparison = bench.compare_frontiers(bench.Scenario.model_validate(data))
    assert comparison.identical
    assert len(comparison.negmas) == len(bench.as_set(comparison.negmas)) == len(comparison.accord)


def test_a_frontier_missing_a_vector_or_listing_one_twice_is_not_identical() -> None:
    frontier = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    assert bench.same_frontier(frontier, frontier[::-1])
    assert not bench.same_frontier(frontier, frontier[:2])
    assert not bench.same_frontier(frontier, np.vstack([frontier, frontier[:1]]))


def test_negmas_utilities_are_the_compiled_contributions_to_the_bit() -> None:
    scenario = bench.case_scenario(bench.Case(points=4, parties=3), bench.SEED)
    compiled = compile_scenario(scenario)
    ufuns, _ = bench.negmas_problem(compiled, in_units=True)
    rng = np.random.default_rng(7)
    for choice in rng.integers(0, bench.OPTIONS, size=(50, 4)):
        expected = compiled.units_of(choice[None, :])[:, 0]
        assert [ufun(tuple(int(o) for o in choice)) for ufun in ufuns] == expected.tolist()


def test_same_seed_gives_the_same_scenario_and_another_seed_does_not() -> None:
    case = bench.Case(points=4, parties=2)
    first = compile_scenario(bench.case_scenario(case, 1)).utilities
    assert np.array_equal(first, compile_scenario(bench.case_scenario(case, 1)).utilities)
    assert not np.array_equal(first, compile_scenario(bench.case_scenario(case, 2)).utilities)


@pytest.mark.slow
def test_quick_run_finds_identical_frontiers_and_writes_the_table(tmp_path: Path) -> None:
    path = tmp_path / "frontier.json"
    assert bench.main(["--quick", "--repeats", "1", "--json", str(path)]) == 0
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    assert [(row["packages"], row["parties"]) for row in rows] == [
        (n, p) for n in (10**4, 10**5) for p in (2, 3, 5)
    ]
    assert all(row["identical"] is True for row in rows)
