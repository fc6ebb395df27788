from __future__ import annotations

from typing import Any

from accord.model.scenario import Scenario
from accord.model.status import State, point_status


def scenario(agreements: list[dict[str, Any]]) -> Scenario:
    option = [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]
    return Scenario.model_validate(
        {
            "format": "accord/1",
            "title": "t",
            "parties": [
                {"id": "a", "name": "A"},
                {"id": "b", "name": "B"},
                {"id": "m", "name": "M", "role": "mediator"},
            ],
            "documents": [
                {
                    "id": "d",
                    "title": "D",
                    "points": [
                        {"id": f"p{i}", "number": i, "title": f"P{i}", "options": option}
                        for i in (1, 2, 3, 4)
                    ],
                }
            ],
            "agreements": agreements,
        }
    )


def test_states_follow_who_agreed_to_what() -> None:
    result = point_status(
        scenario(
            [
                {"point": "p1", "option": "x", "parties": ["a", "b"]},
                {"point": "p2", "option": "y", "parties": ["a", "m"]},
                {"point": "p3", "option": "x", "parties": ["a"]},
                {"point": "p3", "option": "y", "parties": ["b"]},
            ]
        )
    )
    assert [s.state for s in result] == [State.AGREED, State.PARTIAL, State.CONTESTED, State.OPEN]
    assert result[1].agreed_by == {"a": "y", "m": "y"}
    assert [s.number for s in result] == [1, 2, 3, 4]
