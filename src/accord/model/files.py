"""Reading and writing scenario files (YAML 1.2 or JSON), with every problem located by line and column.

YAML is read with ruamel.yaml (YAML 1.2: ``yes``/``no`` stay strings, duplicate keys are errors); JSON is a
subset of YAML 1.2, so one reader serves both and keeps the positions of every key and item.
"""

from __future__ import annotations

import difflib
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from accord.model.errors import Problem, ScenarioError
from accord.model.scenario import Scenario

MAX_BYTES = 16 * 2**20
"""Largest scenario file read (16 MiB): a peace plan is kilobytes; anything far larger is a mistake."""

MAX_NODES = 1_000_000
"""Most YAML nodes a file may expand to (anchors and aliases included): guards against alias bombs."""

Position = tuple[int, int]


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a YAML or JSON file; raise :class:`ScenarioError` naming every problem."""
    path = Path(path)
    return parse_scenario(_read_text(path), str(path))


def parse_scenario(text: str, source: str = "<string>") -> Scenario:
    """Parse a scenario from YAML or JSON text; ``source`` names it in error messages."""
    data = _parse_yaml(text, source)
    if not isinstance(data, CommentedMap):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ScenarioError([Problem(source, 1, 1, "", f"expected a mapping of scenario fields, found {kind}")])
    try:
        return Scenario.model_validate(_plain(data))
    except ValidationError as error:
        raise ScenarioError([_problem(e, data, source) for e in error.errors()]) from None


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
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.dump(data, stream)
    return stream.getvalue()


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario to ``path``: JSON for a ``.json`` name, YAML otherwise; atomically."""
    path = Path(path)
    text = dump_scenario(scenario, "json" if path.suffix.lower() == ".json" else "yaml")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _read_text(path: Path) -> str:
    source = str(path)

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(source, 0, 0, "", message)])

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise fail("is a folder, not a scenario file")
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except IsADirectoryError:
        raise fail("is a folder, not a scenario file") from None
    if not raw.strip():
        raise fail("file is empty")
    if b"\x00" in raw:
        raise fail("not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 text (invalid byte at offset {error.start})") from None


def _parse_yaml(text: str, source: str) -> Any:
    if not text.strip():
        raise ScenarioError([Problem(source, 0, 0, "", "file is empty")])
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise ScenarioError([Problem(source, line, column, "", f"not valid YAML/JSON: {what}")]) from None
    except YAMLError as error:
        raise ScenarioError([Problem(source, 0, 0, "", f"not valid YAML/JSON: {error}")]) from None
    if _count_nodes(data, MAX_NODES) > MAX_NODES:
        raise ScenarioError([Problem(source, 1, 1, "", f"document expands to more than {MAX_NODES:,} values")])
    return data


def _count_nodes(data: Any, limit: int) -> int:
    """Nodes in the expanded document, counting each alias again; stops early once past ``limit``."""
    count, stack = 0, [data]
    while stack and count <= limit:
        node = stack.pop()
        count += 1
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def _plain(data: Any) -> Any:
    """ruamel's round-trip containers as plain dicts and lists (timestamps and scalars as they are)."""
    if isinstance(data, Mapping):
        return {str(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return data


def _problem(error: ErrorDetails, data: Any, source: str) -> Problem:
    loc = tuple(error["loc"])
    line, column = _locate(data, loc)
    return Problem(source, line, column, _field_path(loc), _message(error, loc))


def _locate(data: Any, loc: tuple[Any, ...]) -> Position:
    """Line and column (1-based) of the deepest part of ``loc`` present in the document."""
    position: Position = (1, 1)
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line, column = node.lc.key(key)
            position = (line + 1, column + 1)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, column = node.lc.item(key)
            position = (line + 1, column + 1)
            node = node[key]
        else:
            break
    return position


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for key in loc:
        if isinstance(key, int):
            path += f"[{key}]"
        elif key != "[key]":
            path += f".{key}" if path else str(key)
    return path


def _message(error: ErrorDetails, loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "literal_error" and loc == ("format",):
        return f"unsupported format {error['input']!r}; this version reads 'accord/1'"
    message = error["msg"]
    return message[0].lower() + message[1:] if message else kind


def _unknown_field(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1])
    allowed = _allowed_fields(loc[:-1])
    if not allowed:
        return f"unknown field '{name}'"
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown field '{name}'{hint}"


def _allowed_fields(loc: Sequence[Any]) -> list[str]:
    """Field names of the model found at ``loc`` inside a scenario, by walking the type annotations."""
    model: Any = Scenario
    for key in loc:
        if isinstance(key, int) or key == "[key]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(str(key))
        if field is None:
            # a key of a dict[Id, Model] field: the model stays the dict's value type
            continue
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``X | None``, ``tuple[X, ...]`` or ``dict[K, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in reversed(getattr(annotation, "__args__", ())):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
