"""Reading a scenario named on the command line: a file path, or ``-`` for standard input."""

from __future__ import annotations

import sys

from accord.model.files import MAX_BYTES, decode_text, load_scenario, parse_scenario
from accord.model.scenario import Scenario

STDIN = "-"


def read_scenario(path: str) -> Scenario:
    """The scenario at ``path`` (YAML or JSON), or read from standard input when ``path`` is ``-``."""
    if path != STDIN:
        return load_scenario(path)
    return parse_scenario(decode_text(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"), "<stdin>")
