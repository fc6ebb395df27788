"""Reading a scenario named on the command line: a file path, or ``-`` for standard input."""

from __future__ import annotations

import sys

from accord.model.errors import Problem, ScenarioError
from accord.model.files import MAX_BYTES, load_scenario, parse_scenario
from accord.model.scenario import Scenario

STDIN = "-"


def read_scenario(path: str) -> Scenario:
    """The scenario at ``path`` (YAML or JSON), or read from standard input when ``path`` is ``-``."""
    if path != STDIN:
        return load_scenario(path)
    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem("<stdin>", 0, 0, "", f"input is larger than {MAX_BYTES:,} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            [Problem("<stdin>", 0, 0, "", f"not UTF-8 text (invalid byte at offset {error.start})")]
        ) from None
    return parse_scenario(text, "<stdin>")
