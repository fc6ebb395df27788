"""Hostile user text for the report tests: Rich markup, an emoji code, a terminal escape sequence and other
control characters, in every free-text field of a scenario and of the record."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.model.scenario import Scenario

HOSTILE = (
    "Say [/oops] [link=https://evil.example/]click[/link] [bold red]loud[/bold red] :warning: "
    "\x1b[31mred\x1b[0m bell\x07 back\rspace \x1b]8;;https://evil.example/\x1b\\osc"
)
"""Markup that breaks (``[/oops]``), a hyperlink and a style in markup, an emoji code, an SGR colour, a bell,
a carriage return and an OSC 8 hyperlink escape."""

SHOWN = (
    "Say [/oops] [link=https://evil.example/]click[/link] [bold red]loud[/bold red] :warning: "
    "␛[31mred␛[0m bell␇ back␍space ␛]8;;https://evil.example/␛\\osc"
)
"""How every report shows :data:`HOSTILE`: literally, each control character as its control picture."""

_RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def raw_controls(output: str) -> list[str]:
    """The control characters (other than newline and tab) in a command's output."""
    return _RAW.findall(output)


def shows_hostile_text(output: str) -> bool:
    """Whether the output holds every word of :data:`SHOWN`, in order, however the report wrapped it."""
    words = output.split()
    wanted = SHOWN.split()
    n = len(wanted)
    for i in range(len(words) - n + 1):
        first, *middle, last = words[i : i + n]
        if first.endswith(wanted[0]) and middle == wanted[1:-1] and last.startswith(wanted[-1]):
            return True
    return False


def _hostile_scenario_data() -> dict[str, Any]:
    data = load_scenario(example_path()).model_dump(mode="json", exclude_none=True)
    data["title"] = HOSTILE
    for assumption in data["assumptions"]:
        assumption["text"] = HOSTILE
    for party in data["parties"]:
        party["name"] = HOSTILE
    for document in data["documents"]:
        document["title"] = HOSTILE
        for point in document["points"]:
            point["title"] = HOSTILE
            for option in point["options"]:
                option["label"] = HOSTILE
    for meeting in data["meetings"]:
        meeting["venue"] = HOSTILE
        meeting["source"] = HOSTILE
    for statement in data["statements"]:
        statement.update(speaker=HOSTILE, text=HOSTILE, source=HOSTILE)
    for agreement in data["agreements"]:
        agreement["source"] = HOSTILE
    return data


def hostile_scenario_file(folder: Path) -> Path:
    """The example talks with :data:`HOSTILE` in every free-text field, as a JSON scenario file."""
    path = folder / "hostile.json"
    path.write_text(json.dumps(_hostile_scenario_data()), encoding="utf-8")
    return path


def hostile_scenario(folder: Path) -> Scenario:
    return load_scenario(hostile_scenario_file(folder))
