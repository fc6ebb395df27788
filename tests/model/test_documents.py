"""Points and options: positions on an ordered point."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from accord.model.documents import Point


def point(*positions: object) -> Point:
    """A point whose options have these raw positions (validated as a document would be)."""
    options = [{"id": f"o{i}", "label": f"option {i}", "position": p} for i, p in enumerate(positions)]
    return Point.model_validate({"id": "p", "number": 1, "title": "P", "options": options})


def test_positions_increase_or_decrease_in_option_order() -> None:
    assert point(0, 50, 100).positions() == (0, 50, 100)
    assert point(100, 60, 0).positions() == (100, 60, 0)
    assert point(None, None).positions() is None
    assert point(30).positions() == (30,)


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        ((0, None), "give a position to every option of the point, or to none"),
        ((0, 100, 50), "must be distinct and increase (or decrease) in option order"),
        ((20, 20), "must be distinct"),
        ((0, 101), "less than or equal to 100"),
        ((-1, 10), "greater than or equal to 0"),
    ],
)
def test_bad_positions_are_refused(positions: tuple[float | None, ...], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        point(*positions)


def test_a_position_is_a_number_not_text() -> None:
    with pytest.raises(ValidationError):
        point("10", 20)
