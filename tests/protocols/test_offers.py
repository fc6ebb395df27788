"""Alternating offers with scripted parties: who offers when, when it ends, and under which rule."""

from __future__ import annotations

import pytest

from accord.model.errors import AccordError
from accord.protocols.events import Ended, Offered, Reason, Responded
from accord.protocols.offers import AlternatingOffers, StackedOffers
from tests.scripted import Scripted, run, scenario


def test_bilateral_offers_alternate_and_an_acceptance_ends_the_run() -> None:
    first = Scripted(offers=[0])
    second = Scripted(offers=[5], answers=[False, True])
    events = run(AlternatingOffers(), scenario(2), [first, second])
    kinds = [(type(e).__name__, getattr(e, "party", None)) for e in events]
    assert kinds == [
        ("Offered", "v1"),
        ("Responded", "v2"),
        ("Offered", "v2"),
        ("Responded", "v1"),
        ("Offered", "v1"),
        ("Responded", "v2"),
        ("Ended", None),
    ]
    ended = events[-1]
    assert isinstance(ended, Ended)
    assert (ended.agreement, ended.package, ended.round, ended.reason) == (True, 0, 3, Reason.ACCEPTED)
    assert ended.accepted_by == ("v1", "v2")


def test_no_acceptance_by_the_deadline_is_a_breakdown_in_the_last_round() -> None:
    events = run(AlternatingOffers(), scenario(2), [Scripted(), Scripted()], rounds=4)
    assert sum(isinstance(e, Offered) for e in events) == 4
    ended = events[-1]
    assert isinstance(ended, Ended)
    assert (ended.agreement, ended.package, ended.round, ended.reason) == (False, None, 4, Reason.DEADLINE)


def test_bilateral_protocol_refuses_three_parties() -> None:
    with pytest.raises(AccordError, match="bilateral; the scenario has 3 voting parties"):
        run(AlternatingOffers(), scenario(3), [Scripted()] * 3)


def test_stacked_offers_need_every_party_under_unanimity_and_the_first_refuser_counters() -> None:
    parties = [
        Scripted(offers=[1]),
        Scripted(offers=[2], answers=[True]),
        Scripted(offers=[3], answers=[False]),
    ]
    events = run(StackedOffers(), scenario(3), parties, rounds=2)
    offers = [(e.party, e.package) for e in events if isinstance(e, Offered)]
    assert offers == [("v1", 1), ("v3", 3)]  # v3 refused first, so v3 makes the counter-offer
    assert isinstance(events[-1], Ended) and not events[-1].agreement


def test_a_quorum_ends_the_run_as_soon_as_it_is_reached() -> None:
    rule = {"rule": "quorum", "quorum": 2}
    parties = [Scripted(offers=[4]), Scripted(answers=[False]), Scripted(answers=[True])]
    events = run(StackedOffers(), scenario(3, rule=rule), parties)
    answers = [(e.party, e.accepted) for e in events if isinstance(e, Responded)]
    assert answers == [("v2", False), ("v3", True)]
    ended = events[-1]
    assert isinstance(ended, Ended) and ended.agreement and ended.accepted_by == ("v1", "v3")


def test_a_veto_player_refusing_stops_the_round_early() -> None:
    rule = {"rule": "quorum", "quorum": 2, "veto": ["v2"]}
    parties = [Scripted(offers=[4]), Scripted(offers=[1], answers=[False]), Scripted(answers=[True])]
    events = run(StackedOffers(), scenario(3, rule=rule), parties, rounds=1)
    assert [e.party for e in events if isinstance(e, Responded)] == ["v2"]


def test_an_offer_that_is_not_a_package_is_a_protocol_violation() -> None:
    with pytest.raises(AccordError, match="v1 put forward 99"):
        run(AlternatingOffers(), scenario(2), [Scripted(offers=[99]), Scripted()])


def test_an_offer_changing_a_point_every_party_agreed_is_refused() -> None:
    agreed = [{"point": "p2", "option": "x", "parties": ["v1", "v2"]}]
    s = scenario(2, agreements=agreed)
    # Package 1 is (a, y): it changes p2, which both parties settled on x.
    with pytest.raises(AccordError, match="keeps the settled points"):
        run(AlternatingOffers(), s, [Scripted(offers=[1]), Scripted()])
    events = run(AlternatingOffers(), s, [Scripted(offers=[2]), Scripted(answers=[True])])
    assert isinstance(events[-1], Ended) and events[-1].package == 2
