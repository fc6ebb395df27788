"""Scripted people at the table, and small scenarios, for protocol tests: every decision is written out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.model.compiled import compile_scenario
from accord.model.scenario import Scenario
from accord.protocols.events import Event
from accord.protocols.rules import Deadline
from accord.protocols.session import Protocol, Session, Setting, setting_of
from accord.protocols.view import MediatorView, View


def scenario(parties: int = 2, *, rule: dict[str, Any] | None = None, **extra: Any) -> Scenario:
    """Points ``p1`` (options a, b, c) and ``p2`` (x, y); ``v1`` likes early options, the others late."""
    names = [f"v{i + 1}" for i in range(parties)]
    prefs = {
        name: {
            "weights": {"p1": 0.5, "p2": 0.5},
            "values": {"p1": {"a": 1.0, "b": 0.5, "c": 0.0}, "p2": {"x": 1.0, "y": 0.0}}
            if i == 0
            else {"p1": {"a": 0.0, "b": 0.5, "c": 1.0}, "p2": {"x": 0.0, "y": 1.0}},
        }
        for i, name in enumerate(names)
    }
    data: dict[str, Any] = {
        "format": "accord/1",
        "title": "Tiny",
        "parties": [{"id": n, "name": n.upper()} for n in names],
        "documents": [
            {
                "id": "d",
                "title": "D",
                "points": [
                    {
                        "id": "p1",
                        "number": 1,
                        "title": "P1",
                        "options": [{"id": o, "label": o} for o in "abc"],
                    },
                    {
                        "id": "p2",
                        "number": 2,
                        "title": "P2",
                        "options": [{"id": o, "label": o} for o in "xy"],
                    },
                ],
            }
        ],
        "preferences": prefs,
        **extra,
    }
    if rule is not None:
        data["agreement"] = rule
    return Scenario.model_validate(data)


def setting(s: Scenario) -> Setting:
    return setting_of(compile_scenario(s))


class Scripted:
    """A negotiator that offers, answers, votes and signs from lists (the last entry repeats)."""

    def __init__(
        self,
        offers: Sequence[int] = (0,),
        answers: Sequence[bool] = (False,),
        votes: Sequence[bool] = (False,),
        signs: Sequence[bool] = (True,),
    ) -> None:
        self.script: dict[str, list[int]] = {  # votes and signs as 0/1 (bool is an int)
            "offers": list(offers),
            "answers": list(answers),
            "votes": list(votes),
            "signs": list(signs),
        }
        self.used = dict.fromkeys(self.script, 0)
        self.seen: list[Event] = []

    def _next(self, key: str) -> int:
        items = self.script[key]
        value = items[min(self.used[key], len(items) - 1)]
        self.used[key] += 1
        return value

    def start(self, view: View, rng: np.random.Generator) -> None:
        self.view = view

    def propose(self, view: View) -> int:
        return int(self._next("offers"))

    def respond(self, view: View, package: int) -> bool:
        self.seen = list(view.history)
        return bool(self._next("answers"))

    def vote(self, view: View, draft: int, proposal: int) -> bool:
        self.seen = list(view.history)
        return bool(self._next("votes"))

    def ratify(self, view: View, package: int) -> bool:
        self.seen = list(view.history)
        return bool(self._next("signs"))


class ScriptedMediator:
    """A mediator that drafts ``first``, proposes from a list and adopts whatever the rule carries."""

    def __init__(self, first: int = 0, proposals: Sequence[int] = (1,)) -> None:
        self.first = first
        self.proposals = list(proposals)
        self.asked = 0
        self.votes: list[dict[str, bool]] = []

    def start(self, view: MediatorView, rng: np.random.Generator) -> None:
        self.view = view

    def draft(self, view: MediatorView) -> int:
        return self.first

    def propose(self, view: MediatorView, draft: int) -> int:
        proposal = self.proposals[min(self.asked, len(self.proposals) - 1)]
        self.asked += 1
        return proposal

    def adopt(self, view: MediatorView, draft: int, proposal: int, votes: Mapping[str, bool]) -> bool:
        self.votes.append(dict(votes))
        return view.rules.holds([p for p, v in votes.items() if v])


def run(
    protocol: Protocol,
    s: Scenario,
    negotiators: Sequence[Any],
    mediator: Any = None,
    rounds: int = 10,
) -> tuple[Event, ...]:
    session = Session(
        protocol, setting(s), negotiators=negotiators, mediator=mediator, deadline=Deadline(rounds=rounds)
    )
    return session.run(np.random.default_rng(0))
