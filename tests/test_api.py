"""The public API is small and pinned: a change to it is a decision, made here."""

from __future__ import annotations

import accord


def test_public_api_is_pinned() -> None:
    assert sorted(accord.__all__) == sorted(
        [
            "FORMAT",
            "AccordError",
            "Analysis",
            "CompiledScenario",
            "Problem",
            "Scenario",
            "ScenarioError",
            "TooLargeError",
            "__version__",
            "analyze",
            "compile_scenario",
            "dump_scenario",
            "example_path",
            "load",
            "load_genius",
            "parse_scenario",
            "save",
            "explain",
            "Explanation",
            "propose",
            "Proposals",
            "robustness",
            "Robustness",
            "save_genius",
        ]
    )
    for name in accord.__all__:
        assert hasattr(accord, name), name


def test_load_analyze_to_dict_round_trip(tmp_path: object) -> None:
    scenario = accord.load(accord.example_path())
    data = accord.analyze(scenario).to_dict()
    assert data["parties"] == list(scenario.voters)
    assert data["space"]["size"] == 3**9
