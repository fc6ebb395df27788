"""The dashboard's figures from the library's outputs: every trace has data, the fair packages are marked,
user text reaches Plotly escaped, a large frontier is drawn evenly thinned, the robustness figures show the
interval, the most robust package and the leading inputs on top."""

from __future__ import annotations

import json

import accord
from accord.analysis.analyze import analyze
from accord.analysis.outputs import PackageEntry
from accord.analysis.robustness import robustness
from accord.analysis.table import package_sample
from accord.model.compiled import compile_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario
from accord.service.web import figures
from accord.service.web.robustness import listed
from tests.genius_data import DATA, needs_data

TRAVEL = DATA / "y2010" / "Travel"


def _two_parties() -> Scenario:
    return load_genius(TRAVEL)


def _sizes(figure: figures.Figure) -> list[int]:
    return [len(trace.get("x") or trace.get("z") or []) for trace in figure["data"]]


@needs_data
def test_two_parties_show_the_space_the_frontier_reservations_and_the_four_solutions() -> None:
    scenario = _two_parties()
    result = analyze(scenario).to_output()
    sample = package_sample(compile_scenario(scenario), 500)
    figure = figures.utility_space_figure(result, sample)
    names = [trace["name"] for trace in figure["data"]]
    assert names[:3] == ["packages", "in the zone", "Pareto frontier"]
    assert {"Nash", "Kalai-Smorodinsky", "egalitarian", "utilitarian"} <= set(names)
    assert sum(_sizes(figure)[:2]) == min(500, sample.total)
    assert len(figure["layout"]["shapes"]) == 2  # the two reservation lines
    json.dumps(figure, allow_nan=False)


def test_many_parties_draw_the_frontier_across_axes_and_in_every_pair() -> None:
    result = analyze(accord.load(accord.example_path())).to_output()
    parallel = figures.parallel_figure(result)
    assert parallel["data"][0]["x"][: len(result.parties)] == list(result.parties)
    pairs = figures.pairs_figure(result)
    n = len(result.parties)
    frontier_traces = [t for t in pairs["data"] if t["name"] == "frontier"]
    assert len(frontier_traces) == n * (n - 1) // 2
    assert all(len(t["x"]) == min(len(result.frontier), figures.DRAWN) for t in frontier_traces)


def test_a_large_frontier_is_thinned_evenly_to_the_limit() -> None:
    frontier = [
        PackageEntry(package={"p": str(i)}, utilities={"a": i / 1000, "b": 1 - i / 1000}) for i in range(1000)
    ]
    kept = figures.drawn(frontier, 100)
    assert len(kept) == 100 and kept[0] == frontier[0]
    assert [e.utilities["a"] for e in kept] == sorted(e.utilities["a"] for e in kept)


def test_user_text_reaches_plotly_as_text_not_tags() -> None:
    assert figures.plain("<b>x</b> & <a href='y'>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href='y'&gt;"


def test_the_dance_marks_each_partys_utility_of_each_offer_and_the_agreement() -> None:
    steps = [
        {"kind": "offered", "round": 1, "party": "a", "utilities": {"a": 0.9, "b": 0.2}},
        {"kind": "responded", "round": 1, "party": "b", "utilities": {"a": 0.9, "b": 0.2}},
        {"kind": "offered", "round": 2, "party": "b", "utilities": {"a": 0.5, "b": 0.6}},
        {"kind": "ended", "round": 2, "agreement": True, "utilities": {"a": 0.5, "b": 0.6}},
    ]
    figure = figures.dance_figure(steps, ["a", "b"])
    a, b, agreement = figure["data"]
    assert a["x"] == [0, 2] and a["y"] == [0.9, 0.5] and b["y"] == [0.2, 0.6]
    assert agreement["name"] == "agreement" and agreement["y"] == [0.5, 0.6]


def test_robustness_figures_draw_the_band_the_packages_and_the_leading_inputs() -> None:
    result = robustness(accord.load(accord.example_path()), samples=128, seed=1).to_output()
    convergence = figures.convergence_figure(result)
    high, low, estimate = convergence["data"]
    assert low["fill"] == "tonexty" and low["x"] == [c.samples for c in result.convergence]
    assert all(lo <= e <= hi for lo, e, hi in zip(low["y"], estimate["y"], high["y"], strict=True))
    rows = listed(result, 5)
    assert rows[0] == ("most robust", result.most_robust) and len(rows) == 6
    acceptance = figures.acceptance_figure(rows, list(result.most_robust.p_accept))["data"][0]
    assert acceptance["y"][-1] == "most robust"  # drawn on top
    assert acceptance["z"][-1][-1] == result.most_robust.p_all_accept
    tornado = figures.tornado_figure(result, 4)
    verdict = tornado["data"][0]
    assert verdict["y"][-1] == result.sensitivity[0].input.removeprefix("preferences.")  # on top
    assert verdict["x"] == sorted(verdict["x"])
    assert verdict["text"][-1].startswith("flips at")
    json.dumps([convergence, tornado], allow_nan=False)
