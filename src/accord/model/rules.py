"""Who must accept a package for it to be an agreement."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from accord.model.base import Id, Record


class Rule(StrEnum):
    UNANIMITY = "unanimity"
    """Every voting party must accept."""
    QUORUM = "quorum"
    """At least ``quorum`` voting parties must accept, every veto player among them."""


class AgreementRule(Record):
    """The decision rule of the talks.

    ``parties`` are the voters; when left out, they are the parties with the negotiating role.
    """

    rule: Rule = Rule.UNANIMITY
    parties: tuple[Id, ...] | None = Field(default=None, min_length=1)
    quorum: int | None = Field(default=None, ge=1, strict=True)
    veto: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _quorum_matches_rule(self) -> AgreementRule:
        if self.rule is Rule.QUORUM and self.quorum is None:
            raise ValueError("rule 'quorum' needs a 'quorum' (how many parties must accept)")
        if self.rule is Rule.UNANIMITY and self.quorum is not None:
            raise ValueError("'quorum' only goes with rule 'quorum'")
        return self
