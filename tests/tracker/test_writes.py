"""Adding entries: only a party whose consent the agreement needs can agree or reject; anyone can propose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import accord
from accord.tracker import Status, StatusInput, Store, TrackerError

MINIMAL = Path(__file__).resolve().parents[1] / "model" / "valid" / "minimal.yaml"
DAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize("status", [Status.AGREED, Status.REJECTED])
def test_a_mediator_cannot_agree_or_reject(store: Store, status: Status) -> None:
    store.import_scenario(accord.load(MINIMAL), source="minimal.yaml")
    with pytest.raises(TrackerError) as error:
        store.set_status(StatusInput("p1", "m", status, DAY, "analyst", "readout", option="x"))
    assert str(error.value) == (
        f"party 'm' cannot have {status}: only the parties whose consent the agreement needs "
        "can agree or reject (a, b)"
    )
    assert store.status_history() == []
    assert store.matrix().to_dict()["points"][0]["cells"]["m"] is None


def test_a_mediator_can_propose_and_a_voter_can_agree(store: Store) -> None:
    store.import_scenario(accord.load(MINIMAL), source="minimal.yaml")
    store.set_status(StatusInput("p1", "m", Status.PROPOSED, DAY, "analyst", "readout", option="y"))
    store.set_status(StatusInput("p1", "a", Status.AGREED, DAY, "analyst", "readout", option="y"))
    assert [(c.party, c.status) for c in store.status_history()] == [
        ("m", Status.PROPOSED),
        ("a", Status.AGREED),
    ]
