"""What changed since the Berlin meeting: the December 19 consensus, the new meetings and statements, and the
analysis before and after."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.tracker import Store, TrackerError

BERLIN = dt.date(2025, 12, 15)


def test_since_berlin(example: Store) -> None:
    diff = example.diff(BERLIN)
    assert len(diff.cells) == 16
    assert all(c.before is None and c.after is not None for c in diff.cells)
    assert {c.party for c in diff.cells} == {"ukraine", "united-states"}
    assert dict((m, (b, a)) for m, b, a in diff.meetings) == {
        "us-december-19": (None, "held"),
        "miami": (None, "planned"),
    }
    assert "berlin" not in {e.subject for e in diff.events}
    assert len([e for e in diff.events if e.kind == "statement"]) == 6
    before, after = diff.analysis_before, diff.analysis_after
    assert before["agreements"] == {} and len(after["agreements"]) == 8
    assert before["zone_empty"] and after["zone_empty"]
    assert after["accepted_by"]["ukraine"] < before["accepted_by"]["ukraine"]
    assert after["accepted_by"]["russia"] == before["accepted_by"]["russia"]
    assert set(diff.analysis_changed) >= {"agreements", "accepted_by"}
    assert "zone_size" not in diff.analysis_changed


def test_a_quiet_period_changes_nothing(example: Store) -> None:
    diff = example.diff(dt.date(2025, 12, 20), dt.date(2025, 12, 31))
    assert diff.cells == () and diff.meetings == () and diff.events == ()
    assert diff.analysis_changed == []
    assert diff.to_dict()["analysis"]["changed"] == []


def test_until_before_since_is_refused(example: Store) -> None:
    with pytest.raises(TrackerError, match="before --since"):
        example.diff(dt.date(2025, 12, 20), dt.date(2025, 12, 1))
