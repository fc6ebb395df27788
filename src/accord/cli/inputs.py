"""Reading a scenario named on the command line: a file path, a GENIUS domain folder, or ``-`` for standard
input."""

from __future__ import annotations

import sys
from pathlib import Path

from accord.model.files import MAX_BYTES, decode_text, load_scenario, parse_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario

STDIN = "-"


def read_scenario(path: str, *, real_step: float | None = None) -> Scenario:
    """The scenario at ``path`` (YAML or JSON file, or GENIUS folder), or standard input when ``path`` is
    ``-``. ``real_step`` discretises the real issues of a GENIUS domain."""
    if path == STDIN:
        return parse_scenario(decode_text(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"), "<stdin>")
    if Path(path).is_dir():
        return load_genius(path, real_step=real_step)
    return load_scenario(path)
