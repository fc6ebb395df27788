"""What each caller sees of a live session: the JSON of ``GET /sessions/{id}``, the teacher's list and CSV.

A person (a party's token seated in the session) sees the public state, its own question, its own utility of
the draft, of what it is asked about and of each single-option change of the draft, and nothing of any other
party's numbers. An observer sees the public state. The mediator sees every question and the live analysis
beside the draft (the agreement zone, the Nash package, the draft's distance to the frontier) and, once the
session ended, its score as a simulation's run is scored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.space import choices
from accord.model.compiled import CompiledScenario
from accord.model.scenario import Scenario
from accord.service.live.games import Game
from accord.service.live.outputs import AskOutput, OwnOutput, SessionOutput, SessionSummary, TableOutput
from accord.service.live.records import FINAL, Played, SessionRow, now
from accord.tournaments.live import Action, Ask
from accord.tournaments.outputs import RunOutput


@dataclass(frozen=True)
class Viewer:
    """Who reads a session: the mediator, a person seated in it (``party``), or an observer."""

    mediator: bool = False
    party: str | None = None

    def sees(self, audience: Sequence[str] | None) -> bool:
        """Whether this viewer may see an event of ``audience`` (None: everyone)."""
        return self.mediator or audience is None or (self.party is not None and self.party in audience)


MEDIATOR = Viewer(mediator=True)
OBSERVER = Viewer()


def _when(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def package_json(compiled: CompiledScenario, package: int | None) -> dict[str, str] | None:
    """A package number as ``{point: option}``."""
    if package is None:
        return None
    return compiled.package(choices(np.array([package]), compiled.sizes)[0])


def summary(row: SessionRow) -> SessionSummary:
    """A session as the teacher's list shows it (from its row alone, no replay)."""
    return SessionSummary(**_summary(row))


def _summary(row: SessionRow) -> dict[str, Any]:
    setup = row.setup
    return {
        "id": row.id,
        "talks": row.talks,
        "group": row.group,
        "protocol": setup.protocol,
        "state": row.state,
        "reason": row.reason,
        "round": row.round,
        "rounds": setup.rounds,
        "minutes": setup.minutes,
        "move_seconds": setup.move_seconds,
        "waiting_for": [] if row.ended else list(row.waiting_for),
        "seats": dict(setup.seats),
        "people": {party: row.people.get(party) for party in row.persons},
        "start": row.start,
        "opened": list(row.opened),
        "events": row.events,
        "moves": row.moves,
        "created_by": row.created_by,
        "created_at": _when(row.created_at),
        "started_at": _when(row.started_at),
        "ended_at": _when(row.ended_at),
        "result": None if row.result is None else RunOutput.model_validate(row.result),
    }


def session_json(row: SessionRow, played: Played | None, game: Game, viewer: Viewer) -> dict[str, Any]:
    """The session as ``viewer`` may see it, as JSON-ready data."""
    return session_output(row, played, game, viewer).model_dump(mode="json")


def session_output(row: SessionRow, played: Played | None, game: Game, viewer: Viewer) -> SessionOutput:
    """The session as ``viewer`` may see it."""
    compiled, setup = game.live.compiled, row.setup
    state = None if played is None or row.ended else played.state
    at = now()
    ends_at = None if row.started_at is None or setup.minutes is None else setup.started + setup.minutes * 60
    fixed = game.live.setting.rules.fixed
    data = _summary(row) | {
        "mediator": setup.mediator if game.live.protocol.needs_mediator else None,
        "seed": setup.seed if viewer.mediator else None,
        "draft": None if played is None else package_json(compiled, played.state.draft),
        "settled": {compiled.points[k]: compiled.options[k][o] for k, o in enumerate(fixed) if o >= 0},
        "time_left": None if ends_at is None or row.ended else max(0.0, ends_at - at),
        "rounds_left": None if played is None else played.state.rounds_left,
        "asks": {},
        "allowed": [],
        "you": None,
        "analysis": None,
    }
    if not viewer.mediator:
        data["result"] = None
    if viewer.mediator and played is not None:
        data["analysis"] = TableOutput(**game.live.table_analysis(played.state).to_dict())
    if state is not None:
        asks = {p: a for p, a in state.asks.items() if viewer.mediator or p == viewer.party}
        data["asks"] = {party: ask_output(compiled, ask, at) for party, ask in asks.items()}
        if viewer.party is not None:
            data["you"] = OwnOutput.model_validate(game.live.own_view(state, viewer.party).to_dict())
            ask = state.asks.get(viewer.party)
            data["allowed"] = [] if ask is None else allowed(ask)
    return SessionOutput(**data)


def ask_output(compiled: CompiledScenario, ask: Ask, at: float) -> AskOutput:
    return AskOutput(
        question=ask.question.value,
        round=ask.round,
        package=package_json(compiled, ask.package),
        session=ask.session,
        answer_by=ask.answer_by,
        seconds_left=None if ask.answer_by is None else max(0.0, ask.answer_by - at),
    )


def allowed(ask: Ask) -> list[dict[str, Any]]:
    """The moves a person may make now, as the bodies that make them (an offer's package is the caller's:
    ``{}`` stands for any package that keeps the settled points)."""
    party, shapes = ask.party, list[dict[str, Any]]()
    for action in ask.actions:
        if action is Action.VOTE:
            shapes += [{"party": party, "vote": "accept"}, {"party": party, "vote": "reject"}]
        elif action is Action.RESPOND:
            shapes += [{"party": party, "accept": True}, {"party": party, "accept": False}]
        elif action is Action.OFFER:
            shapes.append({"party": party, "offer": {}})
        else:
            shapes.append({"party": party, "pass": True})
    return [shape | {"round": ask.round} for shape in shapes]


def csv_text(rows: Sequence[SessionRow], scenario_of: Callable[[SessionRow], Scenario]) -> str:
    """One line per session: its set-up, outcome and score (``docs/live.md`` lists the columns)."""
    parties: list[str] = []
    for row in rows:
        parties += [p for p in scenario_of(row).voters if p not in parties]
    columns = ["id", "group", "protocol", "state", "reason", "rounds", "agreement"]
    for party in parties:
        columns += [f"{party}.seat", f"{party}.person", f"{party}.utility", f"{party}.advantage"]
    columns += ["nash_distance", "frontier_distance"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_csv_row(row, parties, scenario_of))
    return out.getvalue()


def _csv_row(
    row: SessionRow, parties: Sequence[str], scenario_of: Callable[[SessionRow], Scenario]
) -> list[Any]:
    result = row.result or {}
    agreement = ""
    if result.get("outcome") == "agreement" and result.get("package"):
        scenario = scenario_of(row)
        labels = [
            next(o.label for o in scenario.point(point).options if o.id == option)
            for point, option in result["package"].items()
        ]
        agreement = "; ".join(labels)
    line: list[Any] = [row.id, row.group or "", row.setup.protocol, row.state, row.reason or ""]
    line += [result.get("round", row.round if row.state in FINAL else ""), agreement]
    for party in parties:
        line += [
            row.setup.seats.get(party, ""),
            row.people.get(party, "") if row.setup.seats.get(party) == "person" else "",
            _number(result.get("utilities", {}).get(party)),
            _number(result.get("advantage", {}).get(party)),
        ]
    line += [_number(result.get("nash_distance")), _number(result.get("frontier_distance"))]
    return line


def _number(value: object) -> object:
    return "" if value is None else value
