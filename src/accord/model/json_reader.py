"""JSON scenario text read by a strict JSON parser (RFC 8259) that keeps where every key and item is.

A YAML reader accepts what JSON forbids (a trailing comma, comments, unquoted text). This parser is linear
and iterative: it refuses duplicate keys and anything that is not JSON, stops as soon as the document has more
values or nesting than allowed, and builds the containers the YAML reader builds (``CommentedMap`` and
``CommentedSeq`` with the line and column of each key, value and item), so problems are located the same way
in both formats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

MAX_DIGITS = 4300
"""Longest integer read (Python's own limit of integer-text conversion)."""

_scan_string = getattr(json.decoder, "scanstring")  # noqa: B009 - the standard library's C string scanner
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = (("true", True), ("false", False), ("null", None))

Container = CommentedMap | CommentedSeq

_STRING_ERRORS = (
    ("Unterminated string", "the text in quotes that starts here is not closed"),
    ("Invalid control character", "a tab or line break inside quotes must be written \\t or \\n"),
    ("Invalid \\uXXXX", "an escape \\u must be followed by four hexadecimal digits"),
    ("Invalid \\escape", 'invalid escape (a backslash must be followed by one of \\ / " b f n r t u)'),
)
"""What the standard library's string scanner reports, in plain words."""


@dataclass(frozen=True)
class ReadProblem(Exception):
    """Why a document cannot be read, and where (1-based line and column)."""

    line: int
    column: int
    message: str
    syntax: bool = True
    """False for a document well-formed but over a limit (too many values, nested too deeply)."""


@dataclass
class _Frame:
    """A container being read, and (in an object) the key whose value comes next, with its place."""

    container: Container
    key: str = ""
    key_at: tuple[int, int] = (0, 0)


class _Reader:
    def __init__(self, text: str, max_values: int, max_depth: int) -> None:
        self.text, self.max_values, self.max_depth = text, max_values, max_depth
        self.values = 0
        self._line, self._line_start, self._counted = 0, 0, 0

    def where(self, pos: int) -> tuple[int, int]:
        """0-based line and column of ``pos``; positions asked for only grow, so this is linear overall."""
        self._line += self.text.count("\n", self._counted, pos)
        newline = self.text.rfind("\n", self._counted, pos)
        if newline >= 0:
            self._line_start = newline + 1
        self._counted = pos
        return self._line, pos - self._line_start

    def fail(self, pos: int, message: str, *, syntax: bool = True) -> ReadProblem:
        line, column = self.where(max(pos, self._counted))
        return ReadProblem(line + 1, column + 1, message, syntax)

    def skip(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        return match.end() if match else pos

    def read(self) -> Any:
        """The document: one value, with nothing but white space after it."""
        stack: list[_Frame] = []
        pos = self.skip(0)
        while True:
            value, at, pos = self.value(pos, stack)
            if value is None and at is None:  # a container was opened: read its first entry
                continue
            while True:
                if not stack:
                    pos = self.skip(pos)
                    if pos < len(self.text):
                        raise self.fail(pos, "unexpected text after the end of the document")
                    return value
                self.attach(stack[-1], value, at)
                pos, closed = self.after_entry(self.skip(pos), stack)
                if not closed:
                    break
                value = stack.pop().container
                at = (value.lc.line, value.lc.col)

    def value(self, pos: int, stack: list[_Frame]) -> tuple[Any, tuple[int, int] | None, int]:
        """A value at ``pos``: ``(value, its place, end)``, or ``(None, None, next)`` once a non-empty
        container is opened and pushed on ``stack``."""
        at = self.where(pos)
        self.values += 1
        if self.values > self.max_values:
            raise self.fail(pos, f"document has more than {self.max_values:,} values", syntax=False)
        char = self.text[pos : pos + 1]
        if char not in ("{", "["):
            scalar, end = self.scalar(pos)
            return scalar, at, end
        if len(stack) >= self.max_depth:
            raise self.fail(pos, "values are nested too deeply", syntax=False)
        container: Container = CommentedMap() if char == "{" else CommentedSeq()
        container.lc.line, container.lc.col = at
        pos = self.skip(pos + 1)
        if self.text.startswith("}" if char == "{" else "]", pos):
            return container, at, pos + 1
        frame = _Frame(container)
        if char == "{":
            pos = self.key(pos, frame)
        stack.append(frame)
        return None, None, pos

    def key(self, pos: int, frame: _Frame) -> int:
        """Read ``"key":`` into ``frame``; return where its value starts."""
        if not self.text.startswith('"', pos):
            found = "a trailing comma" if self.text.startswith("}", pos) else "no quoted key"
            raise self.fail(pos, f"expected a key in double quotes, found {found}")
        at = self.where(pos)
        key, pos = self.string(pos)
        mapping = frame.container
        if key in mapping:
            first = mapping.lc.key(key)[0] + 1
            raise ReadProblem(at[0] + 1, at[1] + 1, f"duplicate key '{key}' (first given on line {first})")
        pos = self.skip(pos)
        if not self.text.startswith(":", pos):
            raise self.fail(pos, "expected ':' after the key")
        frame.key, frame.key_at = key, at
        return self.skip(pos + 1)

    def attach(self, frame: _Frame, value: Any, at: tuple[int, int] | None) -> None:
        place = list(at or (0, 0))
        container = frame.container
        if isinstance(container, CommentedMap):
            container[frame.key] = value
            container.lc.add_kv_line_col(frame.key, [*frame.key_at, *place])
        else:
            container.lc.add_kv_line_col(len(container), place)
            list.append(container, value)  # not ruamel's insert, which moves comments

    def after_entry(self, pos: int, stack: list[_Frame]) -> tuple[int, bool]:
        """After an entry: a comma (and the next key) or the closing bracket. Returns ``(pos, closed)``."""
        frame = stack[-1]
        is_object = isinstance(frame.container, CommentedMap)
        closing = "}" if is_object else "]"
        char = self.text[pos : pos + 1]
        if char == closing:
            return pos + 1, True
        if char != ",":
            raise self.unclosed(frame, pos, closing)
        pos = self.skip(pos + 1)
        if is_object:
            return self.key(pos, frame), False
        if self.text.startswith("]", pos):
            raise self.fail(pos, "expected a value, found a trailing comma")
        return pos, False

    def unclosed(self, frame: _Frame, pos: int, closing: str) -> ReadProblem:
        """Neither a comma nor the closing bracket after an entry; at the end of the file, the place to look
        is where the unclosed object or list began."""
        container = frame.container
        what = "an object" if isinstance(container, CommentedMap) else "a list"
        if pos >= len(self.text):
            message = f"the file ends before what starts here is closed ({what})"
            return ReadProblem(container.lc.line + 1, container.lc.col + 1, message)
        begun = f"line {container.lc.line + 1}, column {container.lc.col + 1}"
        found = repr(self.text[pos])
        return self.fail(
            pos, f"expected ',' or '{closing}', found {found} (in {what} that starts at {begun})"
        )

    def scalar(self, pos: int) -> tuple[Any, int]:
        text = self.text
        if text.startswith('"', pos):
            return self.string(pos)
        for word, literal in _LITERALS:
            if text.startswith(word, pos):
                return literal, pos + len(word)
        match = _NUMBER.match(text, pos)
        if match is None:
            found = "the end of the file" if pos >= len(text) else repr(text[pos])
            raise self.fail(pos, f"expected a value, found {found}")
        number = match.group()
        if match.group(1) or match.group(2):
            return float(number), match.end()
        if len(number.lstrip("-")) > MAX_DIGITS:
            digits = len(number.lstrip("-"))
            raise self.fail(pos, f"number has {digits:,} digits (at most {MAX_DIGITS:,})", syntax=False)
        return int(number), match.end()

    def string(self, pos: int) -> tuple[str, int]:
        try:
            text, end = _scan_string(self.text, pos + 1, True)
            return str(text), int(end)
        except json.JSONDecodeError as error:
            reason = next((r for start, r in _STRING_ERRORS if error.msg.startswith(start)), error.msg)
            raise self.fail(error.pos, reason) from None


def read_json(text: str, max_values: int, max_depth: int) -> Any:
    """The JSON document in ``text``; :class:`ReadProblem` at the first thing that is not JSON, a duplicate
    key, more than ``max_values`` values or more than ``max_depth`` levels of nesting."""
    return _Reader(text, max_values, max_depth).read()
