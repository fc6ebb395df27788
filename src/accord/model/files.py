"""Reading and writing scenario files (YAML 1.2 or JSON), with every problem located by line and column.

YAML is parsed by ruamel.yaml (YAML 1.2: ``yes``/``no`` stay strings) and built from its events
(``yaml_reader.py``); a ``.json`` file is read by a strict JSON parser (``json_reader.py``). Both keep the
positions of every key and item, refuse duplicate keys, and count values while they read, so a huge document
stops at the limit instead of being built first.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from accord.model.errors import MAX_PROBLEMS, Problem, ScenarioError
from accord.model.json_reader import ReadProblem, read_json
from accord.model.messages import describe, message
from accord.model.scenario import Scenario
from accord.model.source import read_bounded
from accord.model.target import write_atomically
from accord.model.yaml_reader import read_yaml

MAX_BYTES = 16 * 2**20
"""Largest scenario file read (16 MiB): a peace plan is kilobytes; anything far larger is a mistake."""

MAX_NODES = 1_000_000
"""Most values a file may hold or expand to (anchors and aliases included): counted while the file is read."""

MAX_DEPTH = 100
"""Deepest nesting of values read (a scenario needs fewer than ten levels)."""

Position = tuple[int, int]

UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
"""Byte order marks of UTF-32 text (checked first: the little-endian one starts like UTF-16's)."""
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""Byte order marks of UTF-16 text (what Windows PowerShell 5 writes by default)."""


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a YAML or JSON file; raise :class:`ScenarioError` naming every problem."""
    path = Path(path)
    return parse_scenario(_read_text(path), str(path))


def parse_scenario(text: str, source: str = "<string>") -> Scenario:
    """Parse a scenario from YAML or JSON text; ``source`` names it in error messages."""
    data = _parse_json(text, source) if _is_json(source) else _parse_unnamed(text, source)
    if not isinstance(data, CommentedMap):
        message = f"expected a mapping of scenario fields (format, title, ...), found {describe(data)}"
        raise ScenarioError([Problem(source, *_start(data), "", message)])
    plain = _plain(data)
    try:
        return Scenario.model_validate(plain)
    except ValidationError as error:
        raise ScenarioError(_problems(error, plain, data, source)) from None


def _problems(error: ValidationError, plain: Any, data: Any, source: str) -> list[Problem]:
    """The problems of a failed validation: at most ``MAX_PROBLEMS`` field errors, then how many more.

    The details of a million errors would take gigabytes, so past the limit they are taken from the document
    cut to the first items of every list and mapping (each item is checked on its own: the errors found there
    are errors of the whole). The reference checks (type ``scenario``) cap their own list.
    """
    count = error.error_count()
    errors: list[ErrorDetails] = []
    if count > MAX_PROBLEMS:
        try:
            Scenario.model_validate(_first_items(plain, MAX_PROBLEMS + 1))
        except ValidationError as fewer:
            found = fewer.errors(include_url=False)
            errors = [e for e in found if not _is_echo(e)]
            count -= len(found) - len(errors)  # a list too short only because of its items' errors, again
        if not errors or errors[0]["type"] == "scenario":
            errors = []
    if not errors:
        errors = [e for e in error.errors(include_url=False) if not _is_echo(e)]
        if errors[0]["type"] == "scenario":
            return [_problem(e, data, source) for e in errors]
        count = len(errors)
    problems = [_problem(e, data, source) for e in errors[:MAX_PROBLEMS]]
    if count > len(problems):
        more = f"{count - len(problems):,} more problems (the first {len(problems)} are listed)"
        problems.append(Problem(source, 0, 0, "", more))
    return problems


def _first_items(data: Any, count: int) -> Any:
    """``data`` with every list and mapping cut to its first ``count`` items."""
    if isinstance(data, dict):
        return {key: _first_items(value, count) for key, value in itertools.islice(data.items(), count)}
    if isinstance(data, list):
        return [_first_items(item, count) for item in data[:count]]
    return data


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """The scenario as YAML or JSON text (fields left at their defaults are omitted)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    data = {"format": scenario.format, **data}
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt != "yaml":
        raise ValueError(f"unknown format {fmt!r} (yaml or json)")
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.dump(data, stream)
    return stream.getvalue()


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario to ``path``: JSON for a ``.json`` name, YAML otherwise; atomically."""
    path = Path(path)
    write_atomically(path, dump_scenario(scenario, "json" if path.suffix.lower() == ".json" else "yaml"))


def _read_text(path: Path) -> str:
    source = str(path)
    return decode_text(read_bounded(path, MAX_BYTES, "scenario file"), source)


def decode_text(raw: bytes, source: str) -> str:
    """Scenario text from raw bytes: refuses empty, binary, UTF-16 and non-UTF-8 input, naming ``source``."""

    def fail(message: str, line: int = 0, column: int = 0) -> ScenarioError:
        return ScenarioError([Problem(source, line, column, "", message)])

    if len(raw) > MAX_BYTES:
        raise fail(f"input is too large (more than {MAX_BYTES:,} bytes)")
    if not raw.strip():
        raise fail("file is empty")
    if raw.startswith(UTF32_BOMS):
        raise fail("file is UTF-32 text; save it as UTF-8")
    if raw.startswith(UTF16_BOMS):
        raise fail("file is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw:
        raise fail("not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        bad = raw[error.start : error.start + 1].hex()
        message = f"not UTF-8 text (invalid byte 0x{bad}); save it as UTF-8"
        raise fail(message, line, column) from None


def _byte_position(raw: bytes, offset: int) -> Position:
    """Line and column (1-based, in characters) of ``offset`` in UTF-8 ``raw`` valid up to ``offset``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8-sig")) + 1


def _is_json(source: str) -> bool:
    return source.lower().endswith(".json")


def _parse_unnamed(text: str, source: str) -> Any:
    """YAML, or JSON when a source with no ``.yaml`` name (standard input, a string) holds a JSON object: read
    by the JSON reader, which is strict and many times faster. A ``{`` that does not start valid JSON starts a
    YAML flow mapping."""
    if not source.lower().endswith((".yaml", ".yml")) and text.lstrip().startswith("{"):
        try:
            return read_json(text, MAX_NODES, MAX_DEPTH)
        except ReadProblem as problem:
            if not problem.syntax:
                raise _read_problem(problem, "JSON", source) from None
    return _parse_yaml(text, source)


def _parse_json(text: str, source: str) -> Any:
    try:
        return read_json(text, MAX_NODES, MAX_DEPTH)
    except ReadProblem as problem:
        raise _read_problem(problem, "JSON", source) from None


def _parse_yaml(text: str, source: str) -> Any:
    if not text.strip():
        raise ScenarioError([Problem(source, 0, 0, "", "file is empty")])
    try:
        return read_yaml(text, MAX_NODES, MAX_DEPTH)
    except ReadProblem as problem:
        raise _read_problem(problem, "YAML", source) from None
    except MarkedYAMLError as error:
        raise ScenarioError([_syntax_problem(error, source)]) from None
    except YAMLError as error:
        raise ScenarioError([Problem(source, 0, 0, "", f"not valid YAML: {error}")]) from None


def _read_problem(problem: ReadProblem, kind: str, source: str) -> ScenarioError:
    message = f"not valid {kind}: {problem.message}" if problem.syntax else problem.message
    return ScenarioError([Problem(source, problem.line, problem.column, "", message)])


def _syntax_problem(error: MarkedYAMLError, source: str) -> Problem:
    """A YAML syntax error where the parser stopped, naming where the construct it was reading began.

    When the parser ran off the end of the file, the place to look is where that construct began.
    """
    problem, context, begun = str(error.problem or ""), error.context, error.context_mark
    if ("end of stream" in problem or "<stream end>" in problem) and context and begun is not None:
        message = f"not valid YAML: the file ends before what starts here is closed ({context})"
        return Problem(source, begun.line + 1, begun.column + 1, "", message)
    mark = error.problem_mark or begun
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    if "'\\t'" in problem:
        return Problem(source, line, column, "", "not valid YAML: a tab cannot indent YAML; use spaces")
    message = f"not valid YAML: {problem}"
    if context and begun is not None:
        message += f" ({context} that starts at line {begun.line + 1}, column {begun.column + 1})"
    return Problem(source, line, column, "", message + _SYNTAX_HINTS.get(problem, ""))


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "; is a line indented too far, or a value with ': ' not quoted?",
    "expected <block end>, but found '<block mapping start>'": "; check the indentation",
}
"""What usually causes a syntax error whose parser message does not say."""


def _plain(data: Any) -> Any:
    """ruamel's round-trip containers and numbers as plain dicts, lists, ints and floats (timestamps and other
    scalars as they are), so strict number fields see the numbers as written."""
    if isinstance(data, Mapping):
        return {str(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    if isinstance(data, int) and not isinstance(data, bool):
        return int(data)
    if isinstance(data, float):
        return float(data)
    return data


def _is_echo(error: ErrorDetails) -> bool:
    """A list reported too short only because some of its items failed (pydantic counts the valid ones)."""
    if error["type"] != "too_short" or not isinstance(error["input"], Sequence):
        return False
    return len(error["input"]) >= int(error.get("ctx", {})["min_length"])


def _problem(error: ErrorDetails, data: Any, source: str) -> Problem:
    loc = tuple(error["loc"])
    at_value = error["type"] not in ("missing", "extra_forbidden", "scenario")
    line, column = _locate(data, loc, at_value)
    return Problem(source, line, column, _field_path(loc), message(error, loc))


def _locate(data: Any, loc: tuple[Any, ...], at_value: bool = False) -> Position:
    """Line and column (1-based) of the deepest part of ``loc`` present in the document.

    A key is located at the key itself, or at its value when ``at_value`` and that value is a scalar
    (a wrong number is pointed at, not the key before it).
    """
    position = _start(data)
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line, column = node.lc.value(key) if at_value and _is_scalar(node[key]) else node.lc.key(key)
            position = (line + 1, column + 1)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, column = node.lc.item(key)
            position = (line + 1, column + 1)
            node = node[key]
        else:
            break
    return position


def _start(data: Any) -> Position:
    """Where a mapping or list begins in the document; 1:1 for anything else."""
    if isinstance(data, CommentedMap | CommentedSeq):
        return data.lc.line + 1, data.lc.col + 1
    return 1, 1


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list)


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for key in loc:
        if isinstance(key, int):
            path += f"[{key}]"
        elif key != "[key]":
            path += f".{key}" if path else str(key)
    return path
