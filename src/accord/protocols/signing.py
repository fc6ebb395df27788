"""The end of a mediated protocol: the final text goes to the parties for signature, in the open or in
private sessions, and it is an agreement when those who sign satisfy the agreement rule."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from accord.protocols.events import Ended, Event, Met, Ratified, Reason
from accord.protocols.session import Stage


@dataclass(frozen=True)
class Sitting:
    """A private session: its id, where it is held, and the voting parties the mediator meets there."""

    id: str
    venue: str
    parties: tuple[str, ...]


def ratification(stage: Stage, draft: int, sittings: Sequence[Sitting] | None = None) -> Iterator[Event]:
    """Ask every party to sign ``draft`` (in the open when ``sittings`` is None) and end the run."""
    r = max(stage.clock.completed, 1)
    index = {party: p for p, party in enumerate(stage.parties)}
    signed: list[str] = []
    groups = [(None, stage.parties)] if sittings is None else [(s, s.parties) for s in sittings]
    for sitting, parties in groups:
        if sitting is not None:
            yield Met(r, sitting.id, sitting.venue, sitting.parties)
        session = None if sitting is None else sitting.id
        audience = None if sitting is None else sitting.parties
        for party in parties:
            p = index[party]
            answer = bool(stage.negotiators[p].ratify(stage.views[p], draft))
            yield Ratified(r, party, draft, answer, session, audience)
            if answer:
                signed.append(party)
    signed.sort(key=index.__getitem__)
    agreement = stage.setting.rules.holds(signed)
    reason = Reason.ACCEPTED if agreement else Reason.REJECTED
    yield Ended(r, agreement, draft, tuple(signed), reason, time=stage.clock.time)
