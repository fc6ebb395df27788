"""The record of a run and its trace file: JSON Lines, one header line per run followed by its events.

A package is written as the option index of each point (the header lists the points and their options), so
a trace reads without Accord; inside Accord it is a package number again. ``read_trace(write_trace(r)) == r``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

from accord.analysis.space import choices, package_index
from accord.model.errors import AccordError
from accord.protocols.events import Ended, Event, from_dict, to_dict

FORMAT = "accord-trace/1"


@dataclass(frozen=True)
class Header:
    """What a run was: the scenario, the protocol, who played which party, the deadline and the seed."""

    scenario: str
    protocol: str
    parties: tuple[str, ...]
    agents: tuple[str, ...]
    """Strategy name of each voting party, in the order of ``parties``."""
    mediator: str | None
    points: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    deadline: dict[str, int | float | None]
    seed: int | None
    run: int
    extra: dict[str, Any] = field(default_factory=dict)
    """Anything else the caller records (a tournament's lineup, say); JSON-ready."""

    @property
    def sizes(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        return np.array([len(o) for o in self.options], dtype=np.int64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "scenario": self.scenario,
            "protocol": self.protocol,
            "parties": list(self.parties),
            "agents": list(self.agents),
            "mediator": self.mediator,
            "points": list(self.points),
            "options": [list(o) for o in self.options],
            "deadline": self.deadline,
            "seed": self.seed,
            "run": self.run,
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Header:
        if data.get("format") != FORMAT:
            raise AccordError(f"not a run header of format {FORMAT}: {str(data)[:80]}")
        return cls(
            scenario=data["scenario"],
            protocol=data["protocol"],
            parties=tuple(data["parties"]),
            agents=tuple(data["agents"]),
            mediator=data["mediator"],
            points=tuple(data["points"]),
            options=tuple(tuple(o) for o in data["options"]),
            deadline=data["deadline"],
            seed=data["seed"],
            run=data["run"],
            extra=data.get("extra", {}),
        )


@dataclass(frozen=True)
class Record:
    """One run: its header and its events, the last of which says how it ended."""

    header: Header
    events: tuple[Event, ...]

    @property
    def ended(self) -> Ended:
        last = self.events[-1] if self.events else None
        if not isinstance(last, Ended):
            raise AccordError(f"run {self.header.run} has no end: the record is incomplete")
        return last


def trace_lines(record: Record) -> Iterator[str]:
    """The JSON lines of one run."""
    sizes = record.header.sizes
    yield json.dumps(record.header.to_dict(), ensure_ascii=False, sort_keys=False)
    for event in record.events:
        data = to_dict(event)
        if data.get("package") is not None:
            data["package"] = [int(o) for o in choices(np.array([data["package"]]), sizes)[0]]
        yield json.dumps(data, ensure_ascii=False)


def write_trace(records: Iterable[Record], stream: TextIO) -> None:
    for record in records:
        for line in trace_lines(record):
            stream.write(line + "\n")


def read_trace(lines: Iterable[str]) -> list[Record]:
    """The runs of a trace; :class:`AccordError` naming the line for anything malformed."""
    records: list[Record] = []
    header: Header | None = None
    events: list[Event] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if "format" in data:
                if header is not None:
                    records.append(Record(header, tuple(events)))
                header, events = Header.from_dict(data), []
                continue
            if header is None:
                raise AccordError("an event before any run header")
            if data.get("package") is not None:
                data["package"] = package_index(tuple(data["package"]), header.sizes)
            events.append(from_dict(data))
        except (ValueError, KeyError, TypeError, AccordError) as error:
            raise AccordError(f"trace line {number}: {error}") from None
    if header is not None:
        records.append(Record(header, tuple(events)))
    return records
