"""The simulation benchmark negotiates over GENIUS's numbers on both sides. No timing is asserted."""

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
from accord.protocols.session import setting_of

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_simulation.py"


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_simulation", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()
pytestmark = pytest.mark.skipif(
    not bench.CAR.is_dir(), reason="the GENIUS data (../shared/data/genius) is absent"
)


def test_car_a_is_read_as_genius_defines_it() -> None:
    weights, values, reservation = bench.read_profile(bench.CAR / "Car-A-prof1.xml")
    assert list(weights.values()) == [0.16, 0.16, 0.17, 0.17, 0.17, 0.17]
    assert values["cd-player"] == {
        "good": 1.0,
        "fairly-good": 0.98,
        "standard": 0.92,
        "meager": 0.75,
        "none": 0.0,
    }
    assert reservation == 0.5
    assert compile_scenario(bench.car_scenario()).n_packages == 5**6


def test_negmas_utilities_are_the_compiled_contributions() -> None:
    """NegMAS adds the same contributions as floats, so its sums are Accord's to a rounding error."""
    compiled = compile_scenario(bench.car_scenario())
    ufuns, _ = bench.negmas_ufuns(compiled)
    for choice in np.random.default_rng(3).integers(0, 5, size=(40, 6)):
        theirs = [ufun(tuple(int(o) for o in choice)) for ufun in ufuns]
        np.testing.assert_allclose(theirs, compiled.utility_of(choice), rtol=1e-15, atol=1e-15)


def test_both_engines_run_boulware_against_conceder_to_an_agreement() -> None:
    compiled = compile_scenario(bench.car_scenario())
    accord_row = bench.accord_runs(setting_of(compiled), "alternating-offers", ("boulware", "conceder"), 5)
    negmas_row = bench.negmas_runs(compiled, ("boulware", "conceder"), 2)
    assert accord_row.agreements == negmas_row.agreements == 1.0
    assert 0 < accord_row.mean_steps <= bench.ROUNDS


@pytest.mark.slow
def test_quick_run_prints_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "simulation.json"
    assert bench.main(["--quick", "--json", str(path)]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [row["engine"] for row in data["rows"]][:4] == ["Accord", "NegMAS", "Accord", "NegMAS"]
