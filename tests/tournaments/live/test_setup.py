"""A live session's set-up and moves: JSON round trips and readable errors."""

from __future__ import annotations

import json

import pytest

from accord.model.errors import AccordError
from accord.tournaments.live import (
    PERSON,
    Action,
    LiveSetup,
    Move,
)
from accord.tournaments.live.setup import strategy_for


def test_a_set_up_and_a_move_round_trip_through_json() -> None:
    setup = LiveSetup(
        protocol="single-text",
        rounds=3,
        minutes=10.0,
        seats={"v1": PERSON, "v2": "annealer"},
        parameters={"v2": {"temperature": 0.5}},
        seed=4,
        started=1_700_000_000.0,
        move_seconds=30.0,
    )
    assert LiveSetup.from_dict(json.loads(json.dumps(setup.to_dict()))) == setup
    move = Move("v1", Action.OFFER, package=3, at=12.5, round=2)
    assert Move.from_dict(json.loads(json.dumps(move.to_dict()))) == move
    with pytest.raises(AccordError, match="action is one of"):
        Move.from_dict({"party": "v1", "action": "shout"})
    with pytest.raises(AccordError, match="no field"):
        LiveSetup.from_dict({**setup.to_dict(), "colour": "red"})


def test_strategy_parameters_are_checked_by_name_and_kind() -> None:
    made = strategy_for("annealer", "single-text", {"temperature": 0.25}, False)
    assert made.parameters() == {"temperature": 0.25}
    with pytest.raises(AccordError, match="must be a number"):
        strategy_for("annealer", "single-text", {"temperature": "hot"}, False)
    with pytest.raises(AccordError, match="must be a whole number"):
        strategy_for("maximin", "single-text", {"candidates": 2.5}, True)
    with pytest.raises(AccordError, match="does not play stacked-offers"):
        strategy_for("annealer", "stacked-offers", {}, False)


def test_a_set_up_read_from_json_names_what_is_malformed() -> None:
    base: dict[str, object] = {"protocol": "single-text", "rounds": 3, "seats": {"v1": PERSON}}
    bads: list[tuple[dict[str, object], str]] = [
        ({"rounds": 2.5}, "rounds must be a whole number"),
        ({"rounds": 0}, "1 to 1,000 rounds"),
        ({"minutes": -1}, "minutes must be a positive number"),
        ({"move_seconds": float("inf")}, "move_seconds must be a positive number"),
        ({"rounds": None}, "needs a deadline"),
        ({"seed": -1}, "the seed must be a whole number from 0"),
        ({"seats": {"v1": 3}}, "seats map each party"),
        ({"parameters": {"v1": 3}}, "parameters map each party"),
    ]
    for bad, message in bads:
        with pytest.raises(AccordError, match=message):
            LiveSetup.from_dict({**base, **bad}).check()
    with pytest.raises(AccordError, match="needs protocol and seats"):
        LiveSetup.from_dict({"rounds": 3})
