"""Trace files: written and read back to the same records; malformed lines are named."""

from __future__ import annotations

import io
import json

import pytest

from accord.model.errors import AccordError
from accord.protocols.events import Ended, Offered, Reason, Responded
from accord.protocols.trace import FORMAT, Header, Record, read_trace, trace_lines, write_trace

HEADER = Header(
    scenario="Tiny",
    protocol="alternating-offers",
    parties=("v1", "v2"),
    agents=("boulware", "conceder"),
    mediator=None,
    points=("p1", "p2"),
    options=(("a", "b", "c"), ("x", "y")),
    deadline={"rounds": 10, "seconds": None},
    seed=3,
    run=0,
)
RECORD = Record(
    HEADER,
    (Offered(1, "v1", 5), Responded(1, "v2", 5, True), Ended(1, True, 5, ("v1", "v2"), Reason.ACCEPTED)),
)


def test_packages_are_written_as_option_indices() -> None:
    lines = [json.loads(line) for line in trace_lines(RECORD)]
    assert lines[0]["format"] == FORMAT
    assert lines[1] == {"kind": "offered", "round": 1, "party": "v1", "package": [2, 1]}


def test_a_trace_of_several_runs_reads_back_to_the_same_records() -> None:
    second = Record(Header(**{**HEADER.__dict__, "run": 1}), (Ended(10, False, None, (), Reason.DEADLINE),))
    stream = io.StringIO()
    write_trace([RECORD, second], stream)
    assert read_trace(stream.getvalue().splitlines()) == [RECORD, second]


def test_a_malformed_line_is_named() -> None:
    lines = list(trace_lines(RECORD))
    lines[2] = "{not json"
    with pytest.raises(AccordError, match="trace line 3"):
        read_trace(lines)
    with pytest.raises(AccordError, match="trace line 1: an event before any run header"):
        read_trace(lines[1:])


def test_a_record_without_an_end_says_so() -> None:
    with pytest.raises(AccordError, match="no end"):
        _ = Record(HEADER, RECORD.events[:2]).ended
