"""YAML scenario text read event by event, counting values and nesting as it goes.

ruamel.yaml parses YAML 1.2 (``yes``/``no`` stay text) and says where every syntax error is; its own loader
would then build a node for every value (hundreds of bytes each) before anything can be counted. This reader
builds the document straight from the parser's events, into the containers the JSON reader builds
(``CommentedMap``/``CommentedSeq`` with the line and column of each key, value and item), and stops as soon as
the document, aliases expanded, has more values or nesting than allowed. Duplicate keys, undefined or
self-containing aliases, complex keys and tags outside YAML's core schema are refused where they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import StreamMark
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import Node, ScalarNode

from accord.model.json_reader import MAX_DIGITS, ReadProblem

CORE = "tag:yaml.org,2002:"
SCALARS = frozenset(CORE + name for name in ("null", "bool", "int", "float", "str", "timestamp"))
MERGE = CORE + "merge"
COLLECTIONS = {CORE + "map": MappingStartEvent, CORE + "seq": SequenceStartEvent}

Container = CommentedMap | CommentedSeq
Place = tuple[int, int]


class _Scalars(SafeConstructor):
    """ruamel's conversions of plain values, with impossible dates left as text (for pydantic to locate) and
    integers too long to convert refused where they are."""

    def construct_yaml_timestamp(self, node: Node, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: Any) -> Any:
        digits = len(str(node.value).replace("_", "").lstrip("+-"))
        if digits > MAX_DIGITS:
            mark = node.start_mark
            message = f"number has {digits:,} digits (at most {MAX_DIGITS:,})"
            raise ReadProblem(mark.line + 1, mark.column + 1, message, syntax=False)
        return super().construct_yaml_int(node)


_Scalars.add_constructor(CORE + "timestamp", _Scalars.construct_yaml_timestamp)
_Scalars.add_constructor(CORE + "int", _Scalars.construct_yaml_int)


@dataclass
class _Frame:
    """A container being read: its anchor, how many values it holds (aliases expanded), the key whose value
    comes next (in a mapping), and the mappings to merge into it (``<<``)."""

    container: Container
    anchor: str | None
    size: int = 1
    key: Any = None
    key_at: Place | None = None
    merges: list[tuple[Any, Place]] = field(default_factory=list)


class _Reader:
    def __init__(self, max_values: int, max_depth: int) -> None:
        self.max_values, self.max_depth = max_values, max_depth
        self.yaml = YAML(typ="safe", pure=True)
        self.resolver = self.yaml.resolver
        self.scalars = _Scalars(loader=self.yaml)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.values = 0
        self.document: Any = None
        self.documents = 0

    def read(self, text: str) -> Any:
        for event in self.yaml.parse(text):
            self.take(event)
        return self.document

    def take(self, event: Event) -> None:
        if isinstance(event, ScalarEvent):
            self.add(self.scalar(event), _place(event.start_mark), 1, event)
        elif isinstance(event, AliasEvent):
            value, size = self.alias(event)
            self.add(value, _place(event.start_mark), size, event)
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            self.open(event)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = self.stack.pop()
            self.merge(frame)
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, frame.size)
            container = frame.container
            self.attach(container, (container.lc.line, container.lc.col), frame.size, event)
        elif isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _problem(event, "a scenario file holds one document (found a second '---')")

    def scalar(self, event: ScalarEvent) -> Any:
        if event.tag is None:
            kind = str(self.resolver.resolve(ScalarNode, event.value, event.implicit))
        else:  # '!' is the non-specific tag of a quoted scalar: text
            kind = CORE + "str" if event.tag == "!" else str(event.tag)
        if kind not in SCALARS and kind != MERGE:
            raise _problem(event, f"tag '{_short(kind)}' is not one of YAML's core types")
        if kind == MERGE:
            return _Merge()
        node = ScalarNode(kind, event.value, event.start_mark, event.end_mark, style=event.style)
        return _Scalars.yaml_constructors[kind](self.scalars, node)

    def alias(self, event: AliasEvent) -> tuple[Any, int]:
        if event.anchor not in self.anchors:
            open_anchors = {frame.anchor for frame in self.stack}
            reason = "refers to a value that contains it" if event.anchor in open_anchors else "is undefined"
            raise _problem(event, f"alias '*{event.anchor}' {reason}")
        return self.anchors[event.anchor]

    def open(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        tag = str(event.tag) if event.tag is not None and event.tag != "!" else None
        if tag is not None and not isinstance(event, COLLECTIONS.get(tag, ())):
            raise _problem(event, f"tag '{_short(tag)}' is not one of YAML's core types")
        if len(self.stack) >= self.max_depth:
            raise _problem(event, "values are nested too deeply", syntax=False)
        if self.stack and isinstance(self.stack[-1].container, CommentedMap) and self.stack[-1].key is None:
            raise _problem(event, "a key must be a plain value (text or a number), not a list or a mapping")
        self.count(1, event)
        container: Container = CommentedMap() if isinstance(event, MappingStartEvent) else CommentedSeq()
        container.lc.line, container.lc.col = _place(event.start_mark)
        self.stack.append(_Frame(container, event.anchor))

    def add(self, value: Any, at: Place, size: int, event: Event) -> None:
        """A scalar or an alias: a key, a value or an item."""
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, CommentedMap) and frame.key is None:
            self.key(frame, value, at, event)
            return
        self.count(size, event)
        if isinstance(event, ScalarEvent) and event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, at, size, event)

    def key(self, frame: _Frame, key: Any, at: Place, event: Event) -> None:
        if isinstance(key, CommentedMap | CommentedSeq):
            raise _problem(event, "a key must be a plain value (text or a number), not a list or a mapping")
        mapping = frame.container
        if not isinstance(key, _Merge) and key in mapping:
            first = mapping.lc.key(key)[0] + 1
            raise _problem(event, f"duplicate key '{key}' (first given on line {first})")
        frame.key, frame.key_at = key, at

    def attach(self, value: Any, at: Place, size: int, event: Event) -> None:
        """``value`` (of ``size`` values) into the open container, or as the document."""
        if not self.stack:
            self.document = value
            return
        frame = self.stack[-1]
        frame.size += size
        container = frame.container
        if isinstance(container, CommentedSeq):
            container.lc.add_kv_line_col(len(container), list(at))
            list.append(container, value)  # not ruamel's insert, which moves comments
            return
        assert frame.key_at is not None
        if isinstance(frame.key, _Merge):
            frame.merges.append((value, at))
        else:
            container[frame.key] = value
            container.lc.add_kv_line_col(frame.key, [*frame.key_at, *at])
        frame.key, frame.key_at = None, None

    def merge(self, frame: _Frame) -> None:
        """``<<: *base`` (or a list of them): the keys of each mapping that this one does not give."""
        mapping = frame.container
        for value, at in frame.merges:
            sources = value if isinstance(value, CommentedSeq) else [value]
            for source in sources:
                if not isinstance(source, CommentedMap):
                    raise ReadProblem(at[0] + 1, at[1] + 1, "'<<' merges mappings only")
                for key, item in source.items():
                    if key not in mapping:
                        mapping[key] = item
                        mapping.lc.add_kv_line_col(key, [*source.lc.key(key), *source.lc.value(key)])

    def count(self, size: int, event: Event) -> None:
        self.values += size
        if self.values > self.max_values:
            limit = f"more than {self.max_values:,} values"
            message = (
                f"document expands to {limit} (through anchors and aliases?)"
                if isinstance(event, AliasEvent)
                else f"document has {limit}"
            )
            raise _problem(event, message, syntax=False)


class _Merge:
    """The ``<<`` key of a mapping."""


def _short(tag: str) -> str:
    """``!!set`` for ``tag:yaml.org,2002:set``, as it is written."""
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag


def _place(mark: StreamMark) -> Place:
    return mark.line, mark.column


def _problem(event: Event, message: str, *, syntax: bool = True) -> ReadProblem:
    mark = event.start_mark
    return ReadProblem(mark.line + 1, mark.column + 1, message, syntax)


def read_yaml(text: str, max_values: int, max_depth: int) -> Any:
    """The YAML document in ``text``; :class:`ReadProblem` at the first duplicate key, bad alias or tag, or
    once past ``max_values`` values (aliases expanded) or ``max_depth`` levels. Syntax errors are ruamel's
    ``MarkedYAMLError``."""
    return _Reader(max_values, max_depth).read(text)
