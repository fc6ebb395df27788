"""Reading GENIUS XML safely, keeping where each element is, and reporting a problem at an element.

Files are parsed by the standard library's expat with every document type declaration refused: GENIUS files
have none, and a DTD is what entity expansion (an "XML bomb") and external entities (reading other files or
the network) need. Refusing the DTD outright, rather than adding defusedxml, keeps Accord free of a dependency
and gives one plain message; expat never fetches anything by itself. Each element keeps its line and column,
so that every problem names the file, the place and the element.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from accord.model.errors import Problem, ScenarioError
from accord.model.source import read_bounded

MAX_BYTES = 64 * 2**20
"""Largest GENIUS file read (64 MiB): the largest ANAC profiles are a few hundred kilobytes."""

MAX_ELEMENTS = 2_000_000
"""Most elements a GENIUS file may hold."""

MAX_DEPTH = 100
"""Deepest nesting of elements read: GENIUS files nest a handful of levels (objectives, issues, items)."""

SHOWN_CHARACTERS = 40
"""Longest attribute value quoted whole in a message (a longer one is cut, with its length)."""


@dataclass(eq=False)
class Element:
    """One XML element: its tag, attributes, children and where it starts (1-based line and column)."""

    tag: str
    attrib: dict[str, str]
    source: str
    line: int
    column: int
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Element]:
        """The children with this tag, in document order."""
        return [child for child in self.children if child.tag == tag]

    def find(self, tag: str) -> Element | None:
        return next((child for child in self.children if child.tag == tag), None)

    def iter(self, tag: str) -> Iterator[Element]:
        """This element and its descendants with this tag, in document order."""
        if self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def describe(self) -> str:
        """``<issue name="Price">``: the tag and the attribute that names the element, if any."""
        for key in ("name", "value", "index"):
            if key in self.attrib:
                return f'<{self.tag} {key}="{shown(self.attrib[key])}">'
        return f"<{self.tag}>"

    def fail(self, message: str) -> NoReturn:
        """Raise the one problem found at this element."""
        raise ScenarioError([Problem(self.source, self.line, self.column, self.describe(), message)])

    def text(self, key: str) -> str:
        """A required attribute."""
        value = self.attrib.get(key)
        if value is None:
            self.fail(f"attribute '{key}' is missing")
        return value

    def number(self, key: str, default: float | None = None) -> float:
        """A numeric attribute (required unless ``default`` is given)."""
        if key not in self.attrib and default is not None:
            return default
        raw = self.text(key)
        try:
            value = float(raw)
        except ValueError:
            self.fail(f"attribute '{key}' should be a number, found {shown(raw)!r}")
        if not math.isfinite(value):
            self.fail(f"attribute '{key}' should be a finite number, found {shown(raw)!r}")
        return value

    def integer(self, key: str) -> int:
        raw = self.text(key)
        try:
            return int(raw.strip())
        except ValueError:
            self.fail(f"attribute '{key}' should be a whole number, found {shown(raw)!r}")


def shown(text: str) -> str:
    """An attribute value as a message quotes it: whole when short, else its start and its length."""
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[: SHOWN_CHARACTERS // 2]}... ({len(text):,} characters)"


class _Refused(Exception):
    """A construct the reader does not accept (a DTD), raised from inside expat."""


def read_xml(path: Path) -> Element:
    """The root element of an XML file, parsed safely; a :class:`ScenarioError` naming the file otherwise."""
    source = str(path)
    raw = read_bounded(path, MAX_BYTES, "XML file")
    return parse_xml(raw, source)


_LATE_DECLARATION = re.compile(rb"\A(\s*(?:<!--.*?-->\s*)+)(<\?xml\s[^>]*\?>)", re.DOTALL)
"""An XML declaration after a leading comment, as the ANAC 2014 profiles in GENIUS have it."""

_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
"""An ``&`` that starts no reference (``value="AT & T"`` in ANAC 2013 and 2015 files): never valid XML."""

_JOINED_ATTRIBUTES = re.compile(rb'(=\s*"[^"<>]*")(?=[A-Za-z_])')
"""An attribute directly after the closing quote of another (``type="discrete"vtype=...``, ANAC 2011)."""

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def as_genius_reads(raw: bytes) -> bytes:
    """The document with what GENIUS's lenient parser (``SimpleDOMParser``) reads and expat refuses made
    well-formed, in files GENIUS ships: an XML declaration after a leading comment is blanked (byte for byte,
    so that lines and columns stay); a bare ``&`` is escaped; a space is put between attributes written
    together; and a file without an encoding declaration that is not UTF-8 is read as Windows-1252 (the
    ``\x80`` of "\u20ac10,000"). None of these changes a well-formed UTF-8 document."""
    late = _LATE_DECLARATION.match(raw)
    if late is not None:
        start, end = late.span(2)
        raw = raw[:start] + b" " * (end - start) + raw[end:]
    raw = _BARE_AMPERSAND.sub(b"&amp;", raw)
    raw = _JOINED_ATTRIBUTES.sub(rb"\1 ", raw)
    if not raw.startswith(_BOMS) and b"encoding" not in raw[: raw.find(b"?>") + 1]:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raw = raw.decode("cp1252", errors="replace").encode("utf-8")
    return raw


def parse_xml(raw: bytes, source: str) -> Element:
    """The root element of an XML document given as bytes (see the module docstring for what is refused)."""
    if not raw.strip():
        _fail(source, "file is empty")
    raw = as_genius_reads(raw)
    builder = _Builder(source)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.entity
    parser.ExternalEntityRefHandler = builder.external
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    builder.parser = parser
    try:
        parser.Parse(raw, True)
    except _Refused as refused:
        _fail(source, str(refused), parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
    except expat.ExpatError as error:
        message = expat.errors.messages[error.code]
        _fail(source, f"not well-formed XML: {message}", error.lineno, error.offset + 1)
    assert builder.root is not None
    return builder.root


class _Found(Exception):
    """The root element has been seen: :func:`root_tag` stops there."""


def root_tag(head: bytes) -> str | None:
    """The tag of the root element of an XML document that starts with ``head`` (a prefix of a file), or
    None when the prefix is not XML as far as its root element. Nothing after the root's start tag is read,
    and no entity is expanded."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    tags: list[str] = []

    def start(tag: str, _: dict[str, str]) -> None:
        tags.append(tag)
        raise _Found

    parser.StartElementHandler = start
    try:
        parser.Parse(as_genius_reads(head), False)
    except _Found:
        return tags[0]
    except expat.ExpatError:
        return None
    return None


def _fail(source: str, message: str, line: int = 0, column: int = 0) -> NoReturn:
    raise ScenarioError([Problem(source, line, column, "", message)])


class _Builder:
    """Builds the tree from expat's callbacks, refusing any DTD or entity."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.count = 0
        self.parser: Any = None

    def doctype(self, *_: object) -> None:
        raise _Refused(
            "a document type declaration (<!DOCTYPE>) is not allowed: GENIUS files have none, and entities "
            "declared there can expand without bound (an XML bomb) or read other files"
        )

    def entity(self, *_: object) -> None:
        raise _Refused("entity declarations are not allowed in GENIUS files")

    def external(self, *_: object) -> int:
        raise _Refused("external entities are not allowed in GENIUS files")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS:,} elements")
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(f"elements are nested more than {MAX_DEPTH} deep (GENIUS files nest a few levels)")
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        element = Element(tag, dict(attrib), self.source, line, column)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, tag: str) -> None:
        self.stack.pop()
