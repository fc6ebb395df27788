"""A session steps through its events, and agents see only their own window."""

from __future__ import annotations

import numpy as np
import pytest

from accord.model.errors import AccordError
from accord.protocols.events import Ended
from accord.protocols.offers import AlternatingOffers
from accord.protocols.rules import Deadline
from accord.protocols.session import Session
from accord.protocols.single_text import SingleText
from tests.scripted import Scripted, scenario, setting


def test_steps_can_be_taken_one_at_a_time_and_the_history_follows() -> None:
    first, second = Scripted(offers=[0]), Scripted(answers=[True])
    session = Session(
        AlternatingOffers(),
        setting(scenario(2)),
        negotiators=[first, second],
        mediator=None,
        deadline=Deadline(3),
    )
    steps = session.steps(np.random.default_rng(0))
    offer = next(steps)
    assert list(first.view.history) == [offer]
    assert list(second.view.history) == [offer]
    rest = list(steps)
    assert isinstance(rest[-1], Ended) and len(first.view.history) == 3


def test_a_view_shows_only_the_party_own_preferences_read_only() -> None:
    first = Scripted()
    Session(
        AlternatingOffers(),
        setting(scenario(2)),
        negotiators=[first, Scripted()],
        mediator=None,
        deadline=Deadline(1),
    ).run(np.random.default_rng(0))
    prefs = first.view.preferences
    assert prefs.party == "v1"
    assert prefs.utilities.tolist() == pytest.approx([1.0, 0.5, 0.75, 0.25, 0.5, 0.0])
    with pytest.raises(ValueError, match="read-only"):
        prefs.utilities[0] = 0.0
    assert not hasattr(first.view, "setting") and not hasattr(first.view, "negotiators")


def test_a_mediated_protocol_needs_a_mediator_and_one_negotiator_a_party() -> None:
    with pytest.raises(AccordError, match="needs a mediator"):
        Session(
            SingleText(),
            setting(scenario(2)),
            negotiators=[Scripted()] * 2,
            mediator=None,
            deadline=Deadline(1),
        )
    with pytest.raises(AccordError, match="1 negotiators for 2 voting parties"):
        Session(
            AlternatingOffers(),
            setting(scenario(2)),
            negotiators=[Scripted()],
            mediator=None,
            deadline=Deadline(1),
        )
