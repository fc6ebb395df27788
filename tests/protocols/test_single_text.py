"""The single negotiating text with scripted voters and mediator."""

from __future__ import annotations

from accord.protocols.events import Drafted, Ended, Proposed, Ratified, Reason, Voted
from accord.protocols.single_text import SingleText
from tests.scripted import Scripted, ScriptedMediator, run, scenario


def test_a_change_the_rule_carries_is_adopted_and_the_final_text_is_signed() -> None:
    mediator = ScriptedMediator(first=0, proposals=[3, 5])
    parties = [Scripted(votes=[True, False]), Scripted(votes=[True, True])]
    events = run(SingleText(), scenario(2), parties, mediator, rounds=2)
    drafts = [e.package for e in events if isinstance(e, Drafted)]
    assert drafts == [0, 3]  # 5 was voted down by v1
    assert [e.package for e in events if isinstance(e, Proposed)] == [3, 5]
    assert sum(isinstance(e, Voted) for e in events) == 4
    ended = events[-1]
    assert isinstance(ended, Ended)
    assert (ended.agreement, ended.package, ended.reason, ended.round) == (True, 3, Reason.ACCEPTED, 2)
    assert mediator.votes == [{"v1": True, "v2": True}, {"v1": False, "v2": True}]


def test_a_final_text_one_party_will_not_sign_is_a_breakdown_under_unanimity() -> None:
    parties = [Scripted(signs=[True]), Scripted(signs=[False])]
    events = run(SingleText(), scenario(2), parties, ScriptedMediator(), rounds=1)
    signed = [(e.party, e.accepted) for e in events if isinstance(e, Ratified)]
    assert signed == [("v1", True), ("v2", False)]
    ended = events[-1]
    assert isinstance(ended, Ended)
    assert (ended.agreement, ended.reason, ended.accepted_by) == (False, Reason.REJECTED, ("v1",))


def test_under_a_quorum_two_signatures_of_three_make_an_agreement() -> None:
    rule = {"rule": "quorum", "quorum": 2}
    parties = [Scripted(signs=[True]), Scripted(signs=[False]), Scripted(signs=[True])]
    events = run(SingleText(), scenario(3, rule=rule), parties, ScriptedMediator(), rounds=1)
    ended = events[-1]
    assert isinstance(ended, Ended) and ended.agreement and ended.accepted_by == ("v1", "v3")


def test_votes_in_the_open_are_seen_by_every_party() -> None:
    parties = [Scripted(votes=[True]), Scripted(votes=[False])]
    run(SingleText(), scenario(2), parties, ScriptedMediator(), rounds=1)
    assert any(isinstance(e, Voted) and e.party == "v2" for e in parties[0].seen)
