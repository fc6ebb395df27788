"""The scenario's derived views (voters, points, lookups) and the consistency checks the corpus leaves out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from accord.model.documents import Point
from accord.model.files import load_scenario
from accord.model.record import Meeting
from accord.model.scenario import Scenario

FULL = Path(__file__).parent / "valid" / "full.yaml"


def scenario(**changes: Any) -> Scenario:
    """North and South negotiate, a guarantor and a mediator attend; two documents of points."""
    data: dict[str, Any] = {
        "format": "accord/1",
        "title": "Talks",
        "parties": [
            {"id": "north", "name": "North"},
            {"id": "ally", "name": "Ally", "role": "guarantor"},
            {"id": "med", "name": "Mediator", "role": "mediator"},
            {"id": "south", "name": "South"},
        ],
        "documents": [
            {"id": "framework", "title": "Framework", "points": [point("ceasefire", 1), point("border", 2)]},
            {"id": "annex", "title": "Annex", "points": [point("monitors", 1)]},
        ],
    }
    return Scenario.model_validate(data | changes)


def point(point_id: str, number: int) -> dict[str, Any]:
    return {
        "id": point_id,
        "number": number,
        "title": point_id.title(),
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    }


def preferences(weights: dict[str, float], **more: Any) -> dict[str, Any]:
    return {"weights": weights, "values": {p: {"a": 1, "b": 0} for p in weights}} | more


def problems(**changes: Any) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        scenario(**changes)
    return [(error["loc"], error["msg"]) for error in caught.value.errors()]


def test_voters_default_to_the_negotiating_parties_in_their_order() -> None:
    assert scenario().voters == ("north", "south")


def test_voters_are_the_agreement_parties_when_listed() -> None:
    listed = scenario(agreement={"parties": ["south", "ally"]})
    assert listed.voters == ("south", "ally")


def test_voters_may_all_be_non_negotiating_when_listed() -> None:
    guarantors = [
        {"id": "g1", "name": "G1", "role": "guarantor"},
        {"id": "g2", "name": "G2", "role": "guarantor"},
    ]
    assert scenario(parties=guarantors, agreement={"parties": ["g2", "g1"]}).voters == ("g2", "g1")


def test_points_follow_document_order_then_point_order() -> None:
    assert [p.id for p in scenario().points] == ["ceasefire", "border", "monitors"]


def test_a_point_is_found_in_its_document() -> None:
    talks = scenario()
    assert talks.document_of("border").id == "framework"
    assert talks.document_of("monitors").id == "annex"


def test_an_unknown_point_has_no_document() -> None:
    with pytest.raises(KeyError):
        scenario().document_of("elections")


def test_points_and_parties_are_looked_up_by_id() -> None:
    talks = scenario()
    assert talks.point("monitors").title == "Monitors"
    assert talks.party("med").name == "Mediator"
    with pytest.raises(KeyError):
        talks.party("west")


def test_a_meeting_of_two_is_bilateral() -> None:
    full = load_scenario(FULL)
    assert [meeting.bilateral for meeting in full.meetings] == [False, True]
    assert len(full.meetings[1].participants) == 2


def test_a_meeting_of_one_is_not_bilateral() -> None:
    alone = Meeting(id="m", date=dt.date(2024, 1, 1), venue="Geneva", participants=("north",))
    assert not alone.bilateral


def test_a_scenario_is_frozen() -> None:
    with pytest.raises(ValidationError):
        scenario().title = "Other talks"  # type: ignore[misc]


def test_a_scenario_without_preferences_is_valid() -> None:
    assert scenario().preferences == {}


def test_a_point_of_weight_zero_needs_no_values() -> None:
    prefs = preferences({"ceasefire": 1}) | {"weights": {"ceasefire": 1, "border": 0}}
    talks = scenario(preferences={"north": prefs, "south": preferences({"ceasefire": 1})})
    assert "border" not in talks.preferences["north"].values


def test_weights_that_sum_within_rounding_are_accepted() -> None:
    weights = {"ceasefire": 0.6, "border": 0.3, "monitors": 0.1}
    assert sum(weights.values()) != 1.0  # 0.9999999999999999 in floating point
    talks = scenario(preferences={"north": preferences(weights), "south": preferences(weights)})
    assert talks.preferences["north"].weights == weights


def test_weights_sum_null_skips_the_check() -> None:
    prefs = {"north": preferences({"ceasefire": 3}), "south": preferences({"ceasefire": 0.5})}
    assert problems(preferences=prefs) == [
        (("preferences", "north", "weights"), "weights sum to 3, but must sum to 1 (weights_sum)"),
        (("preferences", "south", "weights"), "weights sum to 0.5, but must sum to 1 (weights_sum)"),
    ]
    assert scenario(preferences=prefs, weights_sum=None).weights_sum is None


def test_a_red_line_by_minimum_value_is_accepted() -> None:
    red_line = {"point": "ceasefire", "min_value": 0.5}
    prefs = {
        "north": preferences({"ceasefire": 1}, red_lines=[red_line]),
        "south": preferences({"ceasefire": 1}),
    }
    assert scenario(preferences=prefs).preferences["north"].red_lines[0].min_value == 0.5


def test_a_distribution_is_declared_globally_or_for_one_party() -> None:
    uncertainty = {"reservation": [0.2, 0.4], "distribution": "triangular"}
    north = preferences({"ceasefire": 1}, reservation=0.3, uncertainty=uncertainty)
    prefs = {"north": north, "south": preferences({"ceasefire": 1})}
    assert scenario(preferences=prefs).distribution == "uniform"
    own = scenario(preferences=prefs).preferences["north"].uncertainty
    assert own is not None and own.distribution == "triangular"
    assert scenario(preferences=prefs, distribution="triangular").distribution == "triangular"
    wrong = problems(preferences=prefs, distribution="normal")
    assert [loc for loc, _ in wrong] == [("distribution",)]


def test_a_range_of_one_value_is_accepted_and_a_reversed_one_is_not() -> None:
    flat = {"reservation": [0.3, 0.3]}
    reversed_ = {"reservation": [0.4, 0.2], "values": {"ceasefire": {"b": [0.5, 0.1]}}}
    south = preferences({"ceasefire": 1})
    north_flat = preferences({"ceasefire": 1}, reservation=0.3, uncertainty=flat)
    scenario(preferences={"north": north_flat, "south": south})
    north = preferences({"ceasefire": 1}, uncertainty=reversed_)
    assert problems(preferences={"north": north, "south": south}) == [
        (
            ("preferences", "north", "uncertainty", "values", "ceasefire", "b"),
            "range [0.5, 0.1] is upside down: write it [low, high]",
        ),
        (
            ("preferences", "north", "uncertainty", "reservation"),
            "range [0.4, 0.2] is upside down: write it [low, high]",
        ),
    ]


def test_a_range_must_contain_the_number_it_is_around() -> None:
    around = {"weights": {"ceasefire": [0.8, 1]}, "values": {"ceasefire": {"a": [0.2, 0.4], "b": [0, 0.1]}}}
    north = preferences({"ceasefire": 1}, reservation=0.3, uncertainty=around | {"reservation": [0.8, 0.9]})
    assert problems(preferences={"north": north, "south": preferences({"ceasefire": 1})}) == [
        (
            ("preferences", "north", "uncertainty", "values", "ceasefire", "a"),
            "range [0.2, 0.4] does not contain the stated value 1",
        ),
        (
            ("preferences", "north", "uncertainty", "reservation"),
            "range [0.8, 0.9] does not contain the stated value 0.3",
        ),
    ]


def test_a_guarantor_may_hold_a_veto_only_when_it_votes() -> None:
    rule = {"rule": "quorum", "quorum": 2, "veto": ["ally"]}
    assert problems(agreement=rule) == [
        (("agreement", "veto", 0), "veto player 'ally' is not a voting party")
    ]
    voting = scenario(agreement=rule | {"parties": ["north", "south", "ally"]})
    assert voting.agreement.veto == ("ally",)


def test_a_party_may_repeat_the_same_agreement() -> None:
    agreement = {"point": "ceasefire", "option": "a", "parties": ["north"]}
    talks = scenario(agreements=[agreement, agreement | {"parties": ["north", "south"]}])
    assert len(talks.agreements) == 2


def test_the_unknown_reference_suggests_a_close_id() -> None:
    statement = {
        "id": "s1",
        "date": "2024-01-01",
        "party": "nroth",
        "speaker": "Envoy",
        "text": "No.",
        "source": "Radio",
        "points": ["bordr", "elections"],
    }
    assert problems(statements=[statement]) == [
        (("statements", 0, "party"), "unknown party 'nroth'; did you mean 'north'?"),
        (("statements", 0, "points", 0), "unknown point 'bordr'; did you mean 'border'?"),
        (("statements", 0, "points", 1), "unknown point 'elections'"),
    ]


def test_a_weighted_point_without_any_values_is_reported_at_its_weight() -> None:
    north = {"weights": {"ceasefire": 1}, "values": {}}
    assert problems(preferences={"north": north, "south": preferences({"ceasefire": 1})}) == [
        (
            ("preferences", "north", "weights", "ceasefire"),
            "point 'ceasefire' has weight 1, but no value for options 'a', 'b'",
        )
    ]


def test_checking_references_reads_each_points_options_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation is linear in a point's options: 20,000 options named by 10,000 rejections, values and a
    term are looked up in a set, never by rebuilding the point's list of options per reference."""
    options = [{"id": f"o{i}", "label": "x"} for i in range(20_000)]
    many = {"id": "many", "number": 3, "title": "Many", "options": options}
    rejected = [f"o{i}" for i in range(0, 20_000, 2)]
    values = {"many": {o["id"]: 1.0 for o in options}}
    north = preferences({"ceasefire": 1}) | {
        "red_lines": [{"point": "many", "reject": rejected}],
        "terms": [{"weight": 0.1, "when": {"many": rejected}}],
    }
    north["values"] |= values
    calls = 0
    original = Point.option_ids

    def counted(self: Point) -> tuple[str, ...]:
        nonlocal calls
        calls += 1
        return original(self)

    monkeypatch.setattr(Point, "option_ids", counted)
    documents = [{"id": "plan", "title": "Plan", "points": [point("ceasefire", 1), many]}]
    scenario(documents=documents, preferences={"north": north, "south": preferences({"ceasefire": 1})})
    assert calls <= 4
