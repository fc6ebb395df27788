"""What the pages show: a party's own numbers only, and the mediator's analysis measured as scores are."""

from __future__ import annotations

import json

from accord.model.scenario import Scenario
from accord.tournaments.live import (
    Action,
    Move,
)
from tests.scripted import scenario
from tests.tournaments.live.driver import LINEUPS, game_of


def test_a_party_sees_its_own_numbers_only_and_the_mediator_the_analysis(example: Scenario) -> None:
    game = game_of(example, "single-text", LINEUPS["single-text"], people=3)
    state = game.replay([], 0.0)
    view = game.own_view(state, "ukraine")
    prefs = game.setting.preferences[0]
    assert state.draft is not None and view.draft is not None and view.asked is not None
    assert view.draft.utility == float(prefs.utilities[state.draft])
    assert view.asked.utility == float(prefs.utilities[state.asks["ukraine"].package or 0])
    rules = game.setting.rules
    expected = sum(rules.sizes[k] - 1 for k in rules.open_points)
    assert len(view.changes) == expected and view.reservation == prefs.reservation
    for change in view.changes:
        choice = rules.choice_of(state.draft)
        k = game.compiled.points.index(change.point)
        choice[k] = game.compiled.options[k].index(change.option)
        assert change.utility == float(prefs.utilities[rules.package_of(choice)])
    others = {float(p.utilities[state.draft]) for p in game.setting.preferences[1:]}
    shown = json.dumps(view.to_dict())
    assert not any(repr(u) in shown for u in others - {view.draft.utility})
    table = game.table_analysis(state)
    assert table.draft_utilities is not None and set(table.draft_utilities) == set(example.voters)
    assert table.frontier_distance is not None and table.frontier_distance >= 0.0
    assert table.zone_size == game.analysis.zone.size


def test_the_mediator_measures_the_draft_as_the_score_measures_the_agreement_on_it() -> None:
    game = game_of(scenario(2), "single-text", ("hill-climber",) * 2, people=2, rounds=1)
    moves = [Move(p, Action.VOTE, accepted=True) for p in ("v1", "v2", "v1", "v2")]
    state = game.replay(moves, 0.0)
    result, table = game.score(state), game.table_analysis(state)
    assert state.state == "agreed" and result is not None and not table.zone_empty
    assert table.nash is not None and table.draft == result.package
    assert (table.frontier_distance, table.nash_distance) == (result.frontier_distance, result.nash_distance)
    assert table.draft_in_zone is True
