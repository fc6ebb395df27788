"""Accord: analyse and run mediated multi-party negotiations.

>>> import accord
>>> scenario = accord.load(accord.example_path())
>>> analysis = accord.analyze(scenario)
>>> how_sure = accord.robustness(scenario, samples=256, seed=0)
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.model.errors import AccordError, Problem, ScenarioError, TooLargeError
from accord.model.examples import example_path
from accord.model.files import dump_scenario, load_scenario, parse_scenario, save_scenario
from accord.model.genius import load_genius, save_genius
from accord.model.scenario import FORMAT, Scenario

if TYPE_CHECKING:
    from accord.analysis.analyze import Analysis, analyze
    from accord.analysis.explain import Explanation, explain
    from accord.analysis.propose import Proposals, propose
    from accord.analysis.robustness import Robustness, robustness
    from accord.model.compiled import CompiledScenario, compile_scenario

_NUMERIC = {
    "Analysis": "accord.analysis.analyze",
    "analyze": "accord.analysis.analyze",
    "Explanation": "accord.analysis.explain",
    "explain": "accord.analysis.explain",
    "Proposals": "accord.analysis.propose",
    "propose": "accord.analysis.propose",
    "Robustness": "accord.analysis.robustness",
    "robustness": "accord.analysis.robustness",
    "CompiledScenario": "accord.model.compiled",
    "compile_scenario": "accord.model.compiled",
}
"""Names whose modules load NumPy and the MILP solver: imported on first use (PEP 562), so that reading and
checking scenarios (and ``accord --help``) starts without them."""

__version__ = "0.1.0"

__all__ = [
    "FORMAT",
    "AccordError",
    "Analysis",
    "CompiledScenario",
    "Explanation",
    "Problem",
    "Proposals",
    "Robustness",
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
    "robustness",
    "save",
    "save_genius",
]


def load(path: str | Path, *, rescale_weights: bool = False) -> Scenario:
    """Read a scenario file (YAML or JSON), or a GENIUS domain folder (``rescale_weights``: divide a
    profile's issue weights by their sum when they fall outside GENIUS's tolerance; ``docs/genius.md``)."""
    if Path(path).is_dir():
        return load_genius(path, rescale_weights=rescale_weights)
    return load_scenario(path)


def save(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario file: JSON for a ``.json`` name, YAML otherwise."""
    save_scenario(scenario, path)


def __getattr__(name: str) -> Any:
    """The numeric part of the API, imported when first asked for (see ``_NUMERIC``)."""
    if name not in _NUMERIC:
        raise AttributeError(f"module 'accord' has no attribute '{name}'")
    value = getattr(importlib.import_module(_NUMERIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NUMERIC))
