"""The timeline of the example record follows the article: Berlin, then the US round of December 19 (held),
the Ukraine-US consensus, the Miami meeting (planned) and Putin's hard-line statement."""

from __future__ import annotations

import datetime as dt

from accord.tracker import Store
from accord.tracker.timeline import Kind


def test_the_article_in_date_order(example: Store) -> None:
    events = example.timeline()
    assert [e.date for e in events] == sorted(e.date for e in events)
    meetings = [(e.date, e.subject, e.summary) for e in events if e.kind is Kind.MEETING]
    assert [m[1] for m in meetings] == ["berlin", "us-december-19", "miami"]
    assert meetings[0][0] == dt.date(2025, 12, 15) and ": held" in meetings[0][2]
    assert meetings[1][0] == dt.date(2025, 12, 19) and ": held" in meetings[1][2]
    assert ": planned (date not set; bilateral: united-states, russia)" in meetings[2][2]
    agreed = [e for e in events if e.kind is Kind.STATUS]
    assert len(agreed) == 16
    assert {e.parties[0] for e in agreed} == {"ukraine", "united-states"}
    assert all(e.date == dt.date(2025, 12, 19) and "agreed" in e.summary for e in agreed)
    putin = next(e for e in events if e.subject == "putin-no-concession")
    assert putin.kind is Kind.STATEMENT and putin.parties == ("russia",)
    assert "(russia, hard-line)" in putin.summary and "no concession" in putin.summary


def test_a_range_is_half_open(example: Store) -> None:
    after_berlin = example.timeline(since=dt.date(2025, 12, 15), until=dt.date(2025, 12, 19))
    assert "berlin" not in {e.subject for e in after_berlin}
    assert {e.date for e in after_berlin} == {dt.date(2025, 12, 18), dt.date(2025, 12, 19)}
    assert len(example.timeline(until=dt.date(2025, 12, 15))) == 1
