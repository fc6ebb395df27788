"""Hostile text in the record, the same on SQLite and PostgreSQL: what one backend holds the other holds, what
one refuses the other refuses with the same one-line message (never SQL or its parameters), and a record
exported from SQLite restores into PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import accord
from accord.model.record import Statement
from accord.tracker import Status, StatusInput, Store, TrackerError

DAY = dt.date(2026, 1, 5)
HELD = [
    "[/oops] [link=https://example.com]click[/link] [bold red]loud[/]",
    "'); DROP TABLE talks; -- \" ` \\ %s %(x)s ?",
    "\x1b[31mred\x1b[0m \x07 \r tabs\tand\nlines",
    "日本語 🕊️ עברית العربية Ωmega e\u0301",
    "x" * 20_000,
]
AUTHOR_LIMIT = "a" * 200
REFUSED = [
    ({"author": "a" * 201}, "status change: the author is 201 characters long; at most 200"),
    ({"source": "s" * 20_001}, "status change: the source is 20,001 characters long; at most 20,000"),
    (
        {"note": "before\x00after"},
        "status change: the note contains a NUL character, which the record cannot hold",
    ),
    ({"author": "nul\x00"}, "status change: the author contains a NUL character"),
    ({"source": "lone \ud800 surrogate"}, "status change: the source contains a lone surrogate"),
]


def _statement(i: int, text: str) -> Statement:
    return Statement(id=f"hostile-{i}", date=DAY, party="russia", speaker=text[:500], text=text, source=text)


def _hold_hostile_texts(store: Store) -> None:
    for i, text in enumerate(HELD):
        store.add_statement(_statement(i, text), author=AUTHOR_LIMIT)
        store.set_status(
            StatusInput("territory", "russia", Status.REJECTED, DAY, AUTHOR_LIMIT, text, "freeze-line", text)
        )


def test_hostile_texts_are_held_exactly(example: Store) -> None:
    _hold_hostile_texts(example)
    held = {s.statement.id: s for s in example.statements()}
    for i, text in enumerate(HELD):
        assert held[f"hostile-{i}"].statement == _statement(i, text)
        assert held[f"hostile-{i}"].author == AUTHOR_LIMIT
    assert [c.note for c in example.status_history()[-len(HELD) :]] == HELD


@pytest.mark.parametrize(("fields", "message"), REFUSED, ids=[m.split(": the ")[1][:30] for _, m in REFUSED])
def test_texts_the_record_cannot_hold_are_one_line_and_write_nothing(
    example: Store, fields: dict[str, str], message: str
) -> None:
    before = example.export()
    change = StatusInput("territory", "russia", Status.REJECTED, DAY, "analyst", "readout", "freeze-line")
    with pytest.raises(TrackerError) as error:
        example.set_status(StatusInput(**{**change.__dict__, **fields}))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value) and "INSERT" not in str(error.value)
    assert example.export() == before


def test_a_statement_with_a_nul_is_refused(example: Store) -> None:
    with pytest.raises(TrackerError, match=r"^statement 'nul': the text contains a NUL character"):
        example.add_statement(
            Statement(id="nul", date=DAY, party="russia", speaker="s", text="a\x00b", source="s"), author="a"
        )
    assert "nul" not in {s.statement.id for s in example.statements()}


def test_a_scenario_with_a_nul_in_a_name_is_refused(store: Store) -> None:
    scenario = accord.load(accord.example_path())
    party = scenario.parties[0].model_copy(update={"name": "Ukr\x00aine"})
    hostile = scenario.model_copy(update={"parties": (party, *scenario.parties[1:])})
    with pytest.raises(TrackerError, match=r"^party 'ukraine': the name contains a NUL character"):
        store.import_scenario(hostile, source="hostile.yaml")
    assert store.versions() == []


def test_a_record_exported_from_sqlite_restores_here(record_url: str, tmp_path: Path) -> None:
    with Store.open(tmp_path / "sqlite.db") as source:
        source.load_example(author=AUTHOR_LIMIT)
        _hold_hostile_texts(source)
        exported = json.loads(json.dumps(source.export()))
    with Store.open(record_url) as target:
        target.restore(exported, "sqlite.json")
        assert target.export() == exported
