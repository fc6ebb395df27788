"""Events are immutable and survive the trip to JSON and back."""

from __future__ import annotations

import dataclasses

import pytest

from accord.protocols.events import (
    KINDS,
    Drafted,
    Ended,
    Event,
    Met,
    Offered,
    Passed,
    Proposed,
    Ratified,
    Reason,
    Responded,
    Voted,
    from_dict,
    to_dict,
)

EXAMPLES: list[Event] = [
    Offered(1, "a", 3),
    Passed(1, "b"),
    Responded(1, "b", 3, True),
    Drafted(2, 7),
    Proposed(2, 8, "s1", ("a", "b")),
    Voted(2, "a", 8, False, "s1", ("a", "b")),
    Met(2, "s1", "Geneva", ("a", "b")),
    Ratified(3, "b", 8, True),
    Ended(3, False, None, ("a",), Reason.DEADLINE),
]


def test_every_kind_has_an_example() -> None:
    assert sorted(type(e).KIND for e in EXAMPLES) == sorted(KINDS)


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: type(e).KIND)
def test_an_event_round_trips_through_json_data(event: Event) -> None:
    data = to_dict(event)
    assert data["kind"] == type(event).KIND
    assert from_dict(data) == event


def test_public_events_leave_out_audience_and_session() -> None:
    assert to_dict(Offered(1, "a", 3)) == {"kind": "offered", "round": 1, "party": "a", "package": 3}


def test_events_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXAMPLES[0].round = 2  # type: ignore[misc]


def test_unknown_kinds_and_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown event kind 'shouted'"):
        from_dict({"kind": "shouted"})
    with pytest.raises(ValueError, match="unknown field"):
        from_dict({"kind": "drafted", "round": 1, "package": 2, "mood": "grim"})
