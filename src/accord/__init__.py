"""Accord: analyse and run mediated multi-party negotiations.

>>> import accord
>>> scenario = accord.load(accord.example_path())
>>> analysis = accord.analyze(scenario)
"""

from __future__ import annotations

from pathlib import Path

from accord.analysis.analyze import Analysis, analyze
from accord.analysis.explain import Explanation, explain
from accord.analysis.propose import Proposals, propose
from accord.model.compiled import CompiledScenario, compile_scenario
from accord.model.errors import AccordError, Problem, ScenarioError, TooLargeError
from accord.model.examples import example_path
from accord.model.files import dump_scenario, load_scenario, parse_scenario, save_scenario
from accord.model.genius import load_genius, save_genius
from accord.model.scenario import FORMAT, Scenario

__version__ = "0.1.0"

__all__ = [
    "FORMAT",
    "AccordError",
    "Analysis",
    "CompiledScenario",
    "Explanation",
    "Problem",
    "Proposals",
    "Scenario",
    "ScenarioError",
    "TooLargeError",
    "__version__",
    "analyze",
    "compile_scenario",
    "dump_scenario",
    "example_path",
    "explain",
    "load",
    "load_genius",
    "parse_scenario",
    "propose",
    "save",
    "save_genius",
]


def load(path: str | Path) -> Scenario:
    """Read a scenario file (YAML or JSON), or a GENIUS domain folder."""
    if Path(path).is_dir():
        return load_genius(path)
    return load_scenario(path)


def save(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario file: JSON for a ``.json`` name, YAML otherwise."""
    save_scenario(scenario, path)
