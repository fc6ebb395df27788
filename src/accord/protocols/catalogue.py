"""The protocols by name, as the command line and tournaments name them."""

from __future__ import annotations

import difflib

from accord.model.errors import AccordError
from accord.model.scenario import Scenario
from accord.protocols.offers import AlternatingOffers, StackedOffers
from accord.protocols.session import Protocol
from accord.protocols.shuttle import Shuttle, sittings_from_meetings
from accord.protocols.single_text import SingleText

PROTOCOLS: dict[str, type[Protocol]] = {
    cls.name: cls for cls in (SingleText, Shuttle, StackedOffers, AlternatingOffers)
}


def protocol_for(name: str, scenario: Scenario) -> Protocol:
    """The protocol ``name`` set up for ``scenario`` (the shuttle's sessions follow its meetings)."""
    if name not in PROTOCOLS:
        close = difflib.get_close_matches(name, list(PROTOCOLS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (there are: {', '.join(PROTOCOLS)})"
        raise AccordError(f"unknown protocol '{name}'{hint}")
    if name == Shuttle.name:
        return Shuttle(sittings_from_meetings(scenario))
    return PROTOCOLS[name]()
