"""The mediated single negotiating text (Raiffa 1982; Klein, Faratin, Sayama & Bar-Yam 2003).

The mediator holds one draft. Each round it proposes a change; every voting party votes for or against it;
the mediator decides whether the draft changes (by the votes under the agreement rule, or by its own rule,
as an annealing mediator does). At the deadline the final draft is put to the parties, and it is an agreement
when those who sign it satisfy the agreement rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from accord.protocols.events import Drafted, Event, Proposed, Voted
from accord.protocols.session import Protocol, Stage
from accord.protocols.signing import ratification


class SingleText(Protocol):
    """Every party votes on every proposal, in the open."""

    name: ClassVar[str] = "single-text"
    needs_mediator: ClassVar[bool] = True

    def events(self, stage: Stage) -> Iterator[Event]:
        mediator, view, clock = stage.the_mediator(), stage.mediator_view, stage.clock
        draft = stage.checked(mediator.draft(view), "the mediator")
        yield Drafted(clock.round, draft)
        while clock.expired() is None:
            r = clock.round
            proposal = stage.checked(mediator.propose(view, draft), "the mediator")
            yield Proposed(r, proposal)
            votes: dict[str, bool] = {}
            for p, party in enumerate(stage.parties):
                votes[party] = bool(stage.negotiators[p].vote(stage.views[p], draft, proposal))
                yield Voted(r, party, proposal, votes[party])
            if proposal != draft and mediator.adopt(view, draft, proposal, votes):
                draft = proposal
                yield Drafted(r, draft)
            clock.completed += 1
        yield from ratification(stage, draft)
