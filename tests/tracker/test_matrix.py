"""The consensus matrix of the example record states the article's facts: Ukraine and the US agreed on every
point but territory; territory is open for everyone; Russia and Europe agreed to nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from accord.model.status import State
from accord.tracker import Status, StatusInput, Store

NON_TERRITORIAL = [
    "ceasefire",
    "armed-forces",
    "alliance",
    "sanctions",
    "guarantee-form",
    "guarantee-term",
    "funding",
    "economic-track",
]


def test_ukraine_and_the_us_agreed_on_everything_but_territory(example: Store) -> None:
    matrix = example.matrix(dt.date(2025, 12, 20))
    assert matrix.parties == ("ukraine", "russia", "united-states", "europe")
    assert [row.point for row in matrix.rows] == ["territory", *NON_TERRITORIAL]
    for point in NON_TERRITORIAL:
        ukraine, us = matrix.cell(point, "ukraine"), matrix.cell(point, "united-states")
        assert ukraine is not None and us is not None
        assert ukraine.status is us.status is Status.AGREED
        assert ukraine.option == us.option
        assert matrix.cell(point, "russia") is None and matrix.cell(point, "europe") is None
    states = {row.point: row.state for row in matrix.rows}
    assert states == {"territory": State.OPEN} | dict.fromkeys(NON_TERRITORIAL, State.PARTIAL)
    assert all(matrix.cell("territory", party) is None for party in matrix.parties)


def test_before_the_us_round_nothing_was_agreed(example: Store) -> None:
    matrix = example.matrix(dt.date(2025, 12, 18))
    assert all(row.state is State.OPEN for row in matrix.rows)
    assert all(cell is None for row in matrix.rows for cell in row.cells.values())


def test_json_form_names_every_cell(example: Store) -> None:
    data = example.matrix().to_dict()
    assert data["format"] == "accord-matrix/1"
    ceasefire = next(p for p in data["points"] if p["point"] == "ceasefire")
    assert ceasefire["cells"]["ukraine"]["status"] == "agreed"
    assert ceasefire["cells"]["ukraine"]["effective"] == "2025-12-19"
    assert ceasefire["cells"]["russia"] is None
    assert ceasefire["state"] == "partial"


def test_agreement_by_every_voter_makes_a_point_agreed(example: Store) -> None:
    for party in ("russia", "europe"):
        example.set_status(
            StatusInput(
                "ceasefire", party, Status.AGREED, dt.date(2026, 1, 2), "a", "test", option="immediate"
            )
        )
    example.set_status(
        StatusInput("alliance", "russia", Status.AGREED, dt.date(2026, 1, 2), "a", "test", option="renounced")
    )
    states = {row.point: row.state for row in example.matrix().rows}
    assert states["ceasefire"] is State.AGREED
    assert states["alliance"] is State.CONTESTED


def _queries(store: Store) -> list[str]:
    """The SELECTs the store runs from now on."""
    executed: list[str] = []

    def seen(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            executed.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    return executed


def test_the_matrix_reads_no_statement_or_meeting(example: Store) -> None:
    """A record of 23,000 statements took 23 s to show its matrix, which needs none of them."""
    executed = _queries(example)
    example.matrix()
    assert executed and not [q for q in executed if "statement" in q or "meeting" in q]


def test_statements_are_read_in_one_query_per_table(example: Store) -> None:
    """Not one parameter per statement (which also overflows the database's limit on large records)."""
    executed = _queries(example)
    assert len(example.statements()) == 6
    assert len(executed) == 2
    assert all(q.count("?") + q.count("%(") <= 2 for q in executed)
