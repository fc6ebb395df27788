"""Shuttle diplomacy: the mediator carries one text between parties who do not meet.

Each round the mediator proposes a change of its draft and takes it to private sessions in a fixed order
(in the article: Ukraine and Europe in the United States, then Russia in Miami). What a party says in a
session is seen by the parties of that session and the mediator only; that a session took place is public.
The mediator stops carrying a change as soon as the answers make an agreement on it impossible. At the
deadline the final text goes round the sessions for signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from accord.model.errors import AccordError
from accord.model.parties import Role
from accord.model.record import MeetingStatus
from accord.model.scenario import Scenario
from accord.protocols.events import Drafted, Event, Met, Proposed, Voted
from accord.protocols.session import Protocol, Setting, Stage
from accord.protocols.signing import Sitting, ratification

SEPARATELY = "separately"
"""Venue of the session of a party that no meeting of the scenario places."""


def sittings_from_meetings(scenario: Scenario) -> tuple[Sitting, ...]:
    """The sessions of the shuttle in the order of the scenario's meetings (cancelled ones left out).

    Each meeting contributes the voting parties it brings together, less those with the mediator's role and
    those already placed; a group met several times sits at its last venue. A meeting of every voting party
    is a plenary, not a private session, and places nobody. A voting party no meeting places gets a session
    of its own.
    """
    voters = scenario.voters
    mediators = {p.id for p in scenario.parties if p.role is Role.MEDIATOR}
    groups: dict[tuple[str, ...], str] = {}
    placed: set[str] = set()
    for meeting in scenario.meetings:
        if meeting.status is MeetingStatus.CANCELLED:
            continue
        group = tuple(p for p in voters if p in meeting.participants and p not in mediators)
        if len(voters) > 1 and len(group) == len(voters):
            continue
        if group in groups:
            groups[group] = meeting.venue
            continue
        group = tuple(p for p in group if p not in placed)
        if group:
            groups[group] = meeting.venue
            placed.update(group)
    for party in voters:
        if party not in placed:
            groups[(party,)] = SEPARATELY
    return tuple(Sitting(f"s{i + 1}", venue, group) for i, (group, venue) in enumerate(groups.items()))


class Shuttle(Protocol):
    """Private sessions in order; ``sittings`` empty means one session per voting party."""

    name: ClassVar[str] = "shuttle"
    needs_mediator: ClassVar[bool] = True

    def __init__(self, sittings: tuple[Sitting, ...] = ()) -> None:
        self.sittings = sittings

    def plan(self, setting: Setting) -> tuple[Sitting, ...]:
        if self.sittings:
            return self.sittings
        return tuple(Sitting(f"s{p + 1}", SEPARATELY, (party,)) for p, party in enumerate(setting.parties))

    def check(self, setting: Setting) -> None:
        seated = [party for sitting in self.plan(setting) for party in sitting.parties]
        if sorted(seated) != sorted(setting.parties):
            raise AccordError(
                f"the shuttle's sessions must seat every voting party once ({', '.join(setting.parties)}), "
                f"not {', '.join(seated)}"
            )

    def events(self, stage: Stage) -> Iterator[Event]:
        mediator, view, clock = stage.the_mediator(), stage.mediator_view, stage.clock
        rules, sittings = stage.setting.rules, self.plan(stage.setting)
        index = {party: p for p, party in enumerate(stage.parties)}
        draft = stage.checked(mediator.draft(view), "the mediator")
        yield Drafted(clock.round, draft)
        while clock.expired() is None:
            r = clock.round
            proposal = stage.checked(mediator.propose(view, draft), "the mediator")
            votes: dict[str, bool] = {}
            for sitting in sittings:
                yield Met(r, sitting.id, sitting.venue, sitting.parties)
                yield Proposed(r, proposal, sitting.id, sitting.parties)
                for party in sitting.parties:
                    p = index[party]
                    votes[party] = bool(stage.negotiators[p].vote(stage.views[p], draft, proposal))
                    yield Voted(r, party, proposal, votes[party], sitting.id, sitting.parties)
                rejected = [party for party, vote in votes.items() if not vote]
                if not rules.still_possible([p for p, v in votes.items() if v], rejected):
                    break
            if proposal != draft and mediator.adopt(view, draft, proposal, votes):
                draft = proposal
                yield Drafted(r, draft)
            clock.completed += 1
        yield from ratification(stage, draft, sittings)
