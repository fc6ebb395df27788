"""Robustness against a brute-force sampler; seeds, engines and backends that must agree."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

import accord
from accord.analysis.robustness import robustness
from accord.analysis.sampling import draw, uncertain_inputs
from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario
from accord.tournaments.backends import ProcessBackend
from tests.analysis import sampling_oracle


def talks(seed: int, *, rule: str = "unanimity", weights_sum: float | None = 1.0) -> Scenario:
    """Three parties, four points of two or three options, red lines of both kinds, a lock, a term, and
    ranges wide enough that the verdict is uncertain."""
    rng = np.random.default_rng(seed)
    scale = 1.0 if weights_sum is not None else 2.0  # unscaled weights sum to 2
    sizes = [3, 2, 3, 2]
    points = [
        {
            "id": f"p{k}",
            "number": k + 1,
            "title": f"P{k}",
            "options": [{"id": f"o{o}", "label": f"O{o}"} for o in range(size)],
        }
        for k, size in enumerate(sizes)
    ]
    preferences: dict[str, Any] = {}
    for i, party in enumerate(("north", "south", "east")):
        weights = rng.dirichlet(np.ones(len(sizes)))
        weights = weights * scale
        values = {
            f"p{k}": {f"o{o}": round(float(rng.random()), 3) for o in range(s)} for k, s in enumerate(sizes)
        }
        prefs: dict[str, Any] = {
            "weights": {f"p{k}": float(w) for k, w in enumerate(weights)},
            "values": values,
            "reservation": 0.45 * scale,
            "uncertainty": {
                "weights": {"p0": [0.0, scale]},
                "values": {"p2": {"o1": [0.0, 1.0]}},
                "reservation": [0.3 * scale, 0.6 * scale],
            },
        }
        if i == 0:
            prefs["red_lines"] = [{"point": "p2", "min_value": 0.3}, {"point": "p1", "reject": ["o1"]}]
            prefs["terms"] = [{"weight": 0.1, "when": {"p0": ["o0"], "p3": ["o1"]}}]
        if i == 1:
            prefs["red_lines"] = [{"point": "p2", "min_value": 0.25}]
            prefs["uncertainty"]["distribution"] = "triangular"
            prefs["uncertainty"]["weights"] = {"p0": [0.0, scale]}
            prefs["reservation"] = 0.4 * scale
            prefs["uncertainty"]["values"] = {"p2": {"o1": [0.0, 1.0]}}
            prefs["values"]["p2"]["o1"] = 0.5
        preferences[party] = prefs
    agreement: dict[str, Any] = {"rule": "unanimity"}
    if rule == "quorum":
        agreement = {"rule": "quorum", "quorum": 2, "veto": ["north"]}
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": f"Talks {seed}",
            "weights_sum": weights_sum,
            "parties": [{"id": p, "name": p.title()} for p in ("north", "south", "east")],
            "documents": [{"id": "d", "title": "D", "points": points}],
            "preferences": preferences,
            "agreement": agreement,
            "agreements": [{"point": "p3", "option": "o0", "parties": ["east"]}],
        }
    )


CASES = [(1, "unanimity", 1.0), (2, "quorum", 1.0), (3, "quorum", None), (4, "unanimity", None)]


@pytest.mark.parametrize(("seed", "rule", "weights_sum"), CASES)
def test_each_sample_is_judged_as_the_brute_force_oracle_judges_it(
    seed: int, rule: str, weights_sum: float | None
) -> None:
    scenario = talks(seed, rule=rule, weights_sum=weights_sum)
    result = robustness(scenario, samples=256, seed=seed)
    rows = draw(result.inputs, 256, seed)
    oracle = sampling_oracle.judge(scenario, rows.tolist())
    assert result.zone.tolist() == oracle.zone
    # the samples change the outcome, so that the test can tell a wrong answer
    assert 0 < result.zone.sum() < 256 or any(0 < p.agreements < 256 for p in result.packages)
    for package in result.packages:
        choice = tuple(result.compiled.package(package.choice).values())
        assert package.agreements == sum(choice in found for found in oracle.agreements)
        expected = sampling_oracle.accepts(scenario, rows.tolist(), choice)
        assert dict(zip(result.compiled.parties, package.accepted.tolist(), strict=True)) == expected


@pytest.mark.parametrize(("seed", "rule", "weights_sum"), CASES)
def test_probabilities_agree_with_independent_samples_within_three_standard_errors(
    seed: int, rule: str, weights_sum: float | None
) -> None:
    scenario = talks(seed, rule=rule, weights_sum=weights_sum)
    n = 1024
    result = robustness(scenario, samples=n, seed=seed)
    oracle = sampling_oracle.judge(scenario, sampling_oracle.draw(scenario, n, seed + 100))
    ours, theirs = result.p_zone_nonempty.estimate, sum(oracle.zone) / n
    error = math.sqrt((ours * (1 - ours) + theirs * (1 - theirs)) / n)
    assert abs(ours - theirs) <= 3 * max(error, 1 / n)
    best = tuple(result.compiled.package(result.most_robust.choice).values())
    theirs_best = sum(best in found for found in oracle.agreements) / n
    ours_best = result.most_robust.agreements / n
    error = math.sqrt((ours_best * (1 - ours_best) + theirs_best * (1 - theirs_best)) / n)
    assert abs(ours_best - theirs_best) <= 3 * max(error, 1 / n)


def test_the_most_robust_package_is_the_one_most_often_an_agreement() -> None:
    scenario = talks(1)
    result = robustness(scenario, samples=256, seed=0)
    oracle = sampling_oracle.judge(scenario, draw(result.inputs, 256, 0).tolist())
    counts: dict[tuple[str, ...], int] = {}
    for found in oracle.agreements:
        for package in found:
            counts[package] = counts.get(package, 0) + 1
    assert result.most_robust_scope == "space"
    assert result.most_robust.agreements == max(counts.values())


def test_the_same_seed_gives_the_same_json_and_another_seed_another() -> None:
    scenario = talks(2, rule="quorum")
    first = json.dumps(robustness(scenario, samples=300, seed=5).to_dict())
    assert json.dumps(robustness(scenario, samples=300, seed=5).to_dict()) == first
    assert json.dumps(robustness(scenario, samples=300, seed=6).to_dict()) != first
    random = robustness(scenario, samples=300, seed=5, sampler="random").to_dict()
    assert random["sampler"] == "random" and json.dumps(random) != first


def test_progress_is_told_in_order_up_to_the_whole_and_can_stop_the_analysis() -> None:
    scenario = talks(2)
    told: list[float] = []
    found = robustness(scenario, samples=64, seed=1, progress=told.append)
    assert found.to_dict() == robustness(scenario, samples=64, seed=1).to_dict()
    assert told == sorted(told) and told[0] > 0 and told[-1] == 1.0 and len(told) >= 3

    class Stop(Exception):
        pass

    def stop_at_the_verdicts(share: float) -> None:
        if share >= 0.5:
            raise Stop

    with pytest.raises(Stop):
        robustness(scenario, samples=64, seed=1, progress=stop_at_the_verdicts)


def test_the_programme_engine_decides_every_sample_as_enumeration_does() -> None:
    scenario = talks(2, rule="quorum")
    enumerated = robustness(scenario, samples=64, seed=1, engine="enumeration")
    optimised = robustness(scenario, samples=64, seed=1, engine="optimization")
    assert optimised.engine == "optimization" and optimised.most_robust_scope == "listed"
    assert optimised.zone.tolist() == enumerated.zone.tolist()


@pytest.mark.slow
def test_local_processes_and_dask_give_the_same_json_as_this_process() -> None:
    distributed = pytest.importorskip("distributed")
    from accord.tournaments.backends import DaskBackend

    # a zone in 9 of the 16 samples, so the indices are not all 0, and tipping values found by bisection
    scenario = talks(4, weights_sum=None)
    serial = robustness(scenario, samples=16, seed=3, engine="optimization").to_dict()
    assert 0 < serial["p_zone_nonempty"]["estimate"] < 1
    assert any(s["index"] > 0 for s in serial["sensitivity"])
    assert any(s["tipping_value"] is not None for s in serial["sensitivity"])
    local = robustness(scenario, samples=16, seed=3, engine="optimization", backend=ProcessBackend(2))
    assert local.to_dict() == serial
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        backend = DaskBackend(cluster.scheduler_address)
        dask = robustness(scenario, samples=16, seed=3, engine="optimization", backend=backend)
    assert dask.to_dict() == serial


def test_the_example_is_robustly_without_a_zone_and_russias_value_of_a_demilitarised_zone_decides() -> None:
    scenario = load_scenario(example_path())
    result = accord.robustness(scenario, samples=1024, seed=0)
    data = result.to_dict()
    assert data["format"] == "accord-robustness/1" and data["base"] == {"zone_empty": True}
    assert 0.05 < data["p_zone_nonempty"]["estimate"] < 0.3
    leading = data["sensitivity"][0]
    assert leading["input"] == "preferences.russia.values.territory.demilitarised-zone"
    # Russia's territorial red line is 0.8: one input at a time, the zone opens just there
    assert leading["tipping_value"] == pytest.approx(0.8, abs=1e-5)
    assert leading["index"] > 0.5 and all(s["index"] < 0.2 for s in data["sensitivity"][1:])
    most = data["most_robust"]
    assert most["package"]["territory"] == "demilitarised-zone" and most["scope"] == "space"
    assert most["p_all_accept"] == data["p_zone_nonempty"]["estimate"]  # the only package ever agreed
    assert [c["samples"] for c in data["convergence"]] == [16, 32, 64, 128, 256, 512, 1024]


def test_a_scenario_without_ranges_has_the_base_verdict_in_every_sample() -> None:
    data: dict[str, Any] = load_scenario(example_path()).model_dump(mode="json", exclude_defaults=True)
    for prefs in data["preferences"].values():
        prefs.pop("uncertainty", None)
    result = robustness(Scenario.model_validate(data), samples=16, seed=0)
    assert not result.inputs and result.zone.tolist() == [False] * 16
    assert result.to_dict()["sensitivity"] == []


def test_sample_counts_out_of_bounds_are_refused() -> None:
    scenario = talks(1)
    with pytest.raises(AccordError, match="samples must be from 1 to 1,000,000, not 0"):
        robustness(scenario, samples=0)
    assert len(uncertain_inputs(scenario, scenario.voters)) == 9
