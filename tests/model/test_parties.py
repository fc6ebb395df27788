"""Parties: the optional capability."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from accord.model.parties import Party


def test_capability_is_optional_and_positive() -> None:
    assert Party(id="a", name="A").capability is None
    assert Party(id="a", name="A", capability=4.1).capability == 4.1
    for bad in (0, -1, float("inf")):
        with pytest.raises(ValidationError):
            Party(id="a", name="A", capability=bad)


def test_capability_is_a_number_not_text() -> None:
    with pytest.raises(ValidationError):
        Party.model_validate({"id": "a", "name": "A", "capability": "4.1"})
