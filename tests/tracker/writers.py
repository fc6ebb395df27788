"""Writer processes for the concurrency tests and the load test: each appends numbered entries to a record.

Every status change carries ``note = "WORKER:I"``; every tenth write is also a statement ``wWORKER-I``, so a
reader can check afterwards that no entry was lost or written twice, and that each writer's entries are in the
order it wrote them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from accord.model.record import Statement
from accord.tracker import Status, StatusInput, Store

CELLS = [
    (point, party)
    for point in ("territory", "ceasefire", "alliance", "sanctions")
    for party in ("ukraine", "russia")
]
OPTIONS = {"territory": "freeze-line", "ceasefire": "phased", "alliance": "deferred", "sanctions": "kept"}
STATUSES = [Status.PROPOSED, Status.REJECTED, Status.AGREED, Status.OPEN]
BASE = dt.date(2026, 1, 1)
NOW = dt.datetime(2026, 1, 1, 12, 0)
"""When the load test's bulk entries are recorded."""


def planned(worker: int, i: int) -> StatusInput:
    """The ``i``-th status change of ``worker``."""
    point, party = CELLS[(worker + i) % len(CELLS)]
    status = STATUSES[(worker * 7 + i) % len(STATUSES)]
    return StatusInput(
        point=point,
        party=party,
        status=status,
        option=None if status is Status.OPEN else OPTIONS[point],
        effective=BASE + dt.timedelta(days=i % 30),
        author=f"writer-{worker}",
        source="load test",
        note=f"{worker}:{i}",
    )


def write(url: str, worker: int, count: int, start: Any = None) -> None:
    """Append ``count`` status changes (and a statement every tenth write) to the record at ``url``."""
    with Store.open(url, create=False) as store:
        if start is not None:
            start.wait()
        for i in range(count):
            store.set_status(planned(worker, i))
            if i % 10 == 0:
                store.add_statement(
                    Statement(
                        id=f"w{worker}-{i}",
                        date=BASE,
                        party="ukraine",
                        speaker=f"writer {worker}",
                        text=f"statement {i}",
                        source="load test",
                    ),
                    author=f"writer-{worker}",
                )


def check(store: Store, workers: int, count: int) -> None:
    """Every planned entry is in the record exactly once, each writer's in its order (AssertionError if not).

    Entries not made by the writers (an example loaded first) are left out of the check.
    """
    history = [c for c in store.status_history() if c.author.startswith("writer-")]
    notes = [c.note for c in history]
    expected = {f"{w}:{i}" for w in range(workers) for i in range(count)}
    assert len(notes) == len(set(notes)) == workers * count, "an entry was lost or written twice"
    assert set(notes) == expected, "the record holds other entries than those written"
    for change in history:
        worker, i = (int(x) for x in (change.note or "").split(":"))
        want = planned(worker, i)
        got = (change.point, change.party, change.status, change.option, change.effective, change.author)
        assert got == (want.point, want.party, want.status, want.option, want.effective, want.author)
    for w in range(workers):
        order = [
            int((c.note or "").split(":")[1])
            for c in sorted(history, key=lambda c: c.entry)
            if c.author == f"writer-{w}"
        ]
        assert order == list(range(count)), f"writer {w}'s entries are out of order"
    ids = [s.statement.id for s in store.statements() if s.author.startswith("writer-")]
    expected_ids = {f"w{w}-{i}" for w in range(workers) for i in range(0, count, 10)}
    assert len(ids) == len(set(ids)) and set(ids) == expected_ids
