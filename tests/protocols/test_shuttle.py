"""Shuttle diplomacy: sessions in order, privacy of what is said in them, the example's sessions."""

from __future__ import annotations

import pytest

from accord.model.errors import AccordError
from accord.model.examples import example_path
from accord.model.files import load_scenario
from accord.protocols.events import Ended, Met, Proposed, Voted
from accord.protocols.shuttle import SEPARATELY, Shuttle, sittings_from_meetings
from accord.protocols.signing import Sitting
from tests.scripted import Scripted, ScriptedMediator, run, scenario

SITTINGS = (Sitting("s1", "Geneva", ("v1", "v2")), Sitting("s2", "Miami", ("v3",)))


def test_sessions_follow_the_example_meetings() -> None:
    sittings = sittings_from_meetings(load_scenario(example_path()))
    assert [(s.venue, s.parties) for s in sittings] == [
        ("United States", ("ukraine", "europe")),
        ("Miami", ("russia",)),
        (SEPARATELY, ("united-states",)),
    ]


def test_what_a_party_says_in_a_session_is_seen_only_there() -> None:
    parties = [Scripted(votes=[True]), Scripted(votes=[True]), Scripted(votes=[False], signs=[True])]
    events = run(Shuttle(SITTINGS), scenario(3), parties, ScriptedMediator(), rounds=1)
    assert [e.venue for e in events if isinstance(e, Met)] == ["Geneva", "Miami", "Geneva", "Miami"]
    seen_by_v1 = parties[0].seen
    assert not any(isinstance(e, Voted) and e.party == "v3" for e in seen_by_v1)
    assert any(isinstance(e, Met) and e.venue == "Miami" for e in seen_by_v1), (
        "that a session was held is public"
    )
    seen_by_v3 = parties[2].seen
    assert not any(isinstance(e, Voted) and e.party in ("v1", "v2") for e in seen_by_v3)
    assert not any(isinstance(e, Proposed) and e.session == "s1" for e in seen_by_v3)


def test_the_mediator_stops_carrying_a_change_once_it_cannot_pass() -> None:
    parties = [Scripted(votes=[False]), Scripted(votes=[True]), Scripted(votes=[True])]
    mediator = ScriptedMediator()
    events = run(Shuttle(SITTINGS), scenario(3), parties, mediator, rounds=1)
    voters = [e.party for e in events if isinstance(e, Voted)]
    assert voters == ["v1", "v2"]  # v1's refusal makes unanimity impossible: Miami never hears of it
    assert mediator.votes == [{"v1": False, "v2": True}]
    assert isinstance(events[-1], Ended) and events[-1].agreement


def test_sessions_must_seat_every_party_once() -> None:
    with pytest.raises(AccordError, match="seat every voting party once"):
        run(
            Shuttle((Sitting("s1", "Geneva", ("v1",)),)),
            scenario(2),
            [Scripted(), Scripted()],
            ScriptedMediator(),
        )


def test_a_meeting_of_every_party_is_a_plenary_and_private_sessions_stay_separate() -> None:
    def meeting(i: int, venue: str, participants: list[str]) -> dict[str, object]:
        return {"id": f"m{i}", "date": "2024-03-01", "venue": venue, "participants": participants}

    plenary = meeting(1, "The Hague", ["v1", "v2", "v3"])
    alone = sittings_from_meetings(scenario(3, meetings=[plenary]))
    assert [(s.venue, s.parties) for s in alone] == [
        (SEPARATELY, ("v1",)),
        (SEPARATELY, ("v2",)),
        (SEPARATELY, ("v3",)),
    ]
    with_pair = sittings_from_meetings(scenario(3, meetings=[plenary, meeting(2, "Geneva", ["v2", "v3"])]))
    assert [(s.venue, s.parties) for s in with_pair] == [("Geneva", ("v2", "v3")), (SEPARATELY, ("v1",))]
