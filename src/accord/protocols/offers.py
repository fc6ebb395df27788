"""Alternating offers: bilateral (Rubinstein 1982; the SAO protocol of GENIUS and NegMAS) and stacked, for
any number of parties (Aydoğan et al. 2017, the stacked alternating offers protocol of ANAC 2015).

A round is one offer: the offering party puts a package on the table (offering is accepting), and the other
parties answer in turn, starting with the next in order. As soon as those who accept make an agreement under
the scenario's rule (unanimity, or a quorum with every veto player), the run ends in agreement. A party with
no package it could accept passes its turn. When it can no
longer be reached, the round ends, and the first party that rejected makes the next offer - its counter-offer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from accord.model.errors import AccordError
from accord.protocols.events import Ended, Event, Offered, Passed, Reason, Responded
from accord.protocols.session import Protocol, Setting, Stage


class StackedOffers(Protocol):
    """Stacked alternating offers among every voting party."""

    name: ClassVar[str] = "stacked-offers"

    def events(self, stage: Stage) -> Iterator[Event]:
        parties, rules, clock = stage.parties, stage.setting.rules, stage.clock
        n = len(parties)
        offerer = 0
        while (reason := clock.expired()) is None:
            r = clock.round
            offer = stage.negotiators[offerer].propose(stage.views[offerer])
            if offer is None:
                yield Passed(r, parties[offerer])
                offerer = (offerer + 1) % n
                clock.completed += 1
                continue
            package = stage.checked(offer, parties[offerer])
            yield Offered(r, parties[offerer], package)
            accepted, rejected = [parties[offerer]], list[str]()
            if rules.holds(accepted):
                yield Ended(r, True, package, tuple(accepted), Reason.ACCEPTED, time=clock.time)
                return
            for step in range(1, n):
                j = (offerer + step) % n
                answer = bool(stage.negotiators[j].respond(stage.views[j], package))
                yield Responded(r, parties[j], package, answer)
                (accepted if answer else rejected).append(parties[j])
                if answer and rules.holds(accepted):
                    agreed = tuple(sorted(accepted, key=parties.index))
                    yield Ended(r, True, package, agreed, Reason.ACCEPTED, time=clock.time)
                    return
                if not answer and not rules.still_possible(accepted, rejected):
                    break
            offerer = parties.index(rejected[0]) if rejected else (offerer + 1) % n
            clock.completed += 1
        yield Ended(clock.completed, False, None, (), reason, time=clock.time)


class AlternatingOffers(StackedOffers):
    """Bilateral alternating offers: the stacked protocol between exactly two parties."""

    name: ClassVar[str] = "alternating-offers"

    def check(self, setting: Setting) -> None:
        if len(setting.parties) != 2:
            raise AccordError(
                f"alternating offers is bilateral; the scenario has {len(setting.parties)} voting parties "
                f"({', '.join(setting.parties)}): use stacked-offers"
            )
